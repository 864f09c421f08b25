// e2e: a tiny ABC-SMC calibration in the worker, its posterior and fit, and "apply".
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

async function tiny(page) {
  for (const r of ['okazaki', 'higashisonogi', 'sendai']) await page.uncheck(`#calib-region-${r}`);
  assert.ok(await page.isChecked('#calib-region-chitose'));
  await page.fill('#calib-particles', '8');
  await page.press('#calib-particles', 'Tab');
  await page.fill('#calib-generations', '2');
  await page.press('#calib-generations', 'Tab');
}

test('a tiny calibration completes, shows posterior and fit, and apply sets the planner fields', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  await waitForResult(page);
  await tiny(page);
  const t0 = Date.now();
  await page.click('#calib-run');
  await page.waitForSelector('#calib-result', { timeout: 120_000 });
  console.log(`calibration (chitose, 8 particles x 2 generations): ${Date.now() - t0} ms`);
  const hists = await page.$$eval('#calib-posterior .histogram', (f) => f.map((x) => x.dataset.param));
  assert.ok(hists.includes('q') && hists.length >= 5, hists.join(','));
  const fit = await page.$$eval('#calib-fit tbody tr', (trs) => trs.map((tr) => tr.dataset.region));
  assert.deepEqual(fit, ['chitose']);
  assert.match(await page.textContent('#calib-fit tbody tr'), /%.*%/);
  // labelled with its settings; a miss is warned about next to "apply"
  assert.match(await page.textContent('#calib-settings'), /粒子 8、世代 2/);
  // the native command of the same calibration (its batch and budget are the page's)
  assert.match(
    await page.textContent('#calib-command code'),
    /^renkei calibrate --regions chitose --particles 8 --generations 2 --seed \d+ --batch 8 --max-proposals 320 --threads \d+$/,
  );
  const missed = await page.$$eval('#calib-fit tbody tr', (trs) => trs.some((tr) => tr.textContent.includes('✗')));
  assert.equal(!!(await page.$('#calib-miss')), missed, 'the miss warning is shown exactly when a region is outside its band');
  assert.equal(await page.$eval('#calib-result', (e) => e.dataset.stale), 'false');
  await page.click('#parameters summary');
  const before = await page.inputValue('#field-params-q');
  await page.click('#calib-apply');
  await page.waitForFunction((b) => document.querySelector('#field-params-q').value !== b, before);
  const after = Number(await page.inputValue('#field-params-q'));
  assert.ok(after >= 0 && after <= 3, `q from the prior range: ${after}`);
  // or the best particle
  await page.click('#calib-apply-best');
  await page.waitForFunction((a) => Number(document.querySelector('#field-params-q').value) !== a, after);
  const best = Number(await page.inputValue('#field-params-q'));
  assert.ok(best >= 0 && best <= 3, `q of the best particle: ${best}`);
  // the planner runs with it
  const id = await page.$eval('#results', (r) => r.dataset.runId);
  await page.click('#run');
  await waitForResult(page, { previousRunId: id });
  // a later (larger) calibration, cancelled, then the settings set back: the result on screen
  // matches the settings but is marked as not the latest
  await page.fill('#calib-particles', '400');
  await page.press('#calib-particles', 'Tab');
  await page.waitForSelector('#calib-result[data-stale="true"]');
  await page.click('#calib-run');
  await page.waitForSelector('#calib-status[data-state="running"]');
  // the previous result stays on screen while the new one runs, marked as the previous one
  assert.match(await page.textContent('#calib-result[data-stale="true"] #calib-stale'), /新しい較正を計算中/);
  await page.click('#calib-cancel');
  await page.fill('#calib-particles', '8');
  await page.press('#calib-particles', 'Tab');
  await page.waitForSelector('#calib-result[data-stale="true"] #calib-stale');
  assert.match(await page.textContent('#calib-settings'), /粒子 8、世代 2/);
  clean(problems);
  await context.close();
});

test('the miss warning names the regions outside their bands', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  await waitForResult(page);
  await tiny(page);
  // one particle per generation fits badly: some region is outside its band
  await page.fill('#calib-particles', '4');
  await page.press('#calib-particles', 'Tab');
  await page.fill('#calib-generations', '1');
  await page.press('#calib-generations', 'Tab');
  await page.check('#calib-region-sendai');
  await page.click('#calib-run');
  await page.waitForSelector('#calib-result', { timeout: 120_000 });
  const outside = await page.$$eval('#calib-fit tbody tr', (trs) =>
    trs.filter((tr) => tr.textContent.includes('✗')).map((tr) => tr.cells[0].textContent));
  if (outside.length > 0) {
    const warning = await page.textContent('#calib-miss');
    for (const name of outside) assert.ok(warning.includes(name), `${name} in "${warning}"`);
  } else {
    assert.equal(await page.$('#calib-miss'), null);
  }
  console.log(`regions outside their band after 4x1: ${outside.join(', ') || 'none'}`);
  clean(problems);
  await context.close();
});

test('cancel stops a calibration', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  await waitForResult(page);
  await page.click('#calib-run');
  await page.waitForSelector('#calib-status[data-state="running"]');
  await page.click('#calib-cancel');
  await page.waitForSelector('#calib-status[data-state="cancelled"]');
  assert.equal(await page.$('#calib-result'), null);
  clean(problems);
  await context.close();
});
