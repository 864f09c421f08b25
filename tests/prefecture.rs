//! A prefecture's view (issue 26, src/sim/experiment/prefecture/): the file read with every
//! problem at once, the total's band from the joint replications, the greedy allocation within
//! its budget, the same bytes on any thread count, and an output that never replaces its input.

use crate::cli::renkei;
use renkei::sim::error::SimError;
use renkei::sim::experiment::cost;
use renkei::sim::experiment::prefecture::{self, allocate, Outcome};
use std::path::PathBuf;

fn sample() -> String {
    std::fs::read_to_string(format!("{}/docs/samples/prefecture.csv", env!("CARGO_MANIFEST_DIR"))).expect("sample")
}

fn tmp(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("renkei-prefecture-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

/// The sample's first `k` municipalities (a smaller prefecture for quick runs).
fn first(k: usize) -> String {
    let text = sample();
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let mut out: Vec<&str> = lines.next().into_iter().collect();
    out.extend(lines.take(k));
    out.join("\n") + "\n"
}

#[test]
fn the_totals_band_is_read_from_joint_replications_not_from_summed_medians() {
    // Constructed: town A gains in replications 2, town B in 0; each town's median is 0, but
    // in two of three joint replications the prefecture has 10 adopters.
    let (a, b) = ([0.0, 0.0, 10.0], [10.0, 0.0, 0.0]);
    let t = prefecture::joint_total(&[&a, &b], 40, 0);
    assert_eq!(t.median, 10.0, "{t:?}");
    assert_eq!(t.rate.median, 0.25);
    // Real runs: the view's total is the quantiles of replication i summed over municipalities,
    // computed here again from each run's replications.
    let towns = prefecture::read(&first(4)).expect("sample reads");
    let work = prefecture::prepare(towns, &["trainings_only".into()], 24, 7, None).expect("work");
    let outcomes: Vec<Outcome> = work.runs.iter().map(|s| Outcome::of(s, &cost::run(s).expect("runs"))).collect();
    let view = work.assemble(&outcomes).expect("view");
    let own: Vec<&Outcome> = work.options.iter().map(|o| &outcomes[o[0].1]).collect();
    let mut sums: Vec<f64> = (0..24).map(|i| own.iter().map(|o| o.adopted[i]).sum()).collect();
    let q = renkei::sim::experiment::montecarlo::Quantiles::of(&mut sums);
    assert_eq!((view.total.median, view.total.p05, view.total.p95), (q.median, q.p05, q.p95));
    let summed: f64 = view.municipalities.iter().map(|m| m.options[0].p05).sum();
    assert!(view.total.p05 > summed, "the joint p05 {} is above the sum of p05s {summed}", view.total.p05);
}

#[test]
fn a_row_with_several_problems_lists_them_all_with_rows_and_columns() {
    let text = "municipality,offices,areas,adopted,date,centre_kind\n\
                Good,100,2,10,2026-02-28,\n\
                Bad,abc,0,7/x,2026-13-01,outsourced\n\
                \n\
                Good,10,1,20,2026-02-28,\n";
    let Err(SimError::Rows { table, problems }) = prefecture::read(text) else { panic!("refused as rows") };
    assert_eq!(table, "prefecture");
    let got: Vec<(usize, &str)> = problems.iter().map(|p| (p.row, p.column.as_str())).collect();
    assert_eq!(
        got,
        [
            (3, "offices"),
            (3, "areas"),
            (3, "adopted"),
            (3, "date"),
            (3, "centre_kind"),
            (5, "municipality"),
            (5, "adopted")
        ],
        "{problems:?}"
    );
    let message = SimError::Rows { table, problems }.to_string();
    assert!(message.contains("row 3, date: `2026-13-01` is not a date"), "{message}");
    // The command prints them all and exits 2.
    let dir = tmp("rows");
    let file = dir.join("p.csv");
    std::fs::write(&file, text).expect("write");
    let (ok, _, err) = renkei(&["prefecture", &file.to_string_lossy()]);
    assert!(!ok && err.contains("7 problems") && err.contains("row 5, adopted"), "{err}");
}

#[test]
fn a_header_without_a_required_column_names_it() {
    let Err(SimError::Rows { problems, .. }) =
        prefecture::read("municipality;offices;adopted;date\nA;10;1;2026-02-28\n")
    else {
        panic!("refused")
    };
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].row, problems[0].column.as_str()), (1, "areas"));
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_one_and_two_threads() {
    let dir = tmp("threads");
    let file = dir.join("p.csv");
    std::fs::write(&file, first(5)).expect("write");
    let f = file.to_string_lossy().into_owned();
    let run = |t: &str, format: &str| {
        let (ok, out, err) = renkei(&[
            "prefecture",
            &f,
            "--strategies",
            "area_by_area,trainings_only",
            "--reps",
            "16",
            "--budget",
            "500000",
            "--threads",
            t,
            "--format",
            format,
        ]);
        assert!(ok, "{err}");
        out
    };
    for format in ["json", "csv"] {
        let one = run("1", format);
        assert_eq!(one, run("2", format), "{format}");
        assert!(one.contains("区") || one.contains("市") || one.contains("町"), "{one}");
    }
    let json: serde_json::Value = serde_json::from_str(&run("2", "json")).expect("json");
    assert!(json["manifest"].as_str().is_some_and(|m| m.contains("seed=20250831")), "{json}");
    assert_eq!(json["municipalities"].as_array().map(Vec::len), Some(5));
}

