// e2e: export/import, share links, autosave and CSV, in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const suite = sharedBrowser();

async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: dl.suggestedFilename(), text: await readFile(await dl.path(), 'utf8') };
}

test('export the scenario as JSON, change it, import the file back', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  await page.click('#parameters summary');
  await page.fill('#field-params-q', '3.25');
  const file = await download(page, '#export-json');
  assert.equal(file.name, 'renkei-okazaki.json');
  const doc = JSON.parse(file.text);
  assert.equal(doc.params.q, 3.25);
  assert.equal(doc.name, 'okazaki');
  // import a modified copy under another name
  doc.name = 'テスト市';
  doc.params.q = 1.5;
  doc.replications = 30;
  await page.setInputFiles('#import-file', {
    name: 'test.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)),
  });
  const second = await waitForResult(page, { previousRunId: first });
  assert.notEqual(second, first);
  assert.match(await page.textContent('#results h2'), /テスト市/);
  assert.equal(await page.$eval('#region', (s) => s.value), 'テスト市');
  assert.equal(await page.inputValue('#field-params-q'), '1.5');
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('a bad file gets a message that names the problem, and nothing else changes', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  await page.setInputFiles('#import-file', {
    name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"start": "2025-08-31"}'),
  });
  await page.waitForSelector('#notice');
  assert.match(await page.textContent('#notice'), /読み込めませんでした/);
  assert.match(await page.textContent('#notice .detail'), /population/);
  const bad = JSON.parse(await (async () => {
    const f = await download(page, '#export-json');
    return f.text;
  })());
  bad.params.q = 999;
  await page.setInputFiles('#import-file', {
    name: 'bad2.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)),
  });
  await page.waitForFunction(() => /params\.q/.test(document.querySelector('#notice .detail')?.textContent));
  await page.setInputFiles('#import-file', {
    name: 'bad3.json', mimeType: 'application/json', buffer: Buffer.from('not json at all'),
  });
  await page.waitForFunction(() => /JSON/.test(document.querySelector('#notice .detail')?.textContent));
  assert.equal(await page.$eval('#results', (r) => r.dataset.runId), first);
  await page.click('#notice .dismiss');
  assert.equal(await page.$('#notice'), null);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  await context.close();
});

test('share link restores region, strategies, edited values and language', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  await page.selectOption('#region', 'higashisonogi');
  const second = await waitForResult(page, { previousRunId: first });
  await page.check('#strategy-baseline');
  await page.fill('#field-replications', '25');
  await page.click('#parameters summary');
  await page.fill('#field-params-p', '0.3');
  await page.click('#lang-toggle');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.srv.url).origin });
  await page.click('#share');
  const url = await page.inputValue('#share-url');
  // the link is on the clipboard, and the page says so
  await page.waitForFunction(() => /copied/.test(document.querySelector('#share-copied')?.textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
  // the box stays inside its card
  const [box, card] = await page.$eval('#share-url', (e) => [e, e.closest('section.toolbar')].map((x) => x.getBoundingClientRect().right));
  assert.ok(box <= card + 0.5, `box right ${box} > card right ${card}`);
  assert.ok(url.startsWith(suite.srv.url), url);
  assert.match(url, /#v=1&region=higashisonogi&reps=25&p\.p=0\.3&st=actual,baseline&lang=en$/);
  await context.close();

  // a fresh browser context (no autosave) opening the link
  const again = await openPage(suite.browser, suite.srv, url.slice(suite.srv.url.length));
  await waitForResult(again.page);
  assert.equal(await again.page.getAttribute('html', 'lang'), 'en');
  assert.equal(await again.page.$eval('#region', (s) => s.value), 'higashisonogi');
  assert.equal(await again.page.inputValue('#field-replications'), '25');
  assert.equal(await again.page.inputValue('#field-params-p'), '0.3');
  assert.equal(await again.page.$eval('#results', (r) => r.dataset.strategies), 'actual,baseline');
  assert.deepEqual(again.problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  await again.context.close();
  assert.ok(second);
});

test('a broken share link shows a message and the defaults', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, '#v=1&region=atlantis');
  await waitForResult(page);
  assert.match(await page.textContent('#notice'), /共有URL/);
  assert.match(await page.textContent('#notice .detail'), /atlantis/);
  assert.equal(await page.$eval('#region', (s) => s.value), 'okazaki');
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('autosave: a reload without a link restores the last state', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  await page.selectOption('#region', 'sendai');
  await waitForResult(page, { previousRunId: first });
  const saved = await page.evaluate(() => localStorage.getItem('renkei.v1'));
  await page.fill('#field-seed', '4242');
  // the autosave is an effect after the render: wait for it (under load a reload could beat it)
  await page.waitForFunction((before) => localStorage.getItem('renkei.v1') !== before, saved);
  // reopen the bare page (no hash) in the same context: localStorage survives
  await page.goto(suite.srv.url);
  await waitForResult(page);
  assert.equal(await page.$eval('#region', (s) => s.value), 'sendai');
  assert.equal(await page.inputValue('#field-seed'), '4242');
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('CSV export has one row per strategy and month, with numbers', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  await page.fill('#field-replications', '20');
  await page.check('#strategy-baseline');
  await page.click('#run');
  await waitForResult(page, { previousRunId: first });
  const file = await download(page, '#export-csv');
  assert.equal(file.name, 'renkei-okazaki-results.csv');
  const all = file.text.trim().split('\n');
  // Comment lines first (the title: the municipality as the page names it, the day; the run's
  // manifest as the command line writes it, `report::manifest`; the context, e2e/share.test.mjs),
  // then the header and the rows.
  assert.match(all[0], /^# 愛知県岡崎市 導入の見通し（Renkei、\d{4}-\d{2}-\d{2} 作成）$/);
  assert.match(all[1], /^# renkei \S+ scenario=".*" hash=[0-9a-f]+ seed=\d+ replications=20$/);
  const lines = all.filter((l) => !l.startsWith('#') && !l.startsWith('"#'));
  assert.match(lines[0], /^戦略,戦略ID,日付,導入率 中央値\(割合 0〜1\),導入率 5%点\(割合 0〜1\),/);
  const months = await page.$$eval('#results-table tbody tr', (r) => r.length);
  assert.equal(lines.length, 1 + 2 * months);
  const row = lines[1].split(',');
  // strategies by the names the page shows, not internal ids
  assert.notEqual(row[0], 'actual');
  assert.doesNotMatch(row[0], /^[a-z_]+$/);
  assert.equal(row[1], 'actual', 'the id beside the name');
  assert.match(row[2], /^\d{4}-\d{2}-\d{2}$/);
  for (const v of row.slice(3, 8)) assert.ok(Number(v) >= 0 && Number(v) <= 1, v);
  const baseline = (await page.textContent('label[for=strategy-baseline]')).trim();
  assert.ok(lines.some((l) => l.startsWith(`${baseline},`) || l.startsWith(`"${baseline}",`)), baseline);
  assert.ok(!lines.some((l) => l.startsWith('baseline,')));
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  await context.close();
});
