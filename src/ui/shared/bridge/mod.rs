//! The one place that names the simulation core; everything else in `ui`
//! talks to these functions and types.

pub use renkei::sim::date::Date;
pub use renkei::sim::experiment::compare::{date_indices, paired_difference};
pub use renkei::sim::experiment::montecarlo::{Header, Summary};
pub use renkei::sim::scenario::posterior::Uncertainty;
pub use renkei::sim::scenario::strategy::{Audience, Groups, Lever};
pub use renkei::sim::scenario::Scenario;
use renkei::sim::{experiment::montecarlo, scenario::regions};

/// Region ids offered in the picker, in the core's order.
pub fn region_names() -> Vec<String> {
    regions::names().iter().map(|n| n.to_string()).collect()
}

pub fn preset(name: &str) -> Option<Scenario> {
    regions::preset(name)
}

/// The region shown when the page opens.
pub const DEFAULT_REGION: &str = "okazaki";

pub fn default_scenario() -> Scenario {
    preset(DEFAULT_REGION)
        .or_else(|| region_names().first().and_then(|n| preset(n)))
        .expect("the core has at least one preset region")
}

pub fn parse_scenario(json: &str) -> Result<Scenario, String> {
    Scenario::from_json(json).map_err(|e| e.to_string())
}

/// The memory a run may take in a browser tab: a wasm32 instance addresses at most 4 GB,
/// the worker's summaries are copied into a JSON message and parsed again by the page, which
/// keeps recent results; a quarter of the address space leaves room for all of that.
pub const BROWSER_MEMORY: u64 = 1 << 30;

/// The checks a run passes before it starts, the same on the page (before the worker is
/// asked) and in the worker (before it simulates): every scenario valid, and their memory
/// (`sim::memory::estimate`, one thread, paths kept for the paired comparison) together
/// within [`BROWSER_MEMORY`].
pub fn check_run(scenarios: &[Scenario]) -> Result<(), String> {
    use renkei::sim::experiment::memory;
    for s in scenarios {
        s.validate().map_err(|e| e.to_string())?;
    }
    let need = scenarios.iter().map(|s| memory::estimate(s, 1, true).total()).fold(0, u64::saturating_add);
    if need > BROWSER_MEMORY {
        return Err(format!(
            "this run needs about {} of memory; a browser tab allows {}: lower replications, areas, offices, the horizon or the strategies compared (the command line has more room: renkei run)",
            memory::human(need),
            memory::human(BROWSER_MEMORY)
        ));
    }
    Ok(())
}

/// The largest file the page reads (a JSON scenario, a CSV table): 16 MB, about 800,000
/// partner links or a network of 400,000 offices. A larger file is refused from its size,
/// before it is read, so the tab does not freeze on it.
pub const MAX_IMPORT_BYTES: f64 = (16u64 << 20) as f64;

/// Runs the Monte-Carlo simulation, calling `progress(done, total)` after
/// each replication.
pub fn run(scenario: &Scenario, progress: &mut dyn FnMut(u32, u32)) -> Result<Summary, String> {
    let mut observer = |done: usize, total: usize| {
        progress(done as u32, total as u32);
        true
    };
    montecarlo::run(scenario, &mut observer).map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------
// Blocks of replications (the pool of workers; `sim::blocks`)

pub use renkei::sim::experiment::montecarlo::{Prepared, Tally};

/// A scenario set up for running blocks of its replications.
pub fn prepare(scenario: &Scenario) -> Result<Prepared<'_>, String> {
    Prepared::new(scenario).map_err(sim_err)
}

/// The replications of block `part` of `parts`.
pub fn block_reps(scenario: &Scenario, part: u32, parts: u32) -> std::ops::Range<usize> {
    renkei::sim::experiment::montecarlo::blocks::block(scenario.replications, part as usize, parts as usize)
}

/// Runs block `part` of `parts`, calling `progress(done, len)` after each replication.
pub fn run_block(prep: &Prepared, part: u32, parts: u32, progress: &mut dyn FnMut(u32, u32)) -> Result<Tally, String> {
    let mut observer = |done: usize, total: usize| {
        progress(done as u32, total as u32);
        true
    };
    renkei::sim::experiment::montecarlo::blocks::run_block(prep, block_reps(prep.scn, part, parts), &mut observer)
        .map_err(sim_err)
}

