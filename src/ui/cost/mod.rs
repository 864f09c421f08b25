//! Cost beside the rates (issue 14 §2): the comparison's cost table and the cost model's form.
//! The figures are the core's `cost::compare` (what `renkei compare` prints), run in a worker
//! of its own on the scenarios of the run on screen; the page only formats them.

pub mod jobs;
pub mod state;

use crate::ui::cost::jobs::CostKind;
use crate::ui::cost::state::CostState;
use crate::ui::cost::state::{cost_model, CostAction};
use crate::ui::shared::bridge_compare::{cost_field, Band, CostRow};
use crate::ui::shared::i18n::cost::{yen, Source, FIELDS};
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::{errors, pct, Lang};
use crate::ui::shared::kit::{columns, JobControls, Panel, Table};
use crate::ui::shared::labels::plan_label;
use crate::ui::shared::plan::use_plan;
use crate::ui::shared::store::use_slice;
use crate::ui::state::use_dispatch;
use crate::ui::state::Action;
use crate::ui::workers::use_job;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Median of yen, with its 90% band below it (none when every replication agrees).
fn yen_band(lang: Lang, b: &Band) -> Html {
    let band = (b.p05 != b.p95).then(|| format!("{} – {}", yen(lang, b.p05), yen(lang, b.p95)));
    html! { <>{ yen(lang, b.median) }if let Some(band) = band { <span class="band">{ band }</span> }</> }
}

fn raw(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "inf".into())
}

/// One strategy's line; the medians as `data-*` for tests (the CLI's JSON, number for number).
fn row(lang: Lang, k: usize, label: String, r: &CostRow) -> Html {
    let e = &r.against_baseline;
    let p = |v: Option<f64>| pct(v.unwrap_or(0.0));
    let rate = html! { <>{ p(r.rate.median) }<span class="band">{ format!("{} – {}", p(r.rate.p05), p(r.rate.p95)) }</span></> };
    let gain = e.additional_adopters.median.map_or("-".into(), |v| format!("{v:+.0}"));
    html! {
        <tr class="cost-row" data-strategy={k.to_string()}
            data-city={raw(r.cost.city_yen.median)}
            data-per-adopter={raw(e.yen_per_additional_adopter.median)}
            data-per-link={raw(e.yen_per_additional_active_link.median)}
            data-fees={raw(r.cost.office_fees_yen.median)}
            data-saving={raw(r.cost.saving_yen_estimate.median)}>
            <td class={format!("strategy s{k}")}>{ label }</td>
            <td class="num">{ rate }</td>
            <td class="num city">{ yen_band(lang, &r.cost.city_yen) }</td>
            <td class="num">{ gain }</td>
            <td class="num per-adopter">{ yen(lang, e.yen_per_additional_adopter.median) }</td>
            <td class="num per-link">{ yen(lang, e.yen_per_additional_active_link.median) }</td>
            <td class="num fees">{ yen_band(lang, &r.cost.office_fees_yen) }</td>
            <td class="num saving">{ yen_band(lang, &r.cost.saving_yen_estimate) }</td>
        </tr>
    }
}

