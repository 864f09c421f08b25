// e2e: the planner's questions (issue 14). The goal panel: the seek on a small town gives the
// native CLI's answer (`renkei target` on the exported scenario, the same seed), "apply" sets
// it in the plan, an impossible goal is out of reach, a bad field is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';
import { statSync, existsSync } from 'node:fs';

/** The newer of the release and debug CLI (`target` is recent: an old release build lacks it). */
function renkei() {
  const root = join(import.meta.dirname, '..');
  const found = ['target/release/renkei', 'target/debug/renkei'].map((p) => join(root, p)).filter(existsSync);
  assert.ok(found.length > 0, 'no renkei binary: cargo build');
  return found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

const suite = sharedBrowser();

function clean(problems) {
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.foreign, []);
}

async function exported(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  return JSON.parse(await readFile(await dl.path(), 'utf8'));
}

/** Higashisonogi in the counterfactual view (runs from 2025-09, as the CLI without --from)
 * with 6 replications: a small case the seek runs in seconds. */
const SMALL_TOWN = '#v=1&region=higashisonogi&view=cf';
async function smallTown(page) {
  await waitForResult(page);
  await page.fill('#field-replications', '6');
  await page.press('#field-replications', 'Tab');
}

async function seek(page, { rate, prob = '80', lever, low, high }) {
  await page.fill('#goal-rate', rate);
  await page.fill('#goal-prob', prob);
  await page.selectOption('#goal-lever', lever);
  await page.fill('#goal-low', low);
  await page.fill('#goal-high', high);
  await page.press('#goal-high', 'Tab');
  const before = await page.$eval('#goal-answer', (e) => e.outerHTML).catch(() => '');
  await page.click('#goal-run');
  await page.waitForFunction((b) => {
    const s = document.querySelector('#goal-status');
    const a = document.querySelector('#goal-answer');
    return s && s.dataset.state !== 'running' && (s.dataset.state === 'failed' || (a && a.outerHTML !== b));
  }, before, { timeout: 180_000 });
}

test('goal seek finds the native answer of a small case and "apply" sets it in the plan', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, SMALL_TOWN);
  await smallTown(page);
  await seek(page, { rate: '70', lever: 'outreach.contacts_per_month', low: '0', high: '40' });
  const answer = await page.$eval('#goal-answer', (e) => ({ ...e.dataset, text: e.textContent }));
  assert.equal(answer.reachable, 'true', answer.text);
  const value = Number(answer.value);
  assert.ok(value > 0 && value < 40, answer.text);
  assert.match(answer.text, /確率/);
  // the same scenario, seed and goal on the native CLI (the counterfactual view: no --from)
  const doc = await exported(page);
  assert.equal(doc.replications, 6);
  const dir = await mkdtemp(join(tmpdir(), 'renkei-goal-'));
  const file = join(dir, 'scenario.json');
  await writeFile(file, JSON.stringify(doc));
  const native = JSON.parse(execFileSync(renkei(), [
    'target', file, '--rate', '0.7', '--by', '2027-03-31', '--prob', '0.8',
    '--lever', 'outreach.contacts_per_month', '--range', '0,40',
  ], { encoding: 'utf8' }));
  assert.equal(native.reachable, true);
  assert.equal(value, native.value, `page ${value}, CLI ${native.value}`);
  // the warning shows exactly when the search saw the probability fall
  assert.equal(await page.$('#goal-monotone') !== null, native.monotone === false);
  // apply: the plan's outreach levers now have the answer's intensity
  const contacts = (d) => d.strategy.levers.filter((l) => l.lever === 'outreach').map((l) => l.contacts_per_month);
  assert.ok(!contacts(doc).every((c) => c === value), 'the plan differs before applying');
  await page.click('#goal-apply');
  const after = await exported(page);
  const c = contacts(after);
  assert.ok(c.length > 0 && c.every((x) => x === value), JSON.stringify(c));
  await page.waitForSelector('#status[data-state="running"], #status[data-state="done"]').catch(() => {});
  clean(problems);
  await context.close();
});

test('an impossible goal is out of reach with the best probability; a bad field is named (en)', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, `${SMALL_TOWN}&lang=en`);
  await smallTown(page);
  await seek(page, { rate: '100', prob: '100', lever: 'visits.per_month', low: '0', high: '2' });
  const text = await page.$eval('#goal-answer', (e) => e.textContent);
  assert.equal(await page.$eval('#goal-answer', (e) => e.dataset.reachable), 'false');
  assert.match(text, /Out of reach with this lever in 0 to 2: the best probability found was \d+\.\d%/);
  assert.equal(await page.$('#goal-apply'), null, 'nothing to apply');
  await seek(page, { rate: '150', lever: 'visits.per_month', low: '', high: '' });
  const status = await page.$eval('#goal-status', (e) => ({ state: e.dataset.state, text: e.textContent }));
  assert.equal(status.state, 'failed');
  assert.match(status.text, /goal rate: 150 is out of range: allowed 0 to 100/);
  clean(problems);
  await context.close();
});

test('a targeting rule for outreach is in the saved scenario and the link, and changes the result', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, SMALL_TOWN);
  await smallTown(page);
  let runId = await waitForResult(page);
  await page.click('#run');
  runId = await waitForResult(page, { previousRunId: runId });
  const csv = async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    // past the comment lines (the manifest names the scenario's hash)
    const lines = (await readFile(await dl.path(), 'utf8')).split('\n');
    return lines.filter((l) => !l.startsWith('#') && !l.startsWith('"#')).join('\n');
  };
  const before = await csv();
  await page.selectOption('#targeting-outreach', 'near_threshold');
  const doc = await exported(page);
  assert.deepEqual(doc.targeting, { outreach: 'near_threshold', visits: 'random' });
  // the share link carries it: a page opened from it shows the rule
  const link = await page.evaluate(() => location.hash);
  const other = await openPage(suite.browser, suite.srv, link);
  await other.page.waitForSelector('#targeting-outreach');
  assert.equal(await other.page.$eval('#targeting-outreach', (e) => e.value), 'near_threshold');
  await other.context.close();
  await page.click('#run');
  await waitForResult(page, { previousRunId: runId });
  assert.notEqual(await csv(), before, 'near-threshold outreach reaches other offices than random');
  clean(problems);
  await context.close();
});
