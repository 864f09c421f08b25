//! Which option, how sure, and why (issue 21), right under the chart: every option ranked in
//! one action (`bridge_options::run_rank`, the numbers of `renkei compare --strategies all`),
//! what drives the own plan's forecast with the deadline strength as a what-if, and the unknown
//! that decides between two rows. Every option's goal is `goals.rs`, in the goal panel.

pub mod goals;
pub mod jobs;
pub mod state;

use crate::ui::options::jobs::RankKind;
use crate::ui::options::state::OptionsAction;
use crate::ui::options::state::OptionsState;
use crate::ui::shared::bridge::Date;
use crate::ui::shared::bridge_options::{page_id, Decisive, DriversOut, RankResult, RankRow, Verdict};
use crate::ui::shared::i18n::cost::yen;
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::{pct, Lang};
use crate::ui::shared::kit::{columns, JobControls, Panel, Table};
use crate::ui::shared::labels::{option_label, pp};
use crate::ui::shared::plan::use_plan;
use crate::ui::shared::plan::Plan;
use crate::ui::shared::store::use_slice;
use crate::ui::state::use_dispatch;
use crate::ui::state::Action;
use crate::ui::state::Dispatch;
use crate::ui::workers::use_job;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

fn raw(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// "{median} ({p05} – {p95})" in points.
fn pp_band(s: &crate::ui::shared::bridge_options::Spread) -> Html {
    html! { <>{ pp(s.median) }<span class="band">{ format!("{} – {}", pp(s.p05), pp(s.p95)) }</span></> }
}

/// The decisive unknown in a sentence, built from its structured fields.
pub fn decisive_sentence(lang: Lang, d: &Decisive, own: (&str, &str)) -> String {
    let (a, b) = (option_label(lang, &d.a, own), option_label(lang, &d.b, own));
    let a_share = pct(d.share_a_beats_b);
    let b_share = pct((1.0 - d.share_a_beats_b - d.share_tied).max(0.0_f64));
    let param = d.decisive.as_ref().map(|p| p.parameter.clone()).unwrap_or_default();
    match d.verdict {
        Verdict::ABeatsB => lang.pick(
            format!("「{a}」は、もっともらしい世界(事後分布からの抽出)の {a_share} で「{b}」を上回ります。"),
            format!("{a} beats {b} in {a_share} of plausible worlds (posterior draws)."),
        ),
        Verdict::BBeatsA => lang.pick(
            format!("「{b}」は、もっともらしい世界(事後分布からの抽出)の {b_share} で「{a}」を上回ります。"),
            format!("{b} beats {a} in {b_share} of plausible worlds (posterior draws)."),
        ),
        Verdict::DependsOnUnidentified => lang.pick(
            format!("「{a}」と「{b}」のどちらが良いかは {param} によって決まりますが、データではこの値を絞り込めません。これを測る試行(パイロット)をすれば選択が決まります(「{a}」が上回るのは {a_share})。"),
            format!("Which of {a} and {b} is better depends on {param}, which the data do not pin down; a pilot that measures it would settle the choice ({a} ahead in {a_share})."),
        ),
        Verdict::DependsOnIdentified => lang.pick(
            format!("「{a}」と「{b}」のどちらが良いかは主に {param} によりますが、この値はデータで絞り込まれています(「{a}」が上回るのは {a_share})。"),
            format!("Which of {a} and {b} is better depends most on {param}, which the calibration does pin down ({a} ahead in {a_share})."),
        ),
        Verdict::Chance => lang.pick(
            format!("「{a}」と「{b}」の差は、どの推定値にもよらず、ネットワークや出来事の偶然によります。どの値を測っても決まりません(「{a}」が上回るのは {a_share})。"),
            format!("The difference between {a} and {b} follows no drawn parameter beyond chance: it is the luck of networks and events, which no pilot settles ({a} ahead in {a_share})."),
        ),
    }
}

/// The split of the own plan's rise: national calendar vs local plan.
fn drivers(lang: Lang, d: &DriversOut) -> Html {
    let band =
        |s: &crate::ui::shared::bridge_options::Spread| format!("{} ({} – {})", pp(s.median), pp(s.p05), pp(s.p95));
    html! {
        <p id="drivers" class="drivers" data-calendar={d.calendar.median.to_string()} data-local={d.local.median.to_string()}
            data-total={d.total.median.to_string()}>
            { lang.pick(
                format!("計画の導入率の上昇 {}({}〜{})のうち、国の日程と事業所自身の広がり(市の手段なし)が {}、市の計画が {}。中央値(90%範囲)、同じ試行どうしで比べた値です。",
                    band(&d.total), d.from_date, d.date, band(&d.calendar), band(&d.local)),
                format!("Of the plan's rise {} ({} to {}), the national calendar and the offices' own momentum (no local lever) give {} and the local plan {}: median (90% band), paired by replication.",
                    band(&d.total), d.from_date, d.date, band(&d.calendar), band(&d.local)),
            ) }
        </p>
    }
}

fn rank_row(
    lang: Lang,
    k: usize,
    r: &RankRow,
    on_chart: bool,
    with_target: bool,
    (own, dispatch): ((&'static str, &'static str), &Dispatch),
) -> Html {
    let rate = &r.row.rate;
    let per = r.row.against_baseline.yen_per_additional_adopter.median;
    let chart = {
        let dispatch = dispatch.clone();
        let option = r.option.clone();
        Callback::from(move |_: MouseEvent| dispatch.send(Action::Options(OptionsAction::Chart(option.clone()))))
    };
    let label = option_label(lang, &r.option, own);
    // the visible word starts the accessible name (WCAG 2.5.3, axe label-content-name-mismatch)
    let button = if on_chart { lang.pick("表示中", "On chart") } else { lang.pick("グラフへ", "Chart") };
    html! {
        <tr class={classes!("rank-row", on_chart.then_some("on-chart"))} data-option={r.option.clone()}
            data-median={raw(rate.median)} data-gain={r.gain.median.to_string()}
            data-p-beats={r.p_beats_plan.to_string()} data-p-target={raw(r.p_target)}
            data-city={raw(r.row.cost.city_yen.median)} data-per-adopter={raw(per)}
            onclick={chart.clone()}>
            <td class="num">{ k + 1 }</td>
            <th scope="row" class="option">{ label.clone() }</th>
            <td class="num">{ pct(rate.median.unwrap_or(0.0)) }
                <span class="band">{ format!("{} – {}", pct(rate.p05.unwrap_or(0.0)), pct(rate.p95.unwrap_or(0.0))) }</span></td>
            <td class="num">{ pp_band(&r.gain) }</td>
            <td class="num">{ pct(r.p_beats_plan) }</td>
            if with_target { <td class="num p-target">{ r.p_target.map(pct).unwrap_or_default() }</td> }
            <td class="num">{ yen(lang, r.row.cost.city_yen.median) }</td>
            <td class="num">{ yen(lang, per) }</td>
            <td>
                <button type="button" class="chart-add" disabled={on_chart} onclick={chart}
                    aria-label={format!("{}: {label}", button)}>
                    { button }
                </button>
            </td>
        </tr>
    }
}

fn pair_picker(lang: Lang, r: &RankResult, pair: (usize, usize), own: (&str, &str), dispatch: &Dispatch) -> Html {
    let select = |id: &'static str, which: usize, label: &'static str| {
        let dispatch = dispatch.clone();
        let onchange = Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            let Ok(v) = el.value().parse::<usize>() else { return };
            let next = if which == 0 { (v, pair.1) } else { (pair.0, v) };
            dispatch.send(Action::Options(OptionsAction::Pair(next.0, next.1)));
        });
        let current = if which == 0 { pair.0 } else { pair.1 };
        html! {
            <label for={id}>{ label }
                <select {id} {onchange}>
                    { for r.rows.iter().enumerate().map(|(k, row)| html! {
                        <option value={k.to_string()} selected={k == current}>{ option_label(lang, &row.option, own) }</option>
                    }) }
                </select>
            </label>
        }
    };
    html! {
        <div class="controls">
            { select("decisive-a", 0, lang.pick("比べる選択肢 A", "Option A")) }
            { select("decisive-b", 1, lang.pick("比べる選択肢 B", "Option B")) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct OptionsPanelProps {
    /// The goal panel's rate and date, if they read (the target of `p_target`).
    pub target: Option<(f64, Date)>,
}

#[function_component(OptionsPanel)]
pub fn options_panel(props: &OptionsPanelProps) -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let plan = use_plan();
    let options = use_slice::<OptionsState>();
    let o = &options;
    use_job::<RankKind, _>(options.rank.running(), dispatch.map(OptionsAction::RankJob));
    let running = o.rank.running_id().is_some();
    let send = |a: fn() -> OptionsAction| dispatch.to(move |_: MouseEvent| Action::Options(a()));
    let on_deadlines = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            dispatch.send(Action::Options(OptionsAction::SetDeadlines(el.value())));
        })
    };
    let strength =
        serde_json::to_value(o.deadlines).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    // Once a ranking is shown, bring it into view (at 1366×768 its top rows under the chart).
    let table = use_node_ref();
    {
        let table = table.clone();
        let shown = o.rank.result.as_ref().map(|r| r.elapsed_ms.to_bits());
        use_effect_with(shown, move |shown| {
            if shown.is_some() {
                if let Some(el) = table.cast::<web_sys::Element>() {
                    el.scroll_into_view_with_bool(true);
                }
            }
        });
    }
    let result = o.rank.result.clone();
    let target = props.target;
    // The ranking is of the scenario it was asked for: say so when the planner's has changed.
    let now = {
        let plan = plan.clone();
        use_memo((plan.scenario.clone(), plan.counterfactual), move |_| plan.run_base().hash())
    };
    let stale = o.rank.job.as_deref().is_some_and(|request| request.base.hash() != *now);
    html! {
        <Panel id="options" node_ref={table} title={html! { lang.pick("すべての選択肢の順位", "Every option, ranked") }} help={html! { lang.pick(
                "このシナリオの計画と、ライブラリのすべての戦略を、同じ乱数(同じシード・試行)で計画開始から走らせ、最後の日付の導入率で計画との差(試行ごとの対比)の大きい順に並べます。目標の到達確率は「目標から逆算」の導入率と期日で計算します。行をクリックするとグラフに加わります(最大4本)。",
                "Runs the scenario's own plan and every library strategy from the plan's start with the same random numbers (seed, replications), and ranks them by the median paired gain over the own plan at the last date. The probability of reaching the target uses the goal panel's rate and date. Click a row to put it on the chart (up to 4 lines).") }}>
            <JobControls id="rank" run_label={lang.pick("すべての選択肢を比較", "Rank every option")}
                on_run={send(|| OptionsAction::Rank)} on_cancel={send(|| OptionsAction::CancelRank)} {running}
                run_disabled={running || !plan.fields_ok} status={o.rank.status.clone()}
                unit={lang.pick("試行", "replications")} {lang}>
                <label for="deadlines">{ lang.pick("国の期限の効き方(仮定)", "Strength of the national deadlines (assumption)") }
                    <select id="deadlines" onchange={on_deadlines}>
                        <option value="none" selected={strength == "none"}>{ lang.pick("なし(期限の効果なし)", "None (no deadline effect)") }</option>
                        <option value="assumed" selected={strength == "assumed"}>{ lang.pick("想定どおり(期限の効き方 0.5)", "As assumed (deadline_boost 0.5)") }</option>
                        <option value="strong" selected={strength == "strong"}>{ lang.pick("強い(2倍)", "Strong (twice)") }</option>
                    </select>
                </label>
            </JobControls>
            if stale && result.is_some() {
                <p id="rank-stale" class="banner warn" role="status">{ lang.pick(
                    "シナリオが変わりました。この順位は前のシナリオのものです。",
                    "The scenario has changed: this ranking is of the earlier one.") }</p>
            }
            if let Some(r) = result {
                { view_ranking(lang, &r, o.pair, target, &plan, &dispatch) }
            }
        </Panel>
    }
}

