//! The reducers, tested natively (`cargo test --features web --lib`).

use super::*;
use crate::ui::import::state::ImportAction;
use crate::ui::import::state::TableKind;
use crate::ui::planner::state::PlannerAction;
use crate::ui::protocol::Job;
use crate::ui::research::state::{RangeSource, ResearchAction};
use crate::ui::shared::bridge::{CalibRequest, FieldError, Scenario};

fn reduce(s: Rc<AppState>, a: Action) -> Rc<AppState> {
    s.reduce(a)
}

fn summary() -> Summary {
    let s = engine::default_scenario();
    engine::run(&s, &mut |_, _| {}).expect("default scenario runs")
}

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
    let s = reduce(s, Action::Progress { id: 1, done: 5, total: 10 });
    assert!(Rc::ptr_eq(&before, &s), "stale progress must not change state");
    let s = reduce(s, Action::Progress { id: 2, done: 5, total: 10 });
    assert_eq!(s.planner.run.status, RunStatus::Running { id: 2, done: 5, total: 10 });
}

#[test]
fn finished_stores_the_result_and_goes_idle() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let sum = summary();
    let s = reduce(s, Action::Finished { id: 1, summaries: vec![sum.clone()], elapsed_ms: 12.0 });
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
    let s = reduce(s, Action::Finished { id: 1, summaries: vec![summary()], elapsed_ms: 1.0 });
    assert!(s.planner.run.result.is_none());
    // cancelling when nothing runs is a no-op
    let again = reduce(s.clone(), Action::Planner(PlannerAction::Cancel));
    assert!(Rc::ptr_eq(&again, &s));
}

#[test]
fn failure_is_shown_and_keeps_the_previous_result() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let s = reduce(s, Action::Finished { id: 1, summaries: vec![summary()], elapsed_ms: 1.0 });
    // Another seed, so the run goes to the worker (the same scenario would come from the cache).
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "seed".into(), text: "7".into() }));
    let s = reduce(s, Action::Planner(PlannerAction::Run));
    let s = reduce(s, Action::Failed { id: 2, message: "boom".into() });
    assert_eq!(s.planner.run.status, RunStatus::Failed("boom".into()));
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
    let s = reduce(s, Action::Finished { id: 1, summaries: vec![summary(); 3], elapsed_ms: 1.0 });
    assert_eq!(s.planner.run.result.as_ref().unwrap().strategies.len(), 3);
}

