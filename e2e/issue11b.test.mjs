// e2e (issue 11, second part): the chart of the difference from the reference strategy,
// paired by seed, in the compare section.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const suite = sharedBrowser();

/** Distinct non-white, non-grey colours drawn on the canvas (coarse, to see the series). */
function colours(page, selector) {
  return page.$eval(selector, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b] = [d[i], d[i + 1], d[i + 2]];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) seen.add(`${r >> 5},${g >> 5},${b >> 5}`);
    }
    return [...seen];
  });
}

test('two strategies: a difference chart with axis titles follows the reference select', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  assert.equal(await page.$('#difference-chart'), null, 'no difference chart for one strategy');
  await page.fill('#field-replications', '20');
  await page.check('#strategy-baseline');
  await page.click('#run');
  await waitForResult(page, { previousRunId: first });
  await page.waitForSelector('#difference-chart');
  // Something coloured is drawn (band and median line of the compared strategy).
  await page.waitForFunction(() => {
    const c = document.querySelector('#difference-chart');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < d.length; i += 4) if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) return true;
    return false;
  });
  const before = await colours(page, '#difference-chart');
  // Swapping the reference draws the other strategy, in its own colour.
  await page.selectOption('#compare-reference', '1');
  await page.waitForFunction(() => document.querySelector('#difference-table')?.dataset.reference === 'baseline');
  await page.waitForTimeout(200);
  const after = await colours(page, '#difference-chart');
  assert.notDeepEqual(before.sort(), after.sort(), 'the chart changes with the reference');
  // The chart is inside its box and labelled in both languages.
  const label = await page.$eval('#difference-chart', (c) => c.getAttribute('aria-label'));
  assert.match(label, /基準との差/);
  await page.click('#lang-toggle');
  await page.waitForFunction(() =>
    document.querySelector('#difference-chart')?.getAttribute('aria-label').startsWith('Difference'),
  );
  const box = await page.$eval('#difference-chart', (c) => {
    const r = c.getBoundingClientRect();
    const p = c.closest('section').getBoundingClientRect();
    return { w: r.width, right: r.right, pRight: p.right };
  });
  assert.ok(box.w > 200 && box.right <= box.pRight + 1, JSON.stringify(box));
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  await context.close();
});

test('workshop at 1366×768: the active-links label takes at most two lines; the series axis grows', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, '#workshop');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.waitForSelector('#ws-canvas[data-frames]');
  if ((await page.getAttribute('html', 'lang')) !== 'en') await page.click('#ws-lang');
  await page.waitForFunction(() => document.querySelector('.ws-counter.links .label')?.textContent.startsWith('Active'));
  const lines = await page.$eval('.ws-counter.links .label', (l) => {
    const lh = parseFloat(getComputedStyle(l).lineHeight);
    return l.getBoundingClientRect().height / lh;
  });
  assert.ok(lines <= 2.05, `the label takes ${lines.toFixed(1)} lines`);
  const counters = await page.$eval('.ws-counters', (c) => c.getBoundingClientRect().bottom);
  assert.ok(counters <= 768, `counters end at ${counters}`);
  // Early in a play the y axis is 10%, not 100%: the lines are not flat along the bottom.
  await page.click('#ws-demo-clustered');
  await page.waitForFunction(() => document.querySelector('#ws-series-top')?.textContent.endsWith('%'));
  const top = await page.$eval('#ws-series-top', (t) => parseFloat(t.textContent));
  assert.ok(top >= 10 && top <= 100, `axis top ${top}`);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});