fn view_ranking(
    lang: Lang,
    r: &RankResult,
    pair: Option<(usize, usize)>,
    target: Option<(f64, Date)>,
    plan: &Plan,
    dispatch: &Dispatch,
) -> Html {
    let with_target = target.is_some() && r.target_date.is_some();
    let own = plan.own();
    let on = &plan.strategies;
    let pair = pair.unwrap_or((0, 1.min(r.rows.len().saturating_sub(1))));
    let decisive = r.pair(pair.0, pair.1).map(|(_, d)| d.clone());
    let target_head = target.map(|(rate, _)| {
        let date = r.target_date.clone().unwrap_or_default();
        lang.pick(format!("目標 {} 到達確率({date})", pct(rate)), format!("P(reach {} by {date})", pct(rate)))
    });
    let mut head = columns(lang, &[("順位", "Rank"), ("選択肢", "Option")]);
    head.push(lang.pick(format!("導入率 {}(90%範囲)", r.date), format!("Rate {} (90% band)", r.date)).into());
    head.extend(columns(
        lang,
        &[("計画との差(90%範囲)", "Gain over the plan (90% band)"), ("計画を上回った割合", "Share beating the plan")],
    ));
    if with_target {
        head.push(target_head.unwrap_or_default().into());
    }
    head.extend(columns(
        lang,
        &[("市の費用", "City cost"), ("導入1件増あたり", "¥ per +adopter"), ("グラフ", "Chart")],
    ));
    html! {
        <>
            { drivers(lang, &r.drivers) }
            <Table id="rank-table" scroll=true attrs={vec![("data-elapsed-ms", r.elapsed_ms.to_string().into())]}
                caption={lang.pick("すべての選択肢の順位", "Every option, ranked")} head={head}>
                { for r.rows.iter().enumerate().map(|(k, row)| {
                    rank_row(lang, k, row, on.iter().any(|s| s == page_id(&row.option)), with_target, (own, dispatch))
                }) }
            </Table>
            <h3>{ lang.pick("どちらが良いかを決める未知の値", "The unknown that decides") }</h3>
            { pair_picker(lang, r, pair, own, dispatch) }
            if let Some(d) = decisive {
                <p id="decisive" data-verdict={serde_json::to_value(d.verdict).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()}
                    data-share={d.share_a_beats_b.to_string()}>
                    <strong>{ decisive_sentence(lang, &d, own) }</strong>
                </p>
            }
            <p class="help">{ lang.pick(
                format!("{}個の計画を実行。計算 {:.1} 秒。差は同じ試行どうしの差(同じネットワーク・同じ事後分布の抽出)。期限の効き方は較正されていない仮定です。", r.runs, r.elapsed_ms / 1000.0),
                format!("{} plans run in {:.1} s. Gains are paired by replication (same network, same posterior draw). The deadlines' strength is an assumption, not calibrated.", r.runs, r.elapsed_ms / 1000.0)) }</p>
        </>
    }
}
