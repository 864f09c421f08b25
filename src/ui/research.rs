//! The planner's research views: sensitivity (tornado chart), network import
//! and calibration. State and actions live in `state.rs`; the tornado and the
//! calibration run in their own workers (see `App`), the import is checked on
//! the page (the core parses the tables; nothing leaves the browser).

use super::chart;
use super::dom;
use super::engine;
use super::i18n::{pct, region_name, Lang};
use super::state::{Action, AppContext, RangeSource, RunStatus, TableKind};
use web_sys::{HtmlCanvasElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// A label in the page's language.
fn l(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

#[hook]
fn use_app() -> AppContext {
    use_context::<AppContext>().expect("AppContext is provided by <App>")
}

#[derive(Properties, PartialEq)]
struct JobStatusProps {
    /// Element id of the status line.
    id: AttrValue,
    status: RunStatus,
    /// What the progress counts, e.g. "scenarios".
    unit: AttrValue,
}

/// Progress, cancelled or failed, like the main run's status line.
#[function_component(JobStatus)]
fn job_status(props: &JobStatusProps) -> Html {
    let app = use_app();
    let lang = app.lang;
    let id = props.id.clone();
    match props.status.clone() {
        RunStatus::Idle => html! { <div {id} class="status idle" data-state="idle"></div> },
        RunStatus::Running { done, total, .. } => html! {
            <div {id} class="status running" data-state="running" role="status">
                <span>{ l(lang, "計算中", "Running") }{ format!(" {done}/{total} {}", props.unit) }</span>
                <progress max={total.max(1).to_string()} value={done.to_string()}></progress>
            </div>
        },
        RunStatus::Cancelled => html! {
            <div {id} class="status cancelled" data-state="cancelled" role="status">
                { l(lang, "中止しました", "Cancelled") }
            </div>
        },
        RunStatus::Failed(m) => html! {
            <div {id} class="status banner error" data-state="failed" role="alert">
                { l(lang, "計算できませんでした", "The run failed") }{ ": " }{ m }
            </div>
        },
    }
}

// ---------------------------------------------------------------------------

#[function_component(Sensitivity)]
pub fn sensitivity() -> Html {
    let app = use_app();
    let lang = app.lang;
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let result = app.tornado.clone();
        use_effect_with((result, lang), move |(result, lang)| {
            if let (Some(r), Some(c)) = (result, canvas.cast::<HtmlCanvasElement>()) {
                let labels: Vec<String> =
                    r.tornado.bars.iter().map(|b| engine::param_label(&b.param, *lang == Lang::Ja)).collect();
                if let Err(e) = chart::draw_tornado(c, &r.tornado, &labels, *lang) {
                    web_sys::console::warn_1(&format!("tornado chart: {e}").into());
                }
            }
        });
    }
    let on_run = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::RunTornado))
    };
    let on_cancel = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::CancelTornado))
    };
    let running = app.tornado_running_id().is_some();
    let source = match &app.tornado {
        Some(r) => r.source,
        None if app.calibration.is_some() => RangeSource::Calibrated,
        None => RangeSource::Shipped,
    };
    let source_text = match source {
        RangeSource::Shipped => l(
            lang,
            "範囲: 較正済みパラメータは同梱の事後分布の90%区間、その他は現在値の±50%。",
            "Ranges: the shipped posterior's 90% interval for calibrated parameters, ±50% of the value for the others.",
        ),
        RangeSource::Calibrated => l(
            lang,
            "範囲: 較正済みパラメータはこのページで較正した事後分布の90%区間、その他は現在値の±50%。",
            "Ranges: the 90% interval of the calibration run on this page for calibrated parameters, ±50% for the others.",
        ),
    };
    html! {
        <section id="sensitivity" class="panel" aria-labelledby="sensitivity-title">
            <h2 id="sensitivity-title">{ l(lang, "感度分析(トルネード図)", "Sensitivity (tornado chart)") }</h2>
            <p class="help">
                { l(lang,
                    "表示中のシナリオについて、パラメータを一つずつ範囲の下端・上端に変え、期間末の導入率(中央値)がどれだけ動くかを比べます。",
                    "For the scenario on screen, each parameter in turn is set to the low and the high end of its range; the bars show how far the end-of-horizon adoption rate (median) moves.") }
                { format!(" {} {} ", source_text, match lang {
                    Lang::Ja => format!("各{}回試行。", engine::TORNADO_REPS),
                    Lang::En => format!("{} replications each.", engine::TORNADO_REPS),
                }) }
            </p>
            <div class="controls">
                <button id="tornado-run" type="button" onclick={on_run} disabled={!app.errors.is_empty()}>
                    { l(lang, "感度分析を実行", "Run sensitivity") }
                </button>
                <button id="tornado-cancel" type="button" onclick={on_cancel} disabled={!running}>
                    { l(lang, "中止", "Cancel") }
                </button>
            </div>
            <JobStatus id="tornado-status" status={app.tornado_status.clone()} unit={l(lang, "シナリオ", "scenarios")} />
            if let Some(r) = app.tornado.clone() {
                <figure>
                    <canvas id="tornado-chart" ref={canvas} width="900"
                        height={chart::tornado_height(r.tornado.bars.len()).to_string()}
                        data-bars={r.tornado.bars.len().to_string()} role="img"
                        aria-label={l(lang, "トルネード図", "Tornado chart")}></canvas>
                    <figcaption>
                        { match lang {
                            Lang::Ja => format!("{} の {} 時点の導入率。基準 {}。左: 下端、右: 上端(色は凡例)。{:.0} ms",
                                region_name(lang, &r.region), r.tornado.date, pct(r.tornado.base_rate), r.elapsed_ms),
                            Lang::En => format!("Adoption rate of {} at {}. Base {}. {:.0} ms",
                                region_name(lang, &r.region), r.tornado.date, pct(r.tornado.base_rate), r.elapsed_ms),
                        } }
                    </figcaption>
                </figure>
                <table id="tornado-table">
                    <thead><tr>
                        <th>{ l(lang, "パラメータ", "Parameter") }</th>
                        <th>{ l(lang, "下端", "Low") }</th>
                        <th>{ l(lang, "上端", "High") }</th>
                        <th>{ l(lang, "下端での導入率", "Rate at low") }</th>
                        <th>{ l(lang, "上端での導入率", "Rate at high") }</th>
                        <th>{ l(lang, "振れ幅", "Swing") }</th>
                    </tr></thead>
                    <tbody>
                        { for r.tornado.bars.iter().map(|b| html! {
                            <tr data-param={b.param.clone()}>
                                <td>{ engine::param_label(&b.param, lang == Lang::Ja) }</td>
                                <td class="num">{ fmt(b.low) }</td>
                                <td class="num">{ fmt(b.high) }</td>
                                <td class="num">{ pct(b.rate_low) }</td>
                                <td class="num">{ pct(b.rate_high) }</td>
                                <td class="num">{ format!("{:.1} pt", b.swing() * 100.0) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

fn fmt(v: f64) -> String {
    if v != 0.0 && v.abs() < 0.01 {
        format!("{v:.4}")
    } else {
        format!("{v:.3}")
    }
}

// ---------------------------------------------------------------------------

#[function_component(NetworkImport)]
pub fn network_import() -> Html {
    let app = use_app();
    let lang = app.lang;
    let on_file = |kind: TableKind| {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            if file.size() > engine::MAX_IMPORT_BYTES {
                app.dispatch(Action::FileTooLarge { table: Some(kind), name: file.name(), bytes: file.size() });
                return;
            }
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(t) => t.as_string().unwrap_or_default(),
                    Err(e) => format!("{e:?}"),
                };
                app.dispatch(Action::ImportTable { kind, name, text });
            });
        })
    };
    let sample = |name: &'static str, text: &'static str| {
        Callback::from(move |_| {
            let _ = dom::download(name, "text/csv", text);
        })
    };
    let on_run = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::RunImported))
    };
    let imp = &app.import;
    let headers = imp.headers();
    let missing = imp.missing();
    let file_name = |f: &Option<super::state::TableFile>| f.as_ref().map(|f| f.name.clone()).unwrap_or_default();
    html! {
        <section id="import" class="panel" aria-labelledby="import-title">
            <h2 id="import-title">{ l(lang, "実際のネットワークを読み込む", "Import a real network") }</h2>
            <p class="help">
                { l(lang,
                    "事業所一覧(id, area, role, adopted, external, barrier)と取引関係(from, to)の CSV を選んでください。ファイルはこのブラウザの中だけで読み込まれ、送信されません。",
                    "Choose the office table (id, area, role, adopted, external, barrier) and the partner edge list (from, to) as CSV. The files are read inside this browser and never sent anywhere.") }
            </p>
            <div class="controls">
                <button id="sample-offices" type="button" onclick={sample("offices.csv", engine::SAMPLE_OFFICES)}>
                    { l(lang, "見本: offices.csv", "Sample: offices.csv") }
                </button>
                <button id="sample-edges" type="button" onclick={sample("edges.csv", engine::SAMPLE_EDGES)}>
                    { l(lang, "見本: edges.csv", "Sample: edges.csv") }
                </button>
            </div>
            <div class="grid">
                <div class="field">
                    <label for="import-offices">
                        <span class="name">{ l(lang, "事業所一覧 (CSV)", "Office table (CSV)") }</span>
                        <span class="help">{ file_name(&imp.offices) }</span>
                    </label>
                    <input id="import-offices" type="file" accept=".csv,text/csv" onchange={on_file(TableKind::Offices)} />
                </div>
                <div class="field">
                    <label for="import-edges">
                        <span class="name">{ l(lang, "取引関係 (CSV)", "Edge list (CSV)") }</span>
                        <span class="help">{ file_name(&imp.edges) }</span>
                    </label>
                    <input id="import-edges" type="file" accept=".csv,text/csv" onchange={on_file(TableKind::Edges)} />
                </div>
            </div>
            if !missing.is_empty() {
                <fieldset id="import-mapping" class="mapping">
                    <legend>{ l(lang, "列の対応(見出しが違うときに選んでください)", "Column mapping (the headers differ: pick the columns)") }</legend>
                    { for missing.iter().map(|col| {
                        let col = *col;
                        let chosen = imp.mapping.get(col).cloned().unwrap_or_default();
                        let onchange = {
                            let app = app.clone();
                            Callback::from(move |e: Event| {
                                let sel: HtmlSelectElement = e.target_unchecked_into();
                                app.dispatch(Action::MapColumn { column: col.to_string(), header: sel.value() });
                            })
                        };
                        html! {
                            <label class="check" for={format!("map-{col}")}>
                                <span class="name">{ col }</span>
                                <select id={format!("map-{col}")} {onchange}>
                                    <option value="" selected={chosen.is_empty()}>{ l(lang, "(選択)", "(choose)") }</option>
                                    { for headers.iter().map(|h| html! {
                                        <option value={h.clone()} selected={*h == chosen}>{ h }</option>
                                    }) }
                                </select>
                            </label>
                        }
                    }) }
                </fieldset>
            }
            { match (&imp.too_large, &imp.preview) {
                (Some((name, bytes)), _) => html! {
                    <p id="import-error" class="banner error" role="alert">
                        { l(lang, "読み込めません: ", "Cannot import: ") }
                        <span class="detail">{ super::components::too_large(lang, name, *bytes) }</span>
                    </p>
                },
                (None, Some(Err(m))) => html! {
                    <p id="import-error" class="banner error" role="alert">
                        { l(lang, "読み込めません: ", "Cannot import: ") }<span class="detail">{ m }</span>
                    </p>
                },
                (None, Some(Ok(p))) => html! {
                    <div id="import-preview" role="status">
                        <p>
                            { match lang {
                                Lang::Ja => format!("事業所 {} (ほか市外 {})、圏域 {}、取引関係 {} 本、導入済み {}。",
                                    p.offices, p.external, p.areas, p.links, p.adopters),
                                Lang::En => format!("{} offices (+{} external), {} areas, {} links, {} adopters.",
                                    p.offices, p.external, p.areas, p.links, p.adopters),
                            } }
                        </p>
                        <button id="import-run" type="button" onclick={on_run}>
                            { l(lang, "このネットワークで実行(選んだ取組で)", "Run on this network (with the chosen strategies)") }
                        </button>
                    </div>
                },
                (None, None) => html! {},
            } }
        </section>
    }
}

