//! One-at-a-time sensitivity (the tornado chart): the end-of-horizon adoption rate
//! of a scenario with each parameter set to the low and the high end of its range
//! (a posterior 90% interval, or ±50% of the value), everything else unchanged and
//! the same seed (common random numbers), so a planner sees which assumption a
//! conclusion hangs on.

use crate::sim::error::SimError;
use crate::sim::experiment::montecarlo::{Progress, Summary};
use crate::sim::scenario::params::PARAM_INFO;
use crate::sim::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// A parameter's range to test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Range {
    pub param: String,
    pub low: f64,
    pub high: f64,
}

/// One bar of the tornado.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub param: String,
    pub low: f64,
    pub high: f64,
    /// Median end-of-horizon rate with the parameter at `low` and at `high`.
    pub rate_low: f64,
    pub rate_high: f64,
}

impl Bar {
    pub fn swing(&self) -> f64 {
        (self.rate_high - self.rate_low).abs()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tornado {
    pub base_rate: f64,
    pub date: String,
    /// Bars, widest swing first.
    pub bars: Vec<Bar>,
}

/// ±`spread` (a fraction) around each numeric parameter's current value, clamped to its range.
pub fn default_ranges(scn: &Scenario, spread: f64) -> Vec<Range> {
    PARAM_INFO
        .iter()
        .filter_map(|i| {
            let v = scn.params.get(i.name)?;
            let (lo, hi) = ((v * (1.0 - spread)).max(i.min), (v * (1.0 + spread)).min(i.max));
            (hi > lo).then(|| Range { param: i.name.to_string(), low: lo, high: hi })
        })
        .collect()
}

fn final_median(s: &Summary) -> (f64, String) {
    s.months.last().map_or((0.0, String::new()), |m| (m.rate.median, m.date.clone()))
}

/// The 1 + 2·len(ranges) scenarios of a tornado: `scn` itself, then each range's parameter
/// at its low and its high end (everything else unchanged, the same seed). A pool of workers
/// runs them like any other run and hands the summaries to [`from_summaries`].
pub fn scenarios(scn: &Scenario, ranges: &[Range]) -> Result<Vec<Scenario>, SimError> {
    scn.validate()?;
    let mut out = Vec::with_capacity(1 + 2 * ranges.len());
    out.push(scn.clone());
    for r in ranges {
        for v in [r.low, r.high] {
            let mut s = scn.clone();
            s.set_param(&r.param, v)?;
            out.push(s);
        }
    }
    Ok(out)
}

/// The tornado of the summaries of [`scenarios`]' scenarios, in their order.
pub fn from_summaries(ranges: &[Range], summaries: &[Summary]) -> Result<Tornado, SimError> {
    if summaries.len() != 1 + 2 * ranges.len() {
        return Err(SimError::invalid(
            "tornado",
            format!("{} summaries for {} ranges: expected {}", summaries.len(), ranges.len(), 1 + 2 * ranges.len()),
        ));
    }
    let (base_rate, date) = final_median(&summaries[0]);
    let mut bars: Vec<Bar> = ranges
        .iter()
        .zip(summaries[1..].chunks_exact(2))
        .map(|(r, pair)| Bar {
            param: r.param.clone(),
            low: r.low,
            high: r.high,
            rate_low: final_median(&pair[0]).0,
            rate_high: final_median(&pair[1]).0,
        })
        .collect();
    bars.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    Ok(Tornado { base_rate, date, bars })
}

/// Runs the tornado's scenarios one by one through `run` (threads natively, one worker in
/// the browser), with progress and cancel after each.
pub fn tornado(
    scn: &Scenario,
    ranges: &[Range],
    progress: &mut dyn Progress,
    run: &mut dyn FnMut(&Scenario) -> Result<Summary, SimError>,
) -> Result<Tornado, SimError> {
    let all = scenarios(scn, ranges)?;
    let mut summaries = Vec::with_capacity(all.len());
    for (k, s) in all.iter().enumerate() {
        summaries.push(run(s)?);
        // progress after the base run and after each range's pair, as before
        if (k % 2 == 0) && !progress.progress(k + 1, all.len()) {
            return Err(SimError::Cancelled);
        }
    }
    from_summaries(ranges, &summaries)
}
