// Times a full calibration in the page's research panel (the CLI's default size, 300
// particles × 6 generations, the four regions) on the page's pool, and prints the
// `renkei calibrate` command the panel shows for the same work (docs/performance.md, target c),
// and the time estimate the status line said as it ran against the time it really took.
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
const t0 = Date.now();
await page.click('#calib-run');
const seen = [];
while (!(await page.$('#calib-result'))) {
  const e = await page.$eval('#calib-status-eta', (x) => ({ low: x.dataset.lowS, high: x.dataset.highS })).catch(() => null);
  if (e && e.low !== undefined && (!seen.length || seen[seen.length - 1].low !== e.low)) seen.push({ at: Date.now() - t0, ...e });
  await page.waitForTimeout(250);
}
const end = Date.now() - t0;
// each estimate against the time that was really left (the fits after the posterior included)
const rows = seen.map((e) => ({ ...e, truth: (end - e.at) / 1000 }));
const off = (r) => Math.max(r.truth / Math.max(Number(r.high), 1e-9), Number(r.low) / Math.max(r.truth, 1e-9), 1);
const step = Math.max(1, Math.floor(rows.length / 12));
for (const r of rows.filter((_, i) => i % step === 0)) {
  const by = r.truth >= 1 ? ` (off by x${off(r).toFixed(2)})` : '';
  console.log(`at ${(r.at / 1000).toFixed(1)} s: said ${r.low}–${r.high} s left, took ${r.truth.toFixed(1)} s${by}`);
}
const late = rows.filter((r) => r.truth >= 10);
console.log(`first estimate at ${((rows[0]?.at ?? 0) / 1000).toFixed(1)} s of ${(end / 1000).toFixed(1)} s; worst factor outside the range (10 s or more left): x${Math.max(1, ...late.map(off)).toFixed(2)}`);
const meta = await page.textContent('#calib-result .meta');
const settings = await page.textContent('#calib-settings');
console.log(`page (${await page.evaluate(() => navigator.hardwareConcurrency)} cores): ${settings.trim()}: ${meta.trim()}`);
console.log(`native: ${await page.textContent('#calib-command code')}`);
await context.close();
await browser.close();
srv.server.close();
