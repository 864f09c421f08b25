// Loads the wasm app without an inline script (the page's CSP forbids them).
const tag = document.querySelector('script[data-wasm]');
const status = document.getElementById('boot-status');
import(tag.dataset.js)
  .then((m) => m.default({ module_or_path: tag.dataset.wasm }))
  .catch((e) => {
    console.error(e);
    if (status) {
      status.className = 'banner error';
      status.textContent = 'アプリを読み込めませんでした / The app could not be loaded: ' + e;
    }
  });
