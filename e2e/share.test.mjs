// e2e (issue 23 items 3 and 4): shared results carry their context, and one denominator.
// The CSV and the PNG downloaded from the real page say what they are without the page (the
// municipality, the plans by their names on the page, the plan's start, the uncertainty mode,
// the bands, the command line's manifest, the paired differences and the cost once computed);
// Share copies the link with a visible confirmation, or leaves it selected when the clipboard
// is refused, the box inside its card at 1366×768 and 1920×1080; the headline, the chart's
// readout, the CSV and the workshop say one office count (the database's at the latest figure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, copyFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { sharedBrowser, openPage, waitForResult, axeViolations } from './helpers.mjs';

const suite = sharedBrowser();
const SHOTS = process.env.RENKEI_SHOTS || '/tmp/renkei-shots';
mkdirSync(SHOTS, { recursive: true });

const TWO_PLANS = '#v=1&region=okazaki&reps=20&st=actual,focus_training';

async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), path, bytes: await readFile(path) };
}

/** Clicks the cost table's compute and waits for its rows. */
async function priced(page) {
  await page.click('#cost-run');
  await page.waitForFunction(() => {
    const s = document.querySelector('#cost-status');
    return s && s.dataset.state === 'idle' && document.querySelector('#cost-table tr.cost-row');
  }, null, { timeout: 120_000 });
  return page.$$eval('#cost-table tr.cost-row', (trs) => trs.map((r) => ({ ...r.dataset })));
}

/** One CSV line as cells, as a spreadsheet reads it: a cell that starts with a quote is quoted
 *  (RFC 4180, `""` inside), a quote inside an unquoted cell is a character. */
function cells(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  let start = true;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"' && start) quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; start = true; continue; } else cur += c;
    start = false;
  }
  out.push(cur);
  return out;
}

const clean = (problems) => {
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.foreign, []);
};

