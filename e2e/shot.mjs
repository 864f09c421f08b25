// Debug helper: open the built page, wait, print console + status, screenshot.
//   node e2e/shot.mjs [out.png] [wait_ms] [query]
import { launch, openPage } from './helpers.mjs';
const [out = '/tmp/renkei.png', wait = '15000', query = ''] = process.argv.slice(2);
const { browser, srv } = await launch();
const { page, problems, context } = await openPage(browser, srv, query);
page.on('console', (m) => console.log(`[console.${m.type()}] ${m.text()}`));
await page.waitForTimeout(Number(wait));
console.log('status:', await page.$eval('#status', (e) => e.outerHTML).catch(() => 'none'));
console.log('results run id:', await page.$eval('#results', (e) => e.dataset.runId).catch(() => 'none'));
await page.screenshot({ path: out, fullPage: true });
console.log(JSON.stringify(problems, null, 1));
await context.close();
await browser.close();
srv.server.close();
