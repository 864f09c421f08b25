// e2e for issue 11: results in the first screen, the workshop on one screen, no text
// overflowing its box, no kana left in English, and the stale, undo and warning paths.
// Screenshots at 1366×768 and 1920×1080 go to $RENKEI_SHOTS (default /tmp/renkei-shots).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const suite = sharedBrowser();
const SHOTS = process.env.RENKEI_SHOTS || '/tmp/renkei-shots';
mkdirSync(SHOTS, { recursive: true });
const SIZES = [[1366, 768], [1920, 1080]];

function clean(problems) {
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.foreign, []);
}

async function sized(w, h, query = '') {
  const o = await openPage(suite.browser, suite.srv, query);
  await o.page.setViewportSize({ width: w, height: h });
  return o;
}

/** The box of `sel` lies inside the viewport (the page not scrolled). */
async function inViewport(page, sel) {
  const { box, vw, vh } = await page.$eval(sel, (e) => ({
    box: e.getBoundingClientRect().toJSON(), vw: window.innerWidth, vh: window.innerHeight,
  }));
  assert.ok(box.top >= 0 && box.left >= 0 && box.bottom <= vh + 0.5 && box.right <= vw + 0.5,
    `${sel} ${JSON.stringify(box)} outside ${vw}x${vh}`);
  assert.ok(box.width > 0 && box.height > 0, `${sel} is visible: ${JSON.stringify(box)}`);
}

/** Elements matching `sel` whose text is wider or taller than their box. */
function overflowing(page, sel) {
  return page.$$eval(sel, (els) => els
    .filter((e) => e.offsetParent !== null)
    .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
    .map((e) => `${e.className || e.tagName}: ${e.textContent.trim().slice(0, 60)}`));
}

for (const [w, h] of SIZES) {
  test(`at ${w}x${h} the result chart is in the first screen after load and after a run`, async () => {
    const { context, page, problems } = await sized(w, h);
    const first = await waitForResult(page);
    await inViewport(page, '#chart');
    await inViewport(page, '#summary-line');
    await page.screenshot({ path: `${SHOTS}/planner-${w}x${h}.png` });
    await page.click('#run');
    await waitForResult(page, { previousRunId: first });
    await inViewport(page, '#chart');
    clean(problems);
    await context.close();
  });

  test(`at ${w}x${h} the workshop network, counters, series and legend fit without scrolling`, async () => {
    const { context, page, problems } = await sized(w, h, '#workshop');
    await page.waitForSelector('#ws-canvas[data-frames]');
    await page.click('#ws-demo-clustered');
    await page.waitForFunction(() => Number(document.querySelector('#ws-canvas').dataset.week) > 20, null, { timeout: 30_000 });
    for (const sel of ['#ws-canvas', '.ws-counters', '#ws-series', '.ws-legend', '#ws-play']) await inViewport(page, sel);
    const label = await page.$eval('.ws-counter .label', (e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(label >= 24, `counter labels ${label}px`);
    assert.deepEqual(await overflowing(page, '.ws-counter .label, .ws-counter .value, .ws-legend li, .ws-series figcaption span'), []);
    await page.screenshot({ path: `${SHOTS}/workshop-${w}x${h}.png` });
    clean(problems);
    await context.close();
  });
}

test('the speed option says "1 week/s", not "1 weeks/s"', async () => {
  const { context, page } = await openPage(suite.browser, suite.srv, '#workshop');
  await page.waitForSelector('#ws-speed');
  await page.click('#ws-lang');
  const options = await page.$$eval('#ws-speed option', (os) => os.map((o) => o.textContent.trim()));
  assert.equal(options[0], '1 week/s');
  assert.equal(options[1], '2 weeks/s');
  await context.close();
});

test('no label, legend or summary text overflows its box, in either language', async () => {
  const { context, page, problems } = await sized(1366, 768);
  await waitForResult(page);
  const sel = 'nav.views a, .controls label, .strategies label, #summary-line p, #chart-legend li, .banner, #results h2, figcaption';
  assert.deepEqual(await overflowing(page, sel), []);
  await page.click('#lang-toggle');
  assert.deepEqual(await overflowing(page, sel), []);
  clean(problems);
  await context.close();
});

test('after the language toggle no kana is left on the English page', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  await waitForResult(page);
  // Messages of the core in Japanese first: a parameter out of its range, a lever end before
  // its start, a bad row of an imported office table (the English page must not keep them).
  await page.click('#parameters summary');
  await page.fill('#field-params-q', '25');
  await page.waitForSelector('#field-params-q-error:text("0 以上 20 以下")');
  await page.selectOption('#lever-kind', 'support');
  await page.click('#lever-add');
  const n = await page.$$eval('#lever-list .lever-row', (rows) => rows.length - 1);
  await page.fill(`#lever-${n}-end`, '2020-01-31');
  await page.waitForSelector(`#lever-${n}-end-error:text("開始日より前の日付です")`);
  const offices = 'id,area,role\nc1,North,centre\no1,North,wizard\no2,North,cm\n';
  const file = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.setInputFiles('#import-offices', file('offices.csv', offices));
  await page.setInputFiles('#import-edges', file('edges.csv', 'c1,o2\n'));
  await page.waitForSelector('#import-row-errors li[data-row="3"]');
  const ja = await page.textContent('#import-row-errors li[data-row="3"]');
  assert.match(ja, /事業所表 3行目: role 列の値「wizard」は使えません/);
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  // open every collapsed section, so their text counts too
  await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
  const kana = await page.evaluate(() => {
    const out = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const p = n.parentElement;
      if (!p || p.closest('[lang="ja"], noscript, script, style') || !p.getClientRects().length) continue;
      if (/[\u3040-\u30ff]/.test(n.textContent)) out.push(`${p.tagName}#${p.id}: ${n.textContent.trim().slice(0, 50)}`);
    }
    for (const el of document.querySelectorAll('[aria-label],[title],[placeholder]')) {
      for (const a of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v && /[\u3040-\u30ff]/.test(v) && !el.closest('[lang="ja"]')) out.push(`${el.tagName}#${el.id}[${a}]: ${v.slice(0, 50)}`);
      }
    }
    return out;
  });
  assert.deepEqual(kana, []);
  // the same messages, now in English
  assert.equal(await page.textContent('#field-params-q-error'), 'Must be between 0 and 20');
  assert.match(await page.textContent(`#lever-${n}-end-error`), /2020-01-31 is before start/);
  assert.match(await page.textContent('#import-row-errors li[data-row="3"]'),
    /office table, row 3: column role is `wizard`; expected care_management, provider or centre/);
  clean(problems);
  await context.close();
});