#[test]
fn import_replaces_the_scenario_or_names_what_is_wrong() {
    let s = Rc::new(AppState::default());
    let s = reduce(s, Action::Planner(PlannerAction::ImportText("{\"start\": \"2025-08-31\"}".into())));
    match &s.notice {
        Some(Notice::ImportFailed(m)) => assert!(m.contains("population"), "{m}"),
        other => panic!("{other:?}"),
    }
    let mut bad = engine::preset("okazaki").unwrap();
    bad.params.q = 999.0;
    let s = reduce(s, Action::Planner(PlannerAction::ImportText(bad.to_json())));
    match &s.notice {
        Some(Notice::ImportFailed(m)) => assert!(m.contains("params.q"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.running_id(), None);
    let mut scn = engine::preset("chitose").unwrap();
    scn.name = "my town".into();
    scn.params.q = 3.0;
    let s = reduce(s, Action::Planner(PlannerAction::ImportText(scn.to_json())));
    assert_eq!(s.notice, None);
    assert_eq!(*s.planner.scenario, scn);
    assert_eq!(s.planner.region, "my town");
    assert_eq!(s.running_id(), Some(1));
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
    let s = reduce(s0.clone(), Action::Planner(PlannerAction::AddLever("outreach".into())));
    assert_eq!(s.planner.scenario.strategy.levers.len(), n + 1);
    let l = &s.planner.scenario.strategy.levers[n];
    assert_eq!(l.kind(), "outreach");
    assert!(l.areas().is_empty(), "a new lever is aimed at every area");
    let same = reduce(s.clone(), Action::Planner(PlannerAction::AddLever("no_such_lever".into())));
    assert!(Rc::ptr_eq(&same, &s));
    // aimed at one named area
    let area = s.planner.scenario.population.areas[0].name.clone();
    let s =
        reduce(s, Action::Planner(PlannerAction::EditLever { index: n, field: "areas".into(), value: area.clone() }));
    assert_eq!(s.planner.scenario.strategy.levers[n].areas(), &[area.clone()][..]);
    let s = reduce(
        s,
        Action::Planner(PlannerAction::EditLever { index: n, field: "contacts_per_month".into(), value: "6".into() }),
    );
    assert!(s.planner.errors.is_empty(), "{:?}", s.planner.errors);
    let s = reduce(
        s,
        Action::Planner(PlannerAction::EditLever { index: n, field: "end".into(), value: "2026-06-30".into() }),
    );
    let s = reduce(
        s,
        Action::Planner(PlannerAction::EditLever { index: n, field: "groups.planning".into(), value: "false".into() }),
    );
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
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::AddLever("support".into())));
    let n = s.planner.scenario.strategy.levers.len() - 1;
    let before = s.planner.scenario.clone();
    let start = match &before.strategy.levers[n] {
        engine::Lever::Support { start, .. } => *start,
        other => panic!("{other:?}"),
    };
    let bad = start.add_days(-1).to_string();
    let s = reduce(s, Action::Planner(PlannerAction::EditLever { index: n, field: "end".into(), value: bad.clone() }));
    let key = format!("strategy.levers[{n}].end");
    assert!(
        matches!(s.planner.errors.get(&key), Some(FieldError::Core(m)) if m.contains("before")),
        "{:?}",
        s.planner.errors
    );
    assert_eq!(s.planner.scenario, before, "scenario unchanged");
    assert_eq!(s.planner.drafts.get(&key), Some(&bad), "what was typed stays in the field");
    let blocked = reduce(s.clone(), Action::Planner(PlannerAction::Run));
    assert!(Rc::ptr_eq(&blocked, &s), "no run while a lever field is wrong");
    // not a date, not a number, an unknown area
    let s = reduce(s, Action::Planner(PlannerAction::EditLever { index: n, field: "start".into(), value: "".into() }));
    assert!(s.planner.errors.contains_key(&format!("strategy.levers[{n}].start")));
    let s = reduce(
        s,
        Action::Planner(PlannerAction::EditLever { index: n, field: "per_month".into(), value: "1.5".into() }),
    );
    assert_eq!(s.planner.errors.get(&format!("strategy.levers[{n}].per_month")), Some(&FieldError::NotWhole));
    let s = reduce(
        s,
        Action::Planner(PlannerAction::EditLever { index: n, field: "areas".into(), value: "nowhere".into() }),
    );
    assert!(s.planner.errors.contains_key(&format!("strategy.levers[{n}].areas")));
    assert_eq!(s.planner.scenario, before);
    // removing the lever forgets its messages
    let s = reduce(s, Action::Planner(PlannerAction::RemoveLever(n)));
    assert!(s.planner.errors.is_empty(), "{:?}", s.planner.errors);
    assert!(reduce(s, Action::Planner(PlannerAction::Run)).running_id().is_some());
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

// --- sensitivity -------------------------------------------------------

#[test]
fn tornado_runs_with_posterior_ranges_and_keeps_its_own_progress() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let s = reduce(s, Action::Research(ResearchAction::RunTornado));
    let id = s.research.tornado.running_id().expect("tornado running");
    assert_ne!(Some(id), s.running_id(), "ids are not shared between jobs");
    let Some(Job::Tornado { scenario, ranges, .. }) = s.research.tornado.job.as_deref() else { panic!("no job") };
    assert_eq!(&**scenario, &*s.planner.scenario);
    assert_eq!(s.research.tornado_source, RangeSource::Shipped);
    // the shipped posterior's 90% interval is used for q, ±50% for the rest
    let shipped = engine::shipped_summary();
    let q = shipped.iter().find(|p| p.name == "q").expect("q is calibrated");
    let rq = ranges.iter().find(|r| r.param == "q").expect("q range");
    assert_eq!((rq.low, rq.high), (q.p05, q.p95));
    for r in ranges {
        let info = engine::PARAM_INFO.iter().find(|i| i.name == r.param).expect("known parameter");
        assert!(info.min <= r.low && r.low < r.high && r.high <= info.max, "{r:?}");
    }
    // progress is routed by id: the tornado's does not touch the main run
    let s = reduce(s, Action::Progress { id, done: 3, total: 9 });
    assert_eq!(s.research.tornado.status, RunStatus::Running { id, done: 3, total: 9 });
    assert_eq!(s.planner.run.status, RunStatus::Running { id: 1, done: 0, total: 0 });
    let scn = engine::preset("higashisonogi").unwrap();
    let small = vec![engine::Range { param: "q".into(), low: 0.2, high: 1.0 }];
    let t = engine::run_tornado(&scn, &small, &mut |_, _| {}).expect("tornado");
    assert_eq!(t.bars.len(), 1);
    let s = reduce(s, Action::TornadoFinished { id, tornado: t.clone(), elapsed_ms: 5.0 });
    assert_eq!(s.research.tornado.status, RunStatus::Idle);
    assert_eq!(s.research.tornado.result.as_ref().map(|r| &r.tornado), Some(&t));
    assert!(s.planner.run.result.is_none() && s.running_id() == Some(1), "the main run is untouched");
}

