// e2e: the single-file build (scripts/build-single.sh) opened through file://
// in headless Chromium with the network switched off: the planner gets a result
// from the worker (started from a Blob URL) and the workshop view animates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { existsSync, readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM_ARGS, waitForResult } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const FILE = process.env.RENKEI_SINGLE || resolve(here, '..', 'dist-single', 'renkei.html');

let browser;

before(async () => {
  if (!existsSync(FILE)) throw new Error(`${FILE} missing: run scripts/build-single.sh first`);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
});

after(async () => {
  await browser?.close();
});

async function open(hash = '') {
  const context = await browser.newContext({ locale: 'ja-JP', offline: true });
  const page = await context.newPage();
  const problems = { consoleErrors: [], pageErrors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') problems.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:')) problems.requests.push(u);
  });
  const url = pathToFileURL(FILE).href + hash;
  await page.goto(url);
  return { context, page, problems };
}

test('the file is self-contained and keeps a strict CSP', () => {
  const html = readFileSync(FILE, 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'sha256-[^']+' 'wasm-unsafe-eval'/);
  assert.match(csp, /connect-src 'none'/);
  // scripts and style elements only by hash (no 'unsafe-inline', no 'unsafe-eval', no wildcard)
  const tokens = (name) => csp.match(new RegExp(`(?:^|; )${name} ([^;]*)`))[1].split(' ');
  for (const t of tokens('script-src')) assert.match(t, /^'sha256-[A-Za-z0-9+/=]+'$|^'wasm-unsafe-eval'$/);
  for (const t of tokens('style-src')) assert.match(t, /^'sha256-[A-Za-z0-9+/=]+'$/);
  assert.deepEqual(tokens('worker-src'), ['blob:']);
  // nothing is loaded from a path or another origin
  assert.doesNotMatch(html, /\s(src|href)="(?!data:)[^"#]/);
  assert.equal((html.match(/<script type="module">/g) || []).length, 1);
});

test('opened from file:// with no network, the planner gets a result', async () => {
  const { context, page, problems } = await open();
  const t0 = Date.now();
  await waitForResult(page, { timeout: 120_000 });
  console.log(`# single file via file://: first result after ${Date.now() - t0} ms`);
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  const rows = await page.$$eval('#results-table tbody tr', (rs) => rs.length);
  assert.ok(rows >= 6, `table has ${rows} rows`);
  const first = await page.$eval('#results-table tbody tr td:nth-child(2)', (td) => td.textContent);
  assert.match(first, /^\d+(\.\d)?%$/);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.requests, [], 'no request leaves the file');
  await context.close();
});

test('opened from file://, the workshop view animates', async () => {
  const { context, page, problems } = await open('#workshop');
  await page.waitForSelector('#ws-canvas[data-frames]', { timeout: 60_000 });
  await page.click('#ws-play');
  await page.waitForFunction(() => Number(document.querySelector('#ws-canvas').dataset.week) >= 2);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.requests, []);
  await context.close();
});
