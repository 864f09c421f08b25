// e2e: the planner's pool of workers. The same run on 1, 2 and 3 workers gives the same
// result bytes (the CSV export; #bench checks full-precision fingerprints against the native
// CLI); a calibration on 1 and 3 workers gives the same posterior; progress is summed over
// the workers; cancel terminates every worker; a worker that panics gives a message and the
// page runs again afterwards; a tornado on 1 and 2 workers gives the same bars to the bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const suite = sharedBrowser();

/** A page whose pool has `n` workers (the setting, stored as the page stores it). */
async function pageWithWorkers(n, query = '') {
  const opened = await openPage(suite.browser, suite.srv, query);
  await opened.page.evaluate((k) => localStorage.setItem('renkei.workers', String(k)), n);
  await opened.page.reload();
  return opened;
}

async function csv(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  return readFile(await dl.path(), 'utf8');
}

function liveWorkers(page) {
  return page.workers().length;
}

test('1, 2 and 3 workers give the same result bytes; the setting shows the choice', async () => {
  const texts = [];
  for (const n of [1, 2, 3]) {
    const { context, page, problems } = await pageWithWorkers(n);
    await waitForResult(page);
    assert.equal(await page.inputValue('#pool-size'), String(n));
    assert.equal(liveWorkers(page), n, `${n} workers run the planner`);
    texts.push(await csv(page));
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.pageErrors, []);
    await context.close();
  }
  assert.ok(texts[0].split('\n').length > 10, texts[0].slice(0, 200));
  assert.equal(texts[1], texts[0], '2 workers = 1 worker');
  assert.equal(texts[2], texts[0], '3 workers = 1 worker');
});

test('progress is summed over the workers, and cancel terminates every worker', async () => {
  const { context, page, problems } = await pageWithWorkers(3);
  const first = await waitForResult(page);
  // long enough that no worker finishes its block before the cancel: a worker that has
  // finished is idle and stays (kept warm), only busy workers are terminated
  await page.fill('#field-replications', '30000');
  await page.click('#run');
  await page.waitForSelector('#status[data-state=running]');
  // progress counts every worker's replications against the run's total
  assert.equal(await page.$eval('#progress', (p) => p.max), 30000);
  await page.waitForFunction(() => Number(document.querySelector('#progress')?.value) > 0);
  assert.equal(liveWorkers(page), 3);
  await page.click('#cancel');
  await page.waitForSelector('#status[data-state=cancelled]');
  await page.waitForFunction(() => true);
  // terminate() is called at once; the browser reports a worker gone when its thread has
  // stopped, which on a loaded machine can take seconds (seen with a load average of 9).
  for (let i = 0; i < 300 && liveWorkers(page) > 0; i++) await page.waitForTimeout(100);
  assert.equal(liveWorkers(page), 0, 'every busy worker was terminated');
  await page.fill('#field-replications', '40');
  await page.click('#run');
  await waitForResult(page, { previousRunId: first });
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  await context.close();
});

test('a worker that crashes gives a message, not a hung page', async () => {
  const { context, page, problems } = await pageWithWorkers(3);
  const first = await waitForResult(page);
  await page.evaluate(() => {
    window.renkeiFailPart = 1;
  });
  await page.fill('#field-seed', '99');
  await page.click('#run');
  await page.waitForSelector('#status[data-state=failed]', { timeout: 30_000 });
  assert.match(await page.textContent('#status'), /asked to fail/);
  await page.evaluate(() => {
    delete window.renkeiFailPart;
  });
  await page.fill('#field-seed', '98');
  await page.click('#run');
  await waitForResult(page, { previousRunId: first });
  assert.equal(liveWorkers(page), 3);
  assert.deepEqual(problems.pageErrors, []);
  // the panicking worker logs its panic; nothing else may
  assert.deepEqual(problems.consoleErrors.filter((m) => !/asked to fail|unreachable/.test(m)), []);
  await context.close();
});

async function tinyCalibration(page) {
  for (const r of ['okazaki', 'sendai']) await page.uncheck(`#calib-region-${r}`);
  // 24 particles in batches of 16: the pool draws the second batch while the first is out.
  await page.fill('#calib-particles', '24');
  await page.press('#calib-particles', 'Tab');
  await page.fill('#calib-generations', '2');
  await page.press('#calib-generations', 'Tab');
  await page.click('#calib-run');
  await page.waitForSelector('#calib-result', { timeout: 180_000 });
  // everything but the elapsed times (the meta lines: the run time, and the proposals line,
  // whose counts are kept from its data attributes) and the native command (its --threads is
  // the pool's size)
  return page.$eval('#calib-result', (e) => {
    const p = e.querySelector('#calib-proposals');
    const counts = p ? JSON.stringify({ ...p.dataset }) : 'no proposals line';
    return counts + e.innerHTML.replace(/<p [^>]*class="meta"[^>]*>.*?<\/p>/g, '').replace(/<p id="calib-command".*?<\/p>/, '');
  });
}

test('a calibration on 3 workers gives the result of one worker', async () => {
  const results = [];
  for (const n of [1, 3]) {
    const { context, page, problems } = await pageWithWorkers(n);
    await waitForResult(page);
    const t0 = Date.now();
    results.push(await tinyCalibration(page));
    console.log(`calibration (chitose + higashisonogi, 24 particles x 2 generations) on ${n} worker(s): ${Date.now() - t0} ms`);
    assert.deepEqual(problems.consoleErrors, []);
    await context.close();
  }
  assert.ok(results[0].includes('histogram'), results[0].slice(0, 200));
  assert.ok(results[1] === results[0], 'the posterior histograms, intervals and fit are the same');
});

test('a tornado on 2 workers gives the bars of one worker, to full precision', async () => {
  const results = [];
  for (const n of [1, 2]) {
    const { context, page, problems } = await pageWithWorkers(n);
    await waitForResult(page);
    await page.selectOption('#region', 'higashisonogi');
    await waitForResult(page);
    const t0 = Date.now();
    await page.click('#tornado-run');
    await page.waitForSelector('#tornado-table[data-tornado]', { timeout: 180_000 });
    console.log(`tornado (higashisonogi) on ${n} worker(s): ${Date.now() - t0} ms`);
    results.push(JSON.parse(await page.$eval('#tornado-table', (t) => t.dataset.tornado)));
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.pageErrors, []);
    await context.close();
  }
  assert.ok(results[0].bars.length >= 10, `bars: ${results[0].bars.length}`);
  assert.deepEqual(results[1], results[0], '2 workers = 1 worker');
});
