// What takes the main thread's long frames while #bench runs (issue 13 target d), from a
// Chromium trace (CDP Tracing) and a sampled CPU profile of the page (CDP Profiler):
//   node e2e/pool-frames.mjs [query]        (default '#bench'; needs scripts/build-web.sh)
//   node e2e/pool-frames.mjs --planner REPS  (the planner: a run of REPS replications of the
//                                             default region, watched by a rAF loop of its own)
// Prints the longest gaps between animation frames (FireAnimationFrame on the page's main
// thread), and for each how much of it the main thread was busy, and with what: a gap the
// main thread spent mostly idle is starvation (the two cores busy with workers and other
// processes), one it spent busy is page code. Then the page's functions by self time.
import { launch, waitForResult } from './helpers.mjs';
import { loadavg } from 'node:os';

const planner = process.argv[2] === '--planner' ? Number(process.argv[3] || 3000) : 0;
const query = planner ? '' : process.argv[2] || '#bench';
const { browser, srv } = await launch();
const context = await browser.newContext();
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
const traced = new Promise((res) => cdp.once('Tracing.tracingComplete', res));
await cdp.send('Tracing.start', {
  transferMode: 'ReportEvents',
  traceConfig: {
    includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'toplevel'],
  },
});
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
await cdp.send('Profiler.start');
const load0 = loadavg()[0];
let watched = null;
if (planner) {
  await page.goto(srv.url);
  await waitForResult(page);
  const prev = await page.$eval('#results', (r) => r.dataset.runId);
  await page.fill('#field-replications', String(planner));
  // the page's own frames while the run goes: a rAF loop on every frame, gaps recorded
  await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    const tick = (t) => {
      window.__gaps.push(t - last);
      last = t;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    console.timeStamp('renkei-run-start');
  });
  const t0 = Date.now();
  await page.click('#run');
  await waitForResult(page, { previousRunId: prev, timeout: 300_000 });
  const ms = Date.now() - t0;
  watched = await page.evaluate(() => {
    window.__stop = true;
    console.timeStamp('renkei-run-end');
    const g = window.__gaps.slice(1);
    return { frames: g.length, longest: Math.max(...g), over50: g.filter((x) => x > 50).length, over33: g.filter((x) => x > 33).length };
  });
  watched.ms = ms;
} else {
  await page.goto(srv.url + query);
  await page.waitForSelector('#bench[data-state="done"], #bench[data-state="failed"]', { timeout: 600_000 });
}
const { profile } = await cdp.send('Profiler.stop');
await cdp.send('Tracing.end');
await traced;
const result = planner ? '' : await page.textContent('#bench-result').catch(() => '');
await browser.close();
srv.close?.();

