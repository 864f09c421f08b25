// e2e (issue 26, the page): the prefecture view (#prefecture) loads the fictional sample, runs
// every municipality under every option in its workers, and shows the figures of
// `renkei prefecture docs/samples/prefecture.csv --reps R --budget B --format json` (same seed:
// the constructor's); a bad file lists every row's problems in Japanese and keeps the view; a
// municipality's name opens it in the planner with its figures; axe-core finds no violation;
// screenshots at 1366×768 (ja) and 1920×1080 (en) in $RENKEI_SHOTS (default /tmp/shots-26).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedBrowser, openPage, axeViolations } from './helpers.mjs';
import { renkeiBinary } from './native.mjs';

const suite = sharedBrowser();
const SHOTS = process.env.RENKEI_SHOTS || '/tmp/shots-26';
mkdirSync(SHOTS, { recursive: true });
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE = resolve(ROOT, 'docs/samples/prefecture.csv');
const REPS = '20';
const BUDGET = '3000000';

function native() {
  const text = execFileSync(
    renkeiBinary(),
    ['prefecture', SAMPLE, '--reps', REPS, '--budget', BUDGET, '--format', 'json'],
    { encoding: 'utf8' },
  );
  return JSON.parse(text);
}


async function run(page) {
  await page.fill('#pf-reps', REPS);
  await page.fill('#pf-budget', BUDGET);
  await page.click('#pf-run');
  await page.waitForSelector('#pf-status progress', { timeout: 10_000 }).catch(() => {});
  await page.waitForFunction(() => document.querySelector('#pf-total-count') && !document.querySelector('#pf-status progress'), null, {
    timeout: 180_000,
  });
}

test('the sample runs to the CLI figures, a bad file lists every row, a town opens in the planner', async () => {
  const cli = native();
  const { context, page, problems } = await openPage(suite.browser, suite.srv, '#prefecture');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.click('#pf-sample');
  await page.waitForSelector('#pf-loaded');
  assert.match(await page.textContent('#pf-loaded'), /10市町村を読み込みました/);
  await run(page);

  // The prefecture total (joint band) and each municipality's forecast equal the CLI's.
  const total = await page.$eval('#pf-total-count', (e) => ({ ...e.dataset }));
  assert.deepEqual(
    { median: Number(total.median), p05: Number(total.p05), p95: Number(total.p95) },
    { median: cli.total.median, p05: cli.total.p05, p95: cli.total.p95 },
  );
  const rows = await page.$$eval('#pf-table tbody tr', (rs) => rs.map((r) => ({ ...r.dataset })));
  assert.equal(rows.length, cli.municipalities.length);
  for (const m of cli.municipalities) {
    const row = rows.find((r) => r.municipality === m.municipality);
    assert.ok(row, m.municipality);
    assert.equal(Number(row.median), m.options[0].median, m.municipality);
  }
  const picked = await page.$$eval('#pf-allocation tbody tr', (rs) => rs.map((r) => r.dataset.pick));
  assert.deepEqual(picked, cli.allocation.map((c) => `${c.municipality}:${c.strategy}`));
  assert.ok(picked.length > 0, 'the budget buys something');

  // Sorting by the forecast orders the rows by it, and again the other way.
  await page.click('#pf-table thead th:nth-child(3) button');
  const up = await page.$$eval('#pf-table tbody tr', (rs) => rs.map((r) => Number(r.dataset.rate)));
  assert.deepEqual(up, [...up].sort((a, b) => a - b));
  await page.click('#pf-table thead th:nth-child(3) button');
  const down = await page.$$eval('#pf-table tbody tr', (rs) => rs.map((r) => Number(r.dataset.rate)));
  assert.deepEqual(down, [...up].sort((a, b) => b - a));
  assert.equal(await page.getAttribute('#pf-table thead th:nth-child(3)', 'aria-sort'), 'descending');

  assert.deepEqual(await axeViolations(page, '#prefecture'), [], 'axe-core on the prefecture view');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/prefecture-1366-ja.png` });
  await page.screenshot({ path: `${SHOTS}/prefecture-1366-ja-full.png`, fullPage: true });

  // A bad file: every row's problem listed at once, in Japanese; the view on screen stays.
  const bad = 'municipality,offices,areas,adopted,date\nA市,abc,2,10,2026-02-28\nB町,50,2,10,2026-13-01\nC村,30,0,5,2026-02-28\n';
  const badPath = `${SHOTS}/bad-prefecture.csv`;
  writeFileSync(badPath, bad);
  await page.setInputFiles('#pf-file', badPath);
  await page.waitForSelector('#pf-problems li');
  const listed = await page.$$eval('#pf-problems li', (ls) => ls.map((l) => l.textContent));
  assert.equal(listed.length, 3, listed.join('\n'));
  assert.match(listed[0], /市町村の表 2行目: offices/);
  assert.match(listed[1], /市町村の表 3行目: date/);
  assert.match(listed[2], /市町村の表 4行目: areas/);
  assert.ok(await page.$('#pf-total-count'), 'the view on screen stays');
  assert.deepEqual(await axeViolations(page, '#prefecture'), [], 'axe-core with the problems listed');
  await page.screenshot({ path: `${SHOTS}/prefecture-bad-1366-ja.png`, fullPage: true });

  // English at the projector.
  await page.click('#pf-sample');
  await page.click('#pf-lang');
  await page.setViewportSize({ width: 1920, height: 1080 });
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.deepEqual(await axeViolations(page, '#prefecture'), [], 'axe-core in English');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/prefecture-1920-en.png` });

  // A municipality opens in the planner with its figures, and runs.
  const town = cli.municipalities[1];
  await page.click(`#pf-table tbody tr[data-municipality="${town.municipality}"] button.pf-open`);
  await page.waitForFunction((name) => document.querySelector('#town-name')?.value === name, town.municipality, {
    timeout: 60_000,
  });
  assert.equal(await page.inputValue('#town-offices'), String(town.today.offices));
  assert.equal(await page.inputValue('#town-on'), town.today.date);
  // The planner runs the town: its result's heading names it.
  await page.waitForFunction(
    (name) => document.querySelector('#results h2')?.textContent.includes(name) && document.querySelector('#results-table tbody tr'),
    town.municipality,
    { timeout: 120_000 },
  );
  assert.ok(await page.isVisible('#planner-view'), 'the planner is shown');
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the planner takes the view language');
  await page.screenshot({ path: `${SHOTS}/prefecture-opened-1920-en.png` });

  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.foreign, []);
  await context.close();
});
