// The pictures README shows, made from the built page so they can be renewed when it changes:
//   scripts/build-web.sh && node e2e/readme-shots.mjs
// Writes docs/img/planner-ja-1366x768.png (the planner as a city planner's laptop shows it, in
// Japanese) and docs/img/workshop-en-1920x1080.png (the workshop at a projector, in English,
// some seconds into the clustered demo). Japanese text needs Debian's fonts-noto-cjk; with
// Debian's pngquant on the PATH the pictures are reduced to 256 colours (a fifth of the size).
import { launch, waitForResult } from './helpers.mjs';
import { execFileSync } from 'node:child_process';
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
  await ws.waitForTimeout(9000);
  await ws.screenshot({ path: `${out}/workshop-en-1920x1080.png` });
  await room.close();
  for (const f of ['planner-ja-1366x768.png', 'workshop-en-1920x1080.png']) {
    try {
      execFileSync('pngquant', ['--force', '--skip-if-larger', '--output', `${out}/${f}`, '--', `${out}/${f}`]);
    } catch (e) {
      if (e.code !== 'ENOENT' && e.status !== 98 && e.status !== 99) throw e; // 98/99: kept as is
    }
  }
  console.log(`wrote ${out}/planner-ja-1366x768.png and ${out}/workshop-en-1920x1080.png`);
} finally {
  await browser.close();
  srv.server.close();
}
