//! `#bench`: the benchmark in the page, for anyone to open (`#bench&workers=N` sets the
//! pool's size for this visit). It runs `renkei bench`'s cases through the page's pool of
//! workers: the peers' core case, Sendai-size 1,000 replications with every lever (on the
//! pool and on one worker), a national-scale replication; and the engine's reference run on
//! 1, 2 and 3 workers, whose fingerprints must equal the native one. The figures are shown
//! and written as JSON into `#bench-result`; the e2e suite reads them from there.

use super::engine::{self, CalibRequest, Posterior, Scenario, Summary};
use super::options::jobs::RankKind;
use super::workers::{self, AnyEvent, CalibrateKind, JobEvent, RunKind, Workers};
use crate::ui::shared::i18n::{region_name, use_lang, Lang};
use crate::ui::shared::route::Route;
use js_sys::Promise;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// Whether the address asks for the benchmark.
pub fn hash_is_bench() -> bool {
    hash().is_some_and(|h| Route::from_hash(&h) == Route::Bench)
}

fn hash() -> Option<String> {
    web_sys::window().and_then(|w| w.location().hash().ok())
}

/// `workers=N` in the address, if any.
fn workers_in_hash() -> Option<usize> {
    hash()?.split('&').find_map(|kv| kv.strip_prefix("workers=")).and_then(|v| v.parse().ok())
}

/// A job's reply (of the kind started) and milliseconds, or its error.
type Outcome = Result<(Box<dyn std::any::Any>, f64), String>;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

/// The benchmark's calibration: milliseconds to the posterior (ABC only, what `renkei
/// calibrate` reports as `seconds`), milliseconds in all (fits included), the posterior.
struct Calibrated {
    abc_ms: f64,
    total_ms: f64,
    posterior: Posterior,
}

/// A pool whose results the benchmark awaits, one run at a time.
struct Runner {
    pool: Workers,
    result: Rc<RefCell<Option<Outcome>>>,
    resolve: Rc<RefCell<Option<js_sys::Function>>>,
    /// When a calibration's last batch was accepted (`performance.now()`: the ABC ends
    /// there; the fits per region follow).
    last_accept: Rc<Cell<f64>>,
}

impl Runner {
    fn new(workers: Option<usize>) -> Runner {
        let result = Rc::new(RefCell::new(None));
        let resolve: Rc<RefCell<Option<js_sys::Function>>> = Rc::new(RefCell::new(None));
        let last_accept = Rc::new(Cell::new(0.0));
        let (r, f, c) = (result.clone(), resolve.clone(), last_accept.clone());
        let sink = move |e: AnyEvent| {
            let out = match e {
                JobEvent::Finished { reply, elapsed_ms, .. } => Ok((reply, elapsed_ms)),
                // A calibration's progress comes once per accepted batch.
                JobEvent::Progress { .. } => return c.set(now_ms()),
                JobEvent::Failed { problem, .. } => Err(problem.to_string()),
            };
            *r.borrow_mut() = Some(out);
            if let Some(done) = f.borrow_mut().take() {
                let _ = done.call0(&JsValue::NULL);
            }
        };
        Runner { pool: Workers::new(workers, sink), result, resolve, last_accept }
    }

    /// Runs `scenario` on the pool: its summary and the milliseconds from request to result.
    async fn run(&self, id: u32, scenario: Scenario) -> Result<(Summary, f64), String> {
        let (mut s, ms) = self.outcome::<RunKind>(id, &vec![scenario]).await?;
        s.pop().map(|s| (s, ms)).ok_or_else(|| "no summary".to_string())
    }

    /// Calibrates on the pool (ABC-SMC, then the fits).
    async fn calibrate(&self, id: u32, request: CalibRequest) -> Result<Calibrated, String> {
        self.last_accept.set(0.0);
        let t0 = now_ms();
        let (result, total_ms) = self.outcome::<CalibrateKind>(id, &request).await?;
        Ok(Calibrated { abc_ms: self.last_accept.get() - t0, total_ms, posterior: result.posterior })
    }

