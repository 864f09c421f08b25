// e2e: importing a real network (office table + edge list, CSV) from the local disk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage, waitForResult } from './helpers.mjs';

const samples = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'samples');
let browser;
let srv;
let offices;
let edges;

before(async () => {
  ({ browser, srv } = await launch());
  offices = await readFile(resolve(samples, 'offices.csv'), 'utf8');
  edges = await readFile(resolve(samples, 'edges.csv'), 'utf8');
});

after(async () => {
  await browser?.close();
  srv?.server.close();
});

function csv(name, text) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text) };
}

function clean(problems) {
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.foreign, []);
  assert.deepEqual(problems.failed, []);
}

test('the sample network is previewed and runs with the chosen strategies', async () => {
  const { context, page, problems } = await openPage(browser, srv);
  const first = await waitForResult(page);
  await page.check('#strategy-baseline');
  await page.setInputFiles('#import-offices', csv('offices.csv', offices));
  await page.setInputFiles('#import-edges', csv('edges.csv', edges));
  await page.waitForSelector('#import-preview');
  const preview = await page.textContent('#import-preview');
  assert.match(preview, /事業所 10 \(ほか市外 1\)、圏域 2、取引関係 10 本、導入済み 4/);
  await page.click('#import-run');
  const second = await waitForResult(page, { previousRunId: first });
  assert.notEqual(second, first);
  // titled with the municipality (the planner's region), not the file name
  assert.equal(await page.$eval('#region', (s) => s.value), '愛知県岡崎市(取り込んだネットワーク)');
  assert.equal(await page.$eval('#results', (r) => r.dataset.strategies), 'actual,baseline');
  assert.match(await page.textContent('#results h2'), /愛知県岡崎市/);
  assert.doesNotMatch(await page.textContent('#results h2'), /offices/);
  // the share link does not inline the imported network: the page says so and offers the file
  await page.click('#share');
  await page.waitForSelector('#share-no-network #share-save-file');
  assert.match(await page.inputValue('#share-url'), /net=file/);
  assert.doesNotMatch(await page.inputValue('#share-url'), /sz=|scenario=/);
  // the sample files can be downloaded from the page
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#sample-edges')]);
  assert.equal(dl.suggestedFilename(), 'edges.csv');
  assert.equal(await readFile(await dl.path(), 'utf8'), edges);
  clean(problems);
  await context.close();
});

test('a bad edge list shows its row-level message and the previous result stays', async () => {
  const { context, page, problems } = await openPage(browser, srv);
  const first = await waitForResult(page);
  await page.setInputFiles('#import-offices', csv('offices.csv', offices));
  await page.setInputFiles('#import-edges', csv('edges.csv', `${edges}C-N,NOPE\n`));
  await page.waitForSelector('#import-error');
  assert.match(await page.textContent('#import-row-errors li[data-table="edges"]'), /12行目.*NOPE/);
  assert.equal(await page.$('#import-run'), null);
  assert.equal(await page.$eval('#results', (r) => r.dataset.runId), first);
  assert.equal(await page.$eval('#region', (s) => s.value), 'okazaki');
  // fixing the file clears the message
  await page.setInputFiles('#import-edges', csv('edges.csv', edges));
  await page.waitForSelector('#import-preview');
  assert.equal(await page.$('#import-error'), null);
  clean(problems);
  await context.close();
});

test('other column names are mapped with a select per required column', async () => {
  const { context, page, problems } = await openPage(browser, srv);
  const first = await waitForResult(page);
  await page.click('#lang-toggle');
  await page.setInputFiles('#import-edges', csv('edges.csv', edges));
  await page.setInputFiles('#import-offices',
    csv('town.csv', offices.replace('id,area,role', 'code,district,kind')));
  await page.waitForSelector('#import-mapping');
  assert.equal(await page.$('#import-preview'), null);
  await page.selectOption('#map-id', 'code');
  await page.selectOption('#map-area', 'district');
  await page.selectOption('#map-role', 'kind');
  await page.waitForSelector('#import-preview');
  await page.fill('#import-name', 'Town of Kind');
  await page.press('#import-name', 'Tab');
  assert.match(await page.textContent('#import-preview'), /10 offices \(\+1 external\), 2 areas, 10 links, 4 adopters/);
  await page.click('#import-run');
  await waitForResult(page, { previousRunId: first });
  assert.equal(await page.$eval('#region', (s) => s.value), 'Town of Kind', 'the name typed titles the result');
  clean(problems);
  await context.close();
});

test('every bad row is listed (the first ten) and the rest are counted', async () => {
  const { context, page, problems } = await openPage(browser, srv);
  await waitForResult(page);
  const bad = Array.from({ length: 14 }, (_, i) => `X${i},A,wizard`).join('\n');
  await page.setInputFiles('#import-offices', csv('offices.csv', `${offices.trimEnd()}\n${bad}\n`));
  await page.setInputFiles('#import-edges', csv('edges.csv', edges));
  await page.waitForSelector('#import-row-errors');
  const rows = await page.$$eval('#import-row-errors li', (l) => l.map((x) => x.dataset.row));
  assert.equal(rows.length, 10);
  assert.match(await page.textContent('#import-row-more'), /ほか 4 行/);
  // a tab-separated file is read like a comma-separated one
  await page.setInputFiles('#import-offices', csv('offices.tsv', offices.replaceAll(',', '\t')));
  await page.waitForSelector('#import-preview');
  clean(problems);
  await context.close();
});

test('an imported network gives the ranked office list for the rounds, the same rows as `renkei rank`', async () => {
  const { renkeiBinary } = await import('./native.mjs');
  const { execFileSync } = await import('node:child_process');
  const { context, page, problems } = await openPage(browser, srv);
  const first = await waitForResult(page);
  // a generated network has no real offices to list: no button
  assert.equal(await page.$('#rounds-csv'), null);
  await page.setInputFiles('#import-offices', csv('offices.csv', offices));
  await page.setInputFiles('#import-edges', csv('edges.csv', edges));
  await page.waitForSelector('#import-preview');
  await page.click('#import-run');
  await waitForResult(page, { previousRunId: first });
  await page.selectOption('#targeting-outreach', 'near_threshold');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#rounds-csv')]);
  assert.equal(dl.suggestedFilename(), 'rounds-near_threshold.csv');
  const text = await readFile(await dl.path(), 'utf8');
  const [manifest, ...rows] = text.trimEnd().split('\n');
  assert.match(manifest, /^# renkei \S+ scenario=.* rule="near_threshold"$/);
  assert.equal(rows[0], 'rank,id,area,role,partners,adopted_partners,score');
  assert.ok(rows.length > 2, text);
  // the CLI on the same two files ranks the same offices in the same order
  const cli = execFileSync(renkeiBinary(), ['rank', '--offices', resolve(samples, 'offices.csv'),
    '--edges', resolve(samples, 'edges.csv'), '--rule', 'near_threshold'], { encoding: 'utf8' });
  assert.deepEqual(cli.trimEnd().split('\n').slice(1), rows);
  clean(problems);
  await context.close();
});
