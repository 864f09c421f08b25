// The pictures README shows, made from the built page so they can be renewed when it changes:
//   scripts/build-web.sh && node e2e/readme-shots.mjs
// Writes docs/img/planner-ja-1366x768.png (the planner as a city planner's laptop shows it, in
// Japanese) and docs/img/workshop-en-1920x1080.png (the workshop at a projector, in English,
// a few seconds into the clustered demo). Japanese text needs Debian's fonts-noto-cjk.
import { launch, waitForResult } from './helpers.mjs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'img');
const { browser, srv } = await launch();
try {
  const planner = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP' });
  const page = await planner.newPage();
  await page.goto(`${srv.url}?lang=ja`);
  await waitForResult(page);
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}/planner-ja-1366x768.png` });
  await planner.close();

  const room = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'en-GB' });
  const ws = await room.newPage();
  await ws.goto(`${srv.url}?lang=en#workshop`);
  await ws.waitForSelector('#ws-canvas[data-frames]');
  if ((await ws.getAttribute('html', 'lang')) !== 'en') await ws.click('#ws-lang');
  await ws.click('#ws-demo-clustered');
  await ws.waitForTimeout(4000);
  await ws.screenshot({ path: `${out}/workshop-en-1920x1080.png` });
  await room.close();
  console.log(`wrote ${out}/planner-ja-1366x768.png and ${out}/workshop-en-1920x1080.png`);
} finally {
  await browser.close();
  srv.server.close();
}
