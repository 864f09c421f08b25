// Screenshots of the planner at a laptop (1366×768) and a projector (1920×1080):
//   node e2e/shots.mjs OUT_DIR [query]
// Writes planner-1366x768.png (first viewport) and planner-1920x1080.png, plus full-page copies,
// and workshop-WxH.png: the workshop after a few seconds of the clustered demo.
import { launch, waitForResult } from './helpers.mjs';
const [dir = '/tmp', query = ''] = process.argv.slice(2);
const { browser, srv } = await launch();
for (const [w, h] of [[1366, 768], [1920, 1080]]) {
  const context = await browser.newContext({ viewport: { width: w, height: h } });
  const page = await context.newPage();
  await page.goto(`${srv.url}${query}`);
  await waitForResult(page);
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${dir}/planner-${w}x${h}.png` });
  await page.screenshot({ path: `${dir}/planner-${w}x${h}-full.png`, fullPage: true });
  const box = await page.$eval('#chart', (c) => JSON.stringify(c.getBoundingClientRect()));
  console.log(`${w}x${h} chart box ${box}`);
  await page.click('#parameters summary');
  await page.locator('#results').screenshot({ path: `${dir}/results-${w}x${h}.png` });
  await page.locator('#parameters').screenshot({ path: `${dir}/parameters-${w}x${h}.png` });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.click('#nav-workshop');
  await page.waitForSelector('#ws-canvas[data-frames]');
  const wantEn = query.includes('lang=en');
  const isEn = (await page.getAttribute('html', 'lang')) === 'en';
  if (wantEn !== isEn) await page.click('#ws-lang');
  await page.click('#ws-demo-clustered');
  await page.waitForTimeout(4000);
  await page.screenshot({ path: `${dir}/workshop-${w}x${h}.png` });
  await context.close();
}
await browser.close();
srv.server.close();
