// Profiles the page's worker(s) in Chromium while `#bench&workers=1` runs, through the
// DevTools protocol's sampling profiler, and prints the functions with the most self time.
//   node --experimental-websocket e2e/profile-worker.mjs [top=40] [out.cpuprofile]
// Needs a built dist/ (scripts/build-web.sh). Wasm functions keep their Rust names (the
// release wasm has a name section), so the table reads like `perf report`.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, CHROMIUM_ARGS } from './helpers.mjs';
import { startServer } from './serve.mjs';

const top = Number(process.argv[2] || 40);
const out = process.argv[3];
const port = 9300 + (process.pid % 600);
const srv = await startServer(DIST);
const chrome = spawn(process.env.CHROMIUM || '/usr/bin/chromium', [
  ...CHROMIUM_ARGS,
  `--remote-debugging-port=${port}`,
  `--user-data-dir=${mkdtempSync(join(tmpdir(), 'renkei-prof-'))}`,
  'about:blank',
], { stdio: 'ignore' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let version;
for (let i = 0; i < 100 && !version; i++) {
  await sleep(100);
  version = await fetch(`http://127.0.0.1:${port}/json/version`).then((r) => r.json()).catch(() => null);
}
const ws = new WebSocket(version.webSocketDebuggerUrl);
await new Promise((r) => ws.addEventListener('open', r));
let nextId = 1;
const pending = new Map();
const workers = [];
const send = (method, params = {}, sessionId) =>
  new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    ws.send(JSON.stringify({ id, method, params, sessionId }));
  });
ws.addEventListener('message', async (ev) => {
  const m = JSON.parse(ev.data);
  if (m.id && pending.has(m.id)) {
    const p = pending.get(m.id);
    pending.delete(m.id);
    m.error ? p.reject(new Error(JSON.stringify(m.error))) : p.resolve(m.result);
  } else if (m.method === 'Target.attachedToTarget') {
    if (process.env.DEBUG) console.error('attached', m.params.targetInfo.type, m.params.targetInfo.url);
    const s = m.params.sessionId;
    if (m.params.targetInfo.type === 'worker') {
      workers.push(s);
      await send('Profiler.enable', {}, s);
      await send('Profiler.setSamplingInterval', { interval: 200 }, s);
      await send('Profiler.start', {}, s);
    }
    await send('Runtime.runIfWaitingForDebugger', {}, s);
  }
});
const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
const { sessionId: page } = await send('Target.attachToTarget', { targetId, flatten: true });
await send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, page);
await send('Page.navigate', { url: `${srv.url}#bench&workers=1` }, page);
// A worker's profile is lost when the page terminates it, so each live worker's profile is
// collected and restarted every half second (the tail of a worker's life is not sampled).
const profiles = [];
async function collect(restart) {
  for (const s of [...workers]) {
    const r = await send('Profiler.stop', {}, s).catch(() => null);
    if (!r) {
      workers.splice(workers.indexOf(s), 1);
      continue;
    }
    profiles.push(r.profile);
    if (restart) await send('Profiler.start', {}, s).catch(() => null);
  }
}
let state = '';
for (let i = 0; i < 1200 && state !== 'done' && state !== 'failed'; i++) {
  await sleep(500);
  await collect(true);
  const r = await send('Runtime.evaluate', {
    expression: "document.querySelector('#bench')?.dataset.state || ''",
    returnByValue: true,
  }, page).catch(() => ({ result: { value: '' } }));
  state = r.result.value;
}
const json = await send('Runtime.evaluate', {
  expression: "document.querySelector('#bench-result')?.textContent || ''",
  returnByValue: true,
}, page);
console.log(`#bench ${state}: ${json.result.value}`);
const self = new Map();
let total = 0;
await collect(false);
if (out) writeFileSync(out, JSON.stringify(profiles));
for (const profile of profiles) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const d = profile.timeDeltas[i + 1] ?? 0;
    dt.set(profile.samples[i], (dt.get(profile.samples[i]) || 0) + d);
  }
  for (const [id, us] of dt) {
    const f = byId.get(id).callFrame.functionName || '(anonymous)';
    if (f === '(idle)' || f === '(program)') continue;
    self.set(f, (self.get(f) || 0) + us);
    total += us;
  }
}
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
for (const [f, us] of rows) {
  console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1e3).toFixed(0).padStart(6)} ms  ${f.slice(0, 150)}`);
}
ws.close();
chrome.kill();
srv.server.close();
