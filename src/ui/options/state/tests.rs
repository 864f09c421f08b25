//! The options panel's reducer and its bridge, natively (`cargo test --features web --lib options`).

use super::*;
use crate::ui::shared::bridge_options::RankRequest;
use crate::ui::state::{Action, AppState, RunStatus};
use renkei::sim::scenario::forward::WhatIf;
use std::rc::Rc;
use yew::Reducible;

fn request(s: &AppState) -> RankRequest {
    match s.options.rank.job.as_deref() {
        Some(request) => request.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn ranking_takes_the_goal_panels_target_and_the_deadline_what_if() {
    let s = Rc::new(AppState::default());
    let s = s.reduce(Action::Options(OptionsAction::Rank));
    let r = request(&s);
    assert!(s.options.rank.running_id().is_some());
    assert_eq!(r.target.map(|t| t.0), Some(0.3), "the goal panel's 30%");
    assert!(r.what_ifs.is_empty());
    let s = s.reduce(Action::Options(OptionsAction::SetDeadlines("none".into())));
    // no ranking shown yet: the setting waits for the next ranking
    assert_eq!(s.options.deadlines, DeadlineStrength::None);
    let s = s.reduce(Action::Options(OptionsAction::Rank));
    assert_eq!(request(&s).what_ifs, vec![WhatIf::Deadlines { strength: DeadlineStrength::None }]);
}

#[test]
fn a_row_goes_on_the_chart_and_the_oldest_line_makes_room() {
    let mut s = AppState::default();
    s.planner.strategies = vec!["actual".into(), "baseline".into(), "area_by_area".into(), "focus_training".into()];
    let s = Rc::new(s).reduce(Action::Options(OptionsAction::Chart("visits_support".into())));
    assert_eq!(s.planner.strategies, vec!["baseline", "area_by_area", "focus_training", "visits_support"]);
    assert!(s.planner.run.running_id().is_some() || s.planner.run.result.is_some(), "it runs");
    let before = s.clone();
    let s = s.reduce(Action::Options(OptionsAction::Chart("visits_support".into())));
    assert!(Rc::ptr_eq(&before, &s), "already on the chart");
    let s = s.reduce(Action::Options(OptionsAction::Chart("own".into())));
    assert!(s.planner.strategies.contains(&"actual".to_string()), "own is the page's `actual`");
}

#[test]
fn a_new_search_clears_every_earlier_answer_and_a_bad_field_is_said_in_the_pages_language() {
    let mut s = AppState::default();
    s.options.goals.result = Some(Rc::new(vec![]));
    s.goal.rate = "150".into();
    let s = Rc::new(s).reduce(Action::Options(OptionsAction::Goals));
    assert!(s.options.goals.result.is_none());
    match &s.options.goals.status {
        RunStatus::Failed(p) => {
            let m = crate::ui::shared::i18n::errors::problem(crate::ui::shared::i18n::Lang::Ja, p);
            assert!(m.contains("目標の導入率") && m.contains("0 以上 100 以下"), "{m}")
        }
        other => panic!("{other:?}"),
    }
}
