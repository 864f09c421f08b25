//! Posterior-predictive runs: parameter uncertainty shows in the bands, and strategies run
//! with the same seed share every draw (paired differences stay paired).

use renkei::sim::experiment::montecarlo::{self, Prepared};
use renkei::sim::scenario::posterior::Uncertainty;
use renkei::sim::scenario::regions;
use renkei::sim::scenario::strategies;

fn band_at(s: &montecarlo::Summary, date: &str) -> (f64, f64) {
    let m = s.months.iter().find(|m| m.date == date).expect("reporting date");
    (m.rate.p05, m.rate.p95)
}

#[test]
fn posterior_band_is_wider_than_the_fixed_parameter_band() {
    let mut scn = regions::preset("okazaki").expect("preset");
    scn.replications = 200;
    assert_eq!(scn.uncertainty, Uncertainty::Posterior, "presets draw from the posterior by default");
    let post = renkei::parallel::run(&scn, 2).expect("runs");
    scn.uncertainty = Uncertainty::Fixed;
    let fixed = renkei::parallel::run(&scn, 2).expect("runs");
    let (a, b) = band_at(&post, "2026-02-28");
    let (c, d) = band_at(&fixed, "2026-02-28");
    assert!(b - a > d - c, "posterior band {a:.3}–{b:.3} must be wider than fixed {c:.3}–{d:.3}");
    assert_eq!(post.header.uncertainty, "posterior");
    assert_eq!(fixed.header.uncertainty, "fixed");
    assert!(post.header.posterior_version.is_some() && fixed.header.posterior_version.is_none());
}

#[test]
fn strategies_with_the_same_seed_share_parameter_draws_and_networks() {
    let scn = regions::preset("okazaki").expect("preset");
    let mut other = scn.clone();
    other.strategy = strategies::library("area_by_area", &scn).expect("library strategy");
    let (a, b) = (Prepared::new(&scn).expect("valid"), Prepared::new(&other).expect("valid"));
    let mut distinct = std::collections::HashSet::new();
    for rep in 0..20 {
        let (ma, mb) = (a.model(rep).expect("posterior"), b.model(rep).expect("posterior"));
        assert_eq!(ma.params, mb.params, "replication {rep} draws the same parameters under both strategies");
        assert_eq!(a.world(rep).nbrs, b.world(rep).nbrs, "and runs on the same network");
        distinct.insert(format!("{:?}", ma.params.q));
    }
    assert!(distinct.len() > 5, "replications draw different particles: {}", distinct.len());
}

#[test]
fn paired_differences_are_tighter_than_unpaired_ones() {
    // Pairing shares the parameter draw: the spread of the per-replication difference is far
    // below what two independent runs would give (the sum of their variances).
    let mut scn = regions::preset("okazaki").expect("preset");
    scn.replications = 120;
    let mut other = scn.clone();
    other.strategy = strategies::library("area_by_area", &scn).expect("library strategy");
    let ra = renkei::parallel::run(&scn, 2).expect("runs");
    let rb = renkei::parallel::run(&other, 2).expect("runs");
    let last = ra.paths[0].len() - 1;
    let xa: Vec<f64> = ra.paths.iter().map(|p| p[last] as f64).collect();
    let xb: Vec<f64> = rb.paths.iter().map(|p| p[last] as f64).collect();
    let var = |v: &[f64]| {
        let m = v.iter().sum::<f64>() / v.len() as f64;
        v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64
    };
    let diff: Vec<f64> = xa.iter().zip(&xb).map(|(a, b)| b - a).collect();
    let (paired, unpaired) = (var(&diff), var(&xa) + var(&xb));
    assert!(paired < 0.6 * unpaired, "paired variance {paired:.5} vs unpaired {unpaired:.5}");
}

#[test]
fn a_parameter_set_by_the_user_is_pinned_and_the_others_stay_drawn() {
    let mut scn = regions::preset("okazaki").expect("preset");
    scn.set_param("q", 0.777).expect("in range");
    assert_eq!(scn.pinned, vec!["q".to_string()]);
    let prep = Prepared::new(&scn).expect("valid");
    let ps: Vec<_> = (0..10).map(|r| prep.model(r).expect("posterior").params).collect();
    assert!(ps.iter().all(|p| p.q == 0.777), "q stays at the user's value");
    assert!(ps.iter().any(|p| p.p != ps[0].p), "p is still drawn");
    let s = renkei::parallel::run(
        &{
            let mut x = scn.clone();
            x.replications = 4;
            x
        },
        1,
    )
    .expect("runs");
    assert!(!s.header.drawn.contains(&"q".to_string()) && s.header.drawn.contains(&"p".to_string()));
}
