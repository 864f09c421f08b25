// e2e: "Your municipality" (the form that replaced the custom municipality) runs; a bad field
// is named next to it in the page's language and the result stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const suite = sharedBrowser();

test('a town runs; more areas than offices is refused next to the field', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  await page.click('#custom summary');
  await page.fill('#town-name', '試験町');
  await page.fill('#town-offices', '120');
  await page.fill('#town-areas', '500');
  await page.fill('#town-adopted', '18');
  await page.fill('#town-on', '2026-02-28');
  await page.click('#custom-create');
  // the error line is always there (kit `Field`), empty while the text is fine
  await page.waitForSelector('#town-areas-error:not(:empty)');
  assert.match(await page.textContent('#town-areas-error'), /1 以上 120 以下/);
  assert.equal(await page.$eval('#results', (r) => r.dataset.runId), first, 'the previous result stays');
  await page.fill('#town-areas', '4');
  await page.click('#custom-create');
  await waitForResult(page, { previousRunId: first });
  assert.match(await page.textContent('#results h2'), /試験町/);
  assert.equal(await page.textContent('#town-areas-error'), '');
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  await context.close();
});
