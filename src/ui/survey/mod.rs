//! Start from the survey lists (issue 14 §4, brief §3): the per-area count table for a
//! municipality without office-level data (editable, in the scenario's `survey`), the groups
//! an imported office table's `survey` column gave (read-only), and the run's start state.

pub mod state;

use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::{area_name, errors, pct, Lang};
use crate::ui::shared::kit::{Panel, ScrollBox};
use crate::ui::shared::plan::use_plan;
use crate::ui::shared::store::use_slice;
use crate::ui::shared::survey_table::{headers, GROUPS, GROUPS_EN};
use crate::ui::state::use_dispatch;
use crate::ui::state::Action;
use crate::ui::survey::state::SurveyAction;
use crate::ui::survey::state::SurveyState;
use renkei::sim::scenario::Network;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component(SurveyPanel)]
pub fn survey_panel() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let plan = use_plan();
    let survey = use_slice::<SurveyState>();
    let scn = plan.scenario.clone();
    let send = |a: fn() -> SurveyAction| dispatch.to(move |_: MouseEvent| Action::Survey(a()));
    // The run's first date: what the run started from (medians over replications).
    let start = plan.result.as_ref().and_then(|r| r.summaries.first()).and_then(|s| {
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
                <details id="survey-edit" open={scn.survey.is_some() || survey.error.is_some()}>
                <summary>{ lang.pick("地区ごとの件数(編集できます)", "Counts per area (editable)") }</summary>
                <ScrollBox label={lang.pick("地区ごとの件数の表", "Counts per area (table)")}>
                <table id="survey-table">
                    <thead>{ headers(lang) }</thead>
                    <tbody>
                        { for survey.shown(&scn).into_iter().enumerate().map(|(i, (c, texts))| html! {
                            <tr data-area={c.area.clone()}>
                                <td>{ area_name(lang, &c.area) }</td>
                                { for texts.into_iter().enumerate().map(|(k, text)| {
                                    let dispatch = dispatch.clone();
                                    let area = c.area.clone();
                                    let onchange = Callback::from(move |e: Event| {
                                        let input: HtmlInputElement = e.target_unchecked_into();
                                        let (area, text) = (area.clone(), input.value());
                                        dispatch.send(Action::Survey(SurveyAction::Set { area, column: k, text }));
                                    });
                                    html! { <td><input id={format!("survey-{i}-{k}")} class="count" type="text"
                                        inputmode="numeric" value={text} {onchange}
                                        aria-label={format!("{} {}", area_name(lang, &c.area), lang.pick(GROUPS, GROUPS_EN)[k])} /></td> }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
                </ScrollBox>
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
                if let Some(e) = survey.error.clone() {
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
