//! The engine against theory (the Bass limit), determinism, and monotonicity.

use renkei::sim::experiment::montecarlo::{self, Quiet, Summary};
use renkei::sim::scenario::params::{Params, Response};
use renkei::sim::scenario::posterior::Uncertainty;
use renkei::sim::scenario::regions;
use renkei::sim::scenario::strategy::{Lever, Strategy};
use renkei::sim::scenario::{Area, CentreKind, Network, Population, Scenario};

fn small_complete(n: u32, p: f64, q: f64, reps: u32) -> Scenario {
    let mut s = regions::preset("example").expect("example preset");
    s.population = Population {
        areas: vec![Area { name: "all".into(), offices: n, centre: CentreKind::Direct, core: false }],
        care_management_share: 0.25,
        external_offices: 0,
        initial_adopted: 0,
        initial_external_adopted: 0,
        initial_centres_adopted: None,
        out_of_scope: 0,
    };
    s.network = Network::Complete;
    s.params = Params {
        p,
        q,
        response: Response::Linear,
        setup_rate: None,
        stop_rate: 0.0,
        planning_dropout: 0.0,
        barrier_share: 0.0, // Bass assumes identical offices
        ..Params::default()
    };
    s.uncertainty = Uncertainty::Fixed;
    s.strategy = Strategy::default();
    s.end = s.start.add_days(2 * 364);
    s.replications = reps;
    s
}

/// Bass: F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t}).
fn bass(p: f64, q: f64, t: f64) -> f64 {
    let e = (-(p + q) * t).exp();
    (1.0 - e) / (1.0 + q / p * e)
}

#[test]
fn complete_network_without_levers_follows_the_bass_curve() {
    let (p, q) = (0.4, 2.5);
    let scn = small_complete(400, p, q, 200);
    let prep = montecarlo::Prepared::new(&scn).expect("valid");
    let s = montecarlo::run(&scn, &mut Quiet).expect("runs");
    let mut checked = 0;
    for (m, (_, week)) in s.months.iter().zip(&prep.plan.reports) {
        let t = *week as f64 / 52.0;
        let f = bass(p, q, t);
        assert!(
            (m.rate.mean - f).abs() < 0.02,
            "at {} (t = {t:.3} y): simulated mean {:.4}, Bass {f:.4}",
            m.date,
            m.rate.mean
        );
        checked += 1;
    }
    assert!(checked > 20);
    // The curve really moves through the S: from near 0 to near 1.
    assert!(s.months[1].rate.mean < 0.1 && s.months.last().map_or(0.0, |m| m.rate.mean) > 0.9);
}

#[test]
fn bass_check_would_catch_a_wrong_imitation_rate() {
    // The same comparison fails when the engine runs with another q: the test has teeth.
    let scn = small_complete(400, 0.4, 1.5, 100);
    let s = montecarlo::run(&scn, &mut Quiet).expect("runs");
    let worst = s
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| (m.rate.mean - bass(0.4, 2.5, i as f64 / 12.0)).abs())
        .fold(0.0, f64::max);
    assert!(worst > 0.05, "a q of 1.5 should visibly miss the q = 2.5 curve (worst gap {worst})");
}

fn bytes(s: &Summary) -> String {
    serde_json::to_string(s).expect("serialises")
}

#[test]
fn same_seed_gives_same_bytes() {
    let mut scn = regions::preset("okazaki").expect("preset");
    scn.replications = 40;
    let a = montecarlo::run(&scn, &mut Quiet).expect("runs");
    let b = montecarlo::run(&scn, &mut Quiet).expect("runs");
    assert_eq!(bytes(&a), bytes(&b));
    scn.seed += 1;
    let c = montecarlo::run(&scn, &mut Quiet).expect("runs");
    assert_ne!(bytes(&a), bytes(&c), "another seed must give other numbers");
}

