// e2e: cost beside the rates and the survey lists on the page (issue 14 §2, §4). The cost table's
// figures are the native CLI's (`renkei compare` on the exported scenario, the same seed); an
// edited cost value changes them and a bad one is named; survey counts set the run's start; an
// imported office table's survey column shows its groups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const suite = sharedBrowser();

/** The newer of the release and debug CLI (`compare` is recent: an old build lacks it). */
function renkei() {
  const found = ['target/release/renkei', 'target/debug/renkei'].map((p) => join(root, p)).filter(existsSync);
  assert.ok(found.length > 0, 'no renkei binary: cargo build');
  return found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

function clean(problems) {
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.foreign, []);
}

/** Higashisonogi (21 offices) in the counterfactual view, its own plan beside area by area, 6
 * replications: a small case both the page and the CLI run in seconds. */
const SMALL_TOWN = '#v=1&region=higashisonogi&view=cf&st=actual,area_by_area';
async function smallTown(page) {
  let id = await waitForResult(page);
  await page.fill('#field-replications', '6');
  await page.press('#field-replications', 'Tab');
  await page.click('#run');
  id = await waitForResult(page, { previousRunId: id });
  return id;
}

const rows = (page) => page.$$eval('#cost-table tr.cost-row', (trs) => trs.map((r) => ({ ...r.dataset })));

/** Clicks compute (or lets an edit re-price) and waits for rows different from `before`. */
async function priced(page, before, click = true) {
  if (click) await page.click('#cost-run');
  await page.waitForFunction((b) => {
    const s = document.querySelector('#cost-status');
    const r = [...document.querySelectorAll('#cost-table tr.cost-row')].map((t) => JSON.stringify(t.dataset));
    return s && s.dataset.state === 'idle' && r.length > 0 && JSON.stringify(r) !== b;
  }, JSON.stringify((before ?? []).map((r) => JSON.stringify(r))), { timeout: 120_000 });
  return rows(page);
}

const num = (v) => (v === 'inf' ? null : Number(v));

test('the cost table shows the CLI`s figures; an edited value changes them; a bad value is named', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, `${SMALL_TOWN}&lang=en`);
  await smallTown(page);
  const page1 = await priced(page, null);
  assert.equal(page1.length, 2);
  assert.match(await page.textContent('#cost-note'), /ministry's ESTIMATE/);
  // the same scenario and seed on the native CLI (counterfactual view: no --from)
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const doc = JSON.parse(await readFile(await dl.path(), 'utf8'));
  assert.equal(doc.replications, 6);
  const dir = await mkdtemp(join(tmpdir(), 'renkei-cost-'));
  const file = join(dir, 'scenario.json');
  await writeFile(file, JSON.stringify(doc));
  const cli = JSON.parse(execFileSync(renkei(), ['compare', file, '--strategies', 'own,area_by_area', '--format', 'json'],
    { encoding: 'utf8' })).rows;
  assert.equal(cli.length, 2);
  for (const [k, row] of page1.entries()) {
    const c = cli[k];
    const e = c.against_baseline;
    assert.equal(num(row.city), c.cost.city_yen.median, `row ${k} city cost`);
    assert.equal(num(row.perAdopter), e.yen_per_additional_adopter.median, `row ${k} ¥/+adopter`);
    assert.equal(num(row.perLink), e.yen_per_additional_active_link.median, `row ${k} ¥/+link`);
    assert.equal(num(row.fees), c.cost.office_fees_yen.median, `row ${k} fees`);
    assert.equal(num(row.saving), c.cost.saving_yen_estimate.median, `row ${k} saving`);
  }
  assert.ok(Number(page1[1].city) > 0, 'area by area spends staff time');
  // doubling the hourly cost doubles the staff part (no subsidy by default: all of it)
  await page.click('#cost-model summary');
  await page.fill('#cost-hourly_cost_yen', '6000');
  await page.press('#cost-hourly_cost_yen', 'Tab');
  const page2 = await priced(page, page1, false);
  for (const [k, row] of page2.entries()) assert.equal(Number(row.city), 2 * Number(page1[k].city), `row ${k}`);
  // a bad value: the message names the field and its range; the figures and the model stay
  await page.fill('#cost-fee_subsidy_share', '2');
  await page.press('#cost-fee_subsidy_share', 'Tab');
  const err = await page.waitForSelector('#cost-error');
  assert.match(await err.textContent(), /cost\.fee_subsidy_share: 2 is out of range: allowed 0 to 1/);
  assert.deepEqual(await rows(page), page2);
  assert.equal(await page.inputValue('#cost-fee_subsidy_share'), '2', 'the typed text stays to be corrected');
  const [dl2] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const after = JSON.parse(await readFile(await dl2.path(), 'utf8'));
  assert.equal(after.cost.hourly_cost_yen, 6000);
  assert.equal(after.cost.fee_subsidy_share, 0);
  // once asked for, a new run is priced as it finishes
  await page.fill('#field-replications', '5');
  await page.press('#field-replications', 'Tab');
  await page.click('#run');
  const page3 = await priced(page, page2, false);
  assert.equal(page3.length, 2);
  clean(problems);
  await context.close();
});