#[test]
fn a_cancelled_tornado_drops_its_late_result() {
    let s = reduce(Rc::new(AppState::default()), Action::Research(ResearchAction::RunTornado));
    let id = s.research.tornado.running_id().unwrap();
    let s = reduce(s, Action::Research(ResearchAction::CancelTornado));
    assert_eq!(s.research.tornado.status, RunStatus::Cancelled);
    let t = engine::Tornado { base_rate: 0.5, date: "2027-03-31".into(), bars: vec![] };
    let after = reduce(s.clone(), Action::TornadoFinished { id, tornado: t, elapsed_ms: 1.0 });
    assert!(Rc::ptr_eq(&after, &s));
    let failed = reduce(s.clone(), Action::Failed { id, message: "late".into() });
    assert!(Rc::ptr_eq(&failed, &s));
}

// --- calibration -------------------------------------------------------

fn tiny_calibration() -> CalibResult {
    let req = CalibRequest { regions: vec!["chitose".into()], particles: 6, generations: 2, seed: 3 };
    let mut calls = 0;
    let r = engine::run_calibration(&req, &mut |d, t| {
        calls += 1;
        assert!(d <= t);
    })
    .expect("calibration");
    assert!(calls >= 2, "progress after each batch");
    r
}

#[test]
fn calibration_budget_regions_run_finish_and_apply() {
    let s = Rc::new(AppState::default());
    assert_eq!(s.research.calib_regions, engine::calibration_regions());
    assert_eq!((s.research.calib_particles, s.research.calib_generations), (60, 4));
    let s = reduce(s, Action::Research(ResearchAction::SetCalibBudget { particles: 1, generations: 99 }));
    assert_eq!((s.research.calib_particles, s.research.calib_generations), (4, 10));
    let mut s = s;
    for r in engine::calibration_regions() {
        s = reduce(s, Action::Research(ResearchAction::ToggleCalibRegion(r)));
    }
    assert!(s.research.calib_regions.is_empty());
    let blocked = reduce(s.clone(), Action::Research(ResearchAction::RunCalibration));
    assert!(Rc::ptr_eq(&blocked, &s), "no calibration without a region");
    let s = reduce(s, Action::Research(ResearchAction::ToggleCalibRegion("sendai".into())));
    let s = reduce(s, Action::Research(ResearchAction::ToggleCalibRegion("chitose".into())));
    assert_eq!(s.research.calib_regions, vec!["chitose".to_string(), "sendai".to_string()], "core order");
    let same = reduce(s.clone(), Action::Research(ResearchAction::ToggleCalibRegion("atlantis".into())));
    assert!(Rc::ptr_eq(&same, &s));
    let s = reduce(s, Action::Research(ResearchAction::RunCalibration));
    let id = s.research.calib.running_id().expect("running");
    match s.research.calib.job.as_deref() {
        Some(Job::Calibrate { request, .. }) => {
            assert_eq!(request.regions, s.research.calib_regions);
            assert_eq!((request.particles, request.generations), (4, 10));
        }
        other => panic!("{other:?}"),
    }
    let result = tiny_calibration();
    assert_eq!(result.fits.len(), 1);
    assert_eq!(result.fits[0].region, "chitose");
    assert_eq!(result.posterior.particles.len(), 6);
    let s = reduce(s, Action::CalibrationFinished { id, result: Box::new(result.clone()), elapsed_ms: 1.0 });
    assert_eq!(s.research.calib.status, RunStatus::Idle);
    // apply: the calibrated parameters take the posterior medians
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "params.q".into(), text: "19".into() }));
    let post = &result.posterior;
    let b = (0..post.distances.len()).min_by(|&i, &j| post.distances[i].total_cmp(&post.distances[j])).unwrap();
    let s = reduce(s, Action::ApplyCalibration { best: true });
    for (k, name) in post.names.iter().enumerate() {
        assert_eq!(s.planner.scenario.params.get(name), Some(post.particles[b][k]), "{name}");
    }
    let s = reduce(s, Action::ApplyCalibration { best: false });
    for p in &result.posterior.summary {
        assert_eq!(s.planner.scenario.params.get(&p.name), Some(p.median), "{}", p.name);
    }
    assert!(s.planner.drafts.get("params.q").is_none(), "the field shows the new value");
    assert_eq!(engine::field_text(&s.planner.scenario, "params.q"), format!("{}", s.planner.scenario.params.q));
    // a tornado after a calibration uses its intervals
    let s = reduce(s, Action::Research(ResearchAction::RunTornado));
    assert_eq!(s.research.tornado_source, RangeSource::Calibrated);
    // histograms: shares over the prior range summing to 1
    let h = engine::histogram(&result.posterior, 0, 8);
    assert_eq!(h.len(), 8);
    assert!((h.iter().sum::<f64>() - 1.0).abs() < 1e-9);
}

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
    let s = reduce(
        Rc::new(AppState::default()),
        Action::Planner(PlannerAction::Custom { offices: "120".into(), areas: "4".into(), partners: "6".into() }),
    );
    assert!(!s.planner.plans_from_today());
    assert_eq!(s.planner.run_scenarios()[0], *s.planner.scenario);
}

