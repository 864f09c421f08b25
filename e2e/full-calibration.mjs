// Times a full calibration in the page's research panel (the CLI's default size, 300
// particles × 6 generations, the four regions) on the page's pool, and prints the
// `renkei calibrate` command the panel shows for the same work (docs/performance.md, target c).
// Minutes.
//   node e2e/full-calibration.mjs [particles=300] [generations=6] [workers]
import { launch, openPage } from './helpers.mjs';

const [particles = '300', generations = '6', workers] = process.argv.slice(2);
const { browser, srv } = await launch();
const hash = `#v=1&region=okazaki&lang=en${workers ? `&workers=${workers}` : ''}`;
const { context, page } = await openPage(browser, srv, hash);
await page.waitForSelector('#results-table tbody tr', { timeout: 60_000 });
for (const r of ['chitose', 'okazaki', 'higashisonogi', 'sendai']) await page.check(`#calib-region-${r}`);
await page.fill('#calib-particles', particles);
await page.press('#calib-particles', 'Tab');
await page.fill('#calib-generations', generations);
await page.press('#calib-generations', 'Tab');
await page.click('#calib-run');
await page.waitForSelector('#calib-result', { timeout: 3_600_000 });
const meta = await page.textContent('#calib-result .meta');
const settings = await page.textContent('#calib-settings');
console.log(`page (${await page.evaluate(() => navigator.hardwareConcurrency)} cores): ${settings.trim()}: ${meta.trim()}`);
console.log(`native: ${await page.textContent('#calib-command code')}`);
await context.close();
await browser.close();
srv.server.close();
