//! Runs, their life cycle, fields, strategies and scenario files.

use super::*;

#[test]
fn starts_in_japanese_with_the_default_region_idle() {
    let s = AppState::default();
    assert_eq!(s.lang, Lang::Ja);
    assert_eq!(s.planner.region, engine::DEFAULT_REGION);
    assert_eq!(s.planner.run.status, RunStatus::Idle);
    assert!(s.planner.run.result.is_none());
}

#[test]
fn toggle_lang_flips_and_flips_back() {
    let s = Rc::new(AppState::default());
    let s = reduce(s, Action::ToggleLang);
    assert_eq!(s.lang, Lang::En);
    let s = reduce(s, Action::ToggleLang);
    assert_eq!(s.lang, Lang::Ja);
    let s = reduce(s, Action::SetLang(Lang::En));
    assert_eq!(s.lang, Lang::En);
}

#[test]
fn run_gets_fresh_ids_and_progress_of_old_runs_is_ignored() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    assert_eq!(s.running_id(), Some(1));
    let s = reduce(s, Action::Planner(PlannerAction::Run));
    assert_eq!(s.running_id(), Some(2));
    let before = s.clone();
    let s = reduce(s, Action::Planner(PlannerAction::Job(JobEvent::Progress { id: 1, done: 5, total: 10, eta: None })));
    assert!(Rc::ptr_eq(&before, &s), "stale progress must not change state");
    let s = reduce(s, Action::Planner(PlannerAction::Job(JobEvent::Progress { id: 2, done: 5, total: 10, eta: None })));
    assert_eq!(s.planner.run.status, RunStatus::Running { id: 2, done: 5, total: 10, eta: None });
}

#[test]
fn a_runs_progress_notifies_the_progress_context_not_the_planners_readers() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let before = s.clone();
    let s = reduce(s, Action::Planner(PlannerAction::Job(JobEvent::Progress { id: 1, done: 5, total: 10, eta: None })));
    // what `state::Provide` gives each context
    assert_eq!(before.planner, s.planner, "the planner's panels are not re-rendered");
    assert_eq!(before.planner.plan(), s.planner.plan());
    assert_eq!(before.progress().0, vec![RunStatus::Running { id: 1, done: 0, total: 0, eta: None }]);
    assert_eq!(s.progress().0, vec![RunStatus::Running { id: 1, done: 5, total: 10, eta: None }], "the status line is");
}

#[test]
fn finished_stores_the_result_and_goes_idle() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let sum = summary();
    let s = reduce(
        s,
        Action::Planner(PlannerAction::Job(JobEvent::Finished { id: 1, reply: vec![sum.clone()], elapsed_ms: 12.0 })),
    );
    assert_eq!(s.planner.run.status, RunStatus::Idle);
    let r = s.planner.run.result.as_ref().expect("result");
    assert_eq!(r.id, 1);
    assert_eq!(r.summaries, vec![sum]);
    assert_eq!(r.strategies, vec![engine::ACTUAL.to_string()]);
    assert_eq!(r.region, engine::DEFAULT_REGION);
}

#[test]
fn cancel_stops_the_run_and_its_late_result_is_dropped() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let s = reduce(s, Action::Planner(PlannerAction::Cancel));
    assert_eq!(s.planner.run.status, RunStatus::Cancelled);
    assert_eq!(s.running_id(), None);
    let s = reduce(
        s,
        Action::Planner(PlannerAction::Job(JobEvent::Finished { id: 1, reply: vec![summary()], elapsed_ms: 1.0 })),
    );
    assert!(s.planner.run.result.is_none());
    // cancelling when nothing runs is a no-op
    let again = reduce(s.clone(), Action::Planner(PlannerAction::Cancel));
    assert!(Rc::ptr_eq(&again, &s));
}

#[test]
fn failure_is_shown_and_keeps_the_previous_result() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let s = reduce(
        s,
        Action::Planner(PlannerAction::Job(JobEvent::Finished { id: 1, reply: vec![summary()], elapsed_ms: 1.0 })),
    );
    // Another seed, so the run goes to the worker (the same scenario would come from the cache).
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "seed".into(), text: "7".into() }));
    let s = reduce(s, Action::Planner(PlannerAction::Run));
    let s = reduce(
        s,
        Action::Planner(PlannerAction::Job(JobEvent::Failed { id: 2, problem: Problem::Worker("boom".into()) })),
    );
    assert_eq!(s.planner.run.status, RunStatus::Failed(Problem::Worker("boom".into())));
    assert_eq!(s.planner.run.result.as_ref().map(|r| r.id), Some(1));
}

#[test]
fn valid_field_text_changes_the_scenario() {
    let s = reduce(
        Rc::new(AppState::default()),
        Action::Planner(PlannerAction::SetField { field: "params.q".into(), text: " 2.5 ".into() }),
    );
    assert_eq!(s.planner.scenario.params.q, 2.5);
    assert!(s.planner.errors.is_empty());
    assert_eq!(s.planner.drafts.get("params.q").map(String::as_str), Some(" 2.5 "));
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "replications".into(), text: "50".into() }));
    assert_eq!(s.planner.scenario.replications, 50);
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "seed".into(), text: "7".into() }));
    assert_eq!(s.planner.scenario.seed, 7);
}

