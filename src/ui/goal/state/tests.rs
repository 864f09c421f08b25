//! The goal panel's reducer and its bridge, natively (`cargo test --features web --lib goal`).

use super::*;
use crate::ui::shared::bridge as engine;
use crate::ui::shared::bridge::Lever;
use crate::ui::shared::bridge_planning::{apply_goal, run_goal};
use crate::ui::shared::i18n::{errors, Lang};
use crate::ui::state::{Action, AppState, RunStatus};
use std::rc::Rc;
use yew::Reducible;

fn small() -> Scenario {
    let mut s = engine::preset("higashisonogi").expect("preset");
    s.replications = 6;
    s
}

fn set(s: Rc<AppState>, f: GoalField, v: &str) -> Rc<AppState> {
    s.reduce(Action::Goal(GoalAction::Set(f, v.into())))
}

#[test]
fn a_bad_field_refuses_the_seek_naming_the_field_in_the_pages_language() {
    // typed, said in the language of the page when shown (so a switch of language re-says it)
    let say = |e: &SimError, lang| errors::sim_error(lang, e);
    let g = GoalState { rate: "150".into(), ..GoalState::default() };
    let e = g.request(small()).expect_err("150% refused");
    assert_eq!(e.field(), Some("goal.rate"));
    assert!(say(&e, Lang::En).contains("goal rate") && say(&e, Lang::En).contains("0 to 100"), "{e}");
    assert!(say(&e, Lang::Ja).contains("目標の導入率") && say(&e, Lang::Ja).contains("0 以上 100 以下"), "{e}");
    let g = GoalState { low: "5".into(), high: "2".into(), ..GoalState::default() };
    assert!(say(&g.request(small()).expect_err("reversed"), Lang::En).contains("range from"));
    let g = GoalState { by: "2027-13-01".into(), ..GoalState::default() };
    assert!(say(&g.request(small()).expect_err("no date"), Lang::En).contains("date"));
    // the free pass's range is two dates, read as day numbers
    let g = GoalState {
        lever: "free_pass.end".into(),
        low: "2026-04-01".into(),
        high: "2027-03-31".into(),
        ..GoalState::default()
    };
    let r = g.request(small()).expect("dates");
    let days = |t: &str| Date::parse(t).map(|d| d.days() as f64);
    assert_eq!(r.range, days("2026-04-01").zip(days("2027-03-31")));
    assert_eq!((r.rate, r.prob), (0.3, 0.8));
}

#[test]
fn run_seeks_on_the_scenario_on_screen_and_a_refused_field_starts_nothing() {
    let s = Rc::new(AppState::default());
    let s = set(s, GoalField::Rate, "abc");
    let s = s.reduce(Action::Goal(GoalAction::Run));
    assert!(
        matches!(s.goal.job.status, RunStatus::Failed(ref p) if errors::problem(Lang::Ja, p).contains("目標の導入率"))
    );
    let s = set(s, GoalField::Rate, "25");
    // a date not after the scenario's start: the core's check, on the page, in Japanese
    let start = s.planner.scenario.start.to_string();
    let early = set(s.clone(), GoalField::By, &start).reduce(Action::Goal(GoalAction::Run));
    assert!(
        matches!(early.goal.job.status, RunStatus::Failed(ref p) if errors::problem(Lang::Ja, p).contains("より後の日付にしてください")),
        "{:?}",
        early.goal.job.status
    );
    let s = set(s, GoalField::Lever, "visits.per_month");
    let s = s.reduce(Action::Goal(GoalAction::Run));
    let id = s.goal.job.running_id().expect("running");
    let Some(request) = s.goal.job.running_job().as_deref().cloned() else { panic!("a goal job") };
    assert_eq!(*request.scenario, s.planner.run_base());
    assert_eq!((request.lever.as_str(), request.rate), ("visits.per_month", 0.25));
    // its progress and failure go to its slot, not the planner's run
    let s = s.reduce(Action::Goal(GoalAction::Job(JobEvent::Progress { id, done: 2, total: 9, eta: None })));
    assert_eq!(s.goal.job.status, RunStatus::Running { id, done: 2, total: 9, eta: None });
    let s = s.reduce(Action::Goal(GoalAction::Cancel));
    let before = s.clone();
    let late = run_goal(&request_for(small(), "visits.per_month", 0.0, (0.0, 2.0)), &mut |_, _| {}).expect("runs");
    let s = s.reduce(Action::Goal(GoalAction::Job(JobEvent::Finished { id, reply: late, elapsed_ms: 0.0 })));
    assert!(Rc::ptr_eq(&before, &s), "a cancelled seek's late answer is dropped");
}

fn request_for(scn: Scenario, lever: &str, rate: f64, range: (f64, f64)) -> GoalRequest {
    let by = Date::parse("2027-03-31").expect("date");
    GoalRequest { scenario: Box::new(scn), lever: lever.into(), rate, by, prob: 0.8, range: Some(range) }
}

#[test]
fn apply_sets_the_answer_in_the_plan_and_runs_it() {
    let s = Rc::new(AppState::default());
    let s = set(s, GoalField::Lever, "visits.per_month");
    let s = s.reduce(Action::Goal(GoalAction::Run));
    let id = s.goal.job.running_id().expect("running");
    let mut answer =
        run_goal(&request_for(small(), "visits.per_month", 0.0, (7.0, 7.0)), &mut |_, _| {}).expect("runs");
    assert_eq!(answer.x, Some(7.0));
    answer.by = Date::parse("2027-03-31").expect("date");
    let s = s.reduce(Action::Goal(GoalAction::Job(JobEvent::Finished { id, reply: answer.clone(), elapsed_ms: 0.0 })));
    let run_before = s.planner.run.running_id();
    let s = s.reduce(Action::Goal(GoalAction::Apply));
    let visits: Vec<u32> = s
        .planner
        .scenario
        .strategy
        .levers
        .iter()
        .filter_map(|l| match l {
            Lever::Visits { per_month, .. } => Some(*per_month),
            _ => None,
        })
        .collect();
    assert!(!visits.is_empty() && visits.iter().all(|&v| v == 7), "{visits:?}");
    assert_ne!(s.planner.run.running_id(), run_before, "the applied plan runs");
    let out = GoalAnswer { x: None, reachable: false, ..answer };
    assert_eq!(apply_goal(&s.planner.scenario, &out), Ok(None), "nothing to apply out of reach");
}
