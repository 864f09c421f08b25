// e2e: the workshop view (#workshop) in headless Chromium: the network canvas,
// play/pause/step by keyboard, the guided demo, the language toggle, and the
// frame rate of a 2,000-office animation (measured and printed, not asserted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage } from './helpers.mjs';

const suite = sharedBrowser();

const week = (page) => page.$eval('#ws-canvas', (c) => Number(c.dataset.week));

/** Non-white pixels of the network canvas, and how many are of a given colour. */
async function ink(page, rgb = null) {
  return page.$eval(
    '#ws-canvas',
    (c, rgb) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let coloured = 0;
      let match = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (!(d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240)) coloured++;
        if (rgb && Math.abs(d[i] - rgb[0]) < 8 && Math.abs(d[i + 1] - rgb[1]) < 8 && Math.abs(d[i + 2] - rgb[2]) < 8) {
          match++;
        }
      }
      return { coloured, match };
    },
    rgb,
  );
}

async function openWorkshop() {
  const opened = await openPage(suite.browser, suite.srv, '#workshop');
  await opened.page.waitForSelector('#ws-canvas[data-frames]', { timeout: 60_000 });
  return opened;
}

test('workshop view draws the network and steps by keyboard', async () => {
  const { context, page, problems } = await openWorkshop();
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.match(await page.textContent('#ws-title'), /ワークショップ/);
  assert.equal(await page.$eval('#ws-scenario', (s) => s.value), 'demo_scattered');
  assert.equal((await page.textContent('#ws-date')).trim(), '2025-09-01');
  assert.equal((await page.textContent('#ws-adopted')).trim(), '40');
  // offices and links are drawn; adopted offices (blue #0072b2) are visible
  const { coloured, match } = await ink(page, [0, 114, 178]);
  assert.ok(coloured > 20_000, `canvas has ${coloured} non-white pixels`);
  assert.ok(match > 500, `adopted-blue pixels: ${match}`);
  // controls have labels
  for (const id of ['ws-scenario', 'ws-speed']) {
    assert.ok(await page.$(`label[for=${id}]`), `label for ${id}`);
  }
  // keyboard: focus the view, → steps a week, ← goes back, Space plays and pauses
  await page.focus('#ws-canvas');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('#ws-canvas').dataset.week === '1');
  assert.equal((await page.textContent('#ws-date')).trim(), '2025-09-08');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('#ws-canvas').dataset.week === '2');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.querySelector('#ws-canvas').dataset.week === '1');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('#ws-play').getAttribute('aria-pressed') === 'true');
  await page.waitForFunction(() => Number(document.querySelector('#ws-canvas').dataset.week) >= 3);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('#ws-play').getAttribute('aria-pressed') === 'false');
  const paused = await week(page);
  await page.waitForTimeout(600);
  assert.equal(await week(page), paused, 'paused means no more weeks');
  // Home restarts
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.querySelector('#ws-canvas').dataset.week === '0');
  // buttons work by keyboard too (Tab to Step, Enter)
  await page.focus('#ws-step');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#ws-canvas').dataset.week === '1');
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.foreign, []);
  assert.deepEqual(problems.failed, []);
  await context.close();
});

test('guided demo: the clustered area with a leading centre ends with more active links', async () => {
  const { context, page, problems } = await openWorkshop();
  await page.selectOption('#ws-speed', '32');
  await page.click('#ws-demo-scattered');
  await page.waitForSelector('#ws-compare tr[data-scenario=demo_scattered]', { timeout: 60_000 });
  await page.click('#ws-demo-clustered');
  await page.waitForSelector('#ws-compare tr[data-scenario=demo_clustered]', { timeout: 60_000 });
  const rows = await page.$$eval('#ws-compare tbody tr', (rs) =>
    Object.fromEntries(
      rs.map((r) => {
        const td = [...r.querySelectorAll('td')].map((x) => x.textContent);
        return [r.dataset.scenario, { adopted: parseInt(td[1], 10), links: parseInt(td[2], 10) }];
      }),
    ),
  );
  console.log(`# guided demo, end of horizon: ${JSON.stringify(rows)}`);
  assert.ok(rows.demo_clustered.links > rows.demo_scattered.links, JSON.stringify(rows));
  assert.ok(rows.demo_clustered.adopted > rows.demo_scattered.adopted, JSON.stringify(rows));
  // the clustered run draws active links (green #009e73)
  const { match } = await ink(page, [0, 158, 115]);
  assert.ok(match > 200, `active-link pixels: ${match}`);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('frame rate of the 2,000-office animation (printed)', async () => {
  const { context, page, problems } = await openWorkshop();
  await page.selectOption('#ws-scenario', 'demo_clustered');
  await page.waitForFunction(() => document.querySelector('#ws-canvas').dataset.week === '0');
  await page.selectOption('#ws-speed', '8');
  await page.click('#ws-play');
  const m = await page.evaluate(async () => {
    const c = document.querySelector('#ws-canvas');
    const f0 = Number(c.dataset.frames);
    const d0 = Number(c.dataset.drawMs);
    const w0 = Number(c.dataset.week);
    let raf = 0;
    const t0 = performance.now();
    await new Promise((done) => {
      const tick = () => {
        raf++;
        if (performance.now() - t0 < 3000) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    const secs = (performance.now() - t0) / 1000;
    const frames = Number(c.dataset.frames) - f0;
    return {
      secs,
      rafPerSec: raf / secs,
      drawnPerSec: frames / secs,
      meanDrawMs: frames ? (Number(c.dataset.drawMs) - d0) / frames : null,
      weeks: Number(c.dataset.week) - w0,
    };
  });
  console.log(
    `# workshop animation, 2,000 offices: ${m.drawnPerSec.toFixed(1)} frames drawn/s ` +
      `(requestAnimationFrame ${m.rafPerSec.toFixed(1)}/s, mean draw ${m.meanDrawMs?.toFixed(2)} ms, ` +
      `${m.weeks} weeks in ${m.secs.toFixed(2)} s)`,
  );
  assert.ok(m.weeks > 0, 'the animation advanced');
  assert.ok(m.drawnPerSec > 0);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('workshop language toggle and the view switch', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  await page.waitForSelector('#nav-workshop');
  await page.click('#nav-workshop');
  await page.waitForSelector('#ws-canvas[data-frames]');
  assert.equal(await page.$eval('#planner-view', (e) => e.hidden), true);
  await page.click('#ws-lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('#ws-title'), /Workshop/);
  assert.match(await page.textContent('#ws-play'), /Play/);
  assert.match(await page.textContent('label[for=ws-speed]'), /Speed/);
  await page.click('#ws-lang');
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
  assert.match(await page.textContent('#ws-play'), /再生/);
  await page.click('#nav-planner');
  await page.waitForFunction(() => !document.querySelector('#ws-canvas'));
  assert.equal(await page.$eval('#planner-view', (e) => e.hidden), false);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});
