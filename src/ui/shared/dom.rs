//! Small browser helpers: downloads, localStorage, the address bar.

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

/// localStorage key of the autosave.
pub const AUTOSAVE_KEY: &str = "renkei.v1";
/// localStorage key where an autosave that could not be read is kept.
pub const UNREADABLE_KEY: &str = "renkei.v1.unreadable";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Offers `text` as a file download.
pub fn download(filename: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let doc = window().and_then(|w| w.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

pub fn storage_get(key: &str) -> Option<String> {
    window()?.local_storage().ok()??.get_item(key).ok()?
}

pub fn storage_set(key: &str, value: &str) {
    if let Some(Ok(Some(s))) = window().map(|w| w.local_storage()) {
        let _ = s.set_item(key, value);
    }
}

/// The address bar's `#...` part, without the `#`.
pub fn hash() -> Option<String> {
    let h = window()?.location().hash().ok()?;
    let h = h.trim_start_matches('#').to_string();
    (!h.is_empty()).then_some(h)
}

/// Puts `text` in the address bar's hash without a reload or a history entry.
pub fn replace_hash(text: &str) {
    if let Some(w) = window() {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{text}")));
        }
    }
}

pub fn href() -> String {
    window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// Scrolls element `id` into view and moves the focus there (a section without a tabindex
/// gets `-1`, so it can hold the focus without becoming a tab stop). Links within the page
/// call this instead of following `#id`: the address bar's hash is the share link.
pub fn jump_to(id: &str) {
    let el = window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(el) = el.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        if !el.has_attribute("tabindex") {
            let _ = el.set_attribute("tabindex", "-1");
        }
        el.scroll_into_view();
        let _ = el.focus();
    }
}

/// Copies `text` to the clipboard (`navigator.clipboard.writeText`, reached through Reflect:
/// web-sys's Clipboard feature is not enabled for one call); false where the browser refuses.
pub async fn copy_text(text: &str) -> bool {
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).ok().filter(|v| !v.is_undefined());
    let Some(clipboard) = window().and_then(|w| get(&w, "navigator")).and_then(|n| get(&n, "clipboard")) else {
        return false;
    };
    let Some(write) = get(&clipboard, "writeText").and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else {
        return false;
    };
    match write.call1(&clipboard, &JsValue::from_str(text)).map(js_sys::Promise::from) {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
        Err(_) => false,
    }
}

/// Focuses and selects the text of the input `id` (a value to copy by hand).
pub fn select_input(id: &str) {
    let input = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(i) = input {
        let _ = i.focus();
        i.select();
    }
}

/// A file input's change callback: the chosen file is refused before it is read when over
/// `bridge::MAX_IMPORT_BYTES` (`too_large(name, bytes)`), else read as text in this browser
/// (nothing leaves the page) and handed to `read(name, text or the browser's error)`. The
/// input is cleared, so choosing the same file again reads it again.
pub fn on_text_file(
    too_large: impl Fn(String, f64) + 'static,
    read: impl Fn(String, Result<String, String>) + 'static,
) -> yew::Callback<web_sys::Event> {
    let read = std::rc::Rc::new(read);
    yew::Callback::from(move |e: web_sys::Event| {
        let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        if file.size() > crate::ui::shared::bridge::MAX_IMPORT_BYTES {
            return too_large(file.name(), file.size());
        }
        let read = read.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(t) => Ok(t.as_string().unwrap_or_default()),
                Err(e) => Err(format!("{e:?}")),
            };
            read(file.name(), text);
        });
    })
}
