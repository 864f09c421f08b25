//! A box that scrolls sideways when what it holds (a wide table at 1366×768) is wider than
//! its card. It takes the keyboard focus, so a keyboard user can scroll it too (WCAG 2.1.1,
//! axe's scrollable-region-focusable), and is named when a label is given.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScrollBoxProps {
    /// What the box holds, said to screen readers (the box is then a named region).
    #[prop_or_default]
    pub label: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

#[function_component(ScrollBox)]
pub fn scroll_box(p: &ScrollBoxProps) -> Html {
    html! {
        <div class="table-scroll" tabindex="0" role={p.label.as_ref().map(|_| "region")} aria-label={p.label.clone()}>
            { p.children.clone() }
        </div>
    }
}
