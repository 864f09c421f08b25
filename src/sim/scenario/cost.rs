//! What lever work costs (issue 14 §2; docs/model.md §9): the scenario's editable `cost`
//! block. The pricing of a run is `experiment::cost`.

use crate::sim::error::{Reason, SimError};
use crate::sim::scenario::params::check_range;
use serde::{Deserialize, Serialize};

/// What lever work costs (every field editable; docs/model.md §9 gives the evidence of each).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CostModel {
    /// Staff hours per outreach contact (assumption).
    pub hours_per_contact: f64,
    /// Staff hours per individual visit, travel included (assumption).
    pub hours_per_visit: f64,
    /// Staff hours per hands-on support case, installation to first use (assumption).
    pub hours_per_support_case: f64,
    /// Staff hours per partner request made (assumption).
    pub hours_per_request: f64,
    /// Staff hours per training session, preparation and delivery (assumption).
    pub hours_per_training_session: f64,
    /// Cost of one staff hour in yen (assumption).
    pub hourly_cost_yen: f64,
    /// An office's licence fee per year while no waiver applies (brief §6: ¥21,000).
    pub licence_fee_yen_per_year: f64,
    /// Share of the offices' licence fees the city pays (licence-fee support; 0 = none).
    pub fee_subsidy_share: f64,
    /// The ministry's estimated saving per adopting office a year (brief §6: about ¥816,000;
    /// an estimate, not a measurement), counted for adopters with at least one active link.
    pub saving_yen_per_office_year: f64,
}

impl Default for CostModel {
    fn default() -> CostModel {
        CostModel {
            hours_per_contact: 0.5,
            hours_per_visit: 3.0,
            hours_per_support_case: 4.0,
            hours_per_request: 1.0,
            hours_per_training_session: 20.0,
            hourly_cost_yen: 3000.0,
            licence_fee_yen_per_year: 21_000.0,
            fee_subsidy_share: 0.0,
            saving_yen_per_office_year: 816_000.0,
        }
    }
}

impl CostModel {
    pub fn validate(&self) -> Result<(), SimError> {
        for (name, v, max) in [
            ("hours_per_contact", self.hours_per_contact, 100.0),
            ("hours_per_visit", self.hours_per_visit, 100.0),
            ("hours_per_support_case", self.hours_per_support_case, 100.0),
            ("hours_per_request", self.hours_per_request, 100.0),
            ("hours_per_training_session", self.hours_per_training_session, 1000.0),
            ("hourly_cost_yen", self.hourly_cost_yen, 100_000.0),
            ("licence_fee_yen_per_year", self.licence_fee_yen_per_year, 10_000_000.0),
            ("fee_subsidy_share", self.fee_subsidy_share, 1.0),
            ("saving_yen_per_office_year", self.saving_yen_per_office_year, 100_000_000.0),
        ] {
            check_range(&format!("cost.{name}"), v, 0.0, max)?;
        }
        Ok(())
    }
}

/// `model` with `field` (a name of [`CostModel`]'s fields) set to `text`, checked; the error
/// names the field (`cost.hours_per_visit`) and its allowed range. The page's cost form edits
/// the model through this, one field at a time.
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

/// A field's value in `model` (for the form), by its name.
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
        assert_eq!(
            set_cost_field(&m, "hours_per_visit", "inf").err().and_then(|e| e.field().map(str::to_string)),
            Some("cost.hours_per_visit".into())
        );
    }
}
