// Runs `#bench` once in Debian's Chromium on the dist/ in RENKEI_DIST (default dist/) and
// prints its JSON (for side-by-side runs of two builds; docs/performance.md, wasm against native).
//   RENKEI_DIST=DIR node e2e/pagebench.mjs [workers]
import { launch, openPage } from './helpers.mjs';

const workers = process.argv[2];
const { browser, srv } = await launch();
const { context, page } = await openPage(browser, srv, workers ? `#bench&workers=${workers}` : '#bench');
await page.waitForSelector('#bench[data-state="done"], #bench[data-state="failed"]', { timeout: 300_000 });
console.log(JSON.stringify(JSON.parse(await page.textContent('#bench-result'))));
await context.close();
await browser.close();
srv.server.close();
