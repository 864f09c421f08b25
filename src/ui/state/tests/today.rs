//! Plans from today, stale results and the region-switch undo.

use super::*;

// --- plans from today -------------------------------------------------

#[test]
fn the_free_pass_what_if_applies_to_every_compared_plan_the_regions_own_included() {
    use renkei::sim::scenario::strategy::Lever;
    let d = renkei::sim::date::Date::parse("2026-05-31").expect("date");
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::SelectRegion("okazaki".into())));
    let s = reduce(s, Action::Planner(PlannerAction::ToggleStrategy("area_by_area".into())));
    let s = reduce(s, Action::Planner(PlannerAction::SetFreePassEnd(Some(d))));
    let scns = s.planner.run_scenarios();
    assert_eq!(scns.len(), 2);
    for scn in &scns {
        let ends: Vec<_> = scn
            .strategy
            .levers
            .iter()
            .filter_map(|l| match l {
                Lever::FeeWaiver { end: Some(e), .. } => Some(*e),
                _ => None,
            })
            .collect();
        assert_eq!(ends, vec![d], "{}: the free pass ends on the what-if's date", scn.strategy.name);
        assert!(scn.condition.is_some(), "still planned from today");
    }
    let own = &scns[0];
    assert!(own.strategy.levers.len() > 4, "the region's own levers are kept: {}", own.strategy.levers.len());
    let back = reduce(s, Action::Planner(PlannerAction::SetFreePassEnd(None)));
    assert!(back.planner.run_scenarios().iter().all(|x| x.strategy.levers.iter().any(|l| matches!(l,
        Lever::FeeWaiver { end: Some(e), .. } if e.to_string() == "2027-03-31"))));
}

#[test]
fn a_preset_is_planned_from_its_last_observation_and_the_switch_gives_the_counterfactual() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::SelectRegion("okazaki".into())));
    let s = reduce(s, Action::Planner(PlannerAction::ToggleStrategy("area_by_area".into())));
    let s = reduce(s, Action::Planner(PlannerAction::Run));
    assert!(!s.planner.counterfactual, "plans from today are the default");
    let last = renkei::sim::scenario::forward::last_observation(&s.planner.scenario).expect("okazaki has observations");
    assert_eq!(last.to_string(), "2026-02-28");
    assert!(s.planner.scenario.condition.is_none(), "the stored scenario (levers, share link) is unchanged");
    let scns = s.planner.run_scenarios();
    assert_eq!(scns.len(), 2);
    for scn in &scns {
        assert_eq!(scn.condition.as_ref().map(|c| c.date), Some(last), "{}", scn.strategy.name);
    }
    // the reference is the region's own plan continued; the library strategy starts the day after
    assert_eq!(scns[0].strategy, s.planner.scenario.strategy);
    assert_eq!(scns[0].condition.as_ref().unwrap().history, s.planner.scenario.strategy);
    assert!(scns[1].strategy.name.contains("from 2026-02-28"), "{}", scns[1].strategy.name);
    assert_eq!(renkei::sim::scenario::forward::plan_start(&scns[1]).to_string(), "2026-03-01");
    let sum = engine::run(&scns[0], &mut |_, _| {}).expect("runs");
    assert_eq!(sum.header.today.as_deref(), Some("2026-02-28"));
    assert!(s.share_text().find("view=").is_none(), "the default is not written");

    // the switch: the counterfactual, run again, and carried by the share link
    let id = s.running_id();
    let cf = reduce(s.clone(), Action::Planner(PlannerAction::SetCounterfactual(true)));
    assert!(cf.planner.counterfactual);
    assert_ne!(cf.running_id(), id, "switching runs again");
    let scns = cf.planner.run_scenarios();
    assert!(scns.iter().all(|x| x.condition.is_none()));
    assert_eq!(renkei::sim::scenario::forward::plan_start(&scns[1]).to_string(), "2025-09-01");
    let sum = engine::run(&scns[0], &mut |_, _| {}).expect("runs");
    assert_eq!(sum.header.today, None);
    assert!(sum.header.view.as_deref().unwrap_or("").starts_with("Counterfactual"));
    let text = cf.share_text();
    assert!(text.ends_with("&view=cf"), "{text}");
    let back = AppState::initial(Some(text), None);
    assert!(back.planner.counterfactual);
    assert_eq!(back.planner.run_base(), *cf.planner.scenario);
    // and back
    let again = reduce(cf, Action::Planner(PlannerAction::SetCounterfactual(false)));
    assert!(again.planner.plans_from_today());
}

#[test]
fn a_scenario_without_observations_runs_as_before() {
    let mut bare = engine::preset("okazaki").expect("preset");
    bare.observed.clear();
    let json = bare.to_json();
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::ImportText(json)));
    assert!(!s.planner.plans_from_today());
    assert_eq!(s.planner.run_scenarios()[0], *s.planner.scenario);
}
#[test]
fn an_edit_marks_the_result_stale_until_the_next_run() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let s = reduce(
        s,
        Action::Planner(PlannerAction::Job(JobEvent::Finished { id: 1, reply: vec![summary()], elapsed_ms: 1.0 })),
    );
    assert!(!s.planner.stale);
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "replications".into(), text: "21".into() }));
    assert!(s.planner.stale, "a field edit outdates the result");
    let refused =
        reduce(s.clone(), Action::Planner(PlannerAction::SetField { field: "seed".into(), text: "x".into() }));
    assert!(refused.planner.stale);
    let s = reduce(s, Action::Planner(PlannerAction::Run));
    assert!(!s.planner.stale, "a run brings it up to date");
    let s = reduce(s, Action::Planner(PlannerAction::AddLever(LeverKind::Training)));
    assert!(s.planner.stale, "a lever edit outdates it");
    let s = reduce(s, Action::Planner(PlannerAction::Run));
    let s = reduce(s, Action::Planner(PlannerAction::ToggleStrategy("baseline".into())));
    assert!(s.planner.stale, "another strategy to compare outdates it");
}

#[test]
fn a_region_switch_that_drops_edits_can_be_undone() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let clean = reduce(s.clone(), Action::Planner(PlannerAction::SelectRegion("chitose".into())));
    assert!(clean.planner.undo.is_none(), "nothing to undo without edits");
    let s = reduce(s, Action::Planner(PlannerAction::AddLever(LeverKind::Training)));
    let edited = s.planner.scenario.clone();
    assert!(s.planner.has_edits());
    let s = reduce(s, Action::Planner(PlannerAction::SelectRegion("chitose".into())));
    assert_eq!(s.planner.region, "chitose");
    let undo = s.planner.undo.clone().expect("the switch offers undo");
    assert_eq!(undo.region, engine::DEFAULT_REGION);
    let s = reduce(s, Action::Planner(PlannerAction::UndoRegion));
    assert_eq!(s.planner.region, engine::DEFAULT_REGION);
    assert_eq!(s.planner.scenario, edited, "the edits are back");
    assert!(s.planner.undo.is_none());
    assert!(s.running_id().is_some(), "and run");
    let again = reduce(s.clone(), Action::Planner(PlannerAction::UndoRegion));
    assert!(Rc::ptr_eq(&again, &s), "undo works once");
}
