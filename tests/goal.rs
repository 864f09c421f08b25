//! Goal seek (src/sim/goal.rs, `renkei target`): a known answer on a constructed case, out of
//! reach, and a monotone response along every lever dimension on common random numbers.

use renkei::sim::date::Date;
use renkei::sim::experiment::goal::{self, Dimension, Goal};
use renkei::sim::experiment::montecarlo::{self, Quiet};
use renkei::sim::model::plan::Plan;
use renkei::sim::scenario::params::Params;
use renkei::sim::scenario::posterior::Uncertainty;
use renkei::sim::scenario::regions;
use renkei::sim::scenario::strategies;
use renkei::sim::scenario::strategy::{Lever, Strategy};
use renkei::sim::scenario::{Area, CentreKind, Network, Scenario};

/// `offices` offices on a complete network that decide only when visited, and every visit
/// converts at once: after M visit months of v visits, exactly min(offices, v·M) have adopted,
/// in every replication (from 2025-01-01, visits at each month's first week).
pub fn visits_only(offices: u32, per_month: u32, end: &str) -> Scenario {
    let mut s = regions::preset("example").expect("example preset");
    let pop = &mut s.population;
    pop.areas = vec![Area { name: "all".into(), offices, centre: CentreKind::Direct, core: false }];
    (pop.external_offices, pop.initial_adopted, pop.initial_external_adopted) = (0, 0, 0);
    (pop.initial_centres_adopted, pop.out_of_scope) = (None, 0);
    s.network = Network::Complete;
    s.params = Params {
        p: 0.0,
        q: 0.0,
        visit_efficacy: 1.0,
        setup_rate: None,
        barrier_share: 0.0,
        stop_rate: 0.0,
        waiver_end_stop: 0.0,
        ..Params::default()
    };
    s.uncertainty = Uncertainty::Fixed;
    s.start = Date::parse("2025-01-01").expect("date");
    s.end = Date::parse(end).expect("date");
    let visits = Lever::Visits {
        areas: vec![],
        start: s.start,
        end: s.end,
        per_month,
        hands_on: false,
        include_external: false,
    };
    s.strategy = Strategy { name: "visits".into(), levers: vec![visits] };
    s.observed.clear();
    s.condition = None;
    s.replications = 20;
    s
}

fn visits_101() -> Scenario {
    visits_only(101, 1, "2025-12-31")
}

fn run(s: &Scenario) -> Result<montecarlo::Summary, renkei::sim::error::SimError> {
    montecarlo::run(s, &mut Quiet)
}

#[test]
fn goal_seek_finds_the_known_number_of_visits() {
    let scn = visits_101();
    let by = Date::parse("2025-06-30").expect("date");
    // Visit months before the reporting week of `by`, counted on the plan as the engine does.
    let plan = Plan::new(&scn);
    let week = plan.reports.iter().rev().find(|r| r.0 <= by).expect("report").1 as usize;
    let months = (0..week).filter(|&k| plan.month_start[k]).count() as f64;
    assert!(months >= 5.0, "{months} visit months");
    // 30% of 101 offices is 30.3, so 31 adopters: ceil(31 / months) visits a month.
    let want = (31.0 / months).ceil();
    let g = Goal { rate: 0.3, by, prob: 0.8 };
    let a = goal::seek(&scn, Dimension::VisitsPerMonth, &g, (0.0, 40.0), 1.0, &mut run).expect("seeks");
    assert!(a.reachable);
    assert_eq!(a.value, Some(serde_json::json!(want as i64)), "{a:#?}");
    assert_eq!(a.probability, 1.0);
    assert!(a.monotone);
    // Bisection on 0..40: about log2(40) evaluations plus the two ends, not a scan.
    assert!(a.evaluations <= 9, "{} evaluations", a.evaluations);
    assert_eq!(a.runs.replications, 20);
    assert_eq!(a.runs.date_used, "2025-06-30");
    // One visit fewer a month is short in every replication.
    let below = goal::grid(&scn, Dimension::VisitsPerMonth, &g, (want - 1.0, want), 2, &mut run).expect("grid");
    assert_eq!((below[0].probability, below[1].probability), (0.0, 1.0));
}

#[test]
fn a_goal_out_of_reach_says_so_with_the_best_probability() {
    let scn = visits_101();
    let g = Goal { rate: 0.9, by: Date::parse("2025-03-31").expect("date"), prob: 0.8 };
    let a = goal::seek(&scn, Dimension::VisitsPerMonth, &g, (0.0, 10.0), 1.0, &mut run).expect("seeks");
    assert!(!a.reachable);
    assert_eq!(a.value, None);
    assert_eq!(a.probability, 0.0);
    assert_eq!(a.evaluations, 2, "only the two ends are needed");
}

