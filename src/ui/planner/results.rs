//! The planner's result: the run's status line and the chart with its summary.

use crate::ui::planner::state::PlannerAction;
use crate::ui::planner::state::PlannerState;
use crate::ui::planner::state::RunResult;
use crate::ui::shared::bridge as engine;
use crate::ui::shared::bridge_options::DriversOut;
use crate::ui::shared::chart;
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::Lang;
use crate::ui::shared::i18n::{errors, pct, region_name, t, Key};
use crate::ui::shared::job::use_progress;
use crate::ui::shared::kit::{CanvasChart, Draw, ScrollBox};
use crate::ui::shared::labels::plan_label;
use crate::ui::shared::readout::{Line, Point, Readout};
use crate::ui::shared::store::use_slice;
use crate::ui::state::use_dispatch;
use crate::ui::state::{Action, RunStatus};
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// A band's two ends; a narrow column wraps after the dash, never inside a number.
fn band(lo: f64, hi: f64) -> String {
    format!("{}\u{a0}– {}", pct(lo), pct(hi))
}

#[function_component(StatusBar)]
pub fn status_bar() -> Html {
    let lang = use_lang();
    let planner = use_slice::<PlannerState>();
    match use_progress(&planner.run.status) {
        RunStatus::Idle => html! { <div id="status" class="status idle" data-state="idle"></div> },
        RunStatus::Running { done, total, .. } => {
            let pct_done = if total > 0 { (done as f64 / total as f64 * 100.0).round() } else { 0.0 };
            html! {
                <div id="status" class="status running" data-state="running" role="status">
                    <span>{ t(lang, Key::Running) }{ format!(" {pct_done:.0}%") }</span>
                    <progress id="progress" max={total.max(1).to_string()} value={done.to_string()}></progress>
                </div>
            }
        }
        RunStatus::Cancelled => html! {
            <div id="status" class="status cancelled" data-state="cancelled" role="status">
                { t(lang, Key::Cancelled) }
            </div>
        },

        RunStatus::Failed(p) => html! {
            <div id="status" class="status banner error" data-state="failed" role="alert">
                { t(lang, Key::Failed) }{ ": " }{ errors::problem(lang, &p) }
            </div>
        },
    }
}

/// The adoption-rate chart of a run: its plans labelled in a language (the own plan's label
/// is all the chart needs of the scenario).
#[derive(Clone, PartialEq)]
struct RatesChart(Rc<RunResult>, Lang, (&'static str, &'static str));

impl Draw for RatesChart {
    fn draw(&self, canvas: HtmlCanvasElement) -> Result<(), String> {
        let RatesChart(r, lang, own) = self;
        let series: Vec<(String, &engine::Summary)> =
            r.strategies.iter().map(|id| plan_label(*lang, id, *own)).zip(r.summaries.iter()).collect();
        chart::draw(canvas, &series, *lang)
    }
}

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    /// What drives the own plan's rise (the ranking's, once every option is ranked).
    #[prop_or_default]
    pub drivers: Option<DriversOut>,
}