    /// Ranks every option (the planner's job, on one worker): the milliseconds from request to
    /// result, and how many rows.
    async fn rank(
        &self,
        id: u32,
        request: crate::ui::shared::bridge_options::RankRequest,
    ) -> Result<(f64, usize), String> {
        let t0 = now_ms();
        let (result, _) = self.outcome::<RankKind>(id, &request).await?;
        Ok((now_ms() - t0, result.rows.len()))
    }

    /// Starts job `id` of kind `K` and awaits its reply.
    async fn outcome<K: workers::Launch>(&self, id: u32, request: &K::Request) -> Result<(K::Reply, f64), String> {
        let resolve = self.resolve.clone();
        let promise = Promise::new(&mut |res, _| *resolve.borrow_mut() = Some(res));
        self.pool.start::<K>(id, request);
        JsFuture::from(promise).await.map_err(|e| format!("{e:?}"))?;
        let (reply, ms) = self.result.borrow_mut().take().unwrap_or_else(|| Err("no result".into()))?;
        let reply = reply.downcast::<K::Reply>().map_err(|_| format!("not a {} reply", K::NAME))?;
        Ok((*reply, ms))
    }
}

/// The longest gap between animation frames while `on` is set (is the page responsive?).
fn watch_frames(on: Rc<Cell<bool>>, longest: Rc<Cell<f64>>) {
    type Tick = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;
    let tick: Tick = Rc::new(RefCell::new(None));
    let again = tick.clone();
    let last = Cell::new(f64::NAN);
    *tick.borrow_mut() = Some(Closure::new(move |t: f64| {
        if !on.get() {
            again.borrow_mut().take(); // ends the loop (frees this closure after the call)
            return;
        }
        if !last.get().is_nan() {
            longest.set(longest.get().max(t - last.get()));
        }
        last.set(t);
        if let (Some(w), Some(cb)) = (web_sys::window(), again.borrow().as_ref()) {
            let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
        }
    }));
    let first = tick.borrow();
    if let (Some(w), Some(cb)) = (web_sys::window(), first.as_ref()) {
        let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
    }
}

/// One measured figure: what it is and what it means (Japanese, English), the figure, and for
/// a fingerprint whether it equals the one it must (the same run natively or on one worker).
struct Line {
    label: (String, String),
    value: (String, String),
    means: (&'static str, &'static str),
    same: Option<bool>,
}

/// What the benchmark has measured so far: its lines and the final JSON.
#[derive(Default)]
struct Report {
    lines: Vec<Line>,
    json: Option<String>,
    /// The calibration's posterior as JSON, for the e2e check against the CLI's (not shown:
    /// hundreds of lines).
    posterior: Option<String>,
    error: Option<String>,
}

const SENDAI_REPS: u32 = 1000;
const CORE_REPS: u32 = 1000;
const CORE_WEEKS: u32 = 26;
const CORE_OFFICES: u32 = 2100;

/// The calibration case: the one the research panel starts by default (its regions,
/// particles and generations), seed 1, which takes seconds. `renkei calibrate` with these
/// settings, the page's batch and proposal budget (`engine::calib_config`) and `--threads` =
/// the pool's size is its native counterpart: the same proposals, the same posterior (the
/// e2e suite runs it and compares; `engine::native_command` prints it).
const CALIB_SEED: u64 = 1;

fn calib_request() -> CalibRequest {
    super::research::state::ResearchState::default().calib_request(CALIB_SEED)
}

