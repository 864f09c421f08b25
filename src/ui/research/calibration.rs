//! Calibration: regions and budget, the run, the fit and the posterior histograms.

use crate::ui::research::posterior::{Histograms, IdentTable, TagSource};
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
            if research.calib.result.is_none() {
                <IdentTable summary={engine::shipped_summary()} source={TagSource::Shipped} {lang} />
            }
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
                    { proposals(lang, &c.result.posterior, c.elapsed_ms) }
                    <h3>{ lang.pick("事後分布", "Posterior") }</h3>
                    <Histograms posterior={c.result.posterior.clone()} {lang} />
                    <IdentTable summary={c.result.posterior.summary.clone()} source={TagSource::Calibrated} {lang} />
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

/// What the run evaluated, against its budget: the proposals in all, per generation at most
/// the cap of the command above (`--max-proposals-per-generation`), and why it stopped.
fn proposals(lang: Lang, post: &engine::Posterior, elapsed_ms: f64) -> Html {
    let cap = post.config.max_proposals_per_generation;
    let most = post.generations.iter().map(|g| g.proposals).max().unwrap_or(0);
    let (n, gens, secs) = (post.proposals, post.generations.len(), elapsed_ms / 1000.0);
    let text = match lang {
        Lang::Ja => format!(
            "{n} 件の提案を {gens} 世代で評価、{secs:.1} 秒。提案数の上限は1世代あたり {cap} 件(合計ではありません。最も多かった世代で {most} 件)"
        ),
        Lang::En => format!(
            "{n} proposals evaluated over {gens} generations in {secs:.1} s. The budget is at most {cap} proposals per generation, not in all (the most one generation used: {most})"
        ),
    };
    html! {
        <p id="calib-proposals" class="meta" data-total={n.to_string()} data-cap-per-generation={cap.to_string()}
            data-most={most.to_string()} data-generations={gens.to_string()}>
            { text }{ ": " }<code>{ format!("--max-proposals-per-generation {cap}") }</code>{ lang.pick("。", ".") }
            { " " }{ stop(lang, post) }
        </p>
    }
}

/// Why the calibration stopped, in the page's language.
fn stop(lang: Lang, post: &engine::Posterior) -> String {
    let cfg = &post.config;
    match (post.stop(), lang) {
        (engine::Stop::Budget, Lang::Ja) => format!("世代数の上限({})で終了しました。", cfg.generations),
        (engine::Stop::Budget, Lang::En) => format!("It stopped at the generation budget ({}).", cfg.generations),
        (engine::Stop::Acceptance(a), Lang::Ja) => format!(
            "受理率が {:.1}% と下限 {:.0}% を下回ったため終了しました(許容誤差がデータとノイズの限界に達した)。",
            100.0 * a, 100.0 * cfg.min_acceptance),
        (engine::Stop::Acceptance(a), Lang::En) => format!(
            "It stopped when acceptance fell to {:.1}%, below {:.0}% (the tolerance reached what the data and the noise allow).",
            100.0 * a, 100.0 * cfg.min_acceptance),
        (engine::Stop::Stalled, Lang::Ja) => format!(
            "許容誤差の改善が {:.0}% 未満になったため終了しました。", 100.0 * cfg.min_eps_drop),
        (engine::Stop::Stalled, Lang::En) => format!(
            "It stopped when the tolerance fell by less than {:.0}%.", 100.0 * cfg.min_eps_drop),
        (engine::Stop::Cap { generation }, Lang::Ja) => format!(
            "世代 {generation} が上限の提案数で粒子を揃えられず、世代 {} までの結果です。", generation.saturating_sub(1)),
        (engine::Stop::Cap { generation }, Lang::En) => format!(
            "Generation {generation} reached the proposal cap before its particles: the result is generation {}'s.",
            generation.saturating_sub(1)),
    }
}