#[test]
fn bad_goals_and_levers_name_the_field() {
    let scn = visits_101();
    let by = Date::parse("2025-06-30").expect("date");
    let e = Dimension::parse("outreach.contacts").expect_err("unknown");
    assert_eq!(e.field(), Some("lever"));
    assert!(e.to_string().contains("outreach.contacts_per_month"), "{e}");
    for (g, field) in [
        (Goal { rate: 1.5, by, prob: 0.8 }, "rate"),
        (Goal { rate: 0.3, by, prob: -0.1 }, "prob"),
        (Goal { rate: 0.3, by: scn.start, prob: 0.8 }, "by"),
    ] {
        let e = goal::seek(&scn, Dimension::VisitsPerMonth, &g, (0.0, 4.0), 1.0, &mut run).expect_err("bad goal");
        assert_eq!(e.field(), Some(field), "{e}");
    }
    let g = Goal { rate: 0.3, by, prob: 0.8 };
    let e = goal::seek(&scn, Dimension::TrainingAttendance, &g, (0.0, 4.0), 1.0, &mut run).expect_err("no training");
    assert!(e.to_string().contains("no training of offices"), "{e}");
    let e = goal::seek(&scn, Dimension::VisitsPerMonth, &g, (5.0, 4.0), 1.0, &mut run).expect_err("range");
    assert_eq!(e.field(), Some("range"));
}

/// Along every dimension, on a coarse grid with the same seed (common random numbers), the
/// share of replications reaching the goal falls by at most one replication and the median
/// rate by at most one office as the lever rises (where a lever saturates, as support does
/// once every planner is served, the response is flat up to that noise): common random numbers share networks, parameter draws,
/// barriers and initial states, but a replication's event stream is consumed in another order
/// once anything differs, so single replications can cross (`goal::seek` reports such
/// inversions instead of hiding them).
#[test]
fn the_response_is_monotone_along_every_dimension_on_common_random_numbers() {
    let mut base = regions::preset("okazaki").expect("preset");
    base.replications = 60;
    renkei::sim::scenario::forward::condition_on(&mut base, Date::parse("2026-02-28").expect("date"))
        .expect("condition");
    let by = Date::parse("2027-03-31").expect("date");
    let g = Goal { rate: 0.45, by, prob: 0.8 };
    let one = 1.0 / base.replications as f64;
    let office = 1.0 / base.population.home_offices() as f64;
    for (strategy, dim) in [
        ("area_by_area", Dimension::OutreachContacts),
        ("visits_support", Dimension::VisitsPerMonth),
        ("area_by_area", Dimension::SupportPerMonth),
        ("focus_training", Dimension::FocusAreas),
        ("focus_training", Dimension::TrainingAttendance),
        ("baseline", Dimension::FreePassEnd),
    ] {
        let mut scn = base.clone();
        scn.strategy = strategies::library(strategy, &scn).expect("strategy");
        let range = dim.default_range(&scn, by);
        let grid = goal::grid(&scn, dim, &g, range, 4, &mut run).expect("grid");
        for w in grid.windows(2) {
            assert!(
                w[1].probability >= w[0].probability - one - 1e-12
                    && w[1].median_rate >= w[0].median_rate - office - 1e-12,
                "{}: {:?} -> {:?}",
                dim.name(),
                w[0],
                w[1]
            );
        }
        assert!(
            grid[3].median_rate > grid[0].median_rate,
            "{}: the lever changes nothing across its range {grid:?}",
            dim.name()
        );
    }
}