// --- network import ----------------------------------------------------

fn table(s: Rc<AppState>, kind: TableKind, name: &str, text: &str) -> Rc<AppState> {
    reduce(s, Action::Import(ImportAction::Table { kind, name: name.into(), text: text.into() }))
}

#[test]
fn sample_tables_preview_and_run_with_the_chosen_strategies() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::ToggleStrategy("baseline".into())));
    let s = table(s, TableKind::Offices, "offices.csv", engine::SAMPLE_OFFICES);
    assert!(s.import.preview.is_none(), "waits for the edge list");
    let s = table(s, TableKind::Edges, "edges.csv", engine::SAMPLE_EDGES);
    let p = match &s.import.preview {
        Some(Ok(p)) => p.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!((p.offices, p.external, p.areas, p.links, p.adopters), (10, 1, 2, 10, 4));
    let named = reduce(s.clone(), Action::Import(ImportAction::SetName(" Okazaki east ".into())));
    assert_eq!(reduce(named, Action::RunImported).planner.region, "Okazaki east", "the name typed");
    let s = reduce(s, Action::RunImported);
    assert_eq!(s.planner.region, "愛知県岡崎市(取り込んだネットワーク)", "the municipality's name, not the file's");
    assert_eq!(s.planner.scenario.name, s.planner.region);
    assert_eq!(s.planner.scenario.population.home_offices(), 10);
    assert_eq!(s.planner.strategies, vec![engine::ACTUAL.to_string(), "baseline".to_string()]);
    assert!(s.running_id().is_some());
    assert_eq!(s.planner.run_scenarios().len(), 2);
    // the imported scenario runs
    let sum = engine::run(&s.planner.run_scenarios()[1], &mut |_, _| {}).expect("runs");
    assert!(!sum.months.is_empty());
}

