//! Calibration on a cluster (`calibrate --state DIR --shard I/N`, `--merge`): three shards run
//! locally give the bytes of a single-machine calibration.

use crate::cli::renkei;
use std::path::Path;

const OPTS: &[&str] = &[
    "calibrate",
    "--regions",
    "higashisonogi,sendai",
    "--particles",
    "12",
    "--generations",
    "3",
    "--seed",
    "99",
    "--reps-scale",
    "0.05",
    "--threads",
    "2",
];

fn with(extra: &[&str]) -> Vec<String> {
    OPTS.iter().chain(extra).map(|s| s.to_string()).collect()
}

fn run(args: &[String]) -> String {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let (ok, out, err) = renkei(&a);
    assert!(ok, "renkei {}: {err}", a.join(" "));
    out
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
}

#[test]
fn three_shards_give_the_single_machine_calibration() {
    let dir = std::env::temp_dir().join(format!("renkei-cluster-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp");
    let one = dir.join("one.json");
    let one_post = dir.join("one-posterior.json");
    run(&with(&["--out", &one.to_string_lossy(), "--posterior-out", &one_post.to_string_lossy()]));

    let state = dir.join("state").to_string_lossy().into_owned();
    // Short rounds, so that merges discard batches drawn past a generation's end.
    let st = |extra: &[&str]| with(&[&["--state", &state, "--round-batches", "1"], extra].concat());
    let status = run(&st(&[]));
    assert!(status.contains("\"round\":0"), "{status}");
    let mut rounds = 0;
    while !run(&st(&[])).contains("\"finished\":true") {
        // Shards in a scrambled order, one of them twice (a retried array task): no difference.
        for i in ["2/3", "0/3", "2/3", "1/3"] {
            run(&st(&["--shard", i]));
        }
        run(&st(&["--merge"]));
        rounds += 1;
        if rounds == 2 {
            // A lost round file (an interrupted merge, a cleaned folder) is drawn again from the state.
            let _ = std::fs::remove_file(dir.join("state/round-0002.json"));
        }
        assert!(rounds < 200, "the calibration does not finish");
    }
    let (a, b) = (json(&one), json(&dir.join("state/calibration.json")));
    for key in ["posterior", "median_params", "distance_noise", "version", "proposals", "simulations"] {
        assert_eq!(a[key], b[key], "{key}");
    }
    assert_eq!(
        std::fs::read(&one_post).expect("one"),
        std::fs::read(dir.join("state/posterior.json")).expect("merged"),
        "the posterior file"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_merge_before_every_shard_has_finished_names_the_missing_ones_and_changes_nothing() {
    let dir = std::env::temp_dir().join(format!("renkei-cluster-missing-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let state = dir.to_string_lossy().into_owned();
    run(&with(&["--state", &state]));
    run(&with(&["--state", &state, "--shard", "1/3"]));
    let before = std::fs::read(dir.join("state.json")).expect("state");
    let a: Vec<String> = with(&["--state", &state, "--merge"]);
    let (ok, _, err) = renkei(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!ok);
    assert!(err.contains("shards 0/3, 2/3 have not finished"), "{err}");
    assert_eq!(std::fs::read(dir.join("state.json")).expect("state"), before);
    // Other settings on the same folder are refused, not mixed in.
    let (ok, _, err) = renkei(&["calibrate", "--particles", "13", "--state", &state]);
    assert!(!ok);
    assert!(err.contains("other settings"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