async fn bench(report: Rc<RefCell<Report>>, redraw: Callback<()>) -> Result<(), String> {
    let line =
        |label: (String, String), value: (String, String), means: (&'static str, &'static str), same: Option<bool>| {
            report.borrow_mut().lines.push(Line { label, value, means, same });
            redraw.emit(());
        };
    let both = |ja: &str, en: &str| (ja.to_string(), en.to_string());
    let main = Runner::new(None);
    let one = Runner::new(Some(1));
    let n = workers::pool_size();
    line(
        both("ワーカー数", "workers"),
        both(
            &format!("{n}(navigator.hardwareConcurrency = {})", workers::default_size()),
            &format!("{n} (navigator.hardwareConcurrency = {})", workers::default_size()),
        ),
        ("このブラウザーで並列に計算するワーカーの数。", "How many workers compute side by side in this browser."),
        None,
    );
    // Load every worker's wasm before timing.
    main.run(1, engine::core_case(CORE_OFFICES, 50, CORE_WEEKS, 2 * n as u32).map_err(|e| e.to_string())?).await?;
    one.run(2, engine::core_case(CORE_OFFICES, 50, CORE_WEEKS, 2).map_err(|e| e.to_string())?).await?;

    // The same bytes on 1, 2 and 3 workers, and natively.
    let mut prints = Vec::new();
    for k in 1..=3 {
        let r = Runner::new(Some(k));
        let (s, _) = r.run(3, engine::reference_scenario()).await?;
        r.pool.shutdown();
        prints.push(engine::fingerprint(&s));
    }
    let native = engine::NATIVE_REFERENCE_FINGERPRINT.trim();
    line(
        both("基準の実行の指紋(ワーカー1/2/3)", "reference run fingerprint, 1 / 2 / 3 workers"),
        both(
            &format!("{}(コマンドライン版 {native})", prints.join(" / ")),
            &format!("{} (native {native})", prints.join(" / ")),
        ),
        (
            "同じシナリオと乱数の種なら、ワーカー数によらずコマンドライン版と同じ結果になることの確認。",
            "Checks that the same scenario and seed give the command line's result on any number of workers.",
        ),
        Some(prints.iter().all(|p| p == native)),
    );

    let frames_on = Rc::new(Cell::new(true));
    let longest = Rc::new(Cell::new(0.0));
    watch_frames(frames_on.clone(), longest.clone());
    let steps = (CORE_REPS * CORE_WEEKS * CORE_OFFICES) as f64;
    let (_, core_ms) =
        main.run(4, engine::core_case(CORE_OFFICES, 50, CORE_WEEKS, CORE_REPS).map_err(|e| e.to_string())?).await?;
    let (_, core_one_ms) =
        one.run(5, engine::core_case(CORE_OFFICES, 50, CORE_WEEKS, CORE_REPS).map_err(|e| e.to_string())?).await?;
    let core = steps / (core_ms / 1e3);
    let core_one = steps / (core_one_ms / 1e3);
    line(
        (
            format!("基本ケース(他実装と共通): {CORE_REPS}回 × {CORE_WEEKS}週 × {CORE_OFFICES}事業所"),
            format!("core case (peers): {CORE_REPS} reps × {CORE_WEEKS} weeks × {CORE_OFFICES} offices"),
        ),
        both(
            &format!("ワーカー{n}つで毎秒 {:.1} M 事業所・週、1つで {:.1} M", core / 1e6, core_one / 1e6),
            &format!("{:.1} M office-steps/s on {n} workers, {:.1} M on one", core / 1e6, core_one / 1e6),
        ),
        (
            "1秒あたりに進める「事業所×週」の数(百万)。大きいほど速い。",
            "Millions of office-weeks simulated per second: higher is faster.",
        ),
        None,
    );
    let sendai = engine::every_lever_sendai(SENDAI_REPS).map_err(|e| e.to_string())?;
    let (s_pool, sendai_ms) = main.run(6, sendai.clone()).await?;
    let (s_one, sendai_one_ms) = one.run(7, sendai).await?;
    line(
        (
            format!("仙台規模・全種類の取組・{SENDAI_REPS}回"),
            format!("Sendai-size, every lever, {SENDAI_REPS} replications"),
        ),
        both(
            &format!("ワーカー{n}つで {sendai_ms:.0} ms、1つで {sendai_one_ms:.0} ms"),
            &format!("{sendai_ms:.0} ms on {n} workers, {sendai_one_ms:.0} ms on one"),
        ),
        ("大きな市の1回の試算にかかる時間。", "The time of one forecast for a large city."),
        None,
    );
    let (_, national_ms) = main.run(8, engine::nation(290_000, 5_400).map_err(|e| e.to_string())?).await?;
    line(
        both(
            "全国規模: 290,000事業所・12か月・1回(ネットワーク生成を含む)",
            "national scale: 290,000 offices, 12 months, 1 replication incl. network",
        ),
        both(&format!("{national_ms:.0} ms"), &format!("{national_ms:.0} ms")),
        (
            "全国の事業所を1回動かす時間(メモリと速度の上限の確認)。",
            "One run of every office in the country: the page's size limit.",
        ),
        None,
    );
    // Every option ranked, as the planner's button asks it: Okazaki from today, the default
    // replications, the goal panel's default target.
    let planner = crate::ui::planner::state::PlannerState::default();
    let base = planner.run_base();
    let rank_request = crate::ui::shared::bridge_options::RankRequest {
        base: Box::new(base.clone()),
        what_ifs: vec![],
        target: crate::ui::goal::state::GoalState::default().target(),
    };
    let (rank_ms, rank_rows) = main.rank(10, rank_request).await?;
    line(
        (
            format!(
                "すべての選択肢の順位: {}、{}から、{}案、各{}回",
                region_name(Lang::Ja, &planner.region),
                base.start,
                rank_rows,
                base.replications
            ),
            format!(
                "every option ranked: {} from {}, {} options, {} replications",
                region_name(Lang::En, &planner.region),
                base.start,
                rank_rows,
                base.replications
            ),
        ),
        both(&format!("{rank_ms:.0} ms(ワーカー1つ)"), &format!("{rank_ms:.0} ms (one worker)")),
        ("「すべての選択肢を比較」ボタン1回の待ち時間。", "The wait of one press of \"Rank every option\"."),
        None,
    );
    let request = calib_request();
    let calib = main.calibrate(9, request.clone()).await?;
    line(
        (
            format!(
                "較正(研究パネルの既定): {}地域・{}粒子・{}世代",
                request.regions.len(),
                request.particles,
                request.generations
            ),
            format!(
                "calibration (the research panel's default): {} regions, {} particles, {} generations",
                request.regions.len(),
                request.particles,
                request.generations
            ),
        ),
        both(
            &format!(
                "ワーカー{n}つで事後分布まで {:.0} ms({}回の提案)、地域ごとの適合まで {:.0} ms(コマンドライン版: {})",
                calib.abc_ms,
                calib.posterior.proposals,
                calib.total_ms,
                engine::native_command(&request, n)
            ),
            &format!(
                "{:.0} ms to the posterior on {n} workers ({} proposals), {:.0} ms with the fits per region \
                 (native: {})",
                calib.abc_ms,
                calib.posterior.proposals,
                calib.total_ms,
                engine::native_command(&request, n)
            ),
        ),
        (
            "研究パネルの較正にかかる時間。同じ設定のコマンドライン版と同じ事後分布になります。",
            "The research panel's calibration: the same posterior as the command line with these settings.",
        ),
        None,
    );
    frames_on.set(false);
    line(
        both("計算中の画面更新の最長の間隔", "longest gap between frames while running"),
        both(&format!("{:.0} ms", longest.get()), &format!("{:.0} ms", longest.get())),
        (
            "計算中もページが反応するかの目安(短いほどよい。100 ms 未満なら操作が止まって見えない)。",
            "Whether the page stays responsive while computing: shorter is better; under 100 ms feels instant.",
        ),
        None,
    );
    // Hashing 1,000 replications' paths takes the main thread tens of milliseconds: the
    // benchmark's own check, done after the frames are watched, not during.
    let (fp_pool, fp_one) = (engine::fingerprint(&s_pool), engine::fingerprint(&s_one));
    line(
        both("仙台規模の指紋(全ワーカー / 1ワーカー)", "Sendai-size fingerprints, pool / one worker"),
        both(&format!("{fp_pool} / {fp_one}"), &format!("{fp_pool} / {fp_one}")),
        (
            "ワーカーの数によらず同じ結果になることの確認。",
            "Checks that the pool gives one worker's result, to the bit.",
        ),
        Some(fp_pool == fp_one),
    );
    main.pool.shutdown();
    one.pool.shutdown();
    let json = serde_json::json!({
        "workers": n,
        "core_case_office_steps_per_s": core.round() as u64,
        "core_case_office_steps_per_s_one_worker": core_one.round() as u64,
        "sendai_1000_ms": sendai_ms.round() as u64,
        "sendai_1000_ms_one_worker": sendai_one_ms.round() as u64,
        "national_ms": national_ms.round() as u64,
        "rank_all_ms": rank_ms.round() as u64,
        "rank_all_options": rank_rows,
        "calibration_ms": calib.abc_ms.round() as u64,
        "calibration_ms_with_fits": calib.total_ms.round() as u64,
        "calibration_proposals": calib.posterior.proposals,
        "calibration_command": engine::native_command(&request, n),
        "longest_frame_gap_ms": longest.get().round() as u64,
        "sendai_1000_fingerprint": fp_pool,
        "sendai_1000_fingerprint_one_worker": fp_one,
        "reference_fingerprints": prints,
        "native_reference_fingerprint": native,
    });
    report.borrow_mut().json = serde_json::to_string_pretty(&json).ok();
    report.borrow_mut().posterior = serde_json::to_string(&calib.posterior).ok();
    redraw.emit(());
    Ok(())
}

