// Shared setup for the e2e tests: Debian's Chromium through playwright-core,
// the built dist/ on a local server under a sub-path, and watchers that
// collect console errors and any request to another origin.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = process.env.RENKEI_DIST || resolve(here, '..', 'dist');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launch() {
  if (!existsSync(resolve(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html missing: run scripts/build-web.sh first`);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const srv = await startServer(DIST, { prefix: '/some/sub/path/' });
  return { browser, srv };
}

/** Opens a page that records console errors, page errors and foreign requests. */
export async function openPage(browser, srv, query = '', { locale = 'ja-JP', viewport } = {}) {
  const context = await browser.newContext({ locale, acceptDownloads: true, ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  const origin = new URL(srv.url).origin;
  const problems = { consoleErrors: [], pageErrors: [], foreign: [], failed: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') problems.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) {
      problems.foreign.push(u);
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.failed.push(`${r.status()} ${r.url()}`);
  });
  const t0 = Date.now();
  await page.goto(srv.url + query);
  return { context, page, problems, t0 };
}

/** Waits until a finished result with a table of numbers is on the page. */
export async function waitForResult(page, { previousRunId = null, timeout = 60_000 } = {}) {
  await page.waitForFunction(
    (prev) => {
      const r = document.querySelector('#results[data-run-id]');
      return r && r.dataset.runId !== prev && document.querySelector('#results-table tbody tr');
    },
    previousRunId,
    { timeout },
  );
  return page.$eval('#results', (r) => r.dataset.runId);
}

/// One browser and one static server for a test file: registers `before`/`after`
/// and returns an object whose `browser` and `srv` are set once `before` has run.
export function sharedBrowser() {
  const suite = {};
  before(async () => {
    Object.assign(suite, await launch());
  });
  after(async () => {
    await suite.browser?.close();
    suite.srv?.server.close();
  });
  return suite;
}

/** axe-core's violations inside `selector` (the whole document, its <html lang> and title
 *  included, when none is given), one line each. The page's CSP forbids inline scripts: axe is
 *  evaluated through the DevTools protocol. */
export async function axeViolations(page, selector = null) {
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async (sel) => {
    const r = await window.axe.run(sel ? document.querySelector(sel) : document);
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, selector);
}
