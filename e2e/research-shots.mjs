// Screenshots of the calibration panel during and after a run, at 1366×768 and 1920×1080, in
// Japanese and English: `node e2e/research-shots.mjs [DIR] [particles] [generations]` (needs
// dist/; default /tmp/research-shots, 200 × 5). For a person to look at, not a test.
import { launch, openPage, waitForResult } from './helpers.mjs';
import { mkdirSync } from 'node:fs';

const [dir = '/tmp/research-shots', particles = '200', generations = '5'] = process.argv.slice(2);
mkdirSync(dir, { recursive: true });
const { browser, srv } = await launch();
try {
  for (const [lang, locale] of [['ja', 'ja-JP'], ['en', 'en-GB']]) {
    for (const viewport of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
      const { context, page } = await openPage(browser, srv, '', { locale, viewport });
      await waitForResult(page);
      const name = `${dir}/${lang}-${viewport.width}`;
      await page.fill('#calib-particles', particles);
      await page.press('#calib-particles', 'Tab');
      await page.fill('#calib-generations', generations);
      await page.press('#calib-generations', 'Tab');
      await page.$eval('#calibration', (e) => e.scrollIntoView());
      await page.screenshot({ path: `${name}-before.png` });
      await page.click('#calib-run');
      await page.waitForSelector('#calib-status-eta[data-low-s]', { timeout: 120_000 });
      await page.$eval('#calibration', (e) => e.scrollIntoView());
      await page.screenshot({ path: `${name}-during.png` });
      await page.waitForSelector('#calib-ident[data-source="calibrated"]', { timeout: 600_000 });
      await page.$eval('#calib-proposals', (e) => e.scrollIntoView());
      await page.screenshot({ path: `${name}-after.png` });
      await page.$eval('#calib-ident', (e) => e.scrollIntoView());
      await page.screenshot({ path: `${name}-after-tags.png` });
      // a second run: the previous result on screen, marked, while the new one estimates
      await page.fill('#calib-particles', String(Number(particles) + 10));
      await page.press('#calib-particles', 'Tab');
      await page.click('#calib-run');
      await page.waitForSelector('#calib-status-eta[data-low-s]', { timeout: 120_000 });
      await page.$eval('#calibration', (e) => e.scrollIntoView());
      await page.screenshot({ path: `${name}-rerun.png` });
      await page.click('#calib-cancel');
      console.log(`${name}-{before,during,after,after-tags,rerun}.png`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  srv.server.close();
}
