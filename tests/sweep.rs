//! Sweeps: grids and samples, and shards that concatenate into the single-run table.

use renkei::sim::experiment::montecarlo;
use renkei::sim::experiment::sweep::{rows_csv, Sweep};

fn sweep() -> Sweep {
    Sweep::from_json(
        r#"{"scenario": "example", "grid": {"params.q": [0.2, 1.0, 3.0], "network.mean_partners": [4, 12]},
            "seeds": [1, 2], "replications": 8}"#,
    )
    .expect("valid sweep")
}

fn table(sw: &Sweep, index: usize, count: usize) -> String {
    let rows = sw
        .run(sw.shard(index, count), &mut montecarlo::Quiet, &mut |s| montecarlo::run(s, &mut montecarlo::Quiet))
        .expect("runs");
    rows_csv(sw, &rows, index == 0).expect("table")
}

#[test]
fn shards_concatenate_into_the_single_run_table() {
    let sw = sweep();
    assert_eq!(sw.rows_len(), 12);
    let whole = table(&sw, 0, 1);
    for count in [2, 5, 12] {
        let joined: String = (0..count).map(|i| table(&sw, i, count)).collect();
        assert_eq!(joined, whole, "{count} shards");
    }
    // the manifest, the column names, 12 rows
    assert_eq!(whole.lines().count(), 14);
    let first = whole.lines().next().unwrap_or("");
    assert!(
        first.starts_with("# renkei ") && first.contains("sweep=\"") && first.ends_with(" seeds=1,2 rows=12"),
        "{first}"
    );
    assert!(whole.lines().nth(1).unwrap_or("").starts_with("row,point,seed,"));
}

#[test]
fn grid_points_cover_every_combination_and_q_matters() {
    let sw = sweep();
    let pts: Vec<String> = (0..6).map(|i| format!("{:?}", sw.point(i))).collect();
    let unique: std::collections::HashSet<_> = pts.iter().collect();
    assert_eq!(unique.len(), 6);
    let rows =
        sw.run(0..12, &mut montecarlo::Quiet, &mut |s| montecarlo::run(s, &mut montecarlo::Quiet)).expect("runs");
    let mean = |q: f64| {
        let r: Vec<f64> = rows.iter().filter(|r| r.values[1].as_f64() == Some(q)).map(|r| r.mean).collect();
        r.iter().sum::<f64>() / r.len() as f64
    };
    assert!(mean(3.0) > mean(0.2), "q = 3 should adopt more than q = 0.2");
}

#[test]
fn sampled_points_are_reproducible_and_inside_their_ranges() {
    let text = r#"{"scenario": "example", "sample": {"n": 20, "ranges": {"params.p": [0.01, 0.2]}, "seed": 9}, "replications": 2}"#;
    let a = Sweep::from_json(text).expect("valid");
    let b = Sweep::from_json(text).expect("valid");
    for i in 0..20 {
        assert_eq!(a.point(i), b.point(i));
        let p = a.point(i)[0].as_f64().expect("number");
        assert!((0.01..=0.2).contains(&p));
    }
}

#[test]
fn a_sweep_that_sets_a_missing_path_says_which() {
    let sw = Sweep::from_json(r#"{"scenario": "example", "grid": {"params.zeta": [1]}, "replications": 2}"#)
        .expect("parses");
    let e =
        sw.run(0..1, &mut montecarlo::Quiet, &mut |s| montecarlo::run(s, &mut montecarlo::Quiet)).expect_err("fails");
    assert!(e.to_string().contains("zeta"), "{e}");
}
