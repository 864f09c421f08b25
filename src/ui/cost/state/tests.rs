//! The cost table's reducer and its bridge, natively (`cargo test --features web --lib cost`).

use super::*;
use crate::ui::planner::state::PlannerAction;
use crate::ui::shared::bridge as engine;
use crate::ui::shared::bridge::Scenario;
use crate::ui::shared::bridge_compare::run_cost;
use crate::ui::shared::bridge_compare::Summary;
use crate::ui::state::{Action, RunStatus};
use renkei::sim::experiment::cost;
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
    assert_eq!(s.cost.job.status, RunStatus::Refused(NO_RUN.0.into()));
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
    let m = model(&s);
    assert_eq!((m.hours_per_visit, m.fee_subsidy_share), (5.0, 0.0));
    let s = set(s, "fee_subsidy_share", "0.5");
    assert!(s.cost.error.is_none() && s.cost.drafts.is_empty());
    assert_eq!(model(&s).fee_subsidy_share, 0.5);
}

#[test]
fn the_workers_comparison_is_the_clis_to_the_bit() {
    let mut base = engine::preset("higashisonogi").expect("preset");
    base.replications = 5;
    base.cost = Some(CostModel { fee_subsidy_share: 0.5, ..CostModel::default() });
    let scenarios: Vec<_> = ["actual", "area_by_area"].iter().filter_map(|n| engine::with_strategy(&base, n)).collect();
    assert_eq!(scenarios.len(), 2);
    let req = CostRequest { run_key: String::new(), scenarios: scenarios.clone() };
    let mut calls = Vec::new();
    let page = run_cost(&req, &mut |d, t| calls.push((d, t))).expect("prices");
    // The CLI spreads replications over threads (natively); the wasm build of these tests has
    // no threads and checks against the one-thread pricing.
    #[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
    let mut priced = |s: &Scenario| renkei::parallel::cost_reps(s, 3);
    #[cfg(not(all(feature = "cli", not(target_arch = "wasm32"))))]
    let mut priced = |s: &Scenario| cost::run(s);
    let cli = cost::compare(&scenarios[0], &scenarios, &mut priced).expect("prices");
    assert_eq!(page, cli);
    assert_eq!(calls.last(), Some(&(15, 15)), "progress counts the baseline's and each strategy's replications");
    assert!(page[1].against_baseline.additional_city_yen.median.is_some());
}
