// e2e: the #bench page runs the benchmark's cases in the pool of workers and writes its
// figures as JSON into #bench-result. The figures are printed (README reports them); no
// wall-clock time is asserted, only that each is a measurement and that the runs on 1, 2
// and 3 workers and on the page's pool give the native bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedBrowser, openPage } from './helpers.mjs';
import { nativeSendaiFingerprint } from './native.mjs';

const suite = sharedBrowser();
const here = dirname(fileURLToPath(import.meta.url));

test('#bench measures the standard cases and writes them as JSON', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, '#bench');
  await page.waitForSelector('#bench[data-state="done"], #bench[data-state="failed"]', { timeout: 300_000 });
  const error = await page.$eval('#bench-error', (e) => e.textContent).catch(() => null);
  assert.equal(error, null);
  const r = JSON.parse(await page.textContent('#bench-result'));
  console.log(`bench in Chromium: ${JSON.stringify(r)}`);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.equal(r.workers, Math.min(Math.max(cores, 1), 8), 'default pool size: hardwareConcurrency capped at 8');
  for (const k of ['core_case_office_steps_per_s', 'sendai_1000_ms', 'sendai_1000_ms_one_worker', 'national_ms']) {
    assert.ok(Number.isFinite(r[k]) && r[k] > 0, `${k}: ${r[k]}`);
  }
  const native = readFileSync(resolve(here, '..', 'tests', 'fixtures', 'reference.fingerprint'), 'utf8').trim();
  assert.deepEqual(r.reference_fingerprints, [native, native, native], 'reference run on 1, 2, 3 workers = native');
  const sendai = nativeSendaiFingerprint();
  assert.equal(r.sendai_1000_fingerprint, sendai, 'Sendai 1,000 on the pool = native CLI');
  assert.equal(r.sendai_1000_fingerprint_one_worker, sendai, 'Sendai 1,000 on one worker = native CLI');
  // the table a person reads shows the same figures
  assert.match(await page.textContent('#bench-table'), /Sendai-size.*ms on \d+ workers/s);
  assert.deepEqual(problems, { consoleErrors: [], pageErrors: [], foreign: [], failed: [] });
  await context.close();
});
