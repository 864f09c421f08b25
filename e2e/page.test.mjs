// e2e: the page in headless Chromium, served from a sub-path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const suite = sharedBrowser();

test('default Okazaki result renders on load: chart and a table of numbers', async () => {
  const { context, page, problems, t0 } = await openPage(suite.browser, suite.srv);
  await waitForResult(page);
  const ms = Date.now() - t0;
  console.log(`# time to first result: ${ms} ms`);
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.match(await page.textContent('#results h2'), /岡崎市/);
  const region = await page.$eval('#region', (s) => s.value);
  assert.equal(region, 'okazaki');
  // the chart canvas has something drawn on it (not a blank/transparent canvas)
  const inked = await page.$eval('#chart', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0 && !(d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240)) coloured++;
    }
    return coloured;
  });
  assert.ok(inked > 1000, `chart has ${inked} non-white pixels`);
  const cells = await page.$$eval('#results-table tbody tr', (rows) =>
    rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
  );
  assert.ok(cells.length >= 6, `table has ${cells.length} rows`);
  for (const row of cells) {
    assert.match(row[0], /^\d{4}-\d{2}/);
    assert.match(row[1], /^\d+(\.\d)?%$/);
  }
  // an observed point is joined onto its month
  assert.ok(cells.some((r) => /%$/.test(r[4])), 'an observed value is shown');
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.failed, [], 'no 404s (favicon included)');
  assert.deepEqual(problems.foreign, [], 'no request to another origin');
  await context.close();
});

test('language toggle switches the labels to English and back', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  await waitForResult(page);
  const ja = await page.textContent('#title');
  assert.match(ja, /シミュレーター/);
  assert.equal((await page.textContent('#lang-toggle')).trim(), 'English');
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('#title'), /simulator/);
  assert.match(await page.textContent('#results-table thead'), /Median/);
  assert.match(await page.textContent('#results h2'), /Okazaki/);
  assert.match(await page.textContent('label[for=region]'), /Region/);
  assert.equal((await page.textContent('#lang-toggle')).trim(), '日本語');
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
  assert.match(await page.textContent('#results-table thead'), /中央値/);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.foreign, []);
  await context.close();
});

test('region picker runs the chosen region', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  await page.selectOption('#region', 'chitose');
  const second = await waitForResult(page, { previousRunId: first });
  assert.notEqual(second, first);
  assert.match(await page.textContent('#results h2'), /千歳市/);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('the page stays responsive during a run, and cancel stops it', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  // a long run (250x the default) so there is time to cancel it: 5,000 replications end in
  // about 3 s on the pool of workers, sometimes before the language toggle below has finished
  await page.fill('#field-replications', '50000');
  await page.click('#run');
  await page.waitForSelector('#status[data-state=running]');
  // the progress bar moves
  await page.waitForFunction(() => Number(document.querySelector('#progress')?.value) > 0);
  // the main thread answers a click while the worker computes (measured, not timed)
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.$eval('#status', (e) => e.dataset.state), 'running', 'the run goes on');
  await page.click('#cancel');
  await page.waitForSelector('#status[data-state=cancelled]');
  // the old result stays, and a new run still works after the worker restart
  assert.equal(await page.$eval('#results', (r) => r.dataset.runId), first);
  await page.fill('#field-replications', '40');
  await page.click('#run');
  await waitForResult(page, { previousRunId: first });
  await page.click('#lang-toggle');
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  await context.close();
});

test('parameter fields: bad input is named and blocks runs; a fixed value re-runs', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  await page.click('#parameters summary');
  await page.fill('#field-params-q', 'abc');
  await page.waitForSelector('#field-params-q-error:text("数値を入力してください")');
  assert.equal(await page.getAttribute('#field-params-q', 'aria-invalid'), 'true');
  assert.ok(await page.isDisabled('#run'), 'run is blocked while a field is wrong');
  assert.ok(await page.isVisible('#fix-errors'));
  await page.fill('#field-params-threshold', '5');
  await page.waitForSelector('#field-params-threshold-error:text("0.01 以上 1 以下")');
  // English messages too
  await page.click('#lang-toggle');
  await page.waitForSelector('#field-params-q-error:text("Enter a number")');
  await page.click('#lang-toggle');
  await page.fill('#field-params-threshold', '0.3');
  await page.fill('#field-params-q', '6');
  await page.fill('#field-replications', '40');
  assert.equal(await page.textContent('#field-params-q-error'), '');
  assert.ok(!(await page.isDisabled('#run')));
  await page.click('#run');
  const second = await waitForResult(page, { previousRunId: first });
  assert.notEqual(second, first);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('compare: up to 4 strategies, one chart line and table block each', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  await page.fill('#field-replications', '30');
  await page.check('#strategy-baseline');
  await page.check('#strategy-area_by_area');
  await page.check('#strategy-visits_support');
  // four chosen: the rest are disabled, and the last one cannot be unticked
  assert.ok(await page.isDisabled('#strategy-trainings_only'));
  await page.click('#run');
  const second = await waitForResult(page, { previousRunId: first });
  assert.notEqual(second, first);
  assert.equal(
    await page.$eval('#results', (r) => r.dataset.strategies),
    'actual,baseline,area_by_area,visits_support',
  );
  const heads = await page.$$eval('#results-table thead tr.strategy-names th.strategy', (t) => t.length);
  assert.equal(heads, 4);
  const cols = await page.$eval('#results-table tbody tr', (r) => r.querySelectorAll('td').length);
  assert.equal(cols, 1 + 4 * 3 + 1);

  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('a 1,000-replication Sendai run completes in the worker while the page answers clicks', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  await page.selectOption('#region', 'sendai');
  const second = await waitForResult(page, { previousRunId: first });
  await page.fill('#field-replications', '1000');
  const t0 = Date.now();
  await page.click('#run');
  await page.waitForSelector('#status[data-state=running]');
  // While it runs: the longest gap between animation frames over one second, and a click answered.
  const longestGap = await page.evaluate(
    () =>
      new Promise((resolve) => {
        let last = performance.now();
        let worst = 0;
        const end = last + 1000;
        const tick = (now) => {
          worst = Math.max(worst, now - last);
          last = now;
          if (now < end) requestAnimationFrame(tick);
          else resolve(worst);
        };
        requestAnimationFrame(tick);
      }),
  );
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await waitForResult(page, { previousRunId: second, timeout: 120_000 });
  console.log(`# sendai 1000 replications: result after ${Date.now() - t0} ms; longest frame gap while running ${longestGap.toFixed(1)} ms`);
  assert.match(await page.textContent('#results h2'), /Sendai|仙台/);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  await context.close();
});
