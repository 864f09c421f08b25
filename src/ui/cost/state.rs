//! The cost table's slice (issue 14 §2): the cost model as typed (stored in the planner's
//! scenario, `cost`, so the share link and the autosave carry it) and the job that prices the
//! run on screen in a worker (`bridge_compare::run_cost`, the core's `cost::compare`).

use crate::ui::shared::bridge::SimError;
use crate::ui::shared::bridge_compare::{self as bridge, CostModel, CostRequest, CostRow};
use crate::ui::state::AppState;
use crate::ui::workers::{JobEvent, JobSlot};
use std::collections::BTreeMap;
use std::rc::Rc;

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

/// Why the run on screen cannot be priced, in `lang` order (ja, en).
pub const NO_RUN: (&str, &str) =
    ("比較の結果が出てから計算できます", "Cost is computed for a finished comparison: run it first");

impl CostState {
    /// The request of the job that produced the rows on screen, if any.
    pub fn request(&self) -> Option<&CostRequest> {
        self.job.job.as_deref()
    }
}

/// The cost model of the planner's scenario (the defaults when it has none).
pub fn model(s: &AppState) -> CostModel {
    s.planner.scenario.cost.clone().unwrap_or_default()
}

/// Prices the run on screen: the scenarios it ran, each with the cost model on screen.
fn start(s: &mut AppState) {
    let finished = s.planner.run.running_id().is_none();
    let (Some(_), Some(job), true) = (&s.planner.run.result, s.planner.run.job.clone(), finished) else {
        s.cost.job.refuse(s.lang.pick(NO_RUN.0, NO_RUN.1).to_string());
        return;
    };
    let cost = s.planner.scenario.cost.clone();
    let scenarios = job.scenarios.iter().cloned().map(|mut scn| {
        scn.cost = cost.clone();
        scn
    });
    let request = CostRequest { run_key: job.key.clone(), scenarios: scenarios.collect() };
    let id = s.ids.fresh();
    s.cost.job.start(id, request);
}

/// A run finished: once the planner has asked for cost, every new run is priced too.
pub fn after_run(s: &mut AppState) {
    if s.cost.job.result.is_some() || s.cost.job.running_id().is_some() {
        start(s);
    }
}

/// The cost table's part of the page's reducer (it reads the planner's run and keeps the
/// model in the planner's scenario).
pub fn reduce(s: &mut AppState, action: CostAction) -> bool {
    let priced = s.cost.job.result.is_some() && s.cost.job.running_id().is_none();
    match action {
        CostAction::Set(field, text) => match bridge::set_cost_field(&model(s), &field, &text) {
            Ok(next) => {
                s.cost.drafts.remove(&field);
                s.cost.error = None;
                set_model(s, next);
                if priced {
                    start(s);
                }
            }
            Err(message) => {
                s.cost.drafts.insert(field, text);
                s.cost.error = Some(message);
            }
        },
        CostAction::Reset => {
            s.cost.drafts.clear();
            s.cost.error = None;
            set_model(s, CostModel::default());
            if priced {
                start(s);
            }
        }
        CostAction::Run => start(s),
        CostAction::Cancel => return s.cost.job.cancel(),
        CostAction::Job(e) => return s.cost.job.apply(e),
    }
    true
}

/// Stores `m` in the scenario (`None` for the defaults, so a preset's link stays short). The
/// cost model does not change a run's numbers, so the result on screen stays current.
fn set_model(s: &mut AppState, m: CostModel) {
    let mut scn = (*s.planner.scenario).clone();
    scn.cost = (m != CostModel::default()).then_some(m);
    s.planner.scenario = Rc::new(scn);
}

#[cfg(test)]
mod tests;