#[test]
fn target_prints_the_answer_as_json_and_rejects_bad_options() {
    use crate::cli::renkei;
    let (ok, out, err) = renkei(&[
        "target",
        "okazaki",
        "--from",
        "last",
        "--strategy",
        "area_by_area",
        "--rate",
        "0.45",
        "--by",
        "2027-03-31",
        "--prob",
        "0.8",
        "--lever",
        "outreach.contacts_per_month",
        "--reps",
        "40",
        "--check",
        "3",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(
        v["manifest"]
            .as_str()
            .is_some_and(|m| m.starts_with("renkei ") && m.contains(" rate=0.45 by=2027-03-31 prob=0.8")),
        "{out}"
    );
    for k in ["lever", "value", "probability", "reachable", "evaluations", "monotone", "runs", "check", "seconds"] {
        assert!(v.get(k).is_some(), "{k} missing in {out}");
    }
    assert_eq!(v["lever"], "outreach.contacts_per_month");
    assert_eq!(v["runs"]["uncertainty"], "posterior");
    assert_eq!(v["runs"]["replications"], 40);
    assert!(v["probability"].as_f64().is_some_and(|p| p >= 0.8), "{out}");
    let (ok, _, err) =
        renkei(&["target", "okazaki", "--rate", "0.3", "--by", "2027-03-31", "--prob", "0.8", "--lever", "visits"]);
    assert!(!ok);
    assert!(err.contains("lever") && err.contains("visits.per_month"), "{err}");
    let (ok, _, err) = renkei(&[
        "target",
        "okazaki",
        "--rate",
        "0.3",
        "--by",
        "2027-13-31",
        "--prob",
        "0.8",
        "--lever",
        "visits.per_month",
    ]);
    assert!(!ok);
    assert!(err.contains("--by") && err.contains("YYYY-MM-DD"), "{err}");
    let (ok, _, err) = renkei(&[
        "target",
        "okazaki",
        "--rate",
        "0.3",
        "--by",
        "2027-03-31",
        "--prob",
        "0.8",
        "--lever",
        "visits.per_month",
        "--rule",
        "closest",
    ]);
    assert!(!ok && err.contains("--rule") && err.contains("near_threshold"), "{err}");
}

// --- the page's goal seek (`jobs::goal`, one worker) ---------------------------------------

mod page {
    use renkei::sim::date::Date;
    use renkei::sim::experiment::jobs::goal::{apply_goal, run_goal, GoalAnswer, GoalRequest};
    use renkei::sim::scenario::strategy::Lever;
    use renkei::sim::scenario::{regions, Scenario};

    fn small() -> Scenario {
        let mut s = regions::preset("higashisonogi").expect("preset");
        s.replications = 6;
        s
    }

    fn request_for(scn: Scenario, lever: &str, rate: f64, range: (f64, f64)) -> GoalRequest {
        let by = Date::parse("2027-03-31").expect("date");
        GoalRequest { scenario: Box::new(scn), lever: lever.into(), rate, by, prob: 0.8, range: Some(range) }
    }

    #[test]
    fn a_goal_met_already_is_the_low_end_and_an_impossible_one_is_out_of_reach() {
        let met = run_goal(&request_for(small(), "visits.per_month", 0.0, (2.0, 5.0)), &mut |_, _| {}).expect("runs");
        assert!(met.reachable);
        assert_eq!((met.x, met.shown.as_deref(), met.probability), (Some(2.0), Some("2"), 1.0));
        let mut seen = Vec::new();
        let never = run_goal(&request_for(small(), "visits.per_month", 1.0, (0.0, 1.0)), &mut |d, t| seen.push((d, t)))
            .expect("runs");
        assert!(!never.reachable && never.x.is_none());
        assert!(never.probability < 0.8, "the best found: {}", never.probability);
        assert_eq!(seen.last().map(|p| p.0), Some(2), "one progress step per evaluation: {seen:?}");
    }

    #[test]
    fn bisection_answer_reaches_and_a_tolerance_less_does_not() {
        // Centre outreach on a small town (6 replications) for 70% by 2027-03 with 80%: the
        // answer lies inside 0..40, reaches the goal, and one tolerance (0.1) less does not.
        let scn = small();
        let lever = "outreach.contacts_per_month";
        let a = run_goal(&request_for(scn.clone(), lever, 0.7, (0.0, 40.0)), &mut |_, _| {}).expect("runs");
        let Some(x) = a.x.filter(|_| a.reachable) else { panic!("expected reachable: {a:?}") };
        assert!(x > 0.0 && x < 40.0 && a.probability >= 0.8, "{a:?}");
        assert!(a.evaluations > 2, "a bisection: {a:?}");
        let at = |v: f64| run_goal(&request_for(scn.clone(), lever, 0.7, (v, v)), &mut |_, _| {}).expect("runs");
        assert!(at(x).reachable);
        assert!(!at(x - 0.1).reachable, "one tolerance below the answer must miss");
    }

    #[test]
    fn an_answer_applies_its_value_to_the_plan_and_one_out_of_reach_applies_nothing() {
        let a = run_goal(&request_for(small(), "visits.per_month", 0.0, (7.0, 7.0)), &mut |_, _| {}).expect("runs");
        assert_eq!(a.x, Some(7.0));
        let next = apply_goal(&small(), &a).expect("applies").expect("a value");
        let levers = &next.strategy.levers;
        assert!(levers.iter().any(|l| matches!(l, Lever::Visits { per_month: 7, .. })), "{levers:?}");
        assert!(!levers.iter().any(|l| matches!(l, Lever::Visits { per_month, .. } if *per_month != 7)), "{levers:?}");
        let out = GoalAnswer { x: None, reachable: false, ..a };
        assert_eq!(apply_goal(&small(), &out), Ok(None), "nothing to apply out of reach");
        let bad = GoalRequest { lever: "colour".into(), ..request_for(small(), "x", 0.5, (0.0, 1.0)) };
        assert!(run_goal(&bad, &mut |_, _| {}).is_err(), "an unknown lever is refused");
    }
}
