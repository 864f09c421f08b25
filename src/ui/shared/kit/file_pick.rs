//! A file input the page can say in its own language: the browser's own control says "Choose
//! File / No file chosen" in the browser's language (and was cut to "N…en" at 1366 px), so the
//! input is hidden and its label, styled as a button, names what to choose and what was chosen.

use crate::ui::shared::i18n::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FilePickProps {
    /// Element id of the input (tests hand it their files).
    pub id: AttrValue,
    /// What the file is, e.g. "事業所一覧 (CSV)".
    pub label: AttrValue,
    /// The file's `accept` list.
    pub accept: AttrValue,
    /// The name of the file read, if any.
    #[prop_or_default]
    pub chosen: Option<AttrValue>,
    pub lang: Lang,
    pub onchange: Callback<Event>,
}

#[function_component(FilePick)]
pub fn file_pick(p: &FilePickProps) -> Html {
    let lang = p.lang;
    let chosen = p.chosen.clone().unwrap_or(AttrValue::Static(lang.pick("未選択", "no file chosen")));
    html! {
        <div class="file-pick">
            // the input first, so the label can show its keyboard focus (`:focus-visible + label`)
            <input id={p.id.clone()} class="visually-hidden" type="file" accept={p.accept.clone()}
                onchange={p.onchange.clone()} />
            <label for={p.id.clone()}>
                <span class="name">{ p.label.clone() }</span>
                <span class="pick">
                    <span class="button">{ lang.pick("ファイルを選ぶ", "Choose a file") }</span>
                    <span class="chosen">{ chosen }</span>
                </span>
            </label>
        </div>
    }
}
