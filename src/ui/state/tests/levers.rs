//! The share text, the lever timeline and the region picker.

use super::*;
use crate::ui::planner::levers::LeverInput::{self, Picked, Typed};
use renkei::sim::scenario::lever_fields::FieldValue;

fn edit(index: usize, field: &'static str, input: LeverInput) -> Action {
    Action::Planner(PlannerAction::EditLever { index, field, input })
}

#[test]
fn share_text_round_trips_through_load() {
    let s = reduce(
        Rc::new(AppState::default()),
        Action::Planner(PlannerAction::SetField { field: "params.p".into(), text: "0.2".into() }),
    );
    let s = reduce(s, Action::Planner(PlannerAction::ToggleStrategy("baseline".into())));
    let s = reduce(s, Action::ToggleLang);
    let text = s.share_text();
    let loaded = reduce(Rc::new(AppState::default()), Action::Load(Box::new(share::decode(&text).unwrap())));
    assert_eq!(loaded.planner.scenario, s.planner.scenario);
    assert_eq!(loaded.planner.strategies, s.planner.strategies);
    assert_eq!(loaded.lang, Lang::En);
    assert_eq!(loaded.share_text(), text);
}

#[test]
fn levers_are_added_edited_and_removed_through_the_reducer() {
    let s0 = Rc::new(AppState::default());
    let n = s0.planner.scenario.strategy.levers.len();
    let s = reduce(s0.clone(), Action::Planner(PlannerAction::AddLever(LeverKind::Outreach)));
    assert_eq!(s.planner.scenario.strategy.levers.len(), n + 1);
    let l = &s.planner.scenario.strategy.levers[n];
    assert_eq!(l.lever_kind(), LeverKind::Outreach);
    assert!(l.areas().is_empty(), "a new lever is aimed at every area");
    // aimed at one named area
    let area = s.planner.scenario.population.areas[0].name.clone();
    let s = reduce(s, edit(n, "areas", Picked(FieldValue::Areas(vec![area.clone()]))));
    assert_eq!(s.planner.scenario.strategy.levers[n].areas(), &[area.clone()][..]);
    let s = reduce(s, edit(n, "contacts_per_month", Typed("6".into())));
    assert!(s.planner.errors.is_empty(), "{:?}", s.planner.errors);
    let s = reduce(s, edit(n, "end", Typed("2026-06-30".into())));
    let groups = engine::Groups { planning: false, ..Default::default() };
    let s = reduce(s, edit(n, "groups", Picked(FieldValue::Groups(groups))));
    match &s.planner.scenario.strategy.levers[n] {
        engine::Lever::Outreach { contacts_per_month, end, groups, .. } => {
            assert_eq!(*contacts_per_month, 6.0);
            assert_eq!(end.to_string(), "2026-06-30");
            assert!(!groups.planning && groups.not_adopted);
        }
        other => panic!("{other:?}"),
    }
    // the edited plan survives the share link (and so the autosave) and the JSON file
    let shared = share::decode(&s.share_text()).unwrap();
    let loaded = reduce(Rc::new(AppState::default()), Action::Load(Box::new(shared)));
    assert_eq!(loaded.planner.scenario.strategy, s.planner.scenario.strategy);
    assert_eq!(engine::parse_scenario(&s.planner.scenario.to_json()).unwrap().strategy, s.planner.scenario.strategy);
    // and is what the scenario's own plan runs
    let ran = reduce(s.clone(), Action::Planner(PlannerAction::Run));
    assert_eq!(ran.planner.run_scenarios()[0].strategy, s.planner.scenario.strategy);
    let s = reduce(s, Action::Planner(PlannerAction::RemoveLever(n)));
    assert_eq!(s.planner.scenario.strategy, s0.planner.scenario.strategy);
    let same = reduce(s.clone(), Action::Planner(PlannerAction::RemoveLever(999)));
    assert!(Rc::ptr_eq(&same, &s));
}