test('the results CSV names the plans, the town, the start, the mode, the bands, the manifest, differences and cost', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, TWO_PLANS);
  await waitForResult(page);
  const cost = await priced(page);
  const file = await download(page, '#export-csv');
  assert.equal(file.name, 'renkei-okazaki-results.csv');
  const text = file.bytes.toString('utf8');
  await copyFile(file.path, `${SHOTS}/share-results-ja.csv`);
  const lines = text.trimEnd().split('\n');
  const notes = lines.filter((l) => l.startsWith('#') || l.startsWith('"#')).map((l) => cells(l)[0]);
  assert.match(notes[0], /^# 愛知県岡崎市 導入の見通し（Renkei、\d{4}-\d{2}-\d{2} 作成）$/);
  // the command line's manifest, as the page shows it
  const manifest = await page.textContent('#manifest');
  assert.match(manifest, /^renkei \S+ scenario="okazaki" hash=[0-9a-f]+ seed=\d+ replications=20$/);
  assert.equal(notes[1], `# ${manifest}`);
  assert.ok(notes.includes('# 自治体: 愛知県岡崎市'), notes.join('\n'));
  assert.ok(notes.some((n) => /^# 期間\(月末ごと\): 2025-08-31 – 2027-03-31$/.test(n)), notes.join('\n'));
  assert.ok(notes.some((n) => /^# 計画の開始: 2026-0[23]-\d\d \(2026-02-28時点\(実績 122\/681 事業所\)からの計画/.test(n)), notes.join('\n'));
  assert.ok(notes.some((n) => n.startsWith('# 不確かさの扱い: posterior')));
  assert.ok(notes.some((n) => n.includes('50%区間 = 25%点〜75%点、90%区間 = 5%点〜95%点(20 回の試行の分位点)')));
  assert.ok(notes.includes(`# ${await page.textContent('#denominator')}`), 'the page\'s denominator line');
  const head = lines.findIndex((l) => l.startsWith('戦略,'));
  const cols = cells(lines[head]);
  for (const c of ['戦略ID', '日付', '導入率 中央値(割合 0〜1)', '導入事業所 中央値(681 事業所中)', '基準との差 中央値(pt)',
    '市の費用 中央値(円)', '導入1件増あたりの費用 中央値(円)']) {
    assert.ok(cols.includes(c), `${c} in ${cols}`);
  }
  const rows = lines.slice(head + 1).map(cells);
  const months = await page.$$eval('#results-table tbody tr', (r) => r.length);
  assert.equal(rows.length, 2 * months);
  // the plans by the names the page shows, the ids beside them
  const names = await page.$$eval('#chart-legend li', (li) => li.slice(0, 2).map((l) => l.textContent.replace(/ \(中央値\)$/, '')));
  assert.deepEqual([...new Set(rows.map((r) => r[0]))], names);
  assert.deepEqual([...new Set(rows.map((r) => r[1]))], ['actual', 'focus_training']);
  const col = (name) => cols.indexOf(name);
  // paired differences: empty for the reference, the difference table's figure for the other
  const last = rows[rows.length - 1];
  assert.equal(rows[months - 1][col('基準との差 中央値(pt)')], '');
  const tableMedian = await page.$eval('#difference-table tr.diff:last-child .median', (e) => e.textContent);
  const csvMedian = Number(last[col('基準との差 中央値(pt)')]);
  const shown = (Math.abs(csvMedian) < 0.05 ? 0 : csvMedian).toFixed(1);
  assert.equal(tableMedian, `${csvMedian >= 0 || shown === '0.0' ? '+' : ''}${shown} pt`);
  // cost on the last date, the cost table's figures
  for (const [k, row] of [rows[months - 1], last].entries()) {
    assert.equal(row[col('市の費用 中央値(円)')], String(Math.round(Number(cost[k].city))), `plan ${k}`);
  }
  assert.equal(rows[0][col('市の費用 中央値(円)')], '', 'cost only on its date');
  // the count column is the median's share of 681
  const m = Number(last[col('導入率 中央値(割合 0〜1)')]);
  assert.equal(Number(last[col('導入事業所 中央値(681 事業所中)')]), Math.round(m * 681));
  assert.ok(!rows.some((r) => r[0] === 'actual' || r[0] === 'focus_training'));
  // the reference chosen in the comparison is the CSV's too
  await page.selectOption('#compare-reference', '1');
  await page.waitForSelector('#difference-table[data-reference="focus_training"]');
  const again = (await download(page, '#export-csv')).bytes.toString('utf8').trimEnd().split('\n');
  assert.ok(again.includes(`# 基準との差: 各案の試行 i −「${names[1]}」の試行 i(同じ乱数)、ポイント(pt)`), again.slice(0, 12).join('\n'));
  const byRef = again.slice(head + 1).map(cells);
  const flipped = Number(byRef[months - 1][col('基準との差 中央値(pt)')]);
  assert.ok(Math.abs(flipped + csvMedian) < 1e-3, `${flipped} is not −${csvMedian}`);
  assert.equal(byRef[2 * months - 1][col('基準との差 中央値(pt)')], '', 'the reference has no difference from itself');
  clean(problems);
  await context.close();
});

test('the English CSV names the plans and the town in English', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, `${TWO_PLANS}&lang=en`);
  await waitForResult(page);
  const file = await download(page, '#export-csv');
  const text = file.bytes.toString('utf8');
  await copyFile(file.path, `${SHOTS}/share-results-en.csv`);
  // a note holding a comma is one quoted cell (no second cell, so no formula can start there)
  assert.match(text, /^"# Okazaki, Aichi: adoption outlook \(Renkei, made \d{4}-\d{2}-\d{2}\)"\n# renkei /);
  assert.match(text, /\n"# Municipality: Okazaki, Aichi"\n/);
  assert.match(text, /\n# Adoption rate = adopting offices ÷ 681 offices \(the national database's count on 2026-02-28\)\n/);
  assert.match(text, /\nstrategy,strategy id,date,rate median \(share 0-1\),/);
  assert.doesNotMatch(text, /[ぁ-んァ-ン]/, 'no kana in the English file');
  clean(problems);
  await context.close();
});

test('the PNG has a title band with text above the chart and the manifest in its footer', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, TWO_PLANS);
  await waitForResult(page);
  const file = await download(page, '#export-png');
  await copyFile(file.path, `${SHOTS}/share-chart-ja.png`);
  const b = file.bytes;
  assert.deepEqual([...b.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  assert.equal(b.readUInt32BE(16), 900);
  // the chart (400) under a title of 1 large line (28 px) and 3 lines of 21 px (one may wrap),
  // over the legend (a row or more of 22 px) and the manifest (34 px)
  const height = b.readUInt32BE(20);
  assert.ok(height >= 400 + 10 + 28 + 3 * 21 + 22 + 34, `height ${height}`);
  // dark pixels in each title line's band, and a white gap under the title before the chart
  const ink = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    [c.width, c.height] = [img.width, img.height];
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const dark = (y0, y1) => {
      const d = ctx.getImageData(0, y0, c.width, y1 - y0).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 100 && d[i + 1] < 100 && d[i + 2] < 100) n++;
      return n;
    };
    return { line1: dark(4, 32), line2: dark(32, 53), line3: dark(53, 74), line4: dark(74, 95) };
  }, b.toString('base64'));
  for (const [k, n] of Object.entries(ink)) assert.ok(n > 300, `${k}: ${n} dark pixels`);
  assert.deepEqual(await axeViolations(page, '#comparison'), []);
  clean(problems);
  await context.close();
});