#[function_component(Results)]
pub fn results(props: &ResultsProps) -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let planner = use_slice::<PlannerState>();
    let Some(result) = planner.run.result.clone() else {
        return html! { <section id="results" class="results empty"></section> };
    };
    let tables: Vec<Vec<engine::Row>> = result.summaries.iter().map(engine::rows).collect();
    let labels: Vec<String> =
        result.strategies.iter().map(|id| plan_label(lang, id, engine::own_plan_label(&planner.scenario))).collect();
    let stale = planner.stale;
    let has_observed = result.summaries.first().map(|s| !engine::observed_points(s).is_empty()).unwrap_or(false);
    let today = result.summaries.first().and_then(|s| s.header.today.clone());
    let on_rerun = dispatch.on(Action::Planner(PlannerAction::Run));

    let today_index = today.as_ref().and_then(|d| tables.first()?.iter().position(|r| &r.date == d));
    // The one count every rate on the page is a share of (the headline's, the readout's, the
    // CSV's, the workshop's): said once, under the headline.
    let den =
        result.summaries.first().map(engine::Denominator::of).unwrap_or(engine::Denominator { offices: 0, date: None });
    let many = tables.len() > 1;
    let n_rows = tables.first().map(Vec::len).unwrap_or(0);
    html! {
        <section id="results" class={classes!("results", stale.then_some("stale"))} tabindex="-1"
            data-run-id={result.id.to_string()} data-strategies={result.strategies.join(",")}
            data-stale={stale.to_string()}>
            <h2>{ t(lang, Key::Results) }{ " — " }{ region_name(lang, &result.region) }</h2>
            if stale {
                <p id="stale-note" class="banner warn" role="status">
                    { lang.pick("入力が変わりました。この結果は古い入力によるものです。",
                        "Inputs changed: this result is from the earlier inputs.") }
                    <button id="stale-run" type="button" onclick={on_rerun}>{ t(lang, Key::Run) }</button>
                </p>
            }
            // Announced when a run finishes (and read first): the last month of each plan.
            <div id="summary-line" class="summary-line" aria-live="polite" aria-atomic="true">
                { for labels.iter().zip(&tables).map(|(label, rows)| match rows.last() {
                    Some(r) => html! {
                        <p><span class="what">{ label }</span>{ format!(" {}: {} [{}–{}]", r.date, pct(r.median), pct(r.p05), pct(r.p95)) }</p>
                    },
                    None => html! {},
                }) }
            </div>
            if let Some(d) = &props.drivers {
                <p id="drivers-headline" class="meta">{ crate::ui::shared::labels::drivers_short(lang, d) }</p>
            }
            <crate::ui::planner::evidence::ViewNote />
            <p id="denominator" class="meta" data-offices={den.offices.to_string()}>{ den.line(lang == Lang::Ja) }</p>
            <figure>
                <Readout id="chart-readout" points={Rc::new(readout_points(lang, &labels, &tables, &den))} plot={chart::PLOT}
                    start={today_index} label={lang.pick(
                        "導入率のグラフ。←→キーで月ごとの値を読み上げます",
                        "Adoption-rate chart: ← and → read the values month by month")}>
                    <CanvasChart<RatesChart> id="chart" width={900} height={400} label={t(lang, Key::ChartCaption)}
                        data={RatesChart(result.clone(), lang, engine::own_plan_label(&planner.scenario))} />
                </Readout>
                <Legend labels={labels.clone()} observed={has_observed} today={today.clone()} />
                <figcaption>{ t(lang, Key::ChartCaption) }</figcaption>
            </figure>
            <crate::ui::planner::evidence::UncertaintyNote />
            <p class="meta">
                { t(lang, Key::ElapsedMs) }{ format!(": {:.0} ms", result.elapsed_ms) }
            </p>
            // a table wider than its card (four plans at 1366 px) scrolls inside it, by keyboard too
            <ScrollBox label={lang.pick("月ごとの導入率の表", "Adoption rate by month (table)")}>
            <table id="results-table">
                <thead>
                    if many {
                        // The spacer cells are data cells: an empty header cell names nothing (axe).
                        <tr class="strategy-names">
                            <td></td>
                            { for labels.iter().enumerate().map(|(k, l)| html! {
                                <th colspan="3" class={format!("strategy s{k}")}>{ l }</th>
                            }) }
                            <td></td>
                        </tr>
                    }
                    <tr>
                        <th>{ t(lang, Key::Month) }</th>
                        { for tables.iter().map(|_| html! { <>
                            <th>{ t(lang, Key::Median) }</th>
                            <th>{ t(lang, Key::Band50) }</th>
                            <th>{ t(lang, Key::Band90) }</th>
                        </> }) }
                        <th>{ t(lang, Key::Observed) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for (0..n_rows).map(|i| {
                        let first = &tables[0][i];
                        html! {
                            <tr>
                                <td>{ &first.date }</td>
                                { for tables.iter().map(|tb| {
                                    let r = &tb[i];
                                    html! { <>
                                        <td class="num">{ pct(r.median) }</td>
                                        <td class="num">{ band(r.p25, r.p75) }</td>
                                        <td class="num">{ band(r.p05, r.p95) }</td>
                                    </> }
                                }) }
                                <td class="num">{ first.observed.map(pct).unwrap_or_default() }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            </ScrollBox>
        </section>
    }
}

/// What the readout says at each date: each plan's median (with the count of `den`'s offices
/// it stands for) and bands (both bands when it is alone, as drawn), and the observed rate where
/// there is one.
fn readout_points(lang: Lang, labels: &[String], tables: &[Vec<engine::Row>], den: &engine::Denominator) -> Vec<Point> {
    let median = |m: f64| {
        format!("{} ({}/{})", pct(m), engine::thousands(den.count(m) as i64), engine::thousands(den.offices as i64))
    };
    let alone = tables.len() == 1;
    let n = tables.first().map(Vec::len).unwrap_or(0);
    (0..n)
        .map(|i| {
            let line =
                |swatch: &str, label: &str, text: String| Line { swatch: swatch.into(), label: label.into(), text };
            let range = |lo: f64, hi: f64| format!("{}–{}", pct(lo), pct(hi));
            let mut lines: Vec<Line> = Vec::new();
            for (k, rows) in tables.iter().enumerate() {
                let Some(r) = rows.get(i) else { continue };
                if alone {
                    lines.push(line("s0", t(lang, Key::Median), median(r.median)));
                    lines.push(line("b50", t(lang, Key::Band50), range(r.p25, r.p75)));
                    lines.push(line("b90", t(lang, Key::Band90), range(r.p05, r.p95)));
                } else {
                    let text = format!("{} · {} {}", median(r.median), t(lang, Key::Band90), range(r.p05, r.p95));
                    lines.push(line(&format!("s{k}"), &labels[k], text));
                }
            }
            if let Some(o) = tables[0][i].observed {
                lines.push(Line { swatch: "obs".into(), label: t(lang, Key::Observed).into(), text: pct(o) });
            }
            Point { date: tables[0][i].date.clone(), lines }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
struct LegendProps {
    /// One label per plan, in the chart's colours.
    labels: Vec<String>,
    observed: bool,
    /// The "today" line's date, when plans start from the last observation.
    today: Option<String>,
}

/// The chart's legend, under it: each plan's median line in its colour (full name), what the
/// bands hold, the observed points and the today line.
#[function_component(Legend)]
fn legend(p: &LegendProps) -> Html {
    let lang = use_lang();
    let alone = p.labels.len() == 1;
    html! {
        <ul id="chart-legend" class="chart-legend">
            { for p.labels.iter().enumerate().map(|(k, label)| html! {
                <li><span class={format!("line s{k}")}></span>
                    { if alone { t(lang, Key::Median).to_string() } else { format!("{label} ({})", t(lang, Key::Median)) } }</li>
            }) }
            if alone {
                <li><span class="band b50"></span>{ t(lang, Key::Band50) }</li>
                <li><span class="band b90"></span>{ t(lang, Key::Band90) }</li>
            } else {
                <li><span class="band b90"></span>{ lang.pick("各案の90%区間(薄い帯)", "each plan's 90% band (light)") }</li>
            }
            if p.observed {
                <li><span class="dot"></span>{ t(lang, Key::Observed) }</li>
            }
            if let Some(d) = &p.today {
                <li><span class="dash"></span>{ format!("{} {d}", t(lang, Key::Today)) }</li>
            }
        </ul>
    }
}