/// A block's tally as bytes (`sim::blocks` layout).
pub fn block_bytes(prep: &Prepared, tally: &Tally, part: u32, parts: u32) -> Result<Vec<u8>, String> {
    renkei::sim::experiment::montecarlo::blocks::encode_block(tally, block_reps(prep.scn, part, parts)).map_err(sim_err)
}

/// The run's summary from this worker's tally and the other blocks' bytes.
pub fn merge_blocks(prep: &Prepared, own: Tally, others: &[&[u8]]) -> Result<Summary, String> {
    renkei::sim::experiment::montecarlo::blocks::summarise_blocks(prep, own, others).map_err(sim_err)
}

/// A summary as bytes (`sim::summary_bytes` layout) and back.
pub fn summary_bytes(summary: &Summary) -> Result<Vec<u8>, String> {
    renkei::sim::experiment::montecarlo::summary_bytes::encode(summary).map_err(sim_err)
}

pub fn summary_from_bytes(bytes: &[u8]) -> Result<Summary, String> {
    renkei::sim::experiment::montecarlo::summary_bytes::decode(bytes).map_err(sim_err)
}

/// Workers a run is split over: the pool's size, at most the replications of the smallest
/// scenario (a worker with nothing to do would still build the networks), and at most as many
/// as the tab's memory budget holds (each worker keeps its own copy of the networks).
pub fn pool_parts(scenarios: &[Scenario], size: usize) -> u32 {
    use renkei::sim::experiment::memory;
    let need = scenarios.iter().map(|s| memory::estimate(s, 1, true).total()).fold(1, u64::saturating_add);
    let by_memory = (BROWSER_MEMORY / need).max(1) as usize;
    let by_reps = scenarios.iter().map(|s| s.replications as usize).min().unwrap_or(1);
    size.min(by_memory).min(by_reps).max(1) as u32
}

/// A short hash of a summary (`montecarlo::fingerprint`): equal means equal to the last bit.
pub fn fingerprint(summary: &Summary) -> String {
    montecarlo::fingerprint(summary)
}

/// The benchmark's cases (`renkei bench` runs the same) and the engine's reference run.
pub use renkei::sim::experiment::bench_cases::{core_case, every_lever_sendai, nation};
pub use renkei::sim::experiment::montecarlo::reference_scenario;

/// The native fingerprint of [`reference_scenario`] (`tests/fixtures`, checked natively by
/// `cargo test fingerprint`).
pub const NATIVE_REFERENCE_FINGERPRINT: &str = include_str!("../../../tests/fixtures/reference.fingerprint");

/// One month of the result, as the chart and the table show it (rates 0..1).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub date: String,
    pub median: f64,
    pub p05: f64,
    pub p25: f64,
    pub p75: f64,
    pub p95: f64,
    pub observed: Option<f64>,
}

/// Flattens a summary into rows (observed points joined on their month).
pub fn rows(summary: &Summary) -> Vec<Row> {
    summary
        .months
        .iter()
        .map(|m| Row {
            date: m.date.clone(),
            median: m.rate.median,
            p05: m.rate.p05,
            p25: m.rate.p25,
            p75: m.rate.p75,
            p95: m.rate.p95,
            observed: summary.observed.iter().find(|o| same_month(&o.date, &m.date)).map(|o| o.rate),
        })
        .collect()
}

/// Observed points as (month index in `summary.months`, rate).
pub fn observed_points(summary: &Summary) -> Vec<(usize, f64)> {
    summary
        .observed
        .iter()
        .filter_map(|o| summary.months.iter().position(|m| same_month(&m.date, &o.date)).map(|i| (i, o.rate)))
        .collect()
}

fn same_month(a: &str, b: &str) -> bool {
    a.len() >= 7 && b.len() >= 7 && a[..7] == b[..7]
}

/// A numeric parameter the page shows as a field.
pub use renkei::sim::scenario::params::PARAM_INFO;

/// Field key of a parameter (`params.q`), as the core names it in errors.
pub fn param_field(name: &str) -> String {
    format!("params.{name}")
}