test('survey counts set the run`s start, travel in the link, and bad counts are named', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, SMALL_TOWN);
  let id = await smallTown(page);
  const start = () => page.$eval('#survey-start', (e) => ({ ...e.dataset }));
  const before = await start();
  assert.equal(Number(before.planning), 0);
  await page.click('#survey-edit summary');
  const not = Number(await page.inputValue('#survey-0-0'));
  const adopted = Number(await page.inputValue('#survey-0-2'));
  assert.ok(not >= 3, `area 0 has ${not} offices not adopted`);
  // two offices of area 0 planning, one more adopted
  await page.fill('#survey-0-0', String(not - 3));
  await page.fill('#survey-0-1', '2');
  await page.fill('#survey-0-2', String(adopted + 1));
  await page.press('#survey-0-2', 'Tab');
  await page.click('#survey-apply');
  id = await waitForResult(page, { previousRunId: id });
  const after = await start();
  assert.equal(Number(after.planning), 2, 'the planners start setting up');
  assert.ok(Number(after.rate) > Number(before.rate), `${after.rate} > ${before.rate}: one more adopter`);
  assert.equal(await page.$eval('#survey-state', (e) => e.dataset.set), 'true');
  // the link carries the counts
  const link = await page.evaluate(() => location.hash);
  const other = await openPage(suite.browser, suite.srv, link);
  await other.page.waitForSelector('#survey-0-1');
  assert.equal(await other.page.inputValue('#survey-0-1'), '2');
  await other.context.close();
  // counts that disagree with the area: the core's field, in the page's language (a typed
  // reason, not English text), and the previous state stays
  await page.fill('#survey-0-1', '3');
  await page.press('#survey-0-1', 'Tab');
  await page.click('#survey-apply');
  const err = await page.waitForSelector('#survey-error');
  const said = await err.textContent();
  assert.match(said, /survey\[0\]: 未導入 \+ これから導入予定 \+ 導入済み = \d+ ですが、地区「.+」の事業所は \d+ 件です/);
  assert.doesNotMatch(said, /must agree|offices/, 'no English left on the Japanese page');
  assert.equal(await page.$eval('#results', (r) => r.dataset.runId), id, 'no run');
  assert.deepEqual(await start(), after);
  clean(problems);
  await context.close();
});

test('an imported office table with a survey column shows its groups per area', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, '#v=1&region=higashisonogi&lang=en');
  await waitForResult(page);
  const edges = await readFile(join(root, 'docs', 'samples', 'edges.csv'), 'utf8');
  const sample = (await readFile(join(root, 'docs', 'samples', 'offices.csv'), 'utf8')).trim().split('\n');
  const planning = new Set(['P-N2', 'CM-S1']);
  const offices = ['id,area,role,survey,external,barrier', ...sample.slice(1).map((l) => {
    const [id, area, role, adopted, external, barrier] = l.split(',');
    const group = external === '1' ? '' : adopted === '1' ? '導入済み' : planning.has(id) ? 'これから導入予定' : '未導入';
    return [id, area, role, group, external, barrier].join(',');
  })].join('\n');
  const csv = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.setInputFiles('#import-offices', csv('offices.csv', offices));
  await page.setInputFiles('#import-edges', csv('edges.csv', edges));
  await page.waitForSelector('#import-survey');
  const groups = await page.$$eval('#import-survey tbody tr', (trs) =>
    trs.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
  assert.deepEqual(groups, [['North', '2', '1', '3'], ['South', '2', '1', '1']]);
  assert.match(await page.textContent('#import-preview'), /4 adopters/);
  clean(problems);
  await context.close();
});
