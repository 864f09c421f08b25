//! Panic hook: log to the console and show a banner instead of a blank page.

use crate::ui::shared::i18n::{t, Key, Lang};

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_banner(&info.to_string());
    }));
}

/// Puts an error banner at the top of the page (plain DOM: yew may be dead).
pub fn show_banner(detail: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    let Ok(div) = doc.create_element("div") else {
        return;
    };
    div.set_id("fatal-error");
    div.set_class_name("banner error");
    let _ = div.set_attribute("role", "alert");
    div.set_text_content(Some(&format!(
        "{} / {} ({})",
        t(Lang::Ja, Key::FatalError),
        t(Lang::En, Key::FatalError),
        detail
    )));
    let _ = body.insert_before(&div, body.first_child().as_ref());
}
