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
pub use renkei::sim::scenario::forward::WHAT_IF_SYNTAX;

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
    NotDate,
    Range {
        min: f64,
        max: f64,
    },
    /// The core's error, e.g. the scenario-wide work bound (translated by `i18n::errors`).
    Sim(SimError),
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
            _ => return err(FieldError::Sim(SimError::unknown("uncertainty", text, &["posterior", "fixed"]))),
        },
        "replications" | "seed" => {
            let Ok(v) = text.parse::<u64>() else {
                return err(if text.parse::<f64>().is_ok() { FieldError::NotWhole } else { FieldError::NotNumber });
            };
            if field == "seed" {
                next.seed = v;
            } else {
                // above u32, `validate` below names the range
                next.replications = u32::try_from(v).unwrap_or(u32::MAX);
            }
        }
        f => {
            let Some(name) = f.strip_prefix("params.") else {
                return err(FieldError::Sim(SimError::unknown(
                    "field",
                    f,
                    &["replications", "seed", "uncertainty", "params.*"],
                )));
            };
            if name == "setup_rate" && text.is_empty() {
                next.params.setup_rate = None;
            } else {
                let Ok(v) = text.parse::<f64>() else { return err(FieldError::NotNumber) };
                if !v.is_finite() {
                    return err(FieldError::NotNumber);
                }
                // `set_param` checks the range (and the name) once, for the CLI and the page alike
                if let Err(e) = next.set_param(name, v) {
                    return err(FieldError::from(e));
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
        Err(e) => Err((e.field().unwrap_or(field).to_string(), FieldError::from(e))),
    }
}

impl From<SimError> for FieldError {
    /// A range error of the core is the field's own range; any other error is kept whole.
    fn from(e: SimError) -> FieldError {
        match e {
            SimError::Invalid { reason: Reason::Range { min, max, .. }, .. } => FieldError::Range { min, max },
            e => FieldError::Sim(e),
        }
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

/// A region's own plan, as the strategy lists name it (a town's: `own_plan_label`).
const REGION_PLAN: (&str, &str) =
    ("シナリオの取組(地域の実績、その後も継続)", "The scenario's own plan (what the region did, continued)");

/// Strategies offered for comparison: (id, Japanese, English).
pub fn strategy_options() -> Vec<(&'static str, &'static str, &'static str)> {
    let mut v = vec![(ACTUAL, REGION_PLAN.0, REGION_PLAN.1)];
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

pub use renkei::sim::scenario::figures_text::FiguresText;
pub use renkei::sim::scenario::municipality::NATIONAL_POLICY_ONLY;

/// A planner's own municipality from the form's fields, through the core's one constructor.
/// Kept unconditioned like a preset (so levers and the counterfactual view work as for a
/// region); the page plans it from its latest figure (`PlannerState::run_base`), which is
/// `municipality::municipality` exactly: it is built here first, so a town the page could not
/// plan from today is refused with the field named.
pub fn town_scenario(t: &FiguresText) -> Result<Scenario, SimError> {
    let f = t.figures()?;
    renkei::sim::scenario::municipality::municipality(&f)?;
    f.scenario()
}

/// Whether the scenario is a municipality of its own figures still on its own plan name (the
/// national policy only, plus any levers the planner added), not a preset or an imported file.
pub fn is_town(region: &str, scn: &Scenario) -> bool {
    preset(region).is_none() && scn.strategy.name == NATIONAL_POLICY_ONLY
}

/// The own plan's (Japanese, English) label: a town's is the national policy only until the
/// planner adds levers; a region's is what it ran, continued.
pub fn own_plan_label(scn: &Scenario) -> (&'static str, &'static str) {
    use renkei::sim::scenario::municipality::national_policy;
    if scn.strategy.name != NATIONAL_POLICY_ONLY {
        return REGION_PLAN;
    }
    if scn.strategy.levers == national_policy().levers {
        ("国の施策のみ", "National policy only")
    } else {
        ("国の施策+追加した取組", "National policy + your levers")
    }
}
