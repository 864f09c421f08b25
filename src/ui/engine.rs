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