for (const [width, height] of [[1366, 768], [1920, 1080]]) {
  test(`Share copies the link and says so, the box inside its card (${width}×${height})`, async () => {
    const { context, page, problems } = await openPage(suite.browser, suite.srv, TWO_PLANS, { viewport: { width, height } });
    await waitForResult(page);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.srv.url).origin });
    await page.click('#share');
    await page.waitForFunction(() => /コピーしました/.test(document.querySelector('#share-copied')?.textContent));
    assert.ok(await page.isVisible('#share-copied'));
    const url = await page.inputValue('#share-url');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
    assert.ok(url.endsWith(TWO_PLANS), url);
    const { box, card, overflow } = await page.evaluate(() => {
      const r = (e) => e.getBoundingClientRect();
      const input = document.querySelector('#share-url');
      return {
        box: r(input).toJSON(),
        card: r(input.closest('section.toolbar')).toJSON(),
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
    assert.ok(box.left >= card.left - 0.5 && box.right <= card.right + 0.5, `box ${box.left}–${box.right}, card ${card.left}–${card.right}`);
    assert.ok(box.width > 200, `box width ${box.width}`);
    assert.equal(overflow, 0, 'no horizontal scroll');
    assert.deepEqual(await axeViolations(page, 'section.toolbar'), []);
    await page.locator('section.toolbar').screenshot({ path: `${SHOTS}/share-toolbar-${width}.png` });
    clean(problems);
    await context.close();
  });
}

test('a refused clipboard leaves the link selected in the box, with a message', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, `${TWO_PLANS}&lang=en`);
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('refused by the test', 'NotAllowedError'));
  });
  await page.reload();
  await waitForResult(page);
  await page.click('#share');
  await page.waitForFunction(() => /Could not copy/.test(document.querySelector('#share-copied')?.textContent));
  const sel = await page.evaluate(() => {
    const i = document.activeElement;
    return { id: i.id, start: i.selectionStart, end: i.selectionEnd, length: i.value.length };
  });
  assert.deepEqual([sel.id, sel.start, sel.end], ['share-url', 0, sel.length], 'the whole link selected');
  assert.ok(sel.length > 20);
  clean(problems);
  await context.close();
});

test('one office count: the headline, the chart readout and the CSV say 681', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, TWO_PLANS, { viewport: { width: 1366, height: 768 } });
  await waitForResult(page);
  // the headline: the latest figure, 122 of the database's 681
  assert.match(await page.textContent('#view-note'), /実績 122\/681 事業所/);
  // the one line that says which count
  assert.equal(await page.getAttribute('#denominator', 'data-offices'), '681');
  assert.equal(await page.textContent('#denominator'), '導入率 = 導入事業所 ÷ 681 事業所(全国データベースの 2026-02-28 時点の数)');
  assert.ok(await page.isVisible('#denominator'));
  // the chart's readout: each plan's median with its count of 681
  await page.focus('#chart-readout-frame');
  const readout = await page.textContent('#chart-readout');
  const counts = [...readout.matchAll(/(\d+\.\d)% \((\d+)\/(\d+)\)/g)];
  assert.equal(counts.length, 2, readout);
  for (const [, pct, n, of] of counts) {
    assert.equal(of, '681');
    assert.ok(Math.abs(Number(n) - (Number(pct) / 100) * 681) <= 1, `${n} of 681 is not ${pct}%`);
  }
  // the CSV: its denominator line and its count column
  const csv = (await download(page, '#export-csv')).bytes.toString('utf8');
  assert.match(csv, /\n# 導入率 = 導入事業所 ÷ 681 事業所\(全国データベースの 2026-02-28 時点の数\)\n/);
  assert.match(csv, /導入事業所 中央値\(681 事業所中\)/);
  assert.deepEqual(await axeViolations(page, '#results'), []);
  await page.screenshot({ path: `${SHOTS}/share-denominator-1366.png` });
  clean(problems);
  await context.close();
});

test('the workshop says its counts in the planner\'s office count', async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.srv, '#workshop', { viewport: { width: 1366, height: 768 } });
  await page.waitForSelector('#ws-canvas[data-frames]', { timeout: 60_000 });
  assert.equal(await page.getAttribute('#ws-denominator', 'data-offices'), '2000', 'a demo says its own offices');
  await page.selectOption('#ws-scenario', 'okazaki');
  await page.waitForFunction(() => document.querySelector('#ws-denominator')?.dataset.offices === '681', null, { timeout: 60_000 });
  assert.equal(await page.textContent('#ws-denominator'), '導入率 = 導入事業所 ÷ 681 事業所(全国データベースの 2026-02-28 時点の数)');
  // week 0 is 2025-08-31's 20 of the model's 664 offices: 3.0%, said as 21 of 681
  const adopted = Number(await page.textContent('#ws-adopted'));
  const sub = await page.$eval('#ws-adopted + .sub', (e) => e.textContent);
  const [, of, pct] = sub.match(/^\/ (\d+) \((\d+\.\d)%\)$/);
  assert.equal(of, '681');
  assert.ok(Math.abs(adopted - (Number(pct) / 100) * 681) <= 1, `${adopted} of 681 is not ${pct}%`);
  assert.deepEqual(await axeViolations(page, '#workshop'), []);
  clean(problems);
  await context.close();
});
