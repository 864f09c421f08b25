use super::*;
use crate::ui::shared::bridge as engine;
use crate::ui::shared::i18n::errors;
use renkei::sim::experiment::cost;

fn loaded() -> PrefectureState {
    let mut s = PrefectureState::default();
    assert!(s.apply(PrefectureAction::Load { name: SAMPLE_NAME.into(), text: SAMPLE.into() }));
    s
}

/// Runs the job on screen as the workers do (each run priced whole) and hands back its outcomes.
fn finish(s: &mut PrefectureState) -> Work {
    let id = s.job.running_id().expect("a job runs");
    let work = (*s.pending.as_ref().expect("its work").0).clone();
    let outcomes: Vec<Outcome> =
        work.runs.iter().map(|r| Outcome::of(r, &cost::run(r).expect("the run prices"))).collect();
    assert!(s.apply(PrefectureAction::Job(JobEvent::Finished { id, reply: outcomes, elapsed_ms: 0.0 })));
    work
}

#[test]
fn the_sample_runs_to_the_cores_own_view() {
    let mut s = loaded();
    assert_eq!((s.towns, s.problem.clone()), (10, None));
    s.apply(PrefectureAction::SetReps("3".into()));
    s.apply(PrefectureAction::SetBudget("3,000,000".into()));
    assert!(s.apply(PrefectureAction::Run));
    let work = finish(&mut s);
    let shown = s.job.result.clone().expect("a view");
    // The CLI's path: the same work priced by one callback.
    let cli = prefecture::evaluate(&work, &mut |r| cost::run(r)).expect("the CLI's view");
    assert_eq!(shown.view, cli);
    assert_eq!(shown.view.municipalities.len(), 10);
    assert!(shown.view.allocation.is_some(), "a budget gives an allocation");
    assert_eq!(work.budget, Some(3_000_000.0));
    assert!(s.pending.is_none());
}

#[test]
fn a_bad_file_lists_every_rows_problems_and_the_view_stays() {
    let mut s = loaded();
    s.apply(PrefectureAction::SetReps("2".into()));
    s.apply(PrefectureAction::Run);
    finish(&mut s);
    let before = s.job.result.clone();
    let bad = "municipality,offices,areas,adopted,date\nA市,abc,2,10,2026-02-28\nB町,50,2,10,2026-13-01\nC村,30,0,5,2026-02-28\n";
    s.apply(PrefectureAction::Load { name: "bad.csv".into(), text: bad.into() });
    let Some(Problem::Sim(SimError::Rows { problems, .. })) = &s.problem else { panic!("{:?}", s.problem) };
    let rows: Vec<(usize, &str)> = problems.iter().map(|p| (p.row, p.column.as_str())).collect();
    assert_eq!(rows, vec![(2, "offices"), (3, "date"), (4, "areas")]);
    let ja = errors::sim_error(
        crate::ui::shared::i18n::Lang::Ja,
        &SimError::Rows { table: "prefecture".into(), problems: problems.clone() },
    );
    assert_eq!(ja.lines().count(), 3, "{ja}");
    assert!(ja.contains("市町村の表 3行目"), "{ja}");
    assert!(!s.apply(PrefectureAction::Run) || s.job.running_id().is_none(), "a refused file starts nothing");
    assert_eq!(s.job.result, before, "the view on screen stays");
}

#[test]
fn refused_fields_are_named_and_start_nothing() {
    let mut s = loaded();
    s.apply(PrefectureAction::SetBudget("abc".into()));
    s.apply(PrefectureAction::Run);
    assert_eq!(s.errors.get("budget"), Some(&FieldError::NotNumber));
    assert_eq!(s.job.running_id(), None);
    s.apply(PrefectureAction::SetBudget("-5".into()));
    s.apply(PrefectureAction::SetReps("0".into()));
    s.apply(PrefectureAction::Run);
    assert!(matches!(s.errors.get("budget"), Some(FieldError::Sim(SimError::Invalid { .. }))), "{:?}", s.errors);
    assert_eq!(s.job.running_id(), None);
    s.apply(PrefectureAction::SetBudget(String::new()));
    s.apply(PrefectureAction::Run);
    assert!(matches!(s.errors.get("reps"), Some(FieldError::Sim(SimError::Invalid { .. }))), "{:?}", s.errors);
    assert_eq!(budget_of("¥3,000,000"), Ok(Some(3e6)));
}

#[test]
fn a_cancelled_jobs_outcomes_are_dropped() {
    let mut s = loaded();
    s.apply(PrefectureAction::SetReps("1".into()));
    s.apply(PrefectureAction::Run);
    let id = s.job.running_id().expect("running");
    assert!(s.apply(PrefectureAction::Cancel));
    assert!(!s.apply(PrefectureAction::Job(JobEvent::Finished { id, reply: Vec::new(), elapsed_ms: 0.0 })));
    assert_eq!(s.job.result, None);
}

#[test]
fn the_table_sorts_by_a_column_both_ways_and_each_town_opens_as_built() {
    let mut s = loaded();
    s.apply(PrefectureAction::SetReps("2".into()));
    s.apply(PrefectureAction::Run);
    let work = finish(&mut s);
    let view = &s.job.result.clone().expect("a view").view;
    assert_eq!(s.order(view), (0..10).collect::<Vec<_>>(), "file order first");
    s.apply(PrefectureAction::Sort(Column::Forecast));
    let up: Vec<f64> = s.order(view).iter().map(|&m| view.municipalities[m].options[0].rate.median).collect();
    assert!(up.windows(2).all(|w| w[0] <= w[1]), "{up:?}");
    s.apply(PrefectureAction::Sort(Column::Forecast));
    let down: Vec<f64> = s.order(view).iter().map(|&m| view.municipalities[m].options[0].rate.median).collect();
    assert!(down.windows(2).all(|w| w[0] >= w[1]), "{down:?}");
    // The planner builds each municipality from its figures to the same scenario.
    for (m, town) in work.towns.iter().enumerate() {
        let form = s.figures(m).expect("a town");
        assert_eq!(form.name, town.figures.name);
        // the planner plans a town from its latest figure (`run_base`), as the prefecture's runs do
        let mut planned = engine::town_scenario(&form).expect("the town builds");
        renkei::sim::scenario::municipality::from_latest(&mut planned).expect("a latest figure");
        assert_eq!(planned, town.scenario, "{}", town.figures.name);
    }
}
