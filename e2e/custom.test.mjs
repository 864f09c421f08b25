// e2e: a custom municipality (offices, areas, partners) runs; a bad field is named and the result stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const suite = sharedBrowser();

test('a custom municipality runs; more areas than offices is refused next to the field', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  await page.click('#custom summary');
  await page.fill('#custom-offices', '120');
  await page.fill('#custom-areas', '500');
  await page.click('#custom-create');
  await page.waitForSelector('#custom-areas-error');
  assert.match(await page.textContent('#custom-areas-error'), /1 以上 120 以下/);
  assert.equal(await page.$eval('#results', (r) => r.dataset.runId), first, 'the previous result stays');
  await page.fill('#custom-areas', '4');
  await page.click('#custom-create');
  await waitForResult(page, { previousRunId: first });
  assert.match(await page.textContent('#results h2'), /独自の自治体/);
  assert.equal(await page.$$eval('#custom-areas-error', (e) => e.length), 0);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  await context.close();
});
