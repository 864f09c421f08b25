// e2e (issue 20): "Your municipality" — a town of 120 offices, 3 areas, 18 adopted on
// 2026-02-28 is built from its figures, planned from that figure (15%), its plan named the
// national policy only, its defaults listed as assumptions; the share link restores it; axe
// finds no violation; screenshots of the form at 1366×768 (ja) and 1920×1080 (en).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { sharedBrowser, openPage, waitForResult, axeViolations } from './helpers.mjs';

const suite = sharedBrowser();
const SHOTS = process.env.RENKEI_SHOTS_20 || '/tmp/shots-20';
mkdirSync(SHOTS, { recursive: true });


async function fillTown(page) {
  await page.click('#custom > summary');
  await page.fill('#town-name', '三川町');
  await page.fill('#town-offices', '120');
  await page.fill('#town-areas', '3');
  await page.fill('#town-adopted', '18');
  await page.fill('#town-on', '2026-02-28');
}

/** The results table's row for a month (`2026-02`): its cells' texts. */
const row = (page, month) => page.$$eval('#results-table tbody tr', (rows, m) =>
  rows.map((r) => [...r.cells].map((c) => c.textContent.trim())).find((c) => c[0].startsWith(m)), month);

test('a town of its own figures is planned from its latest figure, and the link restores it', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  await page.setViewportSize({ width: 1366, height: 768 });
  const first = await waitForResult(page);
  // the form is the first thing of the region choice
  const order = await page.$$eval('.side > *', (e) => e.map((x) => x.id || x.className));
  assert.equal(order[0], 'custom', order.join(' '));
  assert.equal((await page.textContent('#custom > summary')).trim(), 'あなたの自治体');
  await fillTown(page);
  await page.screenshot({ path: `${SHOTS}/town-form-ja-1366.png` });
  await page.click('#custom-create');
  await waitForResult(page, { previousRunId: first });
  assert.match(await page.textContent('#results h2'), /三川町/);
  // planned from today: the town's own count at 2026-02, forecast from there
  assert.equal(await page.$eval('#view-today', (e) => e.checked), true);
  assert.equal(await page.$$eval('#view-cf', (e) => e.length), 0, 'no counterfactual without an earlier figure');
  assert.equal(await page.$eval('#view-note', (e) => e.dataset.today), '2026-02-28');
  assert.match(await page.textContent('#view-note'), /実績 18\/120 事業所.*それまでは国の施策のみ/);
  const feb = await row(page, '2026-02');
  assert.equal(feb.at(-1), '15.0%', `observed at 2026-02: ${feb}`);
  assert.equal(feb[1], '15.0%', `the run stands at the town's count at 2026-02: ${feb}`);
  const summary = await page.textContent('#summary-line');
  assert.match(summary, /^国の施策のみ/);
  assert.doesNotMatch(await page.textContent('#strategies'), /地域の実績、その後も継続/);
  const m = summary.match(/2027-03-\d\d: (\d+\.\d)%/);
  assert.ok(m, summary);
  const forecast = Number(m[1]);
  assert.ok(forecast > 15 && forecast < 60, `2027-03 forecast ${forecast}% rises from 15% and is well below 82%`);
  // the defaults, as assumptions a user can change
  const assumed = await page.$$eval('#town-assumed li', (l) => l.map((x) => x.dataset.field));
  for (const f of ['population.out_of_scope', 'population.areas.centre', 'population.external_offices']) {
    assert.ok(assumed.includes(f), `${f} in ${assumed}`);
  }
  assert.match(await page.textContent('#town-assumed li[data-field="population.out_of_scope"]'), /\d+事業所 — 千歳市/);
  await page.locator('#custom').screenshot({ path: `${SHOTS}/town-form-filled-ja.png` });
  await page.screenshot({ path: `${SHOTS}/town-result-ja-1366.png` });
  assert.deepEqual(await axeViolations(page), []);
  // the share link restores the town and its form
  const hash = await page.evaluate(() => location.hash);
  const two = await context.newPage();
  await two.goto(suite.srv.url + hash);
  await waitForResult(two);
  assert.match(await two.textContent('#results h2'), /三川町/);
  assert.equal(await two.inputValue('#town-offices'), '120');
  assert.equal(await two.inputValue('#town-adopted'), '18');
  assert.equal(await two.inputValue('#town-on'), '2026-02-28');
  assert.equal(await two.textContent('#summary-line'), summary, 'the same forecast');
  // the survey table gives the town its counts on its latest figure's date (not 2025-08-31)
  await two.click('#survey-edit summary');
  const adopted = await Promise.all([0, 1, 2].map((i) => two.inputValue(`#survey-${i}-2`)));
  assert.equal(adopted.map(Number).reduce((a, b) => a + b), 18, `the table starts from the latest figure: ${adopted}`);
  const not = Number(await two.inputValue('#survey-0-0'));
  await two.fill('#survey-0-0', String(not - 3));
  await two.press('#survey-0-0', 'Tab');
  await two.fill('#survey-0-1', '3');
  await two.press('#survey-0-1', 'Tab');
  const restored = await two.$eval('#results', (r) => r.dataset.runId);
  await two.click('#survey-apply');
  await waitForResult(two, { previousRunId: restored });
  const start = await two.$eval('#survey-start', (e) => ({ text: e.textContent, ...e.dataset }));
  assert.match(start.text, /2026-02-28/);
  assert.equal(Number(start.planning), 3, 'three offices setting up from 2026-02-28');
  assert.equal(await two.inputValue('#town-survey'), `圏域1:${not - 3}/3/${adopted[0]}, 圏域2:${40 - adopted[1]}/0/${adopted[1]}, 圏域3:${40 - adopted[2]}/0/${adopted[2]}`);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  await context.close();
});

test('an earlier figure offers the counterfactual view; the English form at 1920×1080', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, '#v=1&region=okazaki&lang=en');
  await page.setViewportSize({ width: 1920, height: 1080 });
  const first = await waitForResult(page);
  await fillTown(page);
  await page.click('#town-optional > summary');
  await page.fill('#town-observed', '2025-08-31 10/118');
  await page.selectOption('#town-centre-kind', 'direct');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/town-form-en-1920.png` });
  await page.click('#custom-create');
  await waitForResult(page, { previousRunId: first });
  assert.equal(await page.$$eval('#view-cf', (e) => e.length), 1);
  assert.match(await page.textContent('#summary-line'), /^National policy only/);
  const assumed = await page.$$eval('#town-assumed li', (l) => l.map((x) => x.dataset.field));
  assert.ok(!assumed.includes('population.areas.centre'), 'given, so not assumed');
  assert.ok(!assumed.includes('population.initial_adopted'), 'the 2025-08-31 figure was given');
  await page.locator('#custom').screenshot({ path: `${SHOTS}/town-form-filled-en.png` });
  assert.doesNotMatch(await page.textContent('#custom'), /[\u3040-\u30ff]/, 'no kana on the English form');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  await context.close();
});
