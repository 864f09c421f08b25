//! Running: blocks of replications for the pool, result rows, the CSV download, the tornado.

use super::*;

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
pub const NATIVE_REFERENCE_FINGERPRINT: &str = include_str!("../../../../tests/fixtures/reference.fingerprint");

/// A run's months as rows, its observed points and the comparison's CSV (`sim::experiment::rows`).
pub use renkei::sim::experiment::results_csv::{self, Context as CsvContext, Plan as CsvPlan};
pub use renkei::sim::experiment::rows::{observed_points, rows, thousands, Denominator, Row};

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
