//! "On this page": links to the planner's sections below the result, so the research panels
//! (far below the levers at 1366×768) are one click or one Enter away. It sits in the header
//! line, so the result chart stays in the first screen.

use crate::ui::shared::dom;
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::Lang;
use yew::prelude::*;

/// (section id, Japanese, English), in page order.
const SECTIONS: &[(&str, &str, &str)] = &[
    ("results", "結果", "Results"),
    ("levers", "取組", "Plan"),
    ("targeting", "対象の選び方", "Targeting"),
    ("goal", "目標", "Goal"),
    ("sensitivity", "感度分析", "Sensitivity"),
    ("import", "ネットワーク取込", "Network import"),
    ("calibration", "較正", "Calibration"),
];

#[function_component(SectionNav)]
pub fn section_nav() -> Html {
    let lang = use_lang();
    html! {
        <nav id="section-nav" class="section-nav" aria-label={lang.pick("このページの節", "Sections of this page")}>
            <span class="what">{ lang.pick("移動:", "Go to:") }</span>
            { for SECTIONS.iter().map(|&(id, ja, en)| link(lang, id, ja, en)) }
        </nav>
    }
}

fn link(lang: Lang, id: &'static str, ja: &'static str, en: &'static str) -> Html {
    let onclick = Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        // the lever timeline is a <details>: a jump opens it
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
            if el.tag_name().eq_ignore_ascii_case("details") {
                let _ = el.set_attribute("open", "");
            }
        }
        dom::jump_to(id);
    });
    html! { <a href={format!("#{id}")} data-section={id} {onclick}>{ lang.pick(ja, en) }</a> }
}