#[test]
fn a_bad_lever_date_is_refused_named_and_the_scenario_stays() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::AddLever(LeverKind::Support)));
    let n = s.planner.scenario.strategy.levers.len() - 1;
    let before = s.planner.scenario.clone();
    let start = match &before.strategy.levers[n] {
        engine::Lever::Support { start, .. } => *start,
        other => panic!("{other:?}"),
    };
    let bad = start.add_days(-1).to_string();
    let s = reduce(s, edit(n, "end", Typed(bad.clone())));
    let key = format!("strategy.levers[{n}].end");
    assert!(
        matches!(
            s.planner.errors.get(&key),
            Some(FieldError::Sim(SimError::Invalid { reason: Reason::Before { after, .. }, .. })) if after == "start"
        ),
        "{:?}",
        s.planner.errors
    );
    assert_eq!(s.planner.scenario, before, "scenario unchanged");
    assert_eq!(s.planner.drafts.get(&key), Some(&bad), "what was typed stays in the field");
    let blocked = reduce(s.clone(), Action::Planner(PlannerAction::Run));
    assert!(Rc::ptr_eq(&blocked, &s), "no run while a lever field is wrong");
    // not a date, not a number, an unknown area
    let s = reduce(s, edit(n, "start", Typed("".into())));
    assert!(s.planner.errors.contains_key(&format!("strategy.levers[{n}].start")));
    let s = reduce(s, edit(n, "per_month", Typed("1.5".into())));
    assert_eq!(s.planner.errors.get(&format!("strategy.levers[{n}].per_month")), Some(&FieldError::NotWhole));
    let s = reduce(s, edit(n, "areas", Picked(FieldValue::Areas(vec!["nowhere".into()]))));
    assert!(s.planner.errors.contains_key(&format!("strategy.levers[{n}].areas")));
    assert_eq!(s.planner.scenario, before);
    // removing the lever forgets its messages
    let s = reduce(s, Action::Planner(PlannerAction::RemoveLever(n)));
    assert!(s.planner.errors.is_empty(), "{:?}", s.planner.errors);
    assert!(reduce(s, Action::Planner(PlannerAction::Run)).running_id().is_some());
}

#[test]
fn a_deadlines_pledge_is_edited_on_the_page_and_runs() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::AddLever(LeverKind::Deadline)));
    let n = s.planner.scenario.strategy.levers.len() - 1;
    assert!(matches!(s.planner.scenario.strategy.levers[n], engine::Lever::Deadline { pledge: false, .. }));
    let s = reduce(s, edit(n, "pledge", Picked(FieldValue::Flag(true))));
    assert!(s.planner.errors.is_empty(), "{:?}", s.planner.errors);
    assert!(matches!(s.planner.scenario.strategy.levers[n], engine::Lever::Deadline { pledge: true, .. }));
    assert!(s.planner.scenario.to_json().contains("\"pledge\": true"));
    // the run of the scenario's own plan carries it
    let ran = reduce(s.clone(), Action::Planner(PlannerAction::Run));
    assert_eq!(ran.planner.run_scenarios()[0].strategy.levers.last(), s.planner.scenario.strategy.levers.last());
    // a weight out of the declared range is refused in the core's words and the pledge stays
    let s = reduce(s, edit(n, "weight", Typed("11".into())));
    let key = format!("strategy.levers[{n}].weight");
    assert_eq!(s.planner.errors.get(&key), Some(&FieldError::from(SimError::range(&key, 11.0, 0.0, 10.0))));
    assert!(
        matches!(s.planner.scenario.strategy.levers[n], engine::Lever::Deadline { pledge: true, weight, .. } if weight == 1.0)
    );
}

#[test]
fn choosing_a_region_clears_drafts_and_errors() {
    let s = reduce(
        Rc::new(AppState::default()),
        Action::Planner(PlannerAction::SetField { field: "params.q".into(), text: "x".into() }),
    );
    let s = reduce(s, Action::Planner(PlannerAction::SelectRegion("chitose".into())));
    assert!(s.planner.errors.is_empty() && s.planner.drafts.is_empty());
}

#[test]
fn select_region_loads_its_preset_and_runs() {
    let names = engine::region_names();
    let other = names.iter().find(|n| n.as_str() != engine::DEFAULT_REGION).expect("more than one region");
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::SelectRegion(other.clone())));
    assert_eq!(&s.planner.region, other);
    assert_eq!(*s.planner.scenario, engine::preset(other).unwrap());
    assert_eq!(s.running_id(), Some(1));
    // unknown names change nothing
    let same = reduce(s.clone(), Action::Planner(PlannerAction::SelectRegion("atlantis".into())));
    assert!(Rc::ptr_eq(&same, &s));
}
