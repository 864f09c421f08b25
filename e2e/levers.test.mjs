// e2e: the strategy timeline: add a lever aimed at one named area, edit it,
// see a refused date named next to its field, remove it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, waitForResult, axeViolations } from './helpers.mjs';

const suite = sharedBrowser();

test('add an outreach lever for one area, re-run, refuse a bad end date, remove it', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv);
  const first = await waitForResult(page);
  const n = await page.$$eval('#lever-list .lever-row', (rows) => rows.length);
  assert.ok(n >= 1, 'the preset plan is listed');
  // listed in date order: each row's first date is not before the previous one's
  const firsts = await page.$$eval('#lever-list .lever-dates', (d) => d.map((e) => e.textContent.slice(0, 10)));
  assert.deepEqual([...firsts].sort(), firsts);

  await page.selectOption('#lever-kind', 'outreach');
  await page.click('#lever-add');
  const row = `.lever-row[data-index="${n}"]`;
  await page.waitForSelector(row);
  assert.equal(await page.getAttribute(row, 'data-kind'), 'outreach');
  assert.match(await page.textContent(`${row} .lever-head strong`), /働きかけ/);
  assert.match(await page.textContent(`${row} .lever-areas`), /全地域/);
  // aim it at one area, chosen by name
  const areaBox = `#lever-${n}-areas-0`;
  const areaName = await page.getAttribute(areaBox, 'value');
  await page.check(areaBox);
  await page.waitForFunction(
    ([sel, name]) => document.querySelector(sel)?.textContent === name,
    [`${row} .lever-areas`, areaName],
  );
  await page.fill(`#lever-${n}-contacts-per-month`, '8');
  assert.equal(await page.getAttribute(`#lever-${n}-contacts-per-month`, 'aria-invalid'), 'false');
  // the bar spans part of the scenario's months
  const width = await page.$eval(`${row} .lever-bar`, (b) => parseFloat(b.style.width));
  assert.ok(width > 0 && width <= 100, `bar width ${width}%`);
  await page.click('#run');
  const second = await waitForResult(page, { previousRunId: first });

  // an end before the start: message next to the field, previous result stays, run blocked
  const start = await page.inputValue(`#lever-${n}-start`);
  const y = Number(start.slice(0, 4)) - 1;
  await page.fill(`#lever-${n}-end`, `${y}${start.slice(4)}`);
  await page.waitForSelector(`#lever-${n}-end-error:text("開始日より前")`);
  assert.equal(await page.getAttribute(`#lever-${n}-end`, 'aria-invalid'), 'true');
  assert.ok(await page.isDisabled('#run'), 'run is blocked while a lever field is wrong');
  assert.equal(await page.$eval('#results', (r) => r.dataset.runId), second);
  // in English too
  await page.click('#lang-toggle');
  await page.waitForSelector(`#lever-${n}-end-error:text("is before start")`);
  assert.match(await page.textContent(`${row} .lever-head strong`), /Outreach/);
  await page.click('#lang-toggle');

  // the edited plan survives a reload (address-bar link / autosave); the refused date was not applied
  await page.reload();
  await waitForResult(page);
  await page.waitForSelector(row);
  assert.equal(await page.textContent(`${row} .lever-areas`), areaName);
  assert.equal(await page.inputValue(`#lever-${n}-contacts-per-month`), '8');
  assert.notEqual(await page.inputValue(`#lever-${n}-end`), `${y}${start.slice(4)}`);

  // remove it: back to the preset's rows
  await page.click(`#lever-${n}-remove`);
  await page.waitForFunction((k) => document.querySelectorAll('#lever-list .lever-row').length === k, n);
  assert.ok(!(await page.isDisabled('#run')));
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.foreign, []);
  await context.close();
});

test("a deadline's pledge is edited on the page and the run uses it; the editor passes axe in both languages", async () => {
  const viewport = { width: 1366, height: 768 };
  const { context, page, problems } = await openPage(suite.browser, suite.srv, '', { viewport });
  const first = await waitForResult(page);
  const n = await page.$$eval('#lever-list .lever-row', (rows) => rows.length);
  await page.selectOption('#lever-kind', 'deadline');
  await page.click('#lever-add');
  const pledge = `#lever-${n}-pledge`;
  await page.waitForSelector(pledge);
  assert.equal(await page.isChecked(pledge), false, 'a new deadline does not ask for a pledge');
  // every field of the declaration has its control, labelled in Japanese
  for (const f of ['name', 'announce', 'date', 'weight', 'pledge']) {
    assert.ok(await page.$(`#lever-${n}-${f}`), `field ${f} is offered`);
  }
  assert.match(await page.textContent(`label[for="lever-${n}-pledge"]`), /誓約/);
  const editor = await page.textContent('#levers');
  assert.doesNotMatch(editor, /[A-Za-z]{3,}/, 'no English in the Japanese lever editor');
  await page.click('#run');
  const without = await waitForResult(page, { previousRunId: first });
  const table = () => page.textContent('#results-table tbody');
  const before = await table();

  await page.check(pledge);
  await page.waitForFunction((sel) => document.querySelector(sel)?.checked, pledge);
  assert.equal(await page.$eval('#results', (r) => r.dataset.stale), 'true', 'the result on screen is out of date');
  await page.click('#run');
  await waitForResult(page, { previousRunId: without });
  assert.notEqual(await table(), before, 'the run with the pledge differs from the run without it');

  await page.screenshot({ path: '/tmp/levers-ja.png', fullPage: false });
  await page.$eval(`.lever-row[data-index="${n}"]`, (el) => el.scrollIntoView());
  await page.screenshot({ path: '/tmp/levers-ja-row.png' });
  assert.deepEqual(await axeViolations(page, '#levers'), [], 'axe-core on the lever editor (ja)');
  await page.click('#lang-toggle');
  await page.waitForFunction((i) => /Pledge/.test(document.querySelector(`label[for="lever-${i}-pledge"]`)?.textContent), n);
  await page.$eval(`.lever-row[data-index="${n}"]`, (el) => el.scrollIntoView());
  await page.screenshot({ path: '/tmp/levers-en-row.png' });
  assert.deepEqual(await axeViolations(page, '#levers'), [], 'axe-core on the lever editor (en)');

  // the pledge is part of the plan: it survives a reload (address-bar link / autosave)
  await page.reload();
  await waitForResult(page);
  await page.waitForSelector(pledge, { state: 'attached' });
  assert.equal(await page.isChecked(pledge), true);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.foreign, []);
  await context.close();
});
