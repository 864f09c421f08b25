//! Calibration: regions and budget, the run, the fit and the posterior histograms.

use crate::ui::research::sensitivity::fmt;
use crate::ui::research::state::ResearchAction;
use crate::ui::research::state::ResearchState;
use crate::ui::shared::bridge as engine;
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::{pct, region_name, Lang};
use crate::ui::shared::kit::{columns, JobControls, Panel, Table};
use crate::ui::shared::plan::use_plan;
use crate::ui::shared::store::use_slice;
use crate::ui::state::use_dispatch;
use crate::ui::state::Action;
use crate::ui::workers::{use_job, CalibrateKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

// ---------------------------------------------------------------------------

#[function_component(Calibration)]
pub fn calibration() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let plan = use_plan();
    let research = use_slice::<ResearchState>();
    use_job::<CalibrateKind, _>(research.calib.running(), dispatch.map(|e| ResearchAction::CalibJob(Box::new(e))));
    let budget = |which: &'static str| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Ok(v) = input.value().trim().parse::<usize>() else { return };
            let (mut p, mut g) = (research.calib_particles, research.calib_generations);
            if which == "p" {
                p = v
            } else {
                g = v
            }
            dispatch.send(Action::Research(ResearchAction::SetCalibBudget { particles: p, generations: g }));
        })
    };
    let on_run = dispatch.on(Action::Research(ResearchAction::RunCalibration));
    let on_cancel = dispatch.on(Action::Research(ResearchAction::CancelCalibration));
    let apply = |best: bool| dispatch.on(Action::ApplyCalibration { best });
    let running = research.calib.running_id().is_some();
    let stale = research.calib_stale(plan.scenario.seed);
    let misses = research.calib.result.as_ref().map(|c| c.misses()).unwrap_or_default();
    html! {
        <Panel id="calibration" title={html! { lang.pick("較正(ABC-SMC)", "Calibration (ABC-SMC)") }} help={html! { lang.pick(
    "選んだ地域の 2026-02-28 時点の導入率に合うよう、共通パラメータの事後分布を求めます。粒子数・世代数が小さいほど速く、粗くなります。",
                    "Finds the posterior of the shared parameters that fits the chosen regions' adoption rates at 2026-02-28. Fewer particles and generations are faster and coarser.") }}>
            <fieldset class="grid">
                <legend>{ lang.pick("地域", "Regions") }</legend>
                { for engine::calibration_regions().into_iter().map(|r| {
                    let checked = research.calib_regions.contains(&r);
                    let onchange = {
                        let dispatch = dispatch.clone();
                        let r = r.clone();
                        Callback::from(move |_: Event| dispatch.send(Action::Research(ResearchAction::ToggleCalibRegion(r.clone()))))
                    };
                    html! {
                        <label class="check" for={format!("calib-region-{r}")}>
                            <input type="checkbox" id={format!("calib-region-{r}")} value={r.clone()} {checked} {onchange} />
                            <span>{ region_name(lang, &r) }</span>
                        </label>
                    }
                }) }
            </fieldset>
            <JobControls id="calib" run_label={lang.pick("較正を実行", "Run calibration")} {on_run} {on_cancel} {running}
                run_disabled={research.calib_regions.is_empty()} status={research.calib.status.clone()}
                unit={lang.pick("粒子", "particles")} {lang}>
                <label for="calib-particles">{ lang.pick("粒子数", "Particles") }</label>
                <input id="calib-particles" type="number" min="4" max="1000"
                    value={research.calib_particles.to_string()} onchange={budget("p")} />
                <label for="calib-generations">{ lang.pick("世代数", "Generations") }</label>
                <input id="calib-generations" type="number" min="1" max="10"
                    value={research.calib_generations.to_string()} onchange={budget("g")} />
            </JobControls>
            if let Some(c) = research.calib.result.clone() {
                <div id="calib-result" data-run-id={c.id.to_string()} data-stale={stale.to_string()}
                    class={classes!(stale.then_some("stale"))}>
                    <p id="calib-settings" class="settings">{ settings(lang, &c.request) }</p>
                    <p id="calib-command" class="help">
                        { lang.pick("同じ計算をコマンドラインで(同じ事後分布になります): ", "The same calibration on the command line (it gives the same posterior): ") }
                        // one unbreakable piece per option, so a line never breaks inside "--batch 8"
                        <code class="command">{ for engine::native_command(&c.request, crate::ui::workers::pool_size())
                            .split(" --").enumerate().map(|(k, part)| html! {
                                <>{ if k == 0 { "" } else { " " } }<span>{ if k == 0 { part.to_string() } else { format!("--{part}") } }</span></>
                            }) }</code>
                    </p>
                    if stale && running {
                        // the previous result stays on screen, marked, while the new one runs
                        <p id="calib-stale" class="banner warn" role="status">{ lang.pick(
                            "新しい較正を計算中です。下は前回の較正の結果です(上の設定によるもの)。",
                            "A new calibration is running: below is the previous one's result (from the settings above).") }</p>
                    } else if stale {
                        <p id="calib-stale" class="banner warn" role="status">{ lang.pick(
                            "この結果は上の設定によるものです。現在の設定とは異なるか、その後の較正は中止されました。",
                            "This result comes from the settings above: they differ from the current ones, or a later calibration was cancelled or failed.") }</p>
                    }
                    <p class="meta">
                        { match lang {
                            Lang::Ja => format!("{} 件の提案を評価、{:.1} 秒。", c.result.posterior.proposals, c.elapsed_ms / 1000.0),
                            Lang::En => format!("{} proposals evaluated in {:.1} s.", c.result.posterior.proposals, c.elapsed_ms / 1000.0),
                        } }
                        if let Some(why) = &c.result.posterior.stopped_early { { " " }{ why } }
                    </p>
                    <h3>{ lang.pick("事後分布(横軸は事前分布の範囲、線は中央値)", "Posterior (x: the prior range; line: median)") }</h3>
                    <div id="calib-posterior" class="histograms">
                        { for c.result.posterior.summary.iter().enumerate().map(|(k, s)| {
                            let h = engine::histogram(&c.result.posterior, k, 12);
                            html! { <Histogram name={s.name.clone()} shares={h} lo={s.prior_lo} hi={s.prior_hi}
                                median={s.median} p05={s.p05} p95={s.p95} /> }
                        }) }
                    </div>
                    <h3>{ lang.pick("地域ごとの当てはまり(事後中央値、2026-02-28)", "Fit per region (posterior medians, 2026-02-28)") }</h3>
                    <Table id="calib-fit" head={columns(lang, &[
                        ("地域", "Region"), ("実績", "Observed"), ("中央値", "Median"), ("90%区間", "90% band"),
                        ("区間内", "Inside"),
                    ])}>
                            { for c.result.fits.iter().map(|f| html! {
                                <tr data-region={f.region.clone()}>
                                    <td>{ region_name(lang, &f.region) }</td>
                                    <td class="num">{ pct(f.observed) }</td>
                                    <td class="num">{ pct(f.median) }</td>
                                    <td class="num">{ format!("{} – {}", pct(f.p05), pct(f.p95)) }</td>
                                    <td class="num">{ if f.inside { "✓" } else { "✗" } }</td>
                                </tr>
                            }) }
                    </Table>
                    if !misses.is_empty() {
                        <p id="calib-miss" class="banner warn" role="alert">{ match lang {
                            Lang::Ja => format!("当てはまりが不十分です: {} の実績は90%区間の外です。適用すると計画画面の結果も実績から外れます。",
                                misses.iter().map(|r| region_name(lang, r)).collect::<Vec<_>>().join("、")),
                            Lang::En => format!("The fit misses: the observed rate of {} lies outside the 90% band. Applied, the planner's results would miss it too.",
                                misses.iter().map(|r| region_name(lang, r)).collect::<Vec<_>>().join(", ")),
                        } }</p>
                    }
                    <div class="controls">
                        <button id="calib-apply" type="button" onclick={apply(false)}>
                            { lang.pick("事後中央値を計画画面のパラメータに適用", "Apply the posterior medians to the planner") }
                        </button>
                        <button id="calib-apply-best" type="button" onclick={apply(true)}>
                            { lang.pick("最良の粒子を適用", "Apply the best particle") }
                        </button>
                    </div>
                </div>
            }
        </Panel>
    }
}

