//! The cost table's reducer, natively (`cargo test --features web --lib cost`).

use super::*;
use crate::ui::planner::state::PlannerAction;
use crate::ui::shared::bridge::Problem;
use crate::ui::shared::bridge_compare::Summary;
use crate::ui::state::{Action, AppState, RunStatus};
use std::rc::Rc;
use yew::Reducible;

/// The page with a finished run of its default scenario.
fn ran() -> Rc<AppState> {
    let s = Rc::new(AppState::default()).reduce(Action::Planner(PlannerAction::Run));
    let id = s.planner.run.running_id().expect("running");
    s.reduce(Action::Planner(PlannerAction::Job(JobEvent::Finished {
        id,
        reply: vec![Summary::default()],
        elapsed_ms: 1.0,
    })))
}

fn set(s: Rc<AppState>, field: &str, text: &str) -> Rc<AppState> {
    s.reduce(Action::Cost(CostAction::Set(field.into(), text.into())))
}

#[test]
fn cost_waits_for_a_finished_run() {
    let s = Rc::new(AppState::default()).reduce(Action::Cost(CostAction::Run));
    assert_eq!(s.cost.job.status, RunStatus::Failed(Problem::NoRunToPrice));
    let s = s.reduce(Action::Planner(PlannerAction::Run)).reduce(Action::Cost(CostAction::Run));
    assert!(s.cost.job.running_id().is_none(), "not while the run is going");
}

#[test]
fn a_job_prices_the_runs_scenarios_with_the_model_on_screen_and_its_rows_are_kept() {
    let s = set(ran(), "hourly_cost_yen", "4000");
    assert_eq!(s.planner.scenario.cost.as_ref().map(|c| c.hourly_cost_yen), Some(4000.0));
    let s = s.reduce(Action::Cost(CostAction::Run));
    let id = s.cost.job.running_id().expect("a cost job");
    let req = s.cost.request().expect("request").clone();
    let run = s.planner.run.job.clone().expect("run job");
    assert_eq!(req.run_key, run.key);
    assert_eq!(req.scenarios.len(), run.scenarios.len());
    for (q, r) in req.scenarios.iter().zip(&run.scenarios) {
        assert_eq!(q.cost.as_ref().map(|c| c.hourly_cost_yen), Some(4000.0));
        assert_eq!(q.strategy, r.strategy);
    }
    let late = s.clone().reduce(Action::Cost(CostAction::Job(JobEvent::Finished {
        id: id + 1,
        reply: vec![],
        elapsed_ms: 0.0,
    })));
    assert!(late.cost.job.result.is_none(), "another job's rows are dropped");
    let s = s.reduce(Action::Cost(CostAction::Job(JobEvent::Finished { id, reply: vec![], elapsed_ms: 0.0 })));
    assert_eq!(s.cost.job.result.as_deref(), Some(&vec![]));
    // the rows are the run's on screen (the CSV carries them), not another run's
    let key = s.planner.plan().result_key;
    assert_eq!(s.cost.priced(key.as_deref()), Some(&vec![]));
    assert_eq!(s.cost.priced(Some("another run")), None);
    assert_eq!(s.cost.priced(None), None);
    // a valid edit prices again; the defaults are stored as no model (short links)
    let s = s.reduce(Action::Cost(CostAction::Reset));
    assert!(s.planner.scenario.cost.is_none());
    assert!(s.cost.job.running_id().is_some_and(|n| n > id), "an edit after pricing prices again");
    // once asked for, every new run is priced as it finishes
    let s = set(s, "hours_per_visit", "5")
        .reduce(Action::Planner(PlannerAction::SetField { field: "seed".into(), text: "99".into() }));
    let s = s.reduce(Action::Planner(PlannerAction::Run));
    let run = s.planner.run.running_id().expect("a run of new scenarios");
    let s = s.reduce(Action::Planner(PlannerAction::Job(JobEvent::Finished {
        id: run,
        reply: vec![Summary::default()],
        elapsed_ms: 1.0,
    })));
    let key = s.planner.run.job.as_ref().map(|j| j.key.clone());
    assert_eq!(s.cost.request().map(|q| q.run_key.clone()), key);
    assert!(s.cost.job.running_id().is_some());
}

#[test]
fn a_run_does_not_price_itself_until_cost_was_asked_for() {
    let s = ran();
    assert!(s.cost.job.job.is_none());
}

#[test]
fn a_bad_value_names_the_field_and_range_and_the_previous_model_stays() {
    let s = set(ran(), "hours_per_visit", "5");
    let s = set(s, "fee_subsidy_share", "2");
    let e = s.cost.error.as_ref().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("cost.fee_subsidy_share") && e.contains("allowed 0 to 1"), "{e}");
    assert_eq!(s.cost.drafts.get("fee_subsidy_share").map(String::as_str), Some("2"));
    let m = cost_model(&s.planner.scenario);
    assert_eq!((m.hours_per_visit, m.fee_subsidy_share), (5.0, 0.0));
    let s = set(s, "fee_subsidy_share", "0.5");
    assert!(s.cost.error.is_none() && s.cost.drafts.is_empty());
    assert_eq!(cost_model(&s.planner.scenario).fee_subsidy_share, 0.5);
}
