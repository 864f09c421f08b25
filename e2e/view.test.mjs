// e2e: plans from today are the default (the today marker, the view note), and the switch to
// the counterfactual view re-runs, says so and travels in the share link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const suite = sharedBrowser();

test('plans from today by default; the counterfactual switch is labelled and shared', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  assert.ok(await page.isChecked('#view-today'));
  assert.equal(await page.$eval('#view-note', (e) => e.dataset.view), 'today');
  assert.equal(await page.$eval('#view-note', (e) => e.dataset.today), '2026-02-28');
  assert.match(await page.textContent('#view-note'), /2026-02-28時点/);
  assert.doesNotMatch(page.url(), /view=/);
  await page.check('#view-cf');
  await waitForResult(page, { previousRunId: first });
  assert.equal(await page.$eval('#view-note', (e) => e.dataset.view), 'cf');
  assert.match(await page.textContent('#view-note'), /反実仮想/);
  assert.match(page.url(), /view=cf/);
  await page.click('#lang-toggle');
  assert.match(await page.textContent('#view-note'), /Counterfactual: what if the region had done this from 2025-09/);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('the free-pass what-if re-runs every plan, the region\'s own included, and lowers its forecast', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  const lastMedian = () => page.$eval('#results-table tbody tr:last-child td:nth-child(2)', (td) => parseFloat(td.textContent));
  const before = await lastMedian();
  await page.selectOption('#free-pass-end', '2026-05-31');
  await waitForResult(page, { previousRunId: first });
  const after = await lastMedian();
  assert.ok(after < before, `ending the free pass early lowers the 2027-03 median: ${before}% → ${after}%`);
  assert.equal(await page.$eval('#view-note', (e) => e.dataset.view), 'today', 'still planned from today');
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});
