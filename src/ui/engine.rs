//! The one place that names the simulation core; everything else in `ui`
//! talks to these functions and types.

pub use renkei::sim::montecarlo::Summary;
pub use renkei::sim::scenario::Scenario;
use renkei::sim::{montecarlo, regions};

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

/// Runs the Monte-Carlo simulation, calling `progress(done, total)` after
/// each replication.
pub fn run(scenario: &Scenario, progress: &mut dyn FnMut(u32, u32)) -> Result<Summary, String> {
    let mut observer = |done: usize, total: usize| {
        progress(done as u32, total as u32);
        true
    };
    montecarlo::run(scenario, &mut observer).map_err(|e| e.to_string())
}

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
pub use renkei::sim::params::PARAM_INFO;

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
                if let Err(e) = next.params.set(name, v) {
                    return err(FieldError::Core(e.to_string()));
                }
            }
        }
    }
    match next.validate() {
        Ok(()) => Ok(next),
        Err(e) => Err((e.field().unwrap_or(field).to_string(), FieldError::Core(e.to_string()))),
    }
}

/// Strategy id meaning "what the region actually ran" (the preset's plan).
pub const ACTUAL: &str = "actual";
/// At most this many strategies are compared in one run.
pub const MAX_COMPARE: usize = 4;

/// Strategies offered for comparison: (id, Japanese, English).
pub fn strategy_options() -> Vec<(&'static str, &'static str, &'static str)> {
    let mut v = vec![(ACTUAL, "シナリオの取組(地域の実績)", "The scenario's own plan (what the region did)")];
    v.extend(renkei::sim::strategies::LIBRARY.iter().map(|&(n, en, ja)| (n, ja, en)));
    v
}

/// The scenario with strategy `name` applied (`actual`: the scenario's own
/// plan, which for a preset is what the region ran).
pub fn with_strategy(scn: &Scenario, name: &str) -> Option<Scenario> {
    if name == ACTUAL {
        return Some(scn.clone());
    }
    let mut s = scn.clone();
    s.strategy = renkei::sim::strategies::library(name, scn)?;
    Some(s)
}

/// The results as CSV (one row per strategy and reporting date; rates 0..1).
pub fn csv(strategies: &[String], summaries: &[Summary]) -> String {
    let mut out = String::from("strategy,date,median,p05,p25,p75,p95,observed\n");
    for (name, summary) in strategies.iter().zip(summaries) {
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
