// e2e: the workshop in a real room (issue 23): the guided demo and every button in the first
// screen at 1920×1080 and 1366×768, the keys (a presenter's clicker) working from load without
// clicking the canvas, Space on a focused button not repeating it, text ≥ 20 px at 1920×1080,
// the tipping moment said in words on the map and the series, axe-core clean. Screenshots go
// to $RENKEI_SHOTS (default /tmp/shots-23).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { sharedBrowser, openPage, axeViolations } from './helpers.mjs';

const suite = sharedBrowser();
const SHOTS = process.env.RENKEI_SHOTS || '/tmp/shots-23';
mkdirSync(SHOTS, { recursive: true });

const week = (page) => page.$eval('#ws-canvas', (c) => Number(c.dataset.week));
const waitWeek = (page, w) =>
  page.waitForFunction((w) => document.querySelector('#ws-canvas').dataset.week === String(w), w);

async function open(viewport, locale) {
  const opened = await openPage(suite.browser, suite.srv, '#workshop', { viewport, locale });
  await opened.page.waitForSelector('#ws-canvas[data-frames]', { timeout: 60_000 });
  return opened;
}

/** Controls, map, legend, counters and series of the workshop not wholly inside the viewport. */
const outside = (page) =>
  page.$$eval('#workshop button, #workshop select, #ws-canvas, .ws-legend li, .ws-counter, #ws-series', (els) =>
    els
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth;
      })
      .map((e) => e.id || e.className + ':' + e.textContent.slice(0, 20)),
  );

test('1920×1080 (English browser): demo in the first screen, keys from load, large text, the tipping said in words', async () => {
  const { context, page, problems } = await open({ width: 1920, height: 1080 }, 'en-US');
  // every control, the demo's buttons and its explanation inside the first screen
  assert.deepEqual(await outside(page), []);
  const guide = await page.$eval('#ws-guide', (e) => e.getBoundingClientRect().bottom);
  assert.ok(guide <= 1080, `guide ends at ${guide}`);
  assert.equal(await page.evaluate(() => scrollY), 0);
  // keys work before anything is clicked (the page has focus on the body)
  assert.equal(await week(page), 0);
  await page.keyboard.press('ArrowRight');
  await waitWeek(page, 1);
  await page.keyboard.press('PageDown');
  await waitWeek(page, 2);
  await page.keyboard.press('ArrowLeft');
  await waitWeek(page, 1);
  await page.keyboard.press('Home');
  await waitWeek(page, 0);
  // legible from the back: legend, series labels and keys line at least 20 px
  const sizes = await page.evaluate(() => {
    const px = (el) => parseFloat(getComputedStyle(el).fontSize);
    const svg = document.querySelector('#ws-series svg');
    const k = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return {
      legend: Math.min(...[...document.querySelectorAll('.ws-legend li')].map(px)),
      caption: Math.min(...[...document.querySelectorAll('#ws-series figcaption span')].map(px)),
      axis: px(document.querySelector('#ws-series-span')) * k,
      keys: px(document.querySelector('.ws-keys')),
      guide: px(document.querySelector('#ws-guide p')),
    };
  });
  console.log(`# workshop text at 1920×1080 (px): ${JSON.stringify(sizes)}`);
  for (const [k, v] of Object.entries(sizes)) assert.ok(v >= 20, `${k}: ${v} px`);
  // the clustered demo tips; the note says so in words, on the map and under the series
  await page.selectOption('#ws-speed', '32');
  await page.click('#ws-demo-clustered');
  await page.waitForFunction(() => document.querySelector('#ws-series').dataset.crossing !== '', null, {
    timeout: 60_000,
  });
  const note = await page.textContent('#ws-tipped');
  assert.match(note, /^Week \d+: .+ tipped: most offices there now see enough partners using it$/);
  assert.doesNotMatch(note, /θ/);
  // the label of the span ("Week N") and the dashed line do not overlap
  const clash = await page.evaluate(() => {
    const a = document.querySelector('#ws-series-span').getBoundingClientRect();
    const l = document.querySelector('#ws-crossing').getBoundingClientRect();
    return !(l.right < a.left || l.left > a.right || l.bottom < a.top || l.top > a.bottom);
  });
  assert.equal(clash, false, 'Week label overlaps the tipping line');
  // the map carries the sentence: red (#b3261e) text in the banner along the top
  const red = await page.$eval('#ws-canvas', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, 70).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 179) < 20 && d[i + 1] < 70 && d[i + 2] < 70) n++;
    return n;
  });
  assert.ok(red > 1000, `red banner pixels: ${red}`);
  await page.keyboard.press('Space'); // pause (the focus is on the demo button)
  await page.screenshot({ path: `${SHOTS}/workshop-1920x1080-en.png` });
  assert.deepEqual(await axeViolations(page, 'body'), []);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('Space from a fresh load plays, and Space on a focused button does not press it again', async () => {
  const { context, page, problems } = await open({ width: 1920, height: 1080 }, 'en-US');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('#ws-play').getAttribute('aria-pressed') === 'true');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('#ws-play').getAttribute('aria-pressed') === 'false');
  // Restart by mouse leaves the focus on the Restart button; the clicker's Space then plays
  // (not another restart) and → steps.
  await page.click('#ws-reset');
  await waitWeek(page, 0);
  await page.keyboard.press('ArrowRight');
  await waitWeek(page, 1);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'ws-reset');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => Number(document.querySelector('#ws-canvas').dataset.week) >= 3);
  assert.equal(await page.getAttribute('#ws-play', 'aria-pressed'), 'true');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('#ws-play').getAttribute('aria-pressed') === 'false');
  const paused = await week(page);
  assert.ok(paused >= 3, `week ${paused}: Space did not press Restart`);
  // Enter on a focused button still presses it
  await page.keyboard.press('Enter');
  await waitWeek(page, 0);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('1366×768 (Japanese): every workshop control and the demo in the first screen', async () => {
  const { context, page, problems } = await open({ width: 1366, height: 768 }, 'ja-JP');
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.deepEqual(await outside(page), []);
  await page.keyboard.press('ArrowRight');
  await waitWeek(page, 1);
  await page.screenshot({ path: `${SHOTS}/workshop-1366x768-ja.png` });
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('one language: English chosen on the workshop is English on the planner, and after a reload', async () => {
  const { context, page, problems } = await open({ width: 1366, height: 768 }, 'ja-JP');
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  await page.click('#ws-lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.click('#nav-planner');
  await page.waitForSelector('#planner-view:not([hidden])');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.title(), /[A-Za-z]/);
  assert.equal(await page.textContent('#nav-workshop'), 'Workshop');
  // the stored choice wins over the Japanese browser on the next visit
  await page.reload();
  await page.waitForSelector('#nav-planner');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  // and the planner's choice reaches the workshop
  await page.click('#nav-workshop');
  await page.waitForSelector('#ws-canvas[data-frames]');
  assert.match(await page.textContent('#ws-title'), /Workshop/);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('an English browser gets the English planner on its first visit', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, '', { locale: 'en-GB' });
  await page.waitForSelector('#nav-planner');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.textContent('#nav-planner'), 'Planner');
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});