/// Current value of a field, as text for an input box.
pub fn field_text(scn: &Scenario, field: &str) -> String {
    match field {
        "replications" => scn.replications.to_string(),
        "seed" => scn.seed.to_string(),
        f => f.strip_prefix("params.").and_then(|n| scn.params.get(n)).map(|v| format!("{v}")).unwrap_or_default(),
    }
}

/// Why a field's text was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldError {
    NotNumber,
    NotWhole,
    Range {
        min: f64,
        max: f64,
    },
    /// A message of the core (English), e.g. the scenario-wide work bound.
    Core(String),
}

/// Applies a field's text to a scenario; on error the scenario is unchanged.
/// Returns the field the core blamed when it is another one.
pub fn apply_field(scn: &Scenario, field: &str, text: &str) -> Result<Scenario, (String, FieldError)> {
    let text = text.trim();
    let mut next = scn.clone();
    let err = |e: FieldError| Err((field.to_string(), e));
    match field {
        "uncertainty" => match text {
            "posterior" => next.uncertainty = Uncertainty::Posterior,
            "fixed" => next.uncertainty = Uncertainty::Fixed,
            _ => return err(FieldError::Core(format!("uncertainty: `{text}` is neither posterior nor fixed"))),
        },
        "replications" | "seed" => {
            let Ok(v) = text.parse::<u64>() else {
                return err(if text.parse::<f64>().is_ok() { FieldError::NotWhole } else { FieldError::NotNumber });
            };
            if field == "seed" {
                next.seed = v;
            } else {
                let max = renkei::sim::scenario::MAX_REPLICATIONS as u64;
                if !(1..=max).contains(&v) {
                    return err(FieldError::Range { min: 1.0, max: max as f64 });
                }
                next.replications = v as u32;
            }
        }
        f => {
            let Some(name) = f.strip_prefix("params.") else {
                return err(FieldError::Core(format!("unknown field {f}")));
            };
            let Some(info) = PARAM_INFO.iter().find(|i| i.name == name) else {
                return err(FieldError::Core(format!("unknown parameter {name}")));
            };
            if name == "setup_rate" && text.is_empty() {
                next.params.setup_rate = None;
            } else {
                let Ok(v) = text.parse::<f64>() else { return err(FieldError::NotNumber) };
                if !v.is_finite() {
                    return err(FieldError::NotNumber);
                }
                if v < info.min || v > info.max {
                    return err(FieldError::Range { min: info.min, max: info.max });
                }
                if let Err(e) = next.set_param(name, v) {
                    return err(FieldError::Core(e.to_string()));
                }
                // the page pins an edited calibrated parameter in either mode (a fixed run ignores
                // pins), so switching modes keeps the user's edits as theirs
                if shipped_posterior().calibrates(name) && !next.pinned.iter().any(|n| n == name) {
                    next.pinned.push(name.to_string());
                }
                // one order whatever the order of the edits, so equal scenarios hash alike
                next.pinned.sort_by_key(|n| PARAM_INFO.iter().position(|i| i.name == n).unwrap_or(usize::MAX));
            }
        }
    }
    match next.validate() {
        Ok(()) => Ok(next),
        Err(e) => Err((e.field().unwrap_or(field).to_string(), FieldError::Core(e.to_string()))),
    }
}

/// The posterior shipped in the crate (`data/posterior.json`): calibrated and not-identified names.
pub fn shipped_posterior() -> &'static renkei::sim::scenario::posterior::Particles {
    renkei::sim::scenario::posterior::shipped()
}

/// The share-text and field code of an uncertainty mode.
pub fn uncertainty_code(u: Uncertainty) -> &'static str {
    u.as_str()
}

/// A parameter set back to its value in `base` (the preset) is no longer the user's: it is
/// unpinned, so it is drawn from the posterior again.
pub fn unpin_if_default(scn: &mut Scenario, base: &Scenario, field: &str) {
    if let Some(name) = field.strip_prefix("params.") {
        if scn.params.get(name) == base.params.get(name) && !base.pinned.iter().any(|n| n == name) {
            scn.pinned.retain(|n| n != name);
        }
    }
}

