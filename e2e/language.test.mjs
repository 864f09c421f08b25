// e2e: one language on the page (issue 23 item 2). The Japanese page's visible text has no
// run of Latin letters outside an allow-list (file formats, units, the product's name, the
// other language's button, codes shown as code), and the English page no kana or kanji outside
// its allow-list (the other language's button, a planner's own data). Every view: the planner
// (its closed sections opened), the workshop and the prefecture view, each at 1366×768 in one
// language and 1920×1080 in the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, waitForResult } from './helpers.mjs';

const suite = sharedBrowser();

/** Words the Japanese page may show in Latin letters. */
const LATIN_OK = new Set([
  'CSV', 'PNG', 'JSON', 'URL', 'ICT', 'Renkei', 'renkei', 'English', 'pt', 'ms', 'YYYY-MM-DD',
  'ABC-SMC', 'PageUp', 'PageDown', 'Home', 'End', 'Space', 'Ctrl', 'C',
]);
/** Runs of kana or kanji the English page may show. */
const KANJI_OK = new Set(['日本語']);

/** The page's visible text, every <details> opened, without <code> (codes a user types
 *  into the CLI or a file, e.g. `offices.csv`, are the same in both languages). */
async function visibleText(page) {
  return page.evaluate(() => {
    document.querySelectorAll('details').forEach((d) => (d.open = true));
    const clone = document.body.cloneNode(true);
    clone.querySelectorAll('code, script, style, [hidden]').forEach((e) => e.remove());
    document.body.append(clone);
    clone.style.position = 'absolute';
    const text = clone.innerText;
    clone.remove();
    return text;
  });
}

function strays(text, lang) {
  const re = lang === 'ja' ? /[A-Za-z][A-Za-z_.\-]*/g : /[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]+/g;
  const ok = lang === 'ja' ? LATIN_OK : KANJI_OK;
  const found = new Map();
  for (const m of text.matchAll(re)) {
    const w = m[0].replace(/[.\-]+$/, '');
    if (w && !ok.has(w)) found.set(w, (found.get(w) || 0) + 1);
  }
  return [...found.entries()];
}

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

for (const [lang, locale] of [['ja', 'ja-JP'], ['en', 'en-GB']]) {
  for (const view of ['', '#workshop', '#prefecture']) {
    // both screen sizes: a layout may show or hide text (the workshop's guide, a wide table)
    const viewport = SIZES[(lang === 'ja') === (view !== '#workshop') ? 0 : 1];
    test(`the ${lang} page speaks ${lang} only: ${view || '#planner'} at ${viewport.width}×${viewport.height}`, async () => {
      const { context, page } = await openPage(suite.browser, suite.srv, view, { locale, viewport });
      if (view === '') await waitForResult(page);
      else if (view === '#workshop') await page.waitForSelector('#ws-canvas[data-frames]', { timeout: 60_000 });
      else await page.waitForSelector('#prefecture-view', { timeout: 60_000 });
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      const found = strays(await visibleText(page), lang);
      assert.equal(JSON.stringify(found), '[]', `words of the other language on the ${lang} page`);
      await context.close();
    });
  }
}