#[test]
fn bad_field_text_is_refused_named_and_blocks_runs() {
    let s0 = Rc::new(AppState::default());
    let q0 = s0.planner.scenario.params.q;
    let s = reduce(s0, Action::Planner(PlannerAction::SetField { field: "params.q".into(), text: "abc".into() }));
    assert_eq!(s.planner.errors.get("params.q"), Some(&FieldError::NotNumber));
    assert_eq!(s.planner.scenario.params.q, q0, "scenario unchanged");
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "params.threshold".into(), text: "5".into() }));
    assert_eq!(s.planner.errors.get("params.threshold"), Some(&FieldError::Range { min: 0.01, max: 1.0 }));
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "replications".into(), text: "0".into() }));
    assert!(matches!(s.planner.errors.get("replications"), Some(FieldError::Range { .. })));
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "seed".into(), text: "1.5".into() }));
    assert_eq!(s.planner.errors.get("seed"), Some(&FieldError::NotWhole));
    let blocked = reduce(s.clone(), Action::Planner(PlannerAction::Run));
    assert!(Rc::ptr_eq(&blocked, &s), "no run while a field is wrong");
    // fixing every field unblocks
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "params.q".into(), text: "1".into() }));
    let s =
        reduce(s, Action::Planner(PlannerAction::SetField { field: "params.threshold".into(), text: "0.3".into() }));
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "replications".into(), text: "20".into() }));
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "seed".into(), text: "2".into() }));
    assert!(s.planner.errors.is_empty(), "{:?}", s.planner.errors);
    let s = reduce(s, Action::Planner(PlannerAction::Run));
    assert!(s.running_id().is_some());
}

#[test]
fn strategies_to_compare_are_one_to_four_and_runs_use_them() {
    let s = Rc::new(AppState::default());
    let same = reduce(s.clone(), Action::Planner(PlannerAction::ToggleStrategy(engine::ACTUAL.into())));
    assert!(Rc::ptr_eq(&same, &s), "the last strategy stays");
    let names: Vec<&str> = engine::strategy_options().iter().map(|o| o.0).collect();
    let mut s = s;
    for n in &names[1..] {
        s = reduce(s, Action::Planner(PlannerAction::ToggleStrategy(n.to_string())));
    }
    assert_eq!(s.planner.strategies.len(), engine::MAX_COMPARE);
    assert_eq!(
        s.planner.strategies[..],
        names[..engine::MAX_COMPARE].iter().map(|n| n.to_string()).collect::<Vec<_>>()[..]
    );
    let s = reduce(s, Action::Planner(PlannerAction::ToggleStrategy("no_such_strategy".into())));
    assert_eq!(s.planner.strategies.len(), engine::MAX_COMPARE);
    let s = reduce(s, Action::Planner(PlannerAction::ToggleStrategy(names[1].into())));
    assert_eq!(s.planner.strategies.len(), engine::MAX_COMPARE - 1);
    let s = reduce(s, Action::Planner(PlannerAction::Run));
    let scns = s.planner.run_scenarios();
    assert_eq!(scns.len(), 3);
    assert_eq!(scns[0].strategy, s.planner.scenario.strategy, "`actual` keeps the scenario's plan");
    assert_ne!(scns[1].strategy, scns[0].strategy);
    let s = reduce(
        s,
        Action::Planner(PlannerAction::Job(JobEvent::Finished { id: 1, reply: vec![summary(); 3], elapsed_ms: 1.0 })),
    );
    assert_eq!(s.planner.run.result.as_ref().unwrap().strategies.len(), 3);
}

#[test]
fn import_replaces_the_scenario_or_names_what_is_wrong() {
    let s = Rc::new(AppState::default());
    let s = reduce(s, Action::Planner(PlannerAction::ImportText("{\"start\": \"2025-08-31\"}".into())));
    match &s.notice {
        Some(Notice::ImportFailed(m)) => assert!(m.to_string().contains("population"), "{m}"),
        other => panic!("{other:?}"),
    }
    let mut bad = engine::preset("okazaki").unwrap();
    bad.params.q = 999.0;
    let s = reduce(s, Action::Planner(PlannerAction::ImportText(bad.to_json())));
    match &s.notice {
        Some(Notice::ImportFailed(m)) => {
            assert!(m.to_string().contains("params.q"), "{m}");
            // the Japanese page says it in Japanese, naming the field and the range
            let ja = crate::ui::shared::i18n::errors::problem(Lang::Ja, m);
            assert!(ja.contains("params.q") && ja.contains("範囲外"), "{ja}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.running_id(), None);
    let mut scn = engine::preset("chitose").unwrap();
    scn.name = "my town".into();
    scn.params.q = 3.0;
    let s = reduce(s, Action::Planner(PlannerAction::ImportText(scn.to_json())));
    assert_eq!(s.notice, None);
    // The edited q differs from the posterior's default, so the import pins it (as the CLI does).
    let mut want = scn.clone();
    want.pinned = vec!["q".into()];
    assert_eq!(*s.planner.scenario, want);
    assert_eq!(s.planner.region, "my town");
    assert_eq!(s.running_id(), Some(1));
}
