//! The `renkei` binary end to end: what a researcher's script sees.

use std::process::Command;

pub fn renkei(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_renkei")).args(args).output().expect("runs the binary");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn run_writes_monthly_json_with_a_header() {
    let (ok, out, err) = renkei(&["run", "okazaki", "--reps", "20", "--seed", "7"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["header"]["seed"], 7);
    assert_eq!(v["header"]["replications"], 20);
    assert_eq!(v["header"]["scenario_hash"].as_str().map(str::len), Some(16));
    let months = v["months"].as_array().expect("months");
    assert!(months.len() >= 20);
    assert_eq!(months[6]["date"], "2026-02-28");
    for k in ["median", "p05", "p25", "p75", "p95"] {
        assert!(months[6]["rate"][k].as_f64().is_some(), "rate.{k}");
    }
    let (p05, p95) =
        (months[6]["rate"]["p05"].as_f64().unwrap_or(1.0), months[6]["rate"]["p95"].as_f64().unwrap_or(0.0));
    assert!(p05 <= p95);
}

#[test]
fn scenario_round_trips_through_a_file_and_csv_output() {
    let (ok, json, _) = renkei(&["scenario", "--region", "higashisonogi"]);
    assert!(ok);
    let dir = std::env::temp_dir().join(format!("renkei-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let file = dir.join("h.json");
    std::fs::write(&file, &json).expect("write");
    let path = file.to_string_lossy().into_owned();
    let (ok, csv, err) = renkei(&["run", &path, "--reps", "10", "--format", "csv"]);
    assert!(ok, "{err}");
    assert!(csv.starts_with("# renkei "));
    assert!(csv.lines().nth(1).unwrap_or("").starts_with("date,rate_median,rate_p05"));
    // Same scenario by preset name gives the same numbers as from the file.
    let (_, csv2, _) = renkei(&["run", "higashisonogi", "--reps", "10", "--format", "csv"]);
    assert_eq!(csv, csv2);
}

#[test]
fn bad_file_gives_a_message_with_the_field_and_exit_code_2() {
    let dir = std::env::temp_dir().join(format!("renkei-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let file = dir.join("bad.json");
    let (_, json, _) = renkei(&["scenario", "--region", "okazaki"]);
    std::fs::write(&file, json.replace("\"q\": ", "\"q\": -")).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_renkei")).args(["run", &file.to_string_lossy()]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("params.q") && err.contains("bad.json"), "{err}");
    let (ok, _, err) = renkei(&["run", "/nonexistent/x.json"]);
    assert!(!ok && err.contains("cannot read scenario file /nonexistent/x.json"), "{err}");
    let (ok, _, err) = renkei(&["run", "okazaki", "--reps", "ten"]);
    assert!(!ok && err.contains("'ten'") && err.contains("--reps"), "{err}");
    let (ok, _, err) = renkei(&["run", "okazaki", "--threads", "0"]);
    assert!(!ok && err.contains("allowed 1 to 1024"), "{err}");
}

#[test]
fn list_names_regions_and_strategies() {
    let (ok, out, _) = renkei(&["scenario", "--list"]);
    assert!(ok);
    for n in ["chitose", "okazaki", "higashisonogi", "sendai", "area_by_area", "free_pass_ends_2026_05"] {
        assert!(out.contains(n), "{n} missing from the list");
    }
}

#[test]
fn bench_quick_reports_every_case_and_the_memory_without_the_full_national_case() {
    let (ok, out, err) = renkei(&["bench", "--quick"]);
    assert!(ok, "{err}");
    // The core case's mean final rate is the peers' (0.131 over 1,000 replications) within noise.
    let core = out.lines().find(|l| l.starts_with("core case")).expect("core case line");
    let mean: f64 = core.rsplit(' ').next().and_then(|x| x.parse().ok()).expect("mean final rate");
    assert!((0.12..0.145).contains(&mean), "{core}");
    assert!(out.contains("sendai-size, every lever kind on (13 levers), 100 reps"), "{out}");
    // The 290,000-office case made this unoptimised test the suite's slowest; --quick runs it
    // at 1/16 of its size (`renkei bench` alone still runs it whole).
    assert!(out.contains("national scale at 1/16 size (--quick): 18125 offices"), "{out}");
    let memory = out.lines().find(|l| l.starts_with("memory:")).expect("memory line");
    assert!(memory.contains("B/office") && memory.contains("B/link"), "{memory}");
}

/// The hand-written usage text had drifted from what the parser accepted (`fit --seed/--threads/
/// --out`, `calibrate --quantile`, `scenario --strategy` worked but were not listed): help now
/// comes from the same declaration as parsing, and each subcommand's help lists its options.
#[test]
fn help_lists_the_options_the_old_usage_text_left_out() {
    let expect: &[(&str, &[&str])] = &[
        (
            "run",
            &[
                "--reps",
                "--seed",
                "--threads",
                "--from",
                "--strategy",
                "--what-if",
                "--out",
                "--format",
                "--paths",
                "--max-memory",
            ],
        ),
        ("scenario", &["--region", "--list", "--from", "--strategy", "--what-if"]),
        ("sweep", &["--shard", "--threads", "--out", "--max-memory"]),
        (
            "bench",
            &[
                "--quick",
                "--profile",
                "--profile-core",
                "--profile-sendai",
                "--profile-calibration",
                "--national-only",
                "--peers",
                "--python",
            ],
        ),
        (
            "calibrate",
            &[
                "--regions",
                "--particles",
                "--generations",
                "--seed",
                "--quantile",
                "--min-acceptance",
                "--batch",
                "--max-proposals",
                "--reps-scale",
                "--threads",
                "--out",
                "--posterior-out",
                "--loo",
                "--state",
                "--shard",
                "--merge",
                "--round-batches",
            ],
        ),
        ("fit", &["--format", "--reps", "--seed", "--threads", "--loo-file", "--params", "--out"]),
        (
            "forecast",
            &[
                "--region",
                "--reps",
                "--seed",
                "--threads",
                "--out-dir",
                "--issued",
                "--score",
                "--observed",
                "--format",
            ],
        ),
    ];
    let (ok, top, err) = renkei(&["--help"]);
    assert!(ok, "{err}");
    for (cmd, options) in expect {
        assert!(top.contains(cmd), "{cmd} missing from renkei --help");
        let (ok, help, err) = renkei(&[cmd, "--help"]);
        assert!(ok, "{cmd}: {err}");
        for o in *options {
            assert!(
                help.contains(&format!("{o} ")) || help.contains(&format!("{o}\n")),
                "{cmd} --help lacks {o}:\n{help}"
            );
        }
    }
    let (ok, _, err) = renkei(&["fit", "--bogus"]);
    assert!(!ok && err.contains("--bogus"), "{err}");
}