#[test]
fn a_bad_table_names_its_row_and_the_scenario_stays() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let s = reduce(s, Action::Finished { id: 1, summaries: vec![summary()], elapsed_ms: 1.0 });
    let s = table(s, TableKind::Offices, "offices.csv", engine::SAMPLE_OFFICES);
    let bad_edges = format!("{}C-N,NOPE\n", engine::SAMPLE_EDGES);
    let s = table(s, TableKind::Edges, "edges.csv", &bad_edges);
    match &s.import.preview {
        Some(Err(m)) => assert!(m.contains("row 12") && m.contains("NOPE"), "{m}"),
        other => panic!("{other:?}"),
    }
    let same = reduce(s.clone(), Action::RunImported);
    assert!(Rc::ptr_eq(&same, &s), "nothing runs");
    assert_eq!(s.planner.region, engine::DEFAULT_REGION);
    assert_eq!(s.planner.run.result.as_ref().map(|r| r.id), Some(1));
}

#[test]
fn other_column_names_are_mapped_before_the_check() {
    let renamed = engine::SAMPLE_OFFICES.replacen("id,area,role", "code,district,kind", 1);
    let s = table(Rc::new(AppState::default()), TableKind::Edges, "e.csv", engine::SAMPLE_EDGES);
    let s = table(s, TableKind::Offices, "town.csv", &renamed);
    assert_eq!(s.import.missing(), vec!["id", "area", "role"]);
    assert!(s.import.preview.is_none(), "waits for the mapping");
    let s = reduce(s, Action::Import(ImportAction::MapColumn { column: "id".into(), header: "code".into() }));
    let s = reduce(s, Action::Import(ImportAction::MapColumn { column: "area".into(), header: "district".into() }));
    assert!(s.import.preview.is_none());
    let s = reduce(s, Action::Import(ImportAction::MapColumn { column: "role".into(), header: "kind".into() }));
    assert!(matches!(&s.import.preview, Some(Ok(p)) if p.offices == 10), "{:?}", s.import.preview);
    // the rewrite touches only the header
    let text = s.import.mapped_offices().unwrap();
    assert_eq!(text, engine::SAMPLE_OFFICES);
    assert_eq!(engine::remap_header("a,id,b\n1,2,3\n", &[("id".into(), "a".into())]), "id,id_original,b\n1,2,3\n");
}

#[test]
fn a_custom_municipality_runs_and_bad_fields_are_named() {
    let s = Rc::new(AppState::default());
    let ok = reduce(
        s.clone(),
        Action::Planner(PlannerAction::Custom { offices: "300".into(), areas: "6".into(), partners: "10".into() }),
    );
    assert_eq!(ok.planner.region, "custom");
    assert_eq!(ok.planner.scenario.population.areas.len(), 6);
    assert_eq!(ok.planner.scenario.population.home_offices(), 300);
    assert_eq!(ok.planner.scenario.population.initial_adopted, 29, "9.8% of 300");
    assert!(ok.running_id().is_some());
    let bad = reduce(
        ok.clone(),
        Action::Planner(PlannerAction::Custom { offices: "300".into(), areas: "400".into(), partners: "10".into() }),
    );
    assert!(bad.planner.errors.contains_key("custom.areas"), "more areas than offices is refused");
    assert_eq!(bad.planner.scenario, ok.planner.scenario, "the previous scenario stays");
    let bad = reduce(
        ok.clone(),
        Action::Planner(PlannerAction::Custom { offices: "abc".into(), areas: "4".into(), partners: "10".into() }),
    );
    assert!(matches!(bad.planner.errors.get("custom.offices"), Some(engine::FieldError::NotNumber)));
    let fixed = reduce(
        bad,
        Action::Planner(PlannerAction::Custom { offices: "200".into(), areas: "4".into(), partners: "10".into() }),
    );
    assert!(fixed.planner.errors.is_empty());
}