#[test]
fn one_thread_and_many_threads_agree() {
    for name in ["higashisonogi", "okazaki"] {
        let mut scn = regions::preset(name).expect("preset");
        scn.replications = 33;
        let one = montecarlo::run(&scn, &mut Quiet).expect("runs");
        for t in [1, 2, 5] {
            let many = renkei::parallel::run(&scn, t).expect("runs");
            assert_eq!(bytes(&one), bytes(&many), "{name} with {t} threads");
        }
    }
}

#[test]
fn replication_results_do_not_depend_on_how_many_run() {
    // Replication i is seeded from (seed, i): the first 10 paths of a 30-rep run equal a 10-rep run's.
    let mut scn = regions::preset("chitose").expect("preset");
    scn.replications = 30;
    let long = montecarlo::run(&scn, &mut Quiet).expect("runs");
    scn.replications = 10;
    let short = montecarlo::run(&scn, &mut Quiet).expect("runs");
    assert_eq!(&long.paths[..10], &short.paths[..]);
}

fn final_mean(scn: &Scenario) -> f64 {
    let s = renkei::parallel::run(scn, 2).expect("runs");
    s.months.last().map_or(0.0, |m| m.rate.mean)
}

#[test]
fn more_outreach_never_lowers_the_expected_rate() {
    let mut scn = regions::preset("okazaki").expect("preset");
    scn.replications = 150;
    let mut last = f64::NEG_INFINITY;
    for contacts in [0.0, 4.0, 16.0, 64.0] {
        for l in scn.strategy.levers.iter_mut() {
            if let Lever::Outreach { contacts_per_month, .. } = l {
                *contacts_per_month = contacts;
            }
        }
        let m = final_mean(&scn);
        assert!(m >= last - 0.005, "{contacts} contacts/month: mean final rate {m} below {last}");
        last = m;
    }
}

#[test]
fn larger_q_never_lowers_the_expected_rate() {
    let mut scn = regions::preset("sendai").expect("preset");
    scn.replications = 100;
    scn.uncertainty = Uncertainty::Fixed;
    let mut last = f64::NEG_INFINITY;
    for q in [0.0, 0.5, 2.0, 8.0] {
        scn.params.q = q;
        let m = final_mean(&scn);
        assert!(m >= last - 0.005, "q = {q}: mean final rate {m} below {last}");
        last = m;
    }
}

#[test]
fn cancelling_through_the_observer_stops_the_run() {
    let scn = regions::preset("example").expect("preset");
    let mut calls = 0;
    let mut stop_after_three = |done: usize, _total: usize| {
        calls += 1;
        done < 3
    };
    let r = montecarlo::run(&scn, &mut stop_after_three);
    assert_eq!(r.err(), Some(renkei::sim::error::SimError::Cancelled));
    assert_eq!(calls, 3);
}

#[test]
fn every_preset_validates_and_runs() {
    for name in regions::names() {
        let mut scn = regions::preset(name).expect("preset");
        scn.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            scn.start.to_string() == "2025-08-31"
                && scn.end >= renkei::sim::date::Date::parse("2027-03-31").expect("date"),
            "{name} horizon"
        );
        scn.replications = 5;
        let s = montecarlo::run(&scn, &mut Quiet).expect("runs");
        let first = &s.months[0];
        if let Some(o) = scn.observed.first() {
            // The start state reproduces the observed adopters at 2025-08-31.
            assert!(
                (first.rate.median - o.rate()).abs() < 1e-9,
                "{name}: start {} vs observed {}",
                first.rate.median,
                o.rate()
            );
        }
    }
}

#[test]
fn active_links_and_stops_are_consistent() {
    let mut scn = regions::preset("sendai").expect("preset");
    scn.replications = 20;
    scn.set_param("stop_rate", 1.0).expect("in range");
    let s = montecarlo::run(&scn, &mut Quiet).expect("runs");
    let last = s.months.last().expect("months");
    assert!(last.stopped.median > 0.0, "a high stop rate must stop someone");
    for m in &s.months {
        assert!((0.0..=1.0).contains(&m.active_link_share.median));
    }
    assert!(last.active_link_share.median > s.months[0].active_link_share.median, "links activate as offices adopt");
}