#[derive(Properties, PartialEq)]
struct HistogramProps {
    name: String,
    shares: Vec<f64>,
    lo: f64,
    hi: f64,
    median: f64,
    p05: f64,
    p95: f64,
}

/// A small SVG histogram of one parameter's posterior over its prior range.
#[function_component(Histogram)]
fn histogram(p: &HistogramProps) -> Html {
    let (w, h) = (180.0, 60.0);
    let n = p.shares.len().max(1) as f64;
    let top = p.shares.iter().cloned().fold(0.0f64, f64::max).max(1e-9);
    let x = |v: f64| ((v - p.lo) / (p.hi - p.lo).max(f64::MIN_POSITIVE)).clamp(0.0, 1.0) * w;
    html! {
        <figure class="histogram" data-param={p.name.clone()}>
            <svg width={w.to_string()} height={(h + 2.0).to_string()} viewBox={format!("0 0 {w} {}", h + 2.0)}
                role="img" aria-label={format!("{}: {}", p.name, fmt(p.median))}>
                <rect x={x(p.p05).to_string()} y="0" width={(x(p.p95) - x(p.p05)).max(1.0).to_string()}
                    height={h.to_string()} class="band" />
                { for p.shares.iter().enumerate().map(|(i, s)| {
                    let bh = s / top * (h - 4.0);
                    html! { <rect class="bin" x={(i as f64 * w / n + 1.0).to_string()} y={(h - bh).to_string()}
                        width={(w / n - 2.0).max(1.0).to_string()} height={bh.to_string()} /> }
                }) }
                <line class="median" x1={x(p.median).to_string()} x2={x(p.median).to_string()} y1="0" y2={h.to_string()} />
                <line class="axis" x1="0" x2={w.to_string()} y1={h.to_string()} y2={h.to_string()} />
            </svg>
            <figcaption>
                <span class="name">{ &p.name }</span>{ format!(" {} [{} – {}]", fmt(p.median), fmt(p.p05), fmt(p.p95)) }
            </figcaption>
        </figure>
    }
}

/// The settings a calibration ran with, in the page's language.
fn settings(lang: Lang, r: &engine::CalibRequest) -> String {
    let regions: Vec<String> = r.regions.iter().map(|x| region_name(lang, x)).collect();
    match lang {
        Lang::Ja => format!(
            "設定: 地域 {}、粒子 {}、世代 {}、シード {}",
            regions.join("、"),
            r.particles,
            r.generations,
            r.seed
        ),
        Lang::En => format!(
            "Settings: regions {}; {} particles; {} generations; seed {}",
            regions.join(", "),
            r.particles,
            r.generations,
            r.seed
        ),
    }
}
