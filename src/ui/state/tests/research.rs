//! The sensitivity and calibration slots.

use super::*;

// --- sensitivity -------------------------------------------------------

#[test]
fn tornado_runs_with_posterior_ranges_and_keeps_its_own_progress() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let s = reduce(s, Action::Research(ResearchAction::RunTornado));
    let id = s.research.tornado.running_id().expect("tornado running");
    assert_ne!(Some(id), s.running_id(), "ids are not shared between jobs");
    let Some(crate::ui::workers::TornadoRequest { scenario, ranges }) = s.research.tornado.job.as_deref() else {
        panic!("no job")
    };
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
    let s = reduce(
        s,
        Action::Research(ResearchAction::TornadoJob(Box::new(JobEvent::Progress { id, done: 3, total: 9, eta: None }))),
    );
    assert_eq!(s.research.tornado.status, RunStatus::Running { id, done: 3, total: 9, eta: None });
    assert_eq!(s.planner.run.status, RunStatus::Running { id: 1, done: 0, total: 0, eta: None });
    let scn = engine::preset("higashisonogi").unwrap();
    let small = vec![engine::Range { param: "q".into(), low: 0.2, high: 1.0 }];
    let t = engine::run_tornado(&scn, &small, &mut |_, _| {}).expect("tornado");
    assert_eq!(t.bars.len(), 1);
    let s = reduce(
        s,
        Action::Research(ResearchAction::TornadoJob(Box::new(JobEvent::Finished {
            id,
            reply: t.clone(),
            elapsed_ms: 5.0,
        }))),
    );
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
    let after = reduce(
        s.clone(),
        Action::Research(ResearchAction::TornadoJob(Box::new(JobEvent::Finished { id, reply: t, elapsed_ms: 1.0 }))),
    );
    assert!(Rc::ptr_eq(&after, &s));
    let failed = reduce(
        s.clone(),
        Action::Research(ResearchAction::TornadoJob(Box::new(JobEvent::Failed {
            id,
            problem: Problem::Worker("late".into()),
        }))),
    );
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
        Some(request) => {
            assert_eq!(request.regions, s.research.calib_regions);
            assert_eq!((request.particles, request.generations), (4, 10));
        }
        other => panic!("{other:?}"),
    }
    let result = tiny_calibration();
    assert_eq!(result.fits.len(), 1);
    assert_eq!(result.fits[0].region, "chitose");
    assert_eq!(result.posterior.particles.len(), 6);
    let s = reduce(
        s,
        Action::Research(ResearchAction::CalibJob(Box::new(JobEvent::Finished {
            id,
            reply: result.clone(),
            elapsed_ms: 1.0,
        }))),
    );
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
    assert!(!s.planner.drafts.contains_key("params.q"), "the field shows the new value");
    assert_eq!(engine::field_text(&s.planner.scenario, "params.q"), format!("{}", s.planner.scenario.params.q));
    // a tornado after a calibration uses its intervals
    let s = reduce(s, Action::Research(ResearchAction::RunTornado));
    assert_eq!(s.research.tornado_source, RangeSource::Calibrated);
    // histograms: shares over the prior range summing to 1
    let h = engine::histogram(&result.posterior, 0, 8);
    assert_eq!(h.len(), 8);
    assert!((h.iter().sum::<f64>() - 1.0).abs() < 1e-9);
}
#[test]
fn a_calibration_is_labelled_with_its_settings_and_stale_after_a_cancel() {
    let s = reduce(Rc::new(AppState::default()), Action::Research(ResearchAction::ToggleCalibRegion("sendai".into())));
    let s = reduce(s, Action::Research(ResearchAction::RunCalibration));
    let id = s.research.calib.running_id().expect("running");
    let seed = s.planner.scenario.seed;
    let s = reduce(
        s,
        Action::Research(ResearchAction::CalibJob(Box::new(JobEvent::Finished {
            id,
            reply: tiny_calibration(),
            elapsed_ms: 1.0,
        }))),
    );
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
    let s = reduce(
        s,
        Action::Research(ResearchAction::CalibJob(Box::new(JobEvent::Finished { id, reply: result, elapsed_ms: 1.0 }))),
    );
    assert_eq!(s.research.calib.result.as_ref().map(|c| c.misses()), Some(vec!["chitose".to_string()]));
}
