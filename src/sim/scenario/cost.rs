//! What lever work costs (issue 14 §2; docs/model.md §9): the scenario's editable `cost`
//! block. The pricing of a run is `experiment::cost`.

use crate::sim::error::SimError;
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
