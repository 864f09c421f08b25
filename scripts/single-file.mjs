// Inlines a Trunk build (dist/) into one self-contained HTML file that opens
// from file:// with no network: CSS in a <style>, the favicon as a data: URL,
// both wasm binaries and the worker's glue as base64 data blocks, and one
// inline module script (the app's glue + a boot) that starts the app from the
// inlined bytes and the simulation worker from a Blob URL.
//   node scripts/single-file.mjs [dist=dist] [out=dist-single/renkei.html]
//
// The Content-Security-Policy stays strict: default-src 'none'; the one script
// and the one style element are allowed by their SHA-256 hashes, workers only
// from blob:, WebAssembly by 'wasm-unsafe-eval', images only from data:/blob:,
// and connect-src 'none' (the page cannot send anything anywhere).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';

const [distArg = 'dist', outArg = 'dist-single/renkei.html'] = process.argv.slice(2);
const dist = resolve(distArg);
const out = resolve(outArg);
const read = (name) => readFileSync(join(dist, name));
const text = (name) => read(name).toString('utf8');
const die = (m) => {
  console.error(`single-file: ${m}`);
  process.exit(1);
};

const index = text('index.html');
const attr = (re, what) => (index.match(re) || die(`${what} not found in ${dist}/index.html`))[1];
const appJs = attr(/data-js="\.\/([^"]+)"/, 'data-js');
const appWasm = attr(/data-wasm="\.\/([^"]+)"/, 'data-wasm');
const css = [...index.matchAll(/<link rel="stylesheet" href="\.\/([^"]+\.css)"/g)].map((m) => text(m[1])).join('\n');
if (!css) die('no stylesheet in index.html');
const title = attr(/<title>([^<]*)<\/title>/, '<title>');
const loader = text('worker_loader.js');
const workerJs = (loader.match(/importScripts\("\.\/([^"]+)"\)/) || die('worker_loader.js: no importScripts'))[1];
const workerWasm = (loader.match(/wasm_bindgen\("\.\/([^"]+)"\)/) || die('worker_loader.js: no wasm path'))[1];

// The app's glue (wasm-bindgen --target web) becomes part of the inline module:
// its export line is dropped (nothing imports it) and init is called directly.
let glue = text(appJs);
if (/^\s*import\s/m.test(glue)) die(`${appJs} imports other modules; inline them first`);
glue = glue.replace(/^export\s*\{[^}]*\};?\s*$/m, '');
if (!/async function __wbg_init\(/.test(glue)) die(`${appJs}: __wbg_init not found`);

const boot = `
// ---- single-file boot (scripts/single-file.mjs) ----
const bytes = (id) => {
  const s = atob(document.getElementById(id).textContent.trim());
  const u = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
  return u;
};
// The simulation worker: its glue from a Blob URL; its wasm arrives as the first message.
const workerWasm = bytes('renkei-worker-wasm');
const workerSrc = new TextDecoder().decode(bytes('renkei-worker-js')) +
  '\\nself.onmessage = (e) => { self.onmessage = null; wasm_bindgen({ module_or_path: e.data }); };\\n';
const workerUrl = URL.createObjectURL(new Blob([workerSrc], { type: 'text/javascript' }));
// The app asks for "./worker_loader.js" (src/ui/protocol.rs); there is no such file here,
// so that one name is served by the Blob URL above. Every other Worker is left alone.
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  constructor(url, options) {
    if (String(url).endsWith('worker_loader.js')) {
      super(workerUrl, options);
      this.postMessage(workerWasm.slice().buffer);
    } else {
      super(url, options);
    }
  }
};
__wbg_init({ module_or_path: bytes('renkei-app-wasm') }).catch((e) => {
  console.error(e);
  const status = document.getElementById('boot-status');
  if (status) {
    status.className = 'banner error';
    status.textContent = 'アプリを読み込めませんでした / The app could not be loaded: ' + e;
  }
});
`;
const script = glue + boot;
if (/<\/script/i.test(script)) die('the inline script contains "</script"');
if (/<\/style/i.test(css)) die('the stylesheet contains "</style"');

const sha = (s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
const csp = [
  "default-src 'none'",
  `script-src ${sha(script)} 'wasm-unsafe-eval'`,
  'worker-src blob:',
  `style-src ${sha(css)}`,
  "style-src-attr 'unsafe-inline'",
  'img-src data: blob:',
  "connect-src 'none'",
  "font-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const b64 = (name) => read(name).toString('base64');
const favicon = `data:image/svg+xml;base64,${b64('favicon.svg')}`;

const html = `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${title}</title>
<link rel="icon" href="${favicon}" type="image/svg+xml">
<style>${css}</style>
</head>
<body>
<div id="boot-status" class="boot">読み込み中… / Loading…</div>
<noscript><p class="banner error">このページには JavaScript と WebAssembly が必要です。 This page needs JavaScript and WebAssembly.</p></noscript>
<script type="application/octet-stream" id="renkei-app-wasm">${b64(appWasm)}</script>
<script type="application/octet-stream" id="renkei-worker-wasm">${b64(workerWasm)}</script>
<script type="application/octet-stream" id="renkei-worker-js">${b64(workerJs)}</script>
<script type="module">${script}</script>
</body>
</html>
`;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.log(`${out}: ${(html.length / 1e6).toFixed(2)} MB (open it with a double click; no server needed)`);
