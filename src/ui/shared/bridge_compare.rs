//! The core's paired comparison, as the compare charts use it, and its cost-effectiveness
//! (issue 14 §2) as the comparison's cost table asks a worker for it (kept apart from
//! `bridge.rs`, which is split by another change).

use crate::ui::shared::bridge::{Reason, SimError};
pub use renkei::sim::experiment::compare::{paired_difference, PairedDifference};
use renkei::sim::experiment::cost;
pub use renkei::sim::experiment::cost::{Band, CostModel, Row as CostRow, NOTE as COST_NOTE};
pub use renkei::sim::experiment::montecarlo::Summary;
use renkei::sim::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// What the cost table asks a worker: the scenarios of the run on screen (one per strategy,
/// each carrying the cost model) and the run's key (its scenarios' hashes: a cached result
/// shown again has the same), so the page knows which run it prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostRequest {
    pub run_key: String,
    pub scenarios: Vec<Scenario>,
}

/// The comparison `renkei compare` prints (`cost::compare`: the baseline of the first
/// scenario, then each scenario against it), on this worker, one scenario after the other.
pub fn run_cost(req: &CostRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<Vec<CostRow>, SimError> {
    let first = req.scenarios.first().ok_or_else(|| SimError::invalid("scenarios", "no scenario to price"))?;
    let total = req.scenarios.iter().map(|s| s.replications).sum::<u32>() + first.replications;
    let mut done = 0;
    progress(0, total);
    let mut priced = |s: &Scenario| {
        let r = cost::run(s);
        done += s.replications;
        progress(done.min(total), total);
        r
    };
    cost::compare(first, &req.scenarios, &mut priced)
}

/// `model` with `field` (a name of [`CostModel`]'s fields) set to `text`, checked by the core;
/// the message names the field (`cost.hours_per_visit`) and its allowed range.
/// Typed (`SimError`) so that the page says it in its language (`i18n::errors`).
pub fn set_cost_field(model: &CostModel, field: &str, text: &str) -> Result<CostModel, SimError> {
    let name = format!("cost.{field}");
    let not_number = || SimError::Invalid { field: name.clone(), reason: Reason::NotNumber { text: text.to_string() } };
    let v: f64 = text.trim().parse().map_err(|_| not_number())?;
    if !v.is_finite() {
        return Err(not_number());
    }
    let mut json = serde_json::to_value(model).map_err(|e| SimError::Internal(e.to_string()))?;
    let fields: Vec<String> = json.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    match json.get_mut(field) {
        Some(slot) => *slot = serde_json::json!(v),
        None => return Err(SimError::unknown("cost", field, &fields.iter().map(String::as_str).collect::<Vec<_>>())),
    }
    let next: CostModel = serde_json::from_value(json).map_err(|e| SimError::invalid(name.clone(), e.to_string()))?;
    next.validate()?;
    Ok(next)
}

/// A field's value in `model` (for the form).
pub fn cost_field(model: &CostModel, field: &str) -> Option<f64> {
    serde_json::to_value(model).ok()?.get(field)?.as_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cost_field_is_set_by_name_and_a_bad_value_names_field_and_range() {
        let m = CostModel::default();
        let next = set_cost_field(&m, "hours_per_visit", "5").unwrap_or_default();
        assert_eq!(next.hours_per_visit, 5.0);
        assert_eq!(cost_field(&next, "hours_per_visit"), Some(5.0));
        let e = set_cost_field(&m, "fee_subsidy_share", "1.5").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("cost.fee_subsidy_share") && e.contains("allowed 0 to 1"), "{e}");
        let e = set_cost_field(&m, "hourly_cost_yen", "abc").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("cost.hourly_cost_yen: `abc` is not a number"), "{e}");
        assert!(set_cost_field(&m, "nope", "1").is_err());
    }
}