#[test]
fn quantile_of_infinities_is_infinite_not_nan() {
    // Broke once: +inf − +inf in the interpolation gave NaN for unreached milestones (an
    // unreached milestone is +inf months). Checked on the quantiles themselves: through JSON a
    // NaN would be written as `null` and look like "never reached", so it could not fail there.
    use renkei::sim::experiment::montecarlo::Quantiles;
    let all = Quantiles::of(&mut [f64::INFINITY; 5]);
    for q in [all.p05, all.p25, all.median, all.p75, all.p95, all.mean] {
        assert_eq!(q, f64::INFINITY, "{all:?}");
    }
    let mixed = Quantiles::of(&mut [f64::INFINITY, 3.0, f64::INFINITY, 1.0, f64::INFINITY]);
    let got = (mixed.p05, mixed.p25, mixed.median, mixed.p75, mixed.p95);
    assert_eq!(got, (1.4, 3.0, f64::INFINITY, f64::INFINITY, f64::INFINITY), "{mixed:?}");
}

#[test]
fn never_reached_milestones_have_no_median() {
    let mut scn = regions::preset("sendai").expect("preset");
    scn.replications = 10;
    scn.set_param("p", 0.0).expect("in range");
    scn.set_param("q", 0.0).expect("in range");
    scn.strategy = Strategy::default();
    let s = montecarlo::run(&scn, &mut Quiet).expect("runs");
    assert_eq!(s.milestones[1].reached, 0.0);
    assert_eq!(s.milestones[1].median_months, None);
}

#[test]
fn tornado_ranks_parameters_and_q_moves_the_rate() {
    use renkei::sim::experiment::sensitivity::{self, Range};
    let mut scn = regions::preset("sendai").expect("preset");
    scn.replications = 40;
    let ranges = vec![
        Range { param: "q".into(), low: 0.0, high: 10.0 },
        Range { param: "waiver_end_stop".into(), low: 0.0, high: 0.01 },
    ];
    let t = sensitivity::tornado(&scn, &ranges, &mut Quiet, &mut |s| renkei::parallel::run(s, 2)).expect("runs");
    assert_eq!(t.bars[0].param, "q", "q swings the rate more than a tiny stop probability");
    assert!(t.bars[0].rate_high > t.bars[0].rate_low);
    assert!(t.bars[0].swing() >= t.bars[1].swing());
    let bad = vec![Range { param: "q".into(), low: -5.0, high: 1.0 }];
    let e = sensitivity::tornado(&scn, &bad, &mut Quiet, &mut |s| renkei::parallel::run(s, 2)).expect_err("rejected");
    assert!(e.to_string().contains("params.q"), "{e}");
}

/// The page's pool runs a tornado's scenarios as one split run and builds the tornado from the
/// summaries: that must be the tornado run scenario by scenario, to the bit.
#[test]
fn tornado_from_a_split_run_of_its_scenarios_equals_the_tornado() {
    use renkei::sim::experiment::sensitivity::{self, Range};
    let mut scn = regions::preset("higashisonogi").expect("preset");
    scn.replications = 12;
    let ranges =
        vec![Range { param: "q".into(), low: 0.1, high: 2.0 }, Range { param: "p".into(), low: 0.001, high: 0.02 }];
    let one = sensitivity::tornado(&scn, &ranges, &mut Quiet, &mut |s| renkei::parallel::run(s, 1)).expect("runs");
    let all = sensitivity::scenarios(&scn, &ranges).expect("scenarios");
    assert_eq!(all.len(), 5);
    let summaries: Vec<_> = all.iter().map(|s| renkei::parallel::run(s, 3).expect("runs")).collect();
    let split = sensitivity::from_summaries(&ranges, &summaries).expect("tornado");
    assert_eq!(serde_json::to_string(&split).ok(), serde_json::to_string(&one).ok());
    let e = sensitivity::from_summaries(&ranges, &summaries[..4]).expect_err("one summary short");
    assert!(e.to_string().contains("expected 5"), "{e}");
}
