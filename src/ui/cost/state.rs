//! The cost table's slice (issue 14 §2): the cost model as typed (stored in the planner's
//! scenario, `cost`, so the share link and the autosave carry it) and the job that prices the
//! run on screen in a worker (`bridge_compare::run_cost`, the core's `cost::compare`).

use crate::ui::shared::bridge::{Scenario, SimError};
use crate::ui::shared::bridge_compare::{CostModel, CostRequest, CostRow};
use crate::ui::workers::{JobEvent, JobSlot};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostState {
    /// Text of a field the core refused, kept in its box until corrected (the model keeps
    /// its previous value).
    pub drafts: BTreeMap<String, String>,
    /// The core's message for the last refused value (it names the field and its range).
    pub error: Option<SimError>,
    pub job: JobSlot<CostRequest, Vec<CostRow>>,
}

#[derive(Debug, Clone)]
pub enum CostAction {
    /// A cost field (a name of `i18n::cost::FIELDS`) typed.
    Set(String, String),
    /// Price the run on screen.
    Run,
    Cancel,
    /// Back to the documented defaults.
    Reset,
    /// The pricing's worker (`jobs::CostKind`).
    Job(JobEvent<Vec<CostRow>>),
}

impl CostState {
    /// The request of the job that produced the rows on screen, if any.
    pub fn request(&self) -> Option<&CostRequest> {
        self.job.job.as_deref()
    }

    /// The rows of the run whose cache key is `run_key` (the run on screen), if they were
    /// computed for it: a later run asks for a new computation.
    pub fn priced(&self, run_key: Option<&str>) -> Option<&Vec<CostRow>> {
        let current = self.request().zip(run_key).is_some_and(|(q, k)| q.run_key == k);
        self.job.result.as_deref().filter(|_| current)
    }
}

/// The cost model of a scenario (the defaults when it has none).
pub fn cost_model(scn: &Scenario) -> CostModel {
    scn.cost.clone().unwrap_or_default()
}

#[cfg(test)]
mod tests;