#[test]
fn an_allocation_never_spends_more_than_its_budget() {
    // The greedy rule on many random prefectures (a fixed generator: the same cases every run).
    let mut x: u64 = 0x2026_0026;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % 1000) as f64
    };
    for _ in 0..500 {
        let towns = 1 + next() as usize % 6;
        let cands: Vec<allocate::Candidate> = (0..towns * 3)
            .map(|k| allocate::Candidate {
                town: k % towns,
                option: 1 + k / towns,
                gain: 1.0 + next(),
                cost: next() * 10.0,
            })
            .collect();
        let budget = next() * 20.0;
        let chosen = allocate::greedy(towns, &cands, budget);
        let spent: f64 = chosen
            .iter()
            .enumerate()
            .filter_map(|(t, c)| c.and_then(|o| cands.iter().find(|k| k.town == t && k.option == o)).map(|k| k.cost))
            .sum();
        assert!(spent <= budget, "spent {spent} of {budget}");
    }
    // On the sample: the allocated plan's expected cost is within the budget and buys something.
    let towns = prefecture::read(&first(4)).expect("sample reads");
    let budget = 900_000.0;
    let names = ["area_by_area".to_string(), "trainings_only".to_string()];
    let work = prefecture::prepare(towns, &names, 16, 3, Some(budget)).expect("work");
    let view = prefecture::evaluate(&work, &mut |s| cost::run(s)).expect("view");
    let (Some(choices), Some(total)) = (&view.allocation, &view.allocation_total) else { panic!("an allocation") };
    let spent: f64 = choices.iter().map(|c| c.city_yen).sum();
    assert!(spent <= budget && total.city_yen == spent, "{spent} of {budget}");
    assert!(!choices.is_empty() && total.additional_adopters > 0.0, "{choices:?}");
}

#[test]
fn the_output_never_replaces_the_prefecture_file() {
    let dir = tmp("alias");
    let file = dir.join("p.csv");
    let text = first(2);
    std::fs::write(&file, &text).expect("write");
    let link = dir.join("hard.csv");
    std::fs::hard_link(&file, &link).expect("hard link");
    for out in [file.clone(), link, dir.join(".").join("p.csv")] {
        let (ok, _, err) =
            renkei(&["prefecture", &file.to_string_lossy(), "--reps", "4", "--out", &out.to_string_lossy()]);
        assert!(!ok && err.contains("is the same file as FILE"), "{err}");
        assert_eq!(std::fs::read_to_string(&file).expect("still there"), text);
    }
    let (ok, _, err) = renkei(&["prefecture", &file.to_string_lossy(), "--budget=-1", "--reps", "4"]);
    assert!(!ok && err.contains("--budget"), "{err}");
    let (ok, _, err) = renkei(&["prefecture", &file.to_string_lossy(), "--from", "2026-02-28"]);
    assert!(!ok && err.contains("--from"), "{err}");
}