#[function_component(BenchPage)]
pub fn bench_page() -> Html {
    let lang = use_lang();
    let report = use_mut_ref(Report::default);
    let version = use_state(|| 0u32);
    {
        let report = report.clone();
        let version = version.clone();
        use_effect_with((), move |_| {
            if let Some(n) = workers_in_hash() {
                workers::set_size(Some(n), false);
            }
            let count = Rc::new(Cell::new(0u32));
            let redraw = Callback::from(move |_| {
                count.set(count.get() + 1);
                version.set(count.get());
            });
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = bench(report.clone(), redraw.clone()).await {
                    report.borrow_mut().error = Some(e);
                    redraw.emit(());
                }
            });
        });
    }
    let r = report.borrow();
    let state = if r.error.is_some() {
        "failed"
    } else if r.json.is_some() {
        "done"
    } else {
        "running"
    };
    html! {
        <main id="bench" class="bench" data-state={state} data-version={version.to_string()}>
            <h1>{ lang.pick("Renkei ベンチマーク", "Renkei benchmark") }</h1>
            <p>{ lang.pick(
                "コマンドライン版(renkei bench)と同じケースを、このブラウザーのワーカーで実行します。",
                "The command line's cases (renkei bench), run in this browser's workers.") }</p>
            <table id="bench-table">
                <thead><tr>
                    <th scope="col">{ lang.pick("項目", "Case") }</th>
                    <th scope="col">{ lang.pick("結果", "Figure") }</th>
                    <th scope="col">{ lang.pick("判定", "Verdict") }</th>
                </tr></thead>
                <tbody>
                    { for r.lines.iter().map(|l| html! {
                        <tr>
                            <th scope="row">{ lang.pick(&l.label.0, &l.label.1) }
                                <span class="help">{ lang.pick(l.means.0, l.means.1) }</span></th>
                            <td>{ lang.pick(&l.value.0, &l.value.1) }</td>
                            <td class="verdict">{ match l.same {
                                Some(true) => lang.pick("✓ 一致", "✓ identical"),
                                Some(false) => lang.pick("✗ 不一致", "✗ differs"),
                                None => "",
                            } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if state == "running" { <p class="status">{ lang.pick("実行中…", "running…") }</p> }
            if let Some(e) = &r.error { <p id="bench-error" class="banner error" role="alert">{ e }</p> }
            <pre id="bench-result">{ r.json.clone().unwrap_or_default() }</pre>
            <pre id="bench-posterior" hidden=true>{ r.posterior.clone().unwrap_or_default() }</pre>
            <p><a href="#">{ lang.pick("← プランナーへ", "← planner") }</a></p>
        </main>
    }
}