/// Strategy id meaning "what the region actually ran" (the preset's plan).
pub const ACTUAL: &str = "actual";
/// At most this many strategies are compared in one run.
pub const MAX_COMPARE: usize = 4;

/// Strategies offered for comparison: (id, Japanese, English).
pub fn strategy_options() -> Vec<(&'static str, &'static str, &'static str)> {
    let mut v = vec![(
        ACTUAL,
        "シナリオの取組(地域の実績、その後も継続)",
        "The scenario's own plan (what the region did, continued)",
    )];
    v.extend(renkei::sim::scenario::strategies::LIBRARY.iter().map(|&(n, en, ja)| (n, ja, en)));
    v
}

/// The scenario with strategy `name` applied (`actual`: the scenario's own
/// plan, which for a preset is what the region ran).
pub fn with_strategy(scn: &Scenario, name: &str) -> Option<Scenario> {
    if name == ACTUAL {
        return Some(scn.clone());
    }
    let mut s = scn.clone();
    s.strategy = renkei::sim::scenario::strategies::library(name, scn)?;
    Some(s)
}

/// The results as CSV (one row per strategy and reporting date; rates 0..1),
/// after a `# ` comment line with the run's manifest (version, scenario hash, seed, replications).
/// The scenario name in the manifest is a JSON string (as in the command line's CSV) and the
/// strategy cells are quoted by the core's rule (`sweep::csv_field`), so no name can forge a
/// row or a column.
pub fn csv(strategies: &[String], summaries: &[Summary]) -> String {
    let mut out = summaries
        .first()
        .map(|s| {
            let name = serde_json::to_string(&s.header.scenario).unwrap_or_default();
            format!("# {}\n", crate::ui::compare::manifest_named(&s.header, &name))
        })
        .unwrap_or_default();
    out.push_str("strategy,date,median,p05,p25,p75,p95,observed\n");
    for (name, summary) in strategies.iter().zip(summaries) {
        let name = renkei::sim::experiment::sweep::csv_field(name);
        for r in rows(summary) {
            let obs = r.observed.map(|v| format!("{v:.6}")).unwrap_or_default();
            out.push_str(&format!(
                "{name},{},{:.6},{:.6},{:.6},{:.6},{:.6},{obs}\n",
                r.date, r.median, r.p05, r.p25, r.p75, r.p95
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Sensitivity (tornado chart)

pub use renkei::sim::experiment::calibrate::{FitRow, Posterior};
pub use renkei::sim::experiment::research::{apply_best, apply_posterior, histogram, shipped_summary, tornado_ranges};
pub use renkei::sim::experiment::sensitivity::{Range, Tornado};
pub use renkei::sim::scenario::params::Params;

/// Replications per scenario of a tornado (1 + 2 per parameter scenarios run).
pub const TORNADO_REPS: u32 = 40;

/// Runs the tornado of `scn` with [`TORNADO_REPS`] replications per scenario.
pub fn run_tornado(scn: &Scenario, ranges: &[Range], progress: &mut dyn FnMut(u32, u32)) -> Result<Tornado, String> {
    let mut s = scn.clone();
    s.replications = TORNADO_REPS;
    let mut observer = |done: usize, total: usize| {
        progress(done as u32, total as u32);
        true
    };
    renkei::sim::experiment::sensitivity::tornado(&s, ranges, &mut observer, &mut |x| {
        montecarlo::run(x, &mut renkei::sim::experiment::montecarlo::Quiet)
    })
    .map_err(|e| e.to_string())
}

/// Label of a parameter (its help text in the page's language).
pub fn param_label(name: &str, ja: bool) -> String {
    PARAM_INFO
        .iter()
        .find(|i| i.name == name)
        .map(|i| format!("{} ({name})", if ja { i.help_ja } else { i.help_en }))
        .unwrap_or_else(|| name.to_string())
}

// ---------------------------------------------------------------------------
// Network import

/// The columns the office table must have.
pub const REQUIRED_COLUMNS: [&str; 3] = ["id", "area", "role"];

/// The sample files (docs/samples), offered for download.
pub const SAMPLE_OFFICES: &str = include_str!("../../../docs/samples/offices.csv");
pub const SAMPLE_EDGES: &str = include_str!("../../../docs/samples/edges.csv");

/// The header cells of a CSV text (BOM and quotes removed), read as the core reads them:
/// the first line that is not blank, whatever its line ending (LF, CRLF or CR alone),
/// comma-, tab- or semicolon-separated.
pub fn csv_headers(text: &str) -> Vec<String> {
    let text = text.trim_start_matches('\u{feff}');
    renkei::sim::model::population::header_row(text).map(|h| h.cells).unwrap_or_default()
}

/// Required columns absent from `headers`.
pub fn missing_columns(headers: &[String]) -> Vec<&'static str> {
    REQUIRED_COLUMNS.iter().copied().filter(|c| !headers.iter().any(|h| h.eq_ignore_ascii_case(c))).collect()
}

/// Rewrites the header row: the column chosen for each required name gets that
/// name (`mapping`: required name → header cell). A cell already carrying a
/// required name that is mapped elsewhere is renamed `<name>_original`. The rest of
/// the text, its separator and its line endings are kept.
pub fn remap_header(text: &str, mapping: &[(String, String)]) -> String {
    let text = text.trim_start_matches('\u{feff}');
    let Some(head) = renkei::sim::model::population::header_row(text) else { return text.to_string() };
    let mut cells = head.cells;
    for (name, chosen) in mapping {
        if chosen == name {
            continue;
        }
        for c in cells.iter_mut() {
            if c == name {
                *c = format!("{name}_original");
            }
        }
    }
    let renamed: Vec<String> = cells
        .iter()
        .map(|c| mapping.iter().find(|(_, chosen)| chosen == c).map(|(n, _)| n.clone()).unwrap_or_else(|| c.clone()))
        .map(|c| if c.contains([head.sep, '"']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c })
        .collect();
    format!("{}{}{}", &text[..head.span.start], renamed.join(&head.sep.to_string()), &text[head.span.end..])
}

/// What an imported network holds (shown before it is run).
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub scenario: Scenario,
    pub offices: u32,
    pub external: u32,
    pub areas: usize,
    pub links: usize,
    pub adopters: u32,
}

/// Builds a scenario from the two tables on top of `base` (the core's
/// row-level messages on error).
pub fn import_tables(base: &Scenario, offices: &str, edges: &str, name: &str) -> Result<Preview, String> {
    let offices = offices.trim_start_matches('\u{feff}');
    let edges = edges.trim_start_matches('\u{feff}');
    let mut scenario =
        renkei::sim::model::population::scenario_from_tables(base, offices, edges).map_err(|e| e.to_string())?;
    let t = renkei::sim::model::population::parse_tables(offices, edges).map_err(|e| e.to_string())?;
    scenario.name = name.to_string();
    Ok(Preview {
        offices: scenario.population.home_offices(),
        external: scenario.population.external_offices,
        areas: scenario.population.areas.len(),
        links: t.edges.len(),
        adopters: scenario.population.initial_adopted,
        scenario,
    })
}

// ---------------------------------------------------------------------------
// Calibration

/// What the page asks the worker to calibrate.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CalibRequest {
    pub regions: Vec<String>,
    pub particles: usize,
    pub generations: usize,
    pub seed: u64,
}

/// Replications per region for the fit shown after a calibration.
pub const FIT_REPS: u32 = 20;

/// A finished calibration: the posterior and each region's fit at its medians.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CalibResult {
    pub regions: Vec<String>,
    pub posterior: Posterior,
    pub fits: Vec<FitRow>,
}

/// The calibration regions (`regions::REGIONS`).
pub fn calibration_regions() -> Vec<String> {
    renkei::sim::experiment::calibrate::all_regions()
}

fn sim_err(e: renkei::sim::error::SimError) -> String {
    e.to_string()
}

pub use renkei::sim::experiment::calibrate::Proposal;

/// The ABC-SMC configuration of a request, the same on the page and in every worker.
pub fn calib_config(req: &CalibRequest) -> renkei::sim::experiment::calibrate::Config {
    renkei::sim::experiment::calibrate::Config {
        particles: req.particles,
        generations: req.generations,
        seed: req.seed,
        // Fixed, not tied to the pool's size: the batch shapes the result.
        batch: req.particles.clamp(1, 16),
        max_proposals_per_generation: (req.particles * 40).max(200),
        ..renkei::sim::experiment::calibrate::Config::default()
    }
}

fn calib_targets(req: &CalibRequest) -> Result<Vec<renkei::sim::experiment::calibrate::Target>, String> {
    if req.regions.is_empty() {
        return Err("regions: choose at least one region".into());
    }
    req.regions
        .iter()
        .map(|r| renkei::sim::experiment::calibrate::Target::preset(r, 1.0))
        .collect::<Result<_, _>>()
        .map_err(sim_err)
}

/// The page's side of a calibration: the core's ABC-SMC state machine (`Abc`), asked for a
/// batch at a time; the pool spreads each batch over its workers ([`CalibEvaluator`]) and
/// hands the distances back in proposal order, so any number of workers gives one result.
pub struct CalibDriver {
    req: CalibRequest,
    abc: renkei::sim::experiment::calibrate::Abc,
}

impl CalibDriver {
    pub fn new(req: &CalibRequest) -> Result<CalibDriver, String> {
        calib_targets(req)?;
        let abc = renkei::sim::experiment::calibrate::Abc::new(calib_config(req)).map_err(sim_err)?;
        Ok(CalibDriver { req: req.clone(), abc })
    }

    /// The next batch to evaluate (`None` once the posterior is ready).
    pub fn next_batch(&mut self) -> Option<Vec<Proposal>> {
        self.abc.next_batch()
    }

    /// The batch's distances, in proposal order; progress (accepted particles, all generations).
    pub fn accept(&mut self, batch: &[Proposal], distances: &[f64]) -> Result<(u32, u32), String> {
        self.abc.accept(batch, distances).map_err(sim_err)?;
        let (done, total) = self.abc.progress();
        Ok((done as u32, total as u32))
    }

    /// The posterior and the parameters the fit runs at (its medians).
    pub fn posterior(&self) -> Result<(Posterior, Params), String> {
        let post = self.abc.posterior().map_err(sim_err)?;
        let medians = post.median_params(&Params::default()).map_err(sim_err)?;
        Ok((post, medians))
    }

    pub fn request(&self) -> &CalibRequest {
        &self.req
    }
}

/// A worker's side of a calibration: the targets and their workspaces, kept from one batch
/// slice to the next of the same request (a workspace only saves allocations: results do not
/// depend on what it held before).
pub struct CalibEvaluator {
    req: CalibRequest,
    targets: Vec<renkei::sim::experiment::calibrate::Target>,
    ws: Vec<renkei::sim::experiment::montecarlo::Workspace>,
}

impl CalibEvaluator {
    pub fn new(req: &CalibRequest) -> Result<CalibEvaluator, String> {
        Ok(CalibEvaluator { req: req.clone(), targets: calib_targets(req)?, ws: Vec::new() })
    }

    pub fn request(&self) -> &CalibRequest {
        &self.req
    }

    /// The distances of `proposals`, in order.
    pub fn evaluate(&mut self, proposals: &[Proposal]) -> Result<Vec<f64>, String> {
        let cfg = calib_config(&self.req);
        renkei::sim::experiment::calibrate::evaluate_batch(
            &self.targets,
            &Params::default(),
            &cfg,
            proposals,
            &mut self.ws,
        )
        .map_err(sim_err)
    }
}

/// One region's fit at `medians` (the pool runs one region per task).
pub fn calib_fit(region: &str, medians: &Params, seed: u64) -> Result<FitRow, String> {
    renkei::sim::experiment::calibrate::fit_region(region, medians, FIT_REPS, seed).map_err(sim_err)
}

/// The contiguous slice of a batch of `n` proposals that worker `part` of `parts` evaluates.
pub fn slice(n: usize, part: usize, parts: usize) -> std::ops::Range<usize> {
    renkei::sim::experiment::montecarlo::blocks::block(n as u32, part, parts)
}

/// A whole calibration on this thread, as a pool of one worker runs it.
pub fn run_calibration(req: &CalibRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<CalibResult, String> {
    run_calibration_split(req, 1, progress)
}

/// A whole calibration on this thread, as the pool runs it with `parts` workers: each batch
/// cut into slices, each slice evaluated by an evaluator of its own. Native tests use it to
/// check that the number of workers changes nothing.
pub fn run_calibration_split(
    req: &CalibRequest,
    parts: usize,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<CalibResult, String> {
    let mut driver = CalibDriver::new(req)?;
    let mut workers: Vec<CalibEvaluator> =
        (0..parts.max(1)).map(|_| CalibEvaluator::new(req)).collect::<Result<_, _>>()?;
    while let Some(batch) = driver.next_batch() {
        let mut d = Vec::with_capacity(batch.len());
        for (p, w) in workers.iter_mut().enumerate() {
            d.extend(w.evaluate(&batch[slice(batch.len(), p, parts.max(1))])?);
        }
        let (done, total) = driver.accept(&batch, &d)?;
        progress(done, total);
    }
    let (posterior, medians) = driver.posterior()?;
    let fits = req.regions.iter().map(|r| calib_fit(r, &medians, req.seed)).collect::<Result<Vec<_>, _>>()?;
    Ok(CalibResult { regions: req.regions.clone(), posterior, fits })
}

#[cfg(test)]
mod calib_tests {
    use super::*;

    #[test]
    fn a_calibration_spread_over_workers_equals_one_workers() -> Result<(), String> {
        let req = CalibRequest {
            regions: vec!["chitose".into(), "higashisonogi".into()],
            particles: 6,
            generations: 2,
            seed: 5,
        };
        let one = run_calibration(&req, &mut |_, _| {})?;
        for parts in [2, 3] {
            let many = run_calibration_split(&req, parts, &mut |_, _| {})?;
            assert_eq!(serde_json::to_string(&many).ok(), serde_json::to_string(&one).ok(), "{parts} workers");
        }
        Ok(())
    }
}

/// Offices adopted at the start of a custom municipality: the national rate at the
/// end of August 2025 (brief §6: 9.8%).
pub const NATIONAL_RATE_2025_08: f64 = 0.098;

/// A custom municipality from three fields (offices, areas, partners per
/// care-management office): areas named 圏域1.., the policy calendar as its plan,
/// adopters at the national rate. On error: the field (`custom.offices`, ...) and why.
pub fn custom_scenario(offices: &str, areas: &str, partners: &str) -> Result<Scenario, (String, FieldError)> {
    let whole = |field: &str, text: &str, min: f64, max: f64| -> Result<u32, (String, FieldError)> {
        let v: f64 = text.trim().parse().map_err(|_| (field.to_string(), FieldError::NotNumber))?;
        if v.fract() != 0.0 {
            return Err((field.to_string(), FieldError::NotWhole));
        }
        if !(min..=max).contains(&v) {
            return Err((field.to_string(), FieldError::Range { min, max }));
        }
        Ok(v as u32)
    };
    let n = whole("custom.offices", offices, 2.0, renkei::sim::scenario::MAX_OFFICES as f64)?;
    let k = whole("custom.areas", areas, 1.0, (n as f64).min(renkei::sim::scenario::MAX_AREAS as f64))?;
    let m: f64 = partners.trim().parse().map_err(|_| ("custom.partners".to_string(), FieldError::NotNumber))?;
    if !(0.0..=200.0).contains(&m) {
        return Err(("custom.partners".to_string(), FieldError::Range { min: 0.0, max: 200.0 }));
    }
    let names: Vec<String> = (1..=k).map(|i| format!("圏域{i}")).collect();
    let initial = (n as f64 * NATIONAL_RATE_2025_08).round() as u32;
    let mut s = regions::custom("custom", &names, n, initial);
    if let renkei::sim::scenario::Network::Generated { mean_partners, .. } = &mut s.network {
        *mean_partners = m;
    }
    if let Some(plan) = renkei::sim::scenario::strategies::library("baseline", &s) {
        s.strategy = plan;
    }
    s.validate().map_err(|e| ("custom.offices".to_string(), FieldError::Core(e.to_string())))?;
    Ok(s)
}
