//! The survey table's reducer, natively (`cargo test --features web --lib survey`).

use super::*;
use crate::ui::shared::bridge as engine;
use crate::ui::state::{Action, AppState};
use std::rc::Rc;
use yew::Reducible;

fn set(s: Rc<AppState>, area: &str, column: usize, text: &str) -> Rc<AppState> {
    s.reduce(Action::Survey(SurveyAction::Set { area: area.into(), column, text: text.into() }))
}

#[test]
fn applied_counts_go_into_the_scenario_and_its_runs_and_a_bad_cell_names_its_field() {
    let s = Rc::new(AppState::default());
    let rows = s.survey.shown(&s.planner.scenario);
    let (first, texts) = rows[0].clone();
    // move five offices of the first area from 未導入 to これから導入予定
    let not: u32 = texts[0].parse().expect("count");
    let s = set(s, &first.area, 0, &(not - 5).to_string());
    let s = set(s, &first.area, 1, "5");
    let before = s.planner.run.running_id();
    let s = s.reduce(Action::Survey(SurveyAction::Apply));
    assert_eq!(s.survey.error, None);
    let counts = s.planner.scenario.survey.clone().expect("survey in the scenario");
    assert_eq!(counts[0].planning, 5);
    assert_ne!(s.planner.run.running_id(), before, "the counts run");
    // the run's scenarios carry them, planned from today too, and pass the worker's check
    let run = s.planner.run_scenarios();
    assert!(run.iter().all(|r| r.survey.as_ref() == Some(&counts)));
    engine::check_run(&run).expect("runs");
    // the share text restores them
    let back = crate::ui::planner::share::decode(&s.share_text()).expect("decodes");
    assert_eq!(back.scenario.survey, Some(counts.clone()));
    // a sum that disagrees with the area: the core's field, the counts stay
    let s = set(s, &first.area, 1, "6");
    let s = s.reduce(Action::Survey(SurveyAction::Apply));
    let e = s.survey.error.as_ref().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.starts_with("survey[0]:") && e.contains("must agree"), "{e}");
    assert_eq!(s.planner.scenario.survey.as_ref(), Some(&counts));
    let s = set(s, &first.area, 1, "x");
    let s = s.reduce(Action::Survey(SurveyAction::Apply));
    assert!(s.survey.error.as_ref().map(|e| e.to_string()).unwrap_or_default().starts_with("survey[0].planning: `x`"));
    let s = s.reduce(Action::Survey(SurveyAction::Clear));
    assert_eq!(s.planner.scenario.survey, None);
    assert!(s.survey.cells.is_empty() && s.survey.error.is_none());
}