#[function_component(CostTable)]
pub fn cost_table() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let plan = use_plan();
    let cost = use_slice::<CostState>();
    use_job::<CostKind, _>(cost.job.running(), dispatch.map(CostAction::Job));
    let c = &cost;
    let m = cost_model(&plan.scenario);
    let send = |a: fn() -> CostAction| dispatch.to(move |_: MouseEvent| Action::Cost(a()));
    let running = c.job.running_id().is_some();
    let result = plan.result.clone();
    let labels: Vec<String> = result
        .as_ref()
        .map(|r| r.strategies.iter().map(|id| plan_label(lang, id, plan.own())).collect())
        .unwrap_or_default();
    // Rows are shown with the run they price; a later run asks for a new computation.
    let rows = c.priced(plan.result_key.as_deref()).cloned();
    let date = rows.as_ref().and_then(|r| r.first()).map(|r| r.date.clone()).unwrap_or_default();
    html! {
        <Panel id="cost" class="cost" sub=true title={html! { lang.pick("費用と費用対効果", "Cost and cost-effectiveness") }} help={html! { lang.pick(
                "各戦略の市の費用(職員時間×時給+利用料の補助)と、基準(国の日程だけ)に比べて導入が1事業所・連携が1件増えるごとの費用。同じ乱数の組ごとの中央値と90%範囲。",
                "Per strategy: the city's cost (staff hours × hourly cost + licence-fee support) and the cost per additional adopting office and per additional active link against the baseline (the policy calendar only), paired by replication: median and 90% band.") }}>
            <JobControls id="cost" run_label={lang.pick("費用を計算", "Compute cost")}
                on_run={send(|| CostAction::Run)} on_cancel={send(|| CostAction::Cancel)} {running}
                run_disabled={running || plan.result.is_none()} status={c.job.status.clone()}
                unit={lang.pick("試行", "replications")} {lang} />
            if let Some(rows) = rows {
                <Table id="cost-table" scroll=true head={[
                    columns(lang, &[("戦略", "Strategy")]),
                    vec![lang.pick(format!("導入率 {date}(90%範囲)"), format!("Rate {date} (90% band)")).into()],
                    columns(lang, &[
                        ("市の費用", "City cost"), ("導入の増加", "+adopters"), ("導入1件増あたり", "¥ per +adopter"),
                        ("連携1件増あたり", "¥ per +active link"), ("事業所の利用料", "Offices' licence fees"),
                        ("削減額(国の推計)", "Saving (ministry's estimate)"),
                    ]),
                ].concat()}>
                        { for rows.iter().enumerate().map(|(k, r)| {
                            let label = labels.get(k).cloned().unwrap_or_else(|| r.strategy.clone());
                            row(lang, k, label, r)
                        }) }
                </Table>
                <p id="cost-note" class="help">{ lang.pick(
                    "費用は計画の開始(今日から計画する場合は今日)から最後の日付まで。∞: 中央の試行で導入が増えなかった。削減額は厚生労働省の推計(事業所あたり年約81.6万円)で、測定値ではありません。職員時間と時給は仮定です: この欄で変えて試せます。",
                    "Cost from the plan's start (today, when planning from today) to the last date. ∞: the median replication gained nothing. The saving is the ministry's ESTIMATE (about ¥816,000 per office a year), not a measurement. Staff hours and the hourly cost are assumptions: change them in this panel's fields to try others.") }</p>
            }
            <details id="cost-model" open={c.error.is_some()}>
                <summary>{ lang.pick("費用の前提(編集できます)", "Cost assumptions (editable)") }</summary>
                <div class="controls cost-fields">
                    { for FIELDS.iter().map(|&(name, ja, en, source)| {
                        let id = format!("cost-{name}");
                        let value = c.drafts.get(name).cloned()
                            .unwrap_or_else(|| cost_field(&m, name).map(|v| v.to_string()).unwrap_or_default());
                        let dispatch = dispatch.clone();
                        let onchange = Callback::from(move |e: Event| {
                            let input: HtmlInputElement = e.target_unchecked_into();
                            dispatch.send(Action::Cost(CostAction::Set(name.to_string(), input.value())));
                        });
                        let class = if source == Source::Assumption { "source assumption" } else { "source" };
                        html! {
                            <label for={id.clone()}>{ lang.pick(ja, en) }
                                <span class={class}>{ format!(" ({})", source.label(lang)) }</span>
                                <input id={id} type="text" inputmode="decimal" {value} {onchange}
                                    aria-invalid={c.drafts.contains_key(name).to_string()} />
                            </label>
                        }
                    }) }
                    <button id="cost-reset" type="button" onclick={send(|| CostAction::Reset)}>
                        { lang.pick("既定値に戻す", "Back to the defaults") }
                    </button>
                </div>
                if let Some(e) = c.error.clone() {
                    <p id="cost-error" class="banner error" role="alert">
                        { lang.pick("この値は使えません(前の値のままです): ", "This value cannot be used (the previous value stays): ") }{ errors::sim_error(lang, &e) }
                    </p>
                }
            </details>
        </Panel>
    }
}
