//! The survey's three groups per area as a read-only table (the survey panel's header cells,
//! and an imported office table's `survey` column in the import preview).

use crate::ui::shared::i18n::{area_name, use_lang, Lang};
use renkei::sim::scenario::survey::SurveyArea;
use yew::prelude::*;

/// The three groups as the survey names them (brief §3).
pub const GROUPS: [&str; 3] = ["未導入", "これから導入予定", "導入済み"];

pub const GROUPS_EN: [&str; 3] = ["Not adopted", "Planning to adopt", "Adopted"];

/// A group's column header in the page's language (the English page keeps no kana, issue 11).
pub fn group_header(lang: Lang, k: usize) -> Html {
    html! { <th>{ lang.pick(GROUPS, GROUPS_EN)[k] }</th> }
}

pub fn headers(lang: Lang) -> Html {
    html! { <tr><th>{ lang.pick("地区", "Area") }</th>{ for (0..3).map(|k| group_header(lang, k)) }</tr> }
}

#[derive(Properties, PartialEq)]
pub struct GroupTableProps {
    pub id: AttrValue,
    pub counts: Vec<SurveyArea>,
}

/// Counts per group per area, read-only (an imported office table's `survey` column).
#[function_component(GroupTable)]
pub fn group_table(props: &GroupTableProps) -> Html {
    let lang = use_lang();
    let total = |f: fn(&SurveyArea) -> u32| props.counts.iter().map(f).sum::<u32>().to_string();
    html! {
        <table id={props.id.clone()} class="survey-groups">
            <thead>{ headers(lang) }</thead>
            <tbody>
                { for props.counts.iter().map(|c| html! {
                    <tr data-area={c.area.clone()}>
                        <td>{ area_name(lang, &c.area) }</td>
                        <td class="num">{ c.not_adopted }</td>
                        <td class="num planning">{ c.planning }</td>
                        <td class="num adopted">{ c.adopted }</td>
                    </tr>
                }) }
            </tbody>
            <tfoot><tr>
                <th>{ lang.pick("計", "Total") }</th>
                <td class="num">{ total(|c| c.not_adopted) }</td>
                <td class="num planning">{ total(|c| c.planning) }</td>
                <td class="num adopted">{ total(|c| c.adopted) }</td>
            </tr></tfoot>
        </table>
    }
}
