//! Start from the survey lists (issue 14 §4, brief §3): the per-area count table for a
//! municipality without office-level data (editable, in the scenario's `survey`), the groups
//! an imported office table's `survey` column gave (read-only), and the run's start state.

pub mod state;

use crate::ui::shared::i18n::{errors, pct, Lang};
use crate::ui::shared::kit::Panel;
use crate::ui::shared::use_app;
use crate::ui::state::Action;
use crate::ui::survey::state::SurveyAction;
use renkei::sim::scenario::survey::SurveyArea;
use renkei::sim::scenario::Network;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The three groups as the survey names them (brief §3).
const GROUPS: [&str; 3] = ["未導入", "これから導入予定", "導入済み"];
const GROUPS_EN: [&str; 3] = ["Not adopted", "Planning to adopt", "Adopted"];

/// A group's column header in the page's language (the English page keeps no kana, issue 11).
fn group_header(lang: Lang, k: usize) -> Html {
    html! { <th>{ lang.pick(GROUPS, GROUPS_EN)[k] }</th> }
}

fn headers(lang: Lang) -> Html {
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
    let lang = use_app().lang;
    let total = |f: fn(&SurveyArea) -> u32| props.counts.iter().map(f).sum::<u32>().to_string();
    html! {
        <table id={props.id.clone()} class="survey-groups">
            <thead>{ headers(lang) }</thead>
            <tbody>
                { for props.counts.iter().map(|c| html! {
                    <tr data-area={c.area.clone()}>
                        <td>{ &c.area }</td>
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

#[function_component(SurveyPanel)]
pub fn survey_panel() -> Html {
    let app = use_app();
    let lang = app.lang;
    let scn = app.planner.scenario.clone();
    let send = |a: fn() -> SurveyAction| {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::Survey(a())))
    };
    // The run's first date: what the run started from (medians over replications).
    let start = app.planner.run.result.as_ref().and_then(|r| r.summaries.first()).and_then(|s| {
        let m = s.months.first()?;
        Some((m.date.clone(), m.rate.median, m.planning.median, s.header.home_offices))
    });
    let table = matches!(scn.network, Network::Table { .. });
    html! {
        <Panel id="survey" title={html! { lang.pick("調査票の区分から始める", "Start from the survey lists") }} help={html! { <>{ lang.pick(
                "地区ごとの事業所を 未導入・これから導入予定・導入済み の件数で入れると、計算はその状態から始まります。「これから導入予定」の事業所は準備中の状態から始まります(資料 §3)。どの事業所かは、件数だけのときは抽選です。今日から計画する場合、今日の導入数は観測値に合わせます。",
                "Enter each area's offices by group: the runs start from that state. Offices planning to adopt start setting up (brief §3). Which offices they are is drawn when only counts are given. When planning from today, today's adopted count is set to the observation.") }</> }}>
            if table {
                <p id="survey-table-network" class="help">{ lang.pick(
                    "取り込んだネットワークでは、事業所の表の survey 列を使います(ネットワークの取り込みを参照)。",
                    "With an imported network, the office table's survey column is used (see the network import).") }</p>
            } else {
                <details id="survey-edit" open={scn.survey.is_some() || app.survey.error.is_some()}>
                <summary>{ lang.pick("地区ごとの件数(編集できます)", "Counts per area (editable)") }</summary>
                <div class="table-scroll">
                <table id="survey-table">
                    <thead>{ headers(lang) }</thead>
                    <tbody>
                        { for app.survey.shown(&scn).into_iter().enumerate().map(|(i, (c, texts))| html! {
                            <tr data-area={c.area.clone()}>
                                <td>{ &c.area }</td>
                                { for texts.into_iter().enumerate().map(|(k, text)| {
                                    let app = app.clone();
                                    let area = c.area.clone();
                                    let onchange = Callback::from(move |e: Event| {
                                        let input: HtmlInputElement = e.target_unchecked_into();
                                        let (area, text) = (area.clone(), input.value());
                                        app.dispatch(Action::Survey(SurveyAction::Set { area, column: k, text }));
                                    });
                                    html! { <td><input id={format!("survey-{i}-{k}")} class="count" type="text"
                                        inputmode="numeric" value={text} {onchange}
                                        aria-label={format!("{} {}", c.area, lang.pick(GROUPS, GROUPS_EN)[k])} /></td> }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
                </div>
                <p class="controls">
                    <button id="survey-apply" type="button" onclick={send(|| SurveyAction::Apply)}>
                        { lang.pick("この件数から計算", "Run from these counts") }
                    </button>
                    <button id="survey-clear" type="button" onclick={send(|| SurveyAction::Clear)}
                        disabled={scn.survey.is_none()}>
                        { lang.pick("調査の件数を使わない", "Stop using survey counts") }
                    </button>
                    <span id="survey-state" class="meta" data-set={scn.survey.is_some().to_string()}>
                        { if scn.survey.is_some() { lang.pick("調査の件数を使っています", "Runs start from these counts") }
                          else { lang.pick("調査の件数はまだ使っていません", "Survey counts not in use") } }
                    </span>
                </p>
                if let Some(e) = app.survey.error.clone() {
                    <p id="survey-error" class="banner error" role="alert">
                        { lang.pick("この件数は使えません(前の状態のままです): ", "These counts cannot be used (the previous state stays): ") }{ errors::sim_error(lang, &e) }
                    </p>
                }
                </details>
            }
            if let Some((date, rate, planning, home)) = start {
                <p id="survey-start" class="meta" data-rate={rate.to_string()} data-planning={planning.to_string()}>
                    { match lang {
                        Lang::Ja => format!("計算の出発点({date}、中央値): 導入済み {}(約{:.0}事業所)、準備中 {:.0}事業所",
                            pct(rate), rate * home as f64, planning),
                        Lang::En => format!("The run's start ({date}, median): adopted {} (about {:.0} offices), {:.0} offices setting up",
                            pct(rate), rate * home as f64, planning),
                    } }
                </p>
            }
        </Panel>
    }
}
