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

/// Runs 1 + 2·len(ranges) scenarios through `run` (threads natively, a worker in the browser).
pub fn tornado(
    scn: &Scenario,
    ranges: &[Range],
    progress: &mut dyn Progress,
    run: &mut dyn FnMut(&Scenario) -> Result<Summary, SimError>,
) -> Result<Tornado, SimError> {
    scn.validate()?;
    let total = 1 + 2 * ranges.len();
    let (base_rate, date) = final_median(&run(scn)?);
    if !progress.progress(1, total) {
        return Err(SimError::Cancelled);
    }
    let mut bars = Vec::with_capacity(ranges.len());
    for (k, r) in ranges.iter().enumerate() {
        let mut at = |v: f64| -> Result<f64, SimError> {
            let mut s = scn.clone();
            s.set_param(&r.param, v)?;
            Ok(final_median(&run(&s)?).0)
        };
        let rate_low = at(r.low)?;
        let rate_high = at(r.high)?;
        bars.push(Bar { param: r.param.clone(), low: r.low, high: r.high, rate_low, rate_high });
        if !progress.progress(2 + 2 * k + 1, total) {
            return Err(SimError::Cancelled);
        }
    }
    bars.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    Ok(Tornado { base_rate, date, bars })
}
