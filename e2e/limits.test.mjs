// e2e: issue 10 §4 in the page: runs too large for a tab, files too large to read, and an
// unreadable share link or autosave whose text can still be downloaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const suite = sharedBrowser();
const OVER_LIMIT = 16 * 1024 * 1024 + 1;

async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: dl.suggestedFilename(), text: await readFile(await dl.path(), 'utf8') };
}

function clean(problems) {
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.failed, []);
}

test('a scenario too large for a browser tab is refused before the worker starts', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  // Count what the page sends to its workers.
  await page.evaluate(() => {
    window.__sent = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (m, ...rest) {
      window.__sent.push(typeof m === 'string' ? m.length : 0);
      return post.call(this, m, ...rest);
    };
  });
  const first = await waitForResult(page);
  const doc = JSON.parse((await download(page, '#export-json')).text);
  const area = doc.population.areas[0];
  doc.name = 'huge';
  doc.population.areas = Array.from({ length: 10000 }, (_, i) => ({ ...area, name: `a${i}`, offices: 1 }));
  doc.population.initial_adopted = 0;
  doc.population.initial_centres_adopted = null;
  doc.population.out_of_scope = 0; // every area keeps its one office, its centre, in scope
  doc.strategy.levers = [];
  doc.observed = [];
  doc.end = '2055-07-31';
  const sent = await page.evaluate(() => window.__sent.length);
  await page.setInputFiles('#import-file', {
    name: 'huge.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)),
  });
  await page.waitForSelector('#status[data-state=failed]');
  // said in the page's language (Japanese first), and in English after the toggle
  assert.match(await page.textContent('#status'), /メモリが要りますが、ブラウザのタブで使えるのは 1\.0 GB まで/);
  await page.click('#lang-toggle');
  await page.waitForFunction(() => /memory/.test(document.querySelector('#status')?.textContent ?? ''));
  assert.match(await page.textContent('#status'), /browser tab allows 1\.0 GB/);
  await page.click('#lang-toggle');
  assert.equal(await page.evaluate(() => window.__sent.length), sent, 'nothing was sent to a worker');
  assert.equal(await page.$eval('#results', (r) => r.dataset.runId), first, 'the previous result stays');
  clean(problems);
  await context.close();
});

test('a scenario file over 16 MB gets a message and is not read', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  await page.setInputFiles('#import-file', {
    name: 'big.json', mimeType: 'application/json', buffer: Buffer.alloc(OVER_LIMIT, 0x20),
  });
  await page.waitForSelector('#notice');
  assert.match(await page.textContent('#notice .detail'), /big\.json は 16\.0 MB あり、読み込める大きさ\(16\.0 MB\)を超えています/);
  assert.equal(await page.$('#notice-download'), null, 'nothing to save: the file is still on disk');
  assert.equal(await page.$eval('#results', (r) => r.dataset.runId), first);
  clean(problems);
  await context.close();
});

test('a CSV table over 16 MB gets a message and the other table stays', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  await waitForResult(page);
  await page.click('#lang-toggle');
  const offices = await readFile(new URL('../docs/samples/offices.csv', import.meta.url), 'utf8');
  await page.setInputFiles('#import-offices', { name: 'offices.csv', mimeType: 'text/csv', buffer: Buffer.from(offices) });
  await page.setInputFiles('#import-edges', {
    name: 'edges.csv', mimeType: 'text/csv', buffer: Buffer.alloc(OVER_LIMIT, 0x0a),
  });
  await page.waitForSelector('#import-error');
  assert.match(await page.textContent('#import-error'), /edges\.csv is 16\.0 MB, over the 16\.0 MB this page reads/);
  assert.match(await page.textContent('#import'), /offices\.csv/);
  clean(problems);
  await context.close();
});

test('an unreadable autosave shows a message, keeps the defaults, and its text can be saved', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  await waitForResult(page);
  const bad = 'v=1&region=sendai&p.q=abc&st=actual';
  await page.evaluate((t) => localStorage.setItem('renkei.v1', t), bad);
  await page.goto(suite.srv.url);
  await waitForResult(page);
  assert.match(await page.textContent('#notice'), /自動保存を読み込めませんでした/);
  assert.match(await page.textContent('#notice .detail'), /params\.q/);
  assert.equal(await page.$eval('#region', (s) => s.value), 'okazaki');
  const file = await download(page, '#notice-download');
  assert.deepEqual(file, { name: 'renkei-unreadable-autosave.txt', text: bad });
  assert.equal(await page.evaluate(() => localStorage.getItem('renkei.v1.unreadable')), bad);
  clean(problems);
  await context.close();
});

test('an unreadable share link shows a message, keeps the defaults, and its text can be saved', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, '#v=1&region=atlantis&reps=9');
  await waitForResult(page);
  assert.match(await page.textContent('#notice .detail'), /atlantis/);
  assert.equal(await page.$eval('#region', (s) => s.value), 'okazaki');
  const file = await download(page, '#notice-download');
  assert.deepEqual(file, { name: 'renkei-unreadable-link.txt', text: 'v=1&region=atlantis&reps=9' });
  clean(problems);
  await context.close();
});
