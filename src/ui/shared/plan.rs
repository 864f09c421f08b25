//! What the other features read of the planner: the scenario on screen, the strategies
//! compared, the run shown. The page state provides it as a context of its own
//! (`state::provide`), so a panel that shows the planner's result reads it here and never
//! imports the planner's slice; it changes only when one of these does.

use crate::ui::shared::bridge::{self as engine, Scenario, Summary};
use renkei::sim::scenario::municipality;
use std::rc::Rc;
use yew::prelude::*;

/// A finished run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResult {
    pub id: u32,
    pub region: String,
    /// Strategy ids, one per summary.
    pub strategies: Vec<String>,
    pub summaries: Vec<Summary>,
    /// Time spent inside the worker.
    pub elapsed_ms: f64,
}

/// The planner as the other features see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub region: String,
    pub scenario: Rc<Scenario>,
    pub strategies: Vec<String>,
    /// Every field typed on the planner was accepted (a question asked of a scenario with a
    /// refused field would answer for another scenario than the one on screen).
    pub fields_ok: bool,
    /// The counterfactual view is shown (runs start at the model's start, not today).
    pub counterfactual: bool,
    /// The run on screen, if any, and the cache key of the run it came from.
    pub result: Option<Rc<RunResult>>,
    pub result_key: Option<String>,
}

/// The scenario a run starts from: planned from the latest figure (the core's
/// `municipality::from_latest`, the one a town is built with), unless the counterfactual view
/// is shown or the scenario is conditioned already.
pub fn run_base(scn: &Scenario, counterfactual: bool) -> Scenario {
    if counterfactual || scn.condition.is_some() {
        return scn.clone();
    }
    let mut conditioned = scn.clone();
    match municipality::from_latest(&mut conditioned) {
        Ok(()) => conditioned,
        Err(_) => scn.clone(),
    }
}

impl Plan {
    /// The scenario a run of the plan starts from ([`run_base`]).
    pub fn run_base(&self) -> Scenario {
        run_base(&self.scenario, self.counterfactual)
    }

    /// The own plan's label for the scenario on screen (a town's is the national policy only).
    pub fn own(&self) -> (&'static str, &'static str) {
        engine::own_plan_label(&self.scenario)
    }
}

/// The planner as the other features see it (provided above the router).
#[hook]
pub fn use_plan() -> Plan {
    use_context::<Plan>().expect("the page state provides the Plan above the router")
}
