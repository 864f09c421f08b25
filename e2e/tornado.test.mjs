// e2e: the sensitivity (tornado) chart of the scenario on screen, with cancel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const suite = sharedBrowser();

function clean(problems) {
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.foreign, []);
  assert.deepEqual(problems.failed, []);
}

test('the tornado of the region on screen shows one bar per parameter, widest first', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  await waitForResult(page);
  // a small region keeps the run short
  await page.selectOption('#region', 'higashisonogi');
  await waitForResult(page);
  const t0 = Date.now();
  await page.click('#tornado-run');
  await page.waitForSelector('#tornado-status[data-state="running"]');
  await page.waitForSelector('#tornado-chart[data-bars]', { timeout: 120_000 });
  const ms = Date.now() - t0;
  const bars = Number(await page.$eval('#tornado-chart', (c) => c.dataset.bars));
  assert.ok(bars >= 10, `bars: ${bars}`);
  const rows = await page.$$eval('#tornado-table tbody tr', (trs) => trs.map((tr) => ({
    param: tr.dataset.param,
    label: tr.cells[0].textContent,
    swing: parseFloat(tr.cells[5].textContent),
  })));
  assert.equal(rows.length, bars);
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].swing >= rows[i].swing - 0.05, 'sorted by swing');
  // labels are the parameters' help texts (Japanese by default)
  const q = rows.find((r) => r.param === 'q');
  assert.match(q.label, /取引先が全て導入済み/);
  // the chart has ink
  const inked = await page.$eval('#tornado-chart', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200) n++;
    return n;
  });
  assert.ok(inked > 2000, `ink: ${inked}`);
  console.log(`tornado (higashisonogi, ${bars} parameters): ${ms} ms`);
  // English labels
  await page.click('#lang-toggle');
  assert.match(await page.textContent('#tornado-table'), /Adoption rate when all partners use it/);
  clean(problems);
  await context.close();
});

test('cancel stops the tornado and the main result stays', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  await page.click('#tornado-run');
  await page.waitForSelector('#tornado-status[data-state="running"]');
  await page.click('#tornado-cancel');
  await page.waitForSelector('#tornado-status[data-state="cancelled"]');
  assert.equal(await page.$('#tornado-chart'), null);
  assert.equal(await page.$eval('#results', (r) => r.dataset.runId), first);
  // the planner still runs
  await page.click('#run');
  await waitForResult(page, { previousRunId: first });
  clean(problems);
  await context.close();
});
