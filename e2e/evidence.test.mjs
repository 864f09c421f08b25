// e2e: evidence vs assumption — the uncertainty mode beside the chart, the pinned values,
// each parameter's origin, and the switch between posterior and fixed runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const suite = sharedBrowser();

test('the chart says which uncertainty it holds; pins and the fixed mode are named', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  assert.equal(await page.$eval('#uncertainty-note', (e) => e.dataset.mode), 'posterior');
  assert.match(await page.textContent('#uncertainty-note'), /事後分布/);
  assert.ok(await page.isChecked('#uncertainty-posterior'));
  // each parameter is marked: calibrated (drawn), not identified, or an assumption
  await page.click('#parameters summary');
  const origins = await page.$$eval('#parameters .origin', (es) => es.map((e) => e.dataset.origin));
  assert.ok(origins.length >= 10, `${origins.length} marks`);
  assert.ok(origins.includes('drawn') || origins.includes('not-identified'), origins.join());
  assert.ok(origins.includes('assumption'), origins.join());
  // editing a calibrated parameter pins it, and the note names its value after the run
  await page.fill('#field-params-q', '2.5');
  assert.equal(await page.$eval('#field-params-q', (i) => i.closest('.field').querySelector('.origin').dataset.origin), 'pinned');
  await page.click('#run');
  const second = await waitForResult(page, { previousRunId: first });
  assert.match(await page.textContent('#uncertainty-note'), /固定した値: q = 2\.5; 他は事後分布から/);
  // the fixed mode: bands hold only the randomness
  await page.check('#uncertainty-fixed');
  await page.click('#run');
  await waitForResult(page, { previousRunId: second });
  assert.equal(await page.$eval('#uncertainty-note', (e) => e.dataset.mode), 'fixed');
  assert.match(await page.textContent('#uncertainty-note'), /偶然だけ/);
  assert.match(page.url(), /unc=fixed/);
  await page.click('#lang-toggle');
  assert.match(await page.textContent('#uncertainty-note'), /Parameters fixed/);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});