#[test]
fn running_the_same_scenario_again_reuses_the_cached_result() {
    let s = Rc::new(AppState::default());
    let s = reduce(s, Action::Planner(PlannerAction::Run));
    let first = s.running_id().expect("running");
    let s = reduce(s, Action::Finished { id: first, summaries: vec![summary()], elapsed_ms: 5.0 });
    assert_eq!(s.planner.cache.len(), 1);
    // Another scenario runs in the worker...
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "params.q".into(), text: "1.5".into() }));
    let s = reduce(s, Action::Planner(PlannerAction::Run));
    let second = s.running_id().expect("a changed scenario runs");
    let s = reduce(s, Action::Finished { id: second, summaries: vec![summary()], elapsed_ms: 5.0 });
    assert_eq!(s.planner.cache.len(), 2);
    // ...going back to the first shows its result at once, with a new id.
    let q = engine::field_text(&AppState::default().planner.scenario, "params.q");
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "params.q".into(), text: q }));
    let s = reduce(s, Action::Planner(PlannerAction::Run));
    assert_eq!(s.running_id(), None, "no worker run for a cached scenario");
    let r = s.planner.run.result.as_ref().expect("cached result shown");
    assert!(r.id > second);
    assert_eq!(r.summaries, vec![summary()]);
}

#[test]
fn an_edited_parameter_is_pinned_until_it_is_set_back() {
    let s = Rc::new(AppState::default());
    assert!(s.planner.scenario.pinned.is_empty());
    let q = engine::field_text(&s.planner.scenario, "params.q");
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "params.q".into(), text: "1.5".into() }));
    assert_eq!(s.planner.scenario.pinned, vec!["q".to_string()]);
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "params.q".into(), text: q }));
    assert!(s.planner.scenario.pinned.is_empty(), "the preset's value again: drawn again");
}

/// 10,000 one-office areas over 30 years: fine for the core, too large for a browser tab.
fn too_big_for_a_tab() -> Scenario {
    let mut s = engine::custom_scenario("10000", "10000", "10").expect("a custom municipality");
    s.end = engine::Date::parse("2055-07-31").expect("date");
    s
}

#[test]
fn a_run_too_large_for_the_browser_is_refused_before_the_worker_starts() {
    let big = too_big_for_a_tab();
    big.validate().expect("inside the core's limits");
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let s = reduce(s, Action::Finished { id: 1, summaries: vec![summary()], elapsed_ms: 1.0 });
    let s = reduce(s, Action::Planner(PlannerAction::ImportText(big.to_json())));
    assert_eq!(s.running_id(), None, "nothing is sent to the worker");
    let RunStatus::Failed(m) = &s.planner.run.status else { panic!("{:?}", s.planner.run.status) };
    assert!(m.contains("memory") && m.contains("browser tab allows 1.0 GB"), "{m}");
    assert_eq!(s.planner.run.result.as_ref().map(|r| r.id), Some(1), "the previous result stays");
    // The worker refuses it with the same function and the same words.
    assert_eq!(engine::check_run(&s.planner.run_scenarios()), Err(m.clone()));
    // A year of it fits.
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "replications".into(), text: "20".into() }));
    let mut small = too_big_for_a_tab();
    small.end = engine::Date::parse("2027-01-31").expect("date");
    assert_eq!(engine::check_run(&[small]), Ok(()));
    assert!(s.planner.errors.is_empty(), "{:?}", s.planner.errors);
}

#[test]
fn the_page_checks_what_the_worker_checks() {
    let mut bad = engine::default_scenario();
    bad.replications = 0;
    let m = engine::check_run(&[bad]).expect_err("refused");
    assert!(m.contains("replications"), "{m}");
    assert_eq!(engine::check_run(&[engine::default_scenario()]), Ok(()));
    // Four strategies count together.
    let mut s = too_big_for_a_tab();
    s.end = engine::Date::parse("2040-01-31").expect("date");
    let one = engine::check_run(std::slice::from_ref(&s));
    let four = engine::check_run(&[s.clone(), s.clone(), s.clone(), s]);
    assert!(one.is_ok() && four.is_err(), "{one:?} {four:?}");
}