// ---------------------------------------------------------------------------

#[function_component(Calibration)]
pub fn calibration() -> Html {
    let app = use_app();
    let lang = app.lang;
    let budget = |which: &'static str| {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Ok(v) = input.value().trim().parse::<usize>() else { return };
            let (mut p, mut g) = (app.calib_particles, app.calib_generations);
            if which == "p" {
                p = v
            } else {
                g = v
            }
            app.dispatch(Action::SetCalibBudget { particles: p, generations: g });
        })
    };
    let on_run = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::RunCalibration))
    };
    let on_cancel = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::CancelCalibration))
    };
    let apply = |best: bool| {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::ApplyCalibration { best }))
    };
    let running = app.calib_running_id().is_some();
    html! {
        <section id="calibration" class="panel" aria-labelledby="calibration-title">
            <h2 id="calibration-title">{ l(lang, "較正(ABC-SMC)", "Calibration (ABC-SMC)") }</h2>
            <p class="help">
                { l(lang,
                    "選んだ地域の 2026-02-28 時点の導入率に合うよう、共通パラメータの事後分布を求めます。粒子数・世代数が小さいほど速く、粗くなります。",
                    "Finds the posterior of the shared parameters that fits the chosen regions' adoption rates at 2026-02-28. Fewer particles and generations are faster and coarser.") }
            </p>
            <fieldset class="grid">
                <legend>{ l(lang, "地域", "Regions") }</legend>
                { for engine::calibration_regions().into_iter().map(|r| {
                    let checked = app.calib_regions.contains(&r);
                    let onchange = {
                        let app = app.clone();
                        let r = r.clone();
                        Callback::from(move |_: Event| app.dispatch(Action::ToggleCalibRegion(r.clone())))
                    };
                    html! {
                        <label class="check" for={format!("calib-region-{r}")}>
                            <input type="checkbox" id={format!("calib-region-{r}")} value={r.clone()} {checked} {onchange} />
                            <span>{ region_name(lang, &r) }</span>
                        </label>
                    }
                }) }
            </fieldset>
            <div class="controls">
                <label for="calib-particles">{ l(lang, "粒子数", "Particles") }</label>
                <input id="calib-particles" type="number" min="4" max="1000"
                    value={app.calib_particles.to_string()} onchange={budget("p")} />
                <label for="calib-generations">{ l(lang, "世代数", "Generations") }</label>
                <input id="calib-generations" type="number" min="1" max="10"
                    value={app.calib_generations.to_string()} onchange={budget("g")} />
                <button id="calib-run" type="button" onclick={on_run} disabled={app.calib_regions.is_empty()}>
                    { l(lang, "較正を実行", "Run calibration") }
                </button>
                <button id="calib-cancel" type="button" onclick={on_cancel} disabled={!running}>
                    { l(lang, "中止", "Cancel") }
                </button>
            </div>
            <JobStatus id="calib-status" status={app.calib_status.clone()} unit={l(lang, "粒子", "particles")} />
            if let Some(c) = app.calibration.clone() {
                <div id="calib-result" data-run-id={c.id.to_string()}>
                    <p class="meta">
                        { match lang {
                            Lang::Ja => format!("{} 件の提案を評価、{:.1} 秒。", c.result.posterior.proposals, c.elapsed_ms / 1000.0),
                            Lang::En => format!("{} proposals evaluated in {:.1} s.", c.result.posterior.proposals, c.elapsed_ms / 1000.0),
                        } }
                        if let Some(why) = &c.result.posterior.stopped_early { { " " }{ why } }
                    </p>
                    <h3>{ l(lang, "事後分布(横軸は事前分布の範囲、線は中央値)", "Posterior (x: the prior range; line: median)") }</h3>
                    <div id="calib-posterior" class="histograms">
                        { for c.result.posterior.summary.iter().enumerate().map(|(k, s)| {
                            let h = engine::histogram(&c.result.posterior, k, 12);
                            html! { <Histogram name={s.name.clone()} shares={h} lo={s.prior_lo} hi={s.prior_hi}
                                median={s.median} p05={s.p05} p95={s.p95} /> }
                        }) }
                    </div>
                    <h3>{ l(lang, "地域ごとの当てはまり(事後中央値、2026-02-28)", "Fit per region (posterior medians, 2026-02-28)") }</h3>
                    <table id="calib-fit">
                        <thead><tr>
                            <th>{ l(lang, "地域", "Region") }</th>
                            <th>{ l(lang, "実績", "Observed") }</th>
                            <th>{ l(lang, "中央値", "Median") }</th>
                            <th>{ l(lang, "90%区間", "90% band") }</th>
                            <th>{ l(lang, "区間内", "Inside") }</th>
                        </tr></thead>
                        <tbody>
                            { for c.result.fits.iter().map(|f| html! {
                                <tr data-region={f.region.clone()}>
                                    <td>{ region_name(lang, &f.region) }</td>
                                    <td class="num">{ pct(f.observed) }</td>
                                    <td class="num">{ pct(f.median) }</td>
                                    <td class="num">{ format!("{} – {}", pct(f.p05), pct(f.p95)) }</td>
                                    <td class="num">{ if f.inside { "✓" } else { "✗" } }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    <div class="controls">
                        <button id="calib-apply" type="button" onclick={apply(false)}>
                            { l(lang, "事後中央値を計画画面のパラメータに適用", "Apply the posterior medians to the planner") }
                        </button>
                        <button id="calib-apply-best" type="button" onclick={apply(true)}>
                            { l(lang, "最良の粒子を適用", "Apply the best particle") }
                        </button>
                    </div>
                </div>
            }
        </section>
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