test('an edit marks the result out of date until the next run', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  assert.equal(await page.$eval('#results', (e) => e.dataset.stale), 'false');
  await page.click('#parameters summary');
  await page.fill('#field-replications', '21');
  await page.press('#field-replications', 'Tab');
  await page.waitForSelector('#results[data-stale="true"] #stale-note');
  await page.click('#stale-run');
  await waitForResult(page, { previousRunId: first });
  assert.equal(await page.$eval('#results', (e) => e.dataset.stale), 'false');
  assert.equal(await page.$('#stale-note'), null);
  clean(problems);
  await context.close();
});

test('a region switch that drops edits offers undo, and undo brings them back', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  await waitForResult(page);
  const levers = () => page.$$eval('#lever-list > li', (l) => l.length);
  const n = await levers();
  await page.selectOption('#lever-kind', 'training');
  await page.click('#lever-add');
  await page.waitForFunction((k) => document.querySelectorAll('#lever-list > li').length === k + 1, n);
  // the new training is dated today (the last observation), listed next to the Add button
  const last = page.locator('#lever-list > li').last();
  assert.match(await last.textContent(), /2026-02-28/);
  const gap = await page.evaluate(() => {
    const li = [...document.querySelectorAll('#lever-list > li')].pop().getBoundingClientRect();
    const add = document.querySelector('#lever-add').getBoundingClientRect();
    return add.top - li.bottom;
  });
  assert.ok(gap >= 0 && gap < 200, `the new lever is just above the Add button (gap ${gap}px)`);
  await page.selectOption('#region', 'chitose');
  await page.waitForSelector('#region-undo');
  assert.equal(await page.inputValue('#region'), 'chitose');
  await page.click('#region-undo-button');
  await page.waitForFunction(() => !document.querySelector('#region-undo'));
  assert.equal(await page.inputValue('#region'), 'okazaki');
  assert.equal(await levers(), n + 1, 'the added lever is back');
  clean(problems);
  await context.close();
});

test('a run finishing is announced, and a skip link leads to the results', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  await waitForResult(page);
  assert.equal(await page.getAttribute('#summary-line', 'aria-live'), 'polite');
  assert.match(await page.textContent('#summary-line'), /2027-03-\d\d: \d+\.\d%/);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'results');
  clean(problems);
  await context.close();
});

test('collapsed sections keep the planner to few tab stops', async () => {
  const { context, page, problems } = await sized(1366, 768);
  await waitForResult(page);
  const seen = [];
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate(() => {
      const e = document.activeElement;
      return e === document.body ? 'BODY' : `${e.tagName}#${e.id}|${[...document.querySelectorAll('*')].indexOf(e)}`;
    });
    if (seen.length && here === seen[0]) break;
    seen.push(here);
  }
  const stops = seen.filter((s) => s !== 'BODY').length;
  console.log(`tab stops on the planner after load: ${stops}`);
  assert.ok(stops > 20 && stops < 100, `${stops} tab stops`);
  clean(problems);
  await context.close();
});