// The page's main thread: the thread of the FireAnimationFrame events (the rAF callbacks).
const rafs = events.filter((e) => e.name === 'FireAnimationFrame');
const tid = rafs.length ? mode(rafs.map((e) => `${e.pid}:${e.tid}`)) : null;
const mine = (e) => `${e.pid}:${e.tid}` === tid;
const tasks = events.filter((e) => mine(e) && e.ph === 'X' && e.name === 'RunTask').sort((a, b) => a.ts - b.ts);
const slices = events.filter((e) => mine(e) && e.ph === 'X' && e.name !== 'RunTask' && e.dur > 0);
const frames = rafs.filter(mine).map((e) => e.ts).sort((a, b) => a - b);
// The last frame is the one that ends the watch (after the benchmark's own checks): not a gap while running.
const gaps = frames.slice(1, -1).map((t, i) => ({ from: frames[i], to: t, ms: (t - frames[i]) / 1e3 }));
const long = [...gaps].sort((a, b) => b.ms - a.ms).slice(0, 12);
console.log(`load average at start ${load0.toFixed(1)}, at end ${loadavg()[0].toFixed(1)}; ${frames.length} frames`);
// Sampled stacks with their times (the profile's clock is the trace's).
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
profile.nodes.forEach((n) => (n.children || []).forEach((c) => parent.set(c, n.id)));
const stamps = [];
let clock = profile.startTime;
(profile.samples || []).forEach((id, i) => {
  clock += profile.timeDeltas[i];
  stamps.push({ ts: clock, id });
});
const short = (f) => f.functionName.replace(/::h[0-9a-f]{16}$/, '').replace(/<[^<>]*>/g, '').slice(-60);
// The page functions a window's samples were in: inclusive time by the name of each frame.
function inWindow(g) {
  const incl = new Map();
  for (const s of stamps) {
    if (s.ts < g.from || s.ts > g.to) continue;
    const seen = new Set();
    for (let id = s.id; id; id = parent.get(id)) {
      const f = nodes.get(id).callFrame;
      if (!f.url.endsWith('.wasm') || seen.has(f.functionName)) continue;
      seen.add(f.functionName);
      incl.set(short(f), (incl.get(short(f)) || 0) + 1);
    }
  }
  return [...incl].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ×${v}`).join(', ');
}
if (planner) {
  const mark = (m) => events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === m)?.ts;
  const run = { from: mark('renkei-run-start'), to: mark('renkei-run-end') };
  const inRun = tasks.filter((t) => t.ts >= run.from && t.ts <= run.to);
  const cpu = inRun.reduce((a, t) => a + (t.tdur ?? 0), 0) / 1e3;
  const wall = inRun.reduce((a, t) => a + t.dur, 0) / 1e3;
  const long = inRun.filter((t) => (t.tdur ?? 0) > 16e3).length;
  console.log(`planner, ${planner} replications in ${watched.ms} ms: ${watched.frames} frames, longest gap ${watched.longest.toFixed(1)} ms, gaps > 50 ms: ${watched.over50}, > 33 ms: ${watched.over33}; main thread in tasks during the run: ${inRun.length} tasks, ${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms on a core, ${long} tasks over 16 ms on a core`);
  console.log(`  wasm frames sampled during the run: ${inWindow(run)}`);
  const by = new Map();
  for (const e of slices) {
    if (e.ts < run.from || e.ts > run.to || e.tdur === undefined) continue;
    by.set(e.name, (by.get(e.name) || 0) + e.tdur / 1e3);
  }
  console.log(`  slices by CPU ms: ${[...by].sort((x, y) => y[1] - x[1]).slice(0, 10).map(([k, v]) => `${k}: ${v.toFixed(0)}`).join(', ')}`);
} else {
  const r = JSON.parse(result || '{}');
  console.log(`#bench: longest frame gap ${r.longest_frame_gap_ms} ms, Sendai ${r.sendai_1000_ms} ms on ${r.workers} workers`);
}
console.log('longest frame gaps: ms, main thread busy ms (RunTask wall time, and CPU time), the slices inside (name: ms)');
for (const g of long) {
  const busy = tasks.reduce((s, t) => s + overlap(t, g), 0) / 1e3;
  // CPU time the thread got in those tasks (tdur): wall time well above it is time the
  // thread waited for a core (starvation), not page code.
  const cpu = tasks.reduce((s, t) => s + (t.tdur ?? 0) * (overlap(t, g) / Math.max(t.dur, 1)), 0) / 1e3;
  const by = new Map();
  for (const s of slices) {
    const o = overlap(s, g);
    if (o > 0) {
      const key = s.name + (s.args?.data?.type ? `(${s.args.data.type})` : '') + (s.args?.data?.functionName ? `(${s.args.data.functionName})` : '');
      by.set(key, (by.get(key) || 0) + o / 1e3);
    }
  }
  const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k}: ${v.toFixed(1)}`);
  console.log(`  ${g.ms.toFixed(1)} ms, busy ${busy.toFixed(1)} ms (on a core ${cpu.toFixed(1)} ms) — ${top.join(', ')}`);
  console.log(`      wasm frames sampled (0.5 ms each): ${inWindow(g)}`);
}
const over = (x) => gaps.filter((g) => g.ms > x).length;
console.log(`gaps > 50 ms: ${over(50)}, > 33 ms: ${over(33)}, > 20 ms: ${over(20)} of ${gaps.length}`);

// Self time by function (sampled), the page's main thread only.
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas || [];
(profile.samples || []).forEach((id, i) => {
  const f = byId.get(id)?.callFrame;
  const key = f ? `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}` : '?';
  self.set(key, (self.get(key) || 0) + (dt[i + 1] ?? 0) / 1e3);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`main thread self time by function (sampled, ${total.toFixed(0)} ms in all):`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${v.toFixed(1)} ms  ${k}`);

function overlap(s, g) {
  return Math.max(0, Math.min(s.ts + s.dur, g.to) - Math.max(s.ts, g.from));
}
function mode(xs) {
  const c = new Map();
  xs.forEach((x) => c.set(x, (c.get(x) || 0) + 1));
  return [...c].sort((a, b) => b[1] - a[1])[0][0];
}
process.exit(0);
