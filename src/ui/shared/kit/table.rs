//! A table: its header row (`<th scope="col">`, the columns' names in the page's language)
//! and its rows, optionally in a horizontally scrolling box for narrow screens.

use crate::ui::shared::i18n::Lang;
use yew::prelude::*;

/// The columns' names in the page's language, from (Japanese, English) pairs.
pub fn columns(lang: Lang, names: &[(&'static str, &'static str)]) -> Vec<AttrValue> {
    names.iter().map(|&(ja, en)| AttrValue::Static(lang.pick(ja, en))).collect()
}

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub id: AttrValue,
    /// The columns' names.
    pub head: Vec<AttrValue>,
    /// A caption for screen readers (the heading above already names it on screen).
    #[prop_or_default]
    pub caption: Option<AttrValue>,
    /// Wrapped in a [`super::ScrollBox`] (wide tables at 1366×768).
    #[prop_or_default]
    pub scroll: bool,
    #[prop_or_default]
    pub class: Classes,
    /// More attributes of the table, e.g. `("data-reference", name)` for the tests that read them.
    #[prop_or_default]
    pub attrs: Vec<(&'static str, AttrValue)>,
    /// The `<tr>` rows.
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Table)]
pub fn table(props: &TableProps) -> Html {
    let mut table = html! {
        <table id={props.id.clone()} class={props.class.clone()}>
            if let Some(c) = props.caption.clone() {
                <caption class="visually-hidden">{ c }</caption>
            }
            <thead><tr>
                { for props.head.iter().map(|h| html! { <th scope="col">{ h.clone() }</th> }) }
            </tr></thead>
            <tbody>{ props.children.clone() }</tbody>
        </table>
    };
    if let Html::VTag(tag) = &mut table {
        for (name, value) in &props.attrs {
            std::rc::Rc::make_mut(tag).add_attribute(name, value.clone());
        }
    }
    if props.scroll {
        // unnamed: the table inside carries the name (its caption), and a region named the same
        // as its section is a second landmark of one name (axe landmark-unique)
        html! { <super::ScrollBox>{ table }</super::ScrollBox> }
    } else {
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_in_the_pages_language_in_order() {
        let names = [("地域", "Region"), ("中央値", "Median")];
        assert_eq!(columns(Lang::Ja, &names), vec![AttrValue::from("地域"), AttrValue::from("中央値")]);
        assert_eq!(columns(Lang::En, &names), vec![AttrValue::from("Region"), AttrValue::from("Median")]);
    }
}
