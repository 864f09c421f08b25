// e2e: differences from a reference paired by seed, milestones, active-link
// and by-area charts, and the PNG export of the main chart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const suite = sharedBrowser();

/** True when some pixel of the canvas is not white (something was drawn). */
function drawn(page, selector) {
  return page.$eval(selector, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250) return true;
    return false;
  });
}

test('two strategies: paired difference table with a band; reference select', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  // A single strategy: no difference table yet.
  assert.equal(await page.$('#difference-table'), null);
  await page.fill('#field-replications', '20');
  await page.check('#strategy-baseline');
  await page.click('#run');
  await waitForResult(page, { previousRunId: first });
  await page.waitForSelector('#difference-table tbody tr.diff');
  assert.equal(await page.$eval('#difference-table', (t) => t.dataset.reference), 'actual');
  const rows = await page.$$eval('#difference-table tbody tr.diff', (rs) =>
    rs.map((r) => ({
      date: r.children[1].textContent,
      median: r.querySelector('.median').textContent,
      band: r.querySelector('.band').textContent,
      ahead: r.querySelector('.ahead').textContent,
    })),
  );
  assert.ok(rows.length >= 1);
  for (const r of rows) {
    assert.match(r.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(r.median, /^[+-]\d+\.\d pt$/);
    assert.match(r.band, /^[+-]\d+\.\d pt – [+-]\d+\.\d pt$/);
    assert.match(r.ahead, /^\d+\.\d%$/);
  }
  // The last reporting date of the results table is among the compared dates.
  const last = await page.$eval('#results-table tbody tr:last-child td', (td) => td.textContent);
  assert.equal(rows.at(-1).date, last);
  // Switch the reference: the other strategy is now compared with it.
  await page.selectOption('#compare-reference', '1');
  await page.waitForFunction(() => document.querySelector('#difference-table')?.dataset.reference === 'baseline');
  const strat = await page.$eval('#difference-table tbody tr.diff', (r) => r.dataset.strategy);
  assert.equal(strat, '0');
  // English labels.
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.querySelector('#comparison h3')?.textContent.startsWith('Difference'));
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.foreign, []);
  await context.close();
});

test('milestones table, active-link chart and small charts by area render', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  await waitForResult(page);
  await page.waitForSelector('#milestones-table tbody tr.milestone');
  const levels = await page.$$eval('#milestones-table tbody tr.milestone', (rs) => rs.map((r) => r.children[1].textContent));
  assert.deepEqual(levels, ['30%', '50%']);
  assert.ok(await drawn(page, '#active-chart'));
  const areas = await page.$$eval('#area-charts canvas.area-chart', (cs) => cs.length);
  assert.ok(areas >= 1 && areas <= 24, `areas: ${areas}`);
  assert.ok(await drawn(page, '#area-chart-0'));
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  await context.close();
});

test('PNG export downloads a PNG of the main chart with the manifest', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  await waitForResult(page);
  const manifest = await page.$eval('#manifest', (m) => m.textContent);
  // the command line's manifest (`report::manifest`), as the CSV carries it
  assert.match(manifest, /^renkei \S+ scenario="okazaki" hash=[0-9a-f]+ seed=\d+ replications=\d+$/);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
  assert.equal(dl.suggestedFilename(), 'renkei-okazaki-chart.png');
  const bytes = await readFile(await dl.path());
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // 900 × (a title band of 4 lines, 101 px, or 122 when one wraps + 400 + a footer with the
  // legend and the manifest): width and height from the IHDR chunk.
  assert.equal(bytes.readUInt32BE(16), 900);
  const height = bytes.readUInt32BE(20);
  assert.ok(height >= 101 + 400 + 22 + 34 && height <= 122 + 400 + 3 * 22 + 34, `height ${height}`);
  // the title band (municipality, day, strategies) carries text: dark pixels
  const ink = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    [c.width, c.height] = [img.width, 40];
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, 40).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 100 && d[i + 1] < 100 && d[i + 2] < 100) n++;
    return n;
  }, bytes.toString('base64'));
  assert.ok(ink > 500, `title band dark pixels: ${ink}`);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.foreign, []);
  await context.close();
});