#[test]
fn an_unreadable_share_link_or_autosave_keeps_its_text_for_download() {
    let link = "v=1&region=atlantis&p.q=3".to_string();
    let s = AppState::initial(Some(link.clone()), Some("v=1&region=sendai".into()));
    assert_eq!(s.planner.region, engine::DEFAULT_REGION, "the defaults, as before");
    let n = s.notice.clone().expect("notice");
    assert!(matches!(&n, Notice::ShareFailed { message, .. } if message.contains("atlantis")), "{n:?}");
    assert_eq!(n.unreadable(), Some(("renkei-unreadable-link.txt", link.as_str())));
    let saved = "v=1&region=okazaki&p.q=abc&st=actual".to_string();
    let s = AppState::initial(None, Some(saved.clone()));
    let n = s.notice.clone().expect("notice");
    assert!(matches!(&n, Notice::AutosaveFailed { message, .. } if message.contains("params.q")), "{n:?}");
    assert_eq!(n.unreadable(), Some(("renkei-unreadable-autosave.txt", saved.as_str())));
    assert_eq!(*s.planner.scenario, engine::default_scenario());
    // Readable ones load as before, without a notice.
    let s = AppState::initial(None, Some("v=1&region=sendai".into()));
    assert_eq!((s.planner.region.as_str(), s.notice.is_none()), ("sendai", true));
    assert_eq!(AppState::initial(None, None), AppState::default());
}

#[test]
fn a_file_over_the_size_limit_is_refused_and_nothing_else_changes() {
    let s = Rc::new(AppState::default());
    let big = engine::MAX_IMPORT_BYTES + 1.0;
    let after = reduce(s.clone(), Action::FileTooLarge { name: "huge.json".into(), bytes: big });
    assert_eq!(after.notice, Some(Notice::TooLarge { name: "huge.json".into(), bytes: big }));
    assert_eq!(
        (after.planner.scenario.clone(), after.planner.run.status.clone()),
        (s.planner.scenario.clone(), s.planner.run.status.clone())
    );
    let offices = engine::SAMPLE_OFFICES.to_string();
    let s = reduce(
        s,
        Action::Import(ImportAction::Table { kind: TableKind::Offices, name: "o.csv".into(), text: offices.clone() }),
    );
    let s = reduce(s, Action::Import(ImportAction::TooLarge { name: "edges.csv".into(), bytes: big }));
    assert_eq!(s.import.too_large, Some(("edges.csv".into(), big)));
    assert_eq!(s.import.offices.as_ref().map(|f| &f.text), Some(&offices), "the table read before is kept");
    assert!(s.notice.is_none());
    let s = reduce(
        s,
        Action::Import(ImportAction::Table {
            kind: TableKind::Edges,
            name: "e.csv".into(),
            text: engine::SAMPLE_EDGES.into(),
        }),
    );
    assert_eq!(s.import.too_large, None);
    assert!(matches!(s.import.preview, Some(Ok(_))), "{:?}", s.import.preview);
}

#[test]
fn results_csv_quotes_names_so_none_forges_a_row_or_a_column() {
    let mut sum = summary();
    sum.header.scenario = "市\nevil,row\r\n=1+1".into();
    let strategies = vec!["a,b".to_string(), "=cmd".to_string()];
    let text = engine::csv(&strategies, &[sum.clone(), sum.clone()]);
    let lines: Vec<&str> = text.split('\n').filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 2 + 2 * sum.months.len(), "{}", &text[..200]);
    assert!(
        lines[0].starts_with("# renkei ") && lines[0].contains(r#"scenario="市\nevil,row\r\n=1+1" hash="#),
        "{}",
        lines[0]
    );
    assert!(lines[2].starts_with("\"a,b\","), "{}", lines[2]);
    assert!(lines.iter().any(|l| l.starts_with("\"'=cmd\",")));
    assert!(lines[2..].iter().all(|l| !l.contains('\r')));
}

