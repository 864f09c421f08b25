//! The one place that names the simulation core; everything else in `ui`
//! talks to these functions and types.

pub use renkei::sim::date::Date;
pub use renkei::sim::experiment::compare::{date_indices, paired_difference};
pub use renkei::sim::experiment::montecarlo::{Header, Summary};
pub use renkei::sim::scenario::posterior::Uncertainty;
pub use renkei::sim::scenario::strategy::{Audience, Groups, Lever, LeverKind};
pub use renkei::sim::scenario::Scenario;
use renkei::sim::{experiment::montecarlo, scenario::regions};

// What the page runs, imports and calibrates, by topic; all named `bridge::…` as before.
mod calibration;
mod import;
mod runs;
pub use calibration::*;
pub use import::*;
pub use runs::*;

pub use renkei::sim::error::{one_of, Bound, Named, Reason, Requirement, RowProblem, SimError, Tally, WhatIfProblem};
pub use renkei::sim::experiment::cost::Row as CostRow;
pub use renkei::sim::experiment::report::manifest;
pub use renkei::sim::scenario::forward::{plan_start, view_label, WHAT_IF_SYNTAX};

fn sim_err(e: SimError) -> String {
    e.to_string()
}

/// Why the page will not run or import something, kept typed so the view says it in the
/// page's language (`i18n::errors`); `Display` is the English. Serde: a worker's failure
/// crosses to the page as one.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Problem {
    /// The core refused the scenario.
    Sim(SimError),
    /// The run would take more memory than a browser tab allows (sizes as text, e.g. `1.2 GB`).
    Memory { need: String, allowed: String },
    /// The browser could not read a file (its own message).
    Read(String),
    /// A simulation worker stopped (a panic, a crash, a worker that did not start) or
    /// answered what the page could not read: the browser's or Rust's own text.
    Worker(String),
    /// The cost table was asked to price a run before one finished.
    NoRunToPrice,
}

impl From<SimError> for Problem {
    fn from(e: SimError) -> Problem {
        Problem::Sim(e)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Sim(e) => e.fmt(f),
            Problem::Memory { need, allowed } => write!(
                f,
                "this run needs about {need} of memory; a browser tab allows {allowed}: lower replications, areas, offices, the horizon or the strategies compared (the command line has more room: renkei run)"
            ),
            Problem::Read(m) => write!(f, "the browser could not read the file: {m}"),
            Problem::Worker(m) => write!(f, "a simulation worker stopped: {m}"),
            Problem::NoRunToPrice => write!(f, "cost is computed for a finished comparison: run it first"),
        }
    }
}

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

pub fn parse_scenario(json: &str) -> Result<Scenario, SimError> {
    Scenario::from_json(json)
}

/// The memory a run may take in a browser tab: a wasm32 instance addresses at most 4 GB,
/// the worker's summaries are copied into a JSON message and parsed again by the page, which
/// keeps recent results; a quarter of the address space leaves room for all of that.
pub const BROWSER_MEMORY: u64 = 1 << 30;

/// The checks a run passes before it starts, the same on the page (before the worker is
/// asked) and in the worker (before it simulates): every scenario valid, and their memory
/// (`sim::memory::estimate`, one thread, paths kept for the paired comparison) together
/// within [`BROWSER_MEMORY`].
pub fn check(scenarios: &[Scenario]) -> Result<(), Problem> {
    use renkei::sim::experiment::memory;
    for s in scenarios {
        s.validate().map_err(Problem::Sim)?;
    }
    let need = scenarios.iter().map(|s| memory::estimate(s, 1, true).total()).fold(0, u64::saturating_add);
    if need > BROWSER_MEMORY {
        return Err(Problem::Memory { need: memory::human(need), allowed: memory::human(BROWSER_MEMORY) });
    }
    Ok(())
}

/// [`check`] in English, for the workers' messages.
pub fn check_run(scenarios: &[Scenario]) -> Result<(), String> {
    check(scenarios).map_err(|p| p.to_string())
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

/// A numeric parameter the page shows as a field.
pub use renkei::sim::scenario::params::PARAM_INFO;

/// Field editing from text (`sim::scenario::fields`).
pub use renkei::sim::scenario::fields::{apply_field, field_text, param_field, unpin_if_default, FieldError};

/// The posterior shipped in the crate (`data/posterior.json`): calibrated and not-identified names.
pub fn shipped_posterior() -> &'static renkei::sim::scenario::posterior::Particles {
    renkei::sim::scenario::posterior::shipped()
}

/// The share-text and field code of an uncertainty mode.
pub fn uncertainty_code(u: Uncertainty) -> &'static str {
    u.as_str()
}

/// The plans offered for comparison and the own plan's label (`sim::scenario::plans`).
pub use renkei::sim::scenario::plans::{
    is_town, own_plan_label, strategy_options, town_scenario, with_strategy, ACTUAL,
};
/// At most this many strategies are compared in one run.
pub const MAX_COMPARE: usize = 4;

pub use renkei::sim::scenario::figures_text::FiguresText;
pub use renkei::sim::scenario::municipality::NATIONAL_POLICY_ONLY;
