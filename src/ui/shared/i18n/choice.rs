//! Where the page's language comes from on a first visit: the user's last choice, kept in
//! localStorage, else the browser's language. The page state owns the language (one value for
//! every view); it reads these when the page loads and remembers every change.

use super::Lang;
use crate::ui::shared::dom;
use wasm_bindgen::JsValue;

/// localStorage key of the language last shown.
pub const LANG_KEY: &str = "renkei.lang";
/// The language the user chose last, if any.
pub fn stored() -> Option<Lang> {
    dom::storage_get(LANG_KEY).and_then(|c| Lang::from_code(&c))
}

/// The browser's first language: Japanese for any `ja…`, English otherwise.
pub fn browser() -> Lang {
    // Through Reflect: web-sys's `Navigator` feature is not enabled for one string.
    let nav = web_sys::window().and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("navigator")).ok());
    let code = nav
        .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("language")).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    browser_lang(&code)
}

/// `navigator.language` → the page's language (a pure rule, tested natively).
pub fn browser_lang(code: &str) -> Lang {
    if code.is_empty() || code.to_ascii_lowercase().starts_with("ja") {
        Lang::Ja
    } else {
        Lang::En
    }
}

/// Remembers `lang` (the page calls this whenever its language changes).
pub fn remember(lang: Lang) {
    dom::storage_set(LANG_KEY, lang.code());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_language_picks_the_page_language() {
        assert_eq!(browser_lang("en-US"), Lang::En);
        assert_eq!(browser_lang("de"), Lang::En);
        assert_eq!(browser_lang("ja"), Lang::Ja);
        assert_eq!(browser_lang("ja-JP"), Lang::Ja);
        // no answer: the page's home language
        assert_eq!(browser_lang(""), Lang::Ja);
    }
}
