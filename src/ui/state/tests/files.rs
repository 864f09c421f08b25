//! The cache, pins, limits, share links, files and CSV.

use super::*;

#[test]
fn running_the_same_scenario_again_reuses_the_cached_result() {
    let s = Rc::new(AppState::default());
    let s = reduce(s, Action::Planner(PlannerAction::Run));
    let first = s.running_id().expect("running");
    let s = reduce(
        s,
        Action::Planner(PlannerAction::Job(JobEvent::Finished { id: first, reply: vec![summary()], elapsed_ms: 5.0 })),
    );
    assert_eq!(s.planner.cache.len(), 1);
    // Another scenario runs in the worker...
    let s = reduce(s, Action::Planner(PlannerAction::SetField { field: "params.q".into(), text: "1.5".into() }));
    let s = reduce(s, Action::Planner(PlannerAction::Run));
    let second = s.running_id().expect("a changed scenario runs");
    let s = reduce(
        s,
        Action::Planner(PlannerAction::Job(JobEvent::Finished { id: second, reply: vec![summary()], elapsed_ms: 5.0 })),
    );
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
    let form = engine::FiguresText {
        name: "big".into(),
        offices: "10000".into(),
        areas: "10000".into(),
        adopted: "980".into(),
        on: "2025-08-31".into(),
        // every office is its area's centre: none can be out of scope
        out_of_scope: "0".into(),
        ..Default::default()
    };
    let mut s = engine::town_scenario(&form).expect("a municipality of its figures");
    s.end = engine::Date::parse("2055-07-31").expect("date");
    s
}

#[test]
fn a_run_too_large_for_the_browser_is_refused_before_the_worker_starts() {
    let big = too_big_for_a_tab();
    big.validate().expect("inside the core's limits");
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let s = reduce(
        s,
        Action::Planner(PlannerAction::Job(JobEvent::Finished { id: 1, reply: vec![summary()], elapsed_ms: 1.0 })),
    );
    let s = reduce(s, Action::Planner(PlannerAction::ImportText(big.to_json())));
    assert_eq!(s.running_id(), None, "nothing is sent to the worker");
    let RunStatus::Failed(p) = &s.planner.run.status else { panic!("{:?}", s.planner.run.status) };
    let m = p.to_string();
    assert!(m.contains("memory") && m.contains("browser tab allows 1.0 GB"), "{m}");
    let ja = errors::problem(Lang::Ja, p);
    assert!(ja.contains("メモリ") && ja.contains("1.0 GB"), "{ja}");
    assert_eq!(s.planner.run.result.as_ref().map(|r| r.id), Some(1), "the previous result stays");
    // The worker refuses it with the same function and the same words.
    assert_eq!(engine::check_run(&s.planner.run_scenarios()), Err(m));
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
fn a_cr_only_office_table_with_other_column_names_imports_once_mapped() {
    // its header is read as the core reads it (`sim::scenario::network_import`, tested there)
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
