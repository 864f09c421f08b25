// e2e: the chart readout (hover and keyboard) on the result and difference charts, and the
// section links that reach the research panels at 1366×768.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const suite = sharedBrowser();
const SHOTS = process.env.RENKEI_SHOTS || '/tmp/renkei-shots';
mkdirSync(SHOTS, { recursive: true });

const readout = (page, id) => page.$eval(`#${id}`, (r) => ({
  index: r.dataset.index === undefined ? null : Number(r.dataset.index),
  text: r.textContent,
  visible: r.getClientRects().length > 0,
}));

test('the result chart reads out on focus, moves with the arrow keys and follows the mouse', async () => {
  const { context, page } = await openPage(suite.browser, suite.srv);
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitForResult(page);
  assert.equal((await readout(page, 'chart-readout')).visible, false, 'hidden until asked');
  await page.focus('#chart-readout-frame');
  const first = await readout(page, 'chart-readout');
  assert.ok(first.visible, 'shown on focus');
  // it opens on "today" (the last observation) and names the date, the median and the bands
  assert.match(first.text, /2026-02-28/);
  assert.match(first.text, /中央値 \d+\.\d%/);
  assert.match(first.text, /50%区間 \d+\.\d%–\d+\.\d%/);
  assert.match(first.text, /90%区間 \d+\.\d%–\d+\.\d%/);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const moved = await readout(page, 'chart-readout');
  assert.equal(moved.index, first.index + 2);
  assert.notEqual(moved.text, first.text);
  await page.keyboard.press('Home');
  assert.match((await readout(page, 'chart-readout')).text, /^2025-08/);
  await page.keyboard.press('End');
  const last = await readout(page, 'chart-readout');
  assert.match(last.text, /^2027-03/);
  await page.locator('#chart-readout-frame').screenshot({ path: `${SHOTS}/readout-keyboard-ja.png` });
  // the mouse: the right end of the plot reads the last date, the left end the first
  await page.locator('#chart-readout').evaluate((e) => e.blur?.());
  await page.click('#results h2');
  const box = await page.locator('#chart').boundingBox();
  await page.mouse.move(box.x + box.width * 0.985, box.y + box.height / 2);
  await page.waitForFunction(() => document.querySelector('#chart-readout')?.dataset.index !== undefined);
  assert.equal((await readout(page, 'chart-readout')).index, last.index);
  await page.mouse.move(box.x + box.width * 0.09, box.y + box.height / 2);
  await page.waitForFunction(() => document.querySelector('#chart-readout')?.dataset.index === '0');
  await page.locator('#chart-readout-frame').screenshot({ path: `${SHOTS}/readout-mouse-ja.png` });
  await page.mouse.move(5, 5);
  await page.waitForFunction(() => document.querySelector('#chart-readout')?.dataset.index === undefined);
  await context.close();
});

test('the difference chart reads out each compared plan in English', async () => {
  const { context, page } = await openPage(suite.browser, suite.srv, '#v=1&region=okazaki&lang=en');
  await page.setViewportSize({ width: 1366, height: 768 });
  const first = await waitForResult(page);
  await page.check('#strategy-baseline');
  await page.click('#run');
  await waitForResult(page, { previousRunId: first });
  await page.focus('#difference-readout-frame');
  await page.keyboard.press('End');
  const r = await readout(page, 'difference-readout');
  assert.ok(r.visible);
  assert.match(r.text, /^2027-03/);
  assert.match(r.text, /[+-]\d+\.\d pt · 90% band [+-]\d+\.\d pt…[+-]\d+\.\d pt · ahead \d+%/);
  assert.doesNotMatch(r.text, /[\u3040-\u30ff]/);
  await page.locator('#difference-readout-frame').screenshot({ path: `${SHOTS}/readout-difference-en.png` });
  await context.close();
});

for (const [w, h] of [[1366, 768], [1920, 1080]]) {
  test(`at ${w}x${h} the section links reach the research panels and keep the chart in the first screen`, async () => {
    const { context, page } = await openPage(suite.browser, suite.srv);
    await page.setViewportSize({ width: w, height: h });
    await waitForResult(page);
    const nav = await page.$eval('#section-nav', (n) => n.getBoundingClientRect().toJSON());
    assert.ok(nav.bottom <= h && nav.top >= 0, `nav in the first screen ${JSON.stringify(nav)}`);
    const chart = await page.$eval('#chart', (c) => c.getBoundingClientRect().toJSON());
    assert.ok(chart.top >= 0 && chart.top < h, `chart starts in the first screen ${JSON.stringify(chart)}`);
    for (const id of ['sensitivity', 'calibration', 'import']) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.click(`#section-nav a[data-section="${id}"]`);
      await page.waitForFunction((i) => document.activeElement?.id === i, id);
      const box = await page.$eval(`#${id}`, (s) => s.getBoundingClientRect().toJSON());
      // at the top, or (the last panel, the page at its end) at least its heading in view
      assert.ok(box.top >= -1 && box.top < h - 120, `#${id} brought into view: ${JSON.stringify(box)}`);
      assert.ok(await page.evaluate(() => window.scrollY > 0), 'the page scrolled');
    }
    // the address bar still holds the share link, not "#calibration"
    assert.ok(!page.url().endsWith('#calibration'));
    await page.screenshot({ path: `${SHOTS}/jump-import-${w}x${h}.png` });
    await context.close();
  });
}