#[test]
fn csv_headers_are_read_whatever_the_line_endings_and_separator() {
    let want = ["ID", "area", "kind"].map(String::from).to_vec();
    for text in [
        "ID,area,kind\r1,a,cm\r2,a,provider\r",
        "\r\n\nID\tarea\tkind\n1\ta\tcm\n",
        "\u{feff}ID;area;kind\r\n1;a;cm\r\n",
    ] {
        assert_eq!(engine::csv_headers(text), want, "{text:?}");
        assert_eq!(engine::missing_columns(&engine::csv_headers(text)), vec!["role"]);
    }
    // The mapping rewrites that header only, keeping separator and line endings.
    let map = vec![("role".to_string(), "kind".to_string())];
    assert_eq!(engine::remap_header("ID,area,kind\r1,a,cm\r", &map), "ID,area,role\r1,a,cm\r");
    assert_eq!(engine::remap_header("\nID\tarea\tkind\n1\ta\tcm\n", &map), "\nID\tarea\trole\n1\ta\tcm\n");
    // A CR-only office table with other column names imports once mapped.
    let offices = engine::SAMPLE_OFFICES.replace("\r\n", "\n").replace('\n', "\r").replacen("role", "kind", 1);
    let s = reduce(
        Rc::new(AppState::default()),
        Action::Import(ImportAction::Table { kind: TableKind::Offices, name: "o.csv".into(), text: offices }),
    );
    assert_eq!(s.import.missing(), vec!["role"]);
    let s = reduce(
        s,
        Action::Import(ImportAction::Table {
            kind: TableKind::Edges,
            name: "e.csv".into(),
            text: engine::SAMPLE_EDGES.into(),
        }),
    );
    let s = reduce(s, Action::Import(ImportAction::MapColumn { column: "role".into(), header: "kind".into() }));
    assert!(matches!(s.import.preview, Some(Ok(_))), "{:?}", s.import.preview);
}

#[test]
fn an_edit_marks_the_result_stale_until_the_next_run() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let s = reduce(s, Action::Finished { id: 1, summaries: vec![summary()], elapsed_ms: 1.0 });
    assert!(!s.planner.stale);
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "replications".into(), text: "21".into() }));
    assert!(s.planner.stale, "a field edit outdates the result");
    let refused =
        reduce(s.clone(), Action::Planner(PlannerAction::SetField { field: "seed".into(), text: "x".into() }));
    assert!(refused.planner.stale);
    let s = reduce(s, Action::Planner(PlannerAction::Run));
    assert!(!s.planner.stale, "a run brings it up to date");
    let s = reduce(s, Action::Planner(PlannerAction::AddLever("training".into())));
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
    let s = reduce(s, Action::Planner(PlannerAction::AddLever("training".into())));
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

#[test]
fn a_calibration_is_labelled_with_its_settings_and_stale_after_a_cancel() {
    let s = reduce(Rc::new(AppState::default()), Action::Research(ResearchAction::ToggleCalibRegion("sendai".into())));
    let s = reduce(s, Action::Research(ResearchAction::RunCalibration));
    let id = s.research.calib.running_id().expect("running");
    let seed = s.planner.scenario.seed;
    let s = reduce(s, Action::CalibrationFinished { id, result: Box::new(tiny_calibration()), elapsed_ms: 1.0 });
    let done = s.research.calib.result.clone().expect("finished");
    assert_eq!(done.request, s.research.calib_request(seed), "the result keeps its settings");
    assert!(!s.research.calib_stale(seed));
    // other settings: stale
    let other = reduce(s.clone(), Action::Research(ResearchAction::SetCalibBudget { particles: 30, generations: 2 }));
    assert!(other.research.calib_stale(seed));
    // the same settings, run again and cancelled: stale, the old result stays
    let s = reduce(s, Action::Research(ResearchAction::RunCalibration));
    let s = reduce(s, Action::Research(ResearchAction::CancelCalibration));
    assert_eq!(s.research.calib.result.as_ref().map(|c| c.id), Some(done.id));
    assert!(s.research.calib_stale(seed), "a cancelled newer calibration marks the old one");
}

#[test]
fn the_calibration_names_the_regions_its_fit_misses() {
    let mut result = tiny_calibration();
    result.fits[0].inside = false;
    let s = reduce(Rc::new(AppState::default()), Action::Research(ResearchAction::RunCalibration));
    let id = s.research.calib.running_id().expect("running");
    let s = reduce(s, Action::CalibrationFinished { id, result: Box::new(result), elapsed_ms: 1.0 });
    assert_eq!(s.research.calib.result.as_ref().map(|c| c.misses()), Some(vec!["chitose".to_string()]));
}
