//! The network import: tables, mapping, row errors.

use super::*;

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
    let s = reduce(
        s,
        Action::Planner(PlannerAction::Job(JobEvent::Finished { id: 1, reply: vec![summary()], elapsed_ms: 1.0 })),
    );
    let s = table(s, TableKind::Offices, "offices.csv", engine::SAMPLE_OFFICES);
    let bad_edges = format!("{}C-N,NOPE\n", engine::SAMPLE_EDGES);
    let s = table(s, TableKind::Edges, "edges.csv", &bad_edges);
    match &s.import.preview {
        Some(Err(e)) => {
            let (en, ja) = (errors::sim_error(Lang::En, e), errors::sim_error(Lang::Ja, e));
            assert!(en.contains("row 12") && en.contains("NOPE"), "{en}");
            assert!(ja.contains("12行目") && ja.contains("NOPE") && ja.contains("事業所表にありません"), "{ja}");
        }
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
