//! The hostile-input round on the newer commands (issue 22): nothing overwritten, nothing
//! silently ignored, nothing unbounded. Each test is named after what broke.

use crate::cli::renkei;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A folder of its own per test (tests run in parallel).
fn tmp(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("renkei-hostile-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!("{}/docs/samples/{name}", env!("CARGO_MANIFEST_DIR"))).expect("sample file")
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// stderr of a command run in `dir` that must fail with exit code 2.
fn refused_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_renkei")).current_dir(dir).args(args).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?} must exit 2: {err}");
    err
}

/// A folder with the sample office and edge tables.
fn tables(test: &str) -> (PathBuf, String, String) {
    let dir = tmp(test);
    std::fs::write(dir.join("o.csv"), sample("offices.csv")).expect("write");
    std::fs::write(dir.join("e.csv"), sample("edges.csv")).expect("write");
    (dir.clone(), s(&dir.join("o.csv")), s(&dir.join("e.csv")))
}

// --- one output rule ---

#[test]
fn rank_out_naming_its_office_or_edge_table_overwrote_it() {
    let (dir, o, e) = tables("rank-self");
    for (victim, option) in [(&o, "--offices"), (&e, "--edges")] {
        let before = std::fs::read(victim).expect("read");
        let err = refused_in(&dir, &["rank", "--offices", &o, "--edges", &e, "--rule", "random", "--out", victim]);
        assert!(err.contains("--out") && err.contains(&format!("is the same file as {option}")), "{err}");
        assert_eq!(std::fs::read(victim).expect("read"), before, "the input is untouched");
    }
}

#[test]
fn rank_out_through_a_hard_link_of_an_input_overwrote_it() {
    let (dir, o, e) = tables("rank-hard");
    let link = s(&dir.join("link.csv"));
    std::fs::hard_link(&o, &link).expect("hard link");
    let err = refused_in(&dir, &["rank", "--offices", &o, "--edges", &e, "--rule", "random", "--out", &link]);
    assert!(err.contains("is the same file as --offices"), "{err}");
    assert_eq!(std::fs::read_to_string(&o).expect("read"), sample("offices.csv"));
}

#[test]
fn a_table_scenario_given_as_its_own_rank_out_was_replaced() {
    let (dir, o, e) = tables("rank-scn");
    let base = renkei::sim::scenario::regions::preset("example").expect("preset");
    let scn = renkei::sim::scenario::tables::scenario_from_tables(
        &base,
        &std::fs::read_to_string(&o).expect("o"),
        &std::fs::read_to_string(&e).expect("e"),
    )
    .expect("tables");
    let file = s(&dir.join("t.json"));
    std::fs::write(&file, scn.to_json()).expect("write");
    let err = refused_in(&dir, &["rank", &file, "--rule", "random", "--out", &file]);
    assert!(err.contains("is the same file as SCENARIO"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), scn.to_json());
}

#[test]
fn out_on_a_fifo_or_a_symbolic_link_was_replaced_by_a_regular_file() {
    let dir = tmp("special");
    let fifo = dir.join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let err = refused_in(&dir, &["run", "example", "--reps", "2", "--out", &s(&fifo)]);
    assert!(err.contains("--out") && err.contains("not a regular file"), "{err}");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo).expect("still there").file_type().is_fifo());
    let link = dir.join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).expect("symlink");
    let err = refused_in(&dir, &["run", "example", "--reps", "2", "--out", &s(&link)]);
    assert!(err.contains("is a symbolic link"), "{err}");
    assert!(std::fs::symlink_metadata(&link).expect("still there").file_type().is_symlink());
    let err = refused_in(
        &dir,
        &["rank", "--offices", "/dev/null", "--edges", "/dev/null", "--rule", "random", "--out", "/dev/null"],
    );
    assert!(err.contains("not a regular file") || err.contains("same file"), "{err}");
}

#[test]
fn a_file_named_like_a_preset_was_ignored_then_overwritten() {
    let dir = tmp("preset-file");
    let (_, json, _) = renkei(&["scenario", "--region", "example"]);
    std::fs::write(dir.join("sendai"), &json).expect("write");
    let err = refused_in(&dir, &["run", "sendai", "--reps", "2", "--out", "sendai"]);
    assert!(err.contains("both a preset and a file") && err.contains("./sendai"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.join("sendai")).expect("kept"), json);
    // The way out the message gives works: ./sendai is the file.
    let out = Command::new(env!("CARGO_BIN_EXE_renkei"))
        .current_dir(&dir)
        .args(["run", "./sendai", "--reps", "2", "--out", "result.json"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("result.json")).expect("written")).expect("json");
    assert_eq!(v["header"]["scenario"], "example", "the file's scenario ran, not the preset");
}

#[test]
fn calibrate_out_and_posterior_out_naming_one_file_were_accepted() {
    let dir = tmp("two-outs");
    let a = s(&dir.join("a.json"));
    let b = format!("{}/../{}/a.json", dir.display(), dir.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
    let t0 = std::time::Instant::now();
    let err = refused_in(&dir, &["calibrate", "--out", &a, "--posterior-out", &b]);
    assert!(err.contains("--out") && err.contains("--posterior-out") && err.contains("same file"), "{err}");
    assert!(t0.elapsed().as_secs() < 20, "refused before the calibration");
}

#[test]
fn out_ending_in_a_slash_failed_only_after_the_simulation() {
    let dir = tmp("slash");
    let t0 = std::time::Instant::now();
    let err = refused_in(&dir, &["run", "sendai", "--reps", "100000", "--out", "new/"]);
    assert!(err.contains("--out new/") && err.contains("folder"), "{err}");
    assert!(t0.elapsed().as_secs() < 10, "refused before the simulation");
}

#[test]
fn a_legal_240_character_out_name_was_refused_for_its_temporary_name() {
    let dir = tmp("long");
    let name = format!("{}.json", "r".repeat(235));
    let (ok, _, err) = renkei(&["run", "example", "--reps", "2", "--out", &s(&dir.join(&name))]);
    assert!(ok, "{err}");
    assert!(dir.join(&name).exists());
}

#[test]
fn a_merge_could_write_its_results_over_the_calibration_state() {
    let dir = tmp("state-out");
    let state = s(&dir.join("st"));
    let base =
        ["calibrate", "--regions", "higashisonogi", "--particles", "4", "--generations", "1", "--reps-scale", "0.01"];
    let args = |extra: &[&str]| -> Vec<String> { base.iter().chain(extra).map(|x| x.to_string()).collect() };
    let run = |a: Vec<String>| renkei(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let (ok, _, err) = run(args(&["--state", &state]));
    assert!(ok, "{err}");
    let state_file = s(&dir.join("st/state.json"));
    let before = std::fs::read(&state_file).expect("state");
    let (ok, _, err) = run(args(&["--state", &state, "--merge", "--out", &state_file]));
    assert!(!ok && err.contains("--out") && err.contains("--state"), "{err}");
    assert_eq!(std::fs::read(&state_file).expect("state"), before);
}

#[test]
fn fit_with_a_missing_explicit_loo_file_exited_0() {
    let (ok, _, err) = renkei(&["fit", "--reps", "1", "--loo-file", "/nonexistent/loo.json"]);
    assert!(!ok && err.contains("--loo-file /nonexistent/loo.json"), "{err}");
}

// --- bounded ---

#[test]
fn rank_offices_dev_zero_read_until_memory_ran_out() {
    let (dir, _, e) = tables("zero");
    let t0 = std::time::Instant::now();
    let err = refused_in(&dir, &["rank", "--offices", "/dev/zero", "--edges", &e, "--rule", "random"]);
    assert!(err.contains("--offices /dev/zero") && err.contains("not a text file"), "{err}");
    assert!(t0.elapsed().as_secs() < 10);
}

#[test]
fn target_tol_1e_16_never_ended() {
    let t0 = std::time::Instant::now();
    let dir = tmp("tol");
    let goal = "target example --rate 0.5 --by 2027-03-31 --prob 0.5 --lever outreach.contacts_per_month --reps 4";
    let with = |extra: &str| format!("{goal} {extra}");
    let err = refused_in(&dir, &with("--tol 1e-16").split(' ').collect::<Vec<_>>());
    assert!(err.contains("--tol") && err.contains("allowed 0.001 to 1000000"), "{err}");
    // A legal tolerance with a range too wide for it is refused with the bisections it would need.
    let err = refused_in(&dir, &with("--tol 0.001 --range 0,1000000000000").split(' ').collect::<Vec<_>>());
    assert!(err.contains("--tol") && err.contains("bisections"), "{err}");
    assert!(t0.elapsed().as_secs() < 30);
}

#[test]
fn shard_0_of_a_million_was_accepted_then_gave_a_16_mb_error() {
    let dir = tmp("shards");
    let err = refused_in(&dir, &["sweep", "x.json", "--shard", "0/1000000"]);
    assert!(err.contains("N ≤ 10000") && err.len() < 1000, "{err}");
}

#[test]
fn a_50_mb_cell_was_echoed_whole_into_the_error() {
    let (dir, _, e) = tables("cell");
    let offices = format!("id,area,role,adopted\na,north,centre,{}\n", "x".repeat(5_000_000));
    std::fs::write(dir.join("big.csv"), offices).expect("write");
    let err = refused_in(&dir, &["rank", "--offices", "big.csv", "--edges", &e, "--rule", "random"]);
    assert!(err.contains("adopted") && err.len() < 1000, "{} bytes", err.len());
}

// --- edits count ---

#[test]
fn an_edit_of_a_calibrated_parameter_in_a_posterior_run_was_silently_ignored() {
    let dir = tmp("edit");
    let (ok, json, _) = renkei(&["scenario", "--region", "example"]);
    assert!(ok);
    assert!(json.contains("\"pinned\": []"), "renkei scenario shows where to pin");
    let mut v: serde_json::Value = serde_json::from_str(&json).expect("json");
    v["params"]["q"] = 0.into();
    v["params"]["outreach_efficacy"] = 0.into();
    let edited = s(&dir.join("edited.json"));
    std::fs::write(&edited, v.to_string()).expect("write");
    let run = |file: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_renkei"))
            .args(["run", file, "--reps", "8", "--seed", "3"])
            .output()
            .expect("runs");
        assert!(out.status.success());
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (base_out, base_err) = run("example");
    let (out, err) = run(&edited);
    assert!(!base_err.contains("pinned"), "{base_err}");
    assert!(err.contains("pinned") && err.contains("q = 0") && err.contains("outreach_efficacy = 0"), "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(r["header"]["pinned"], serde_json::json!(["q", "outreach_efficacy"]));
    let drawn = r["header"]["drawn"].as_array().expect("drawn");
    assert!(!drawn.iter().any(|d| d == "q"), "q is no longer drawn");
    let b: serde_json::Value = serde_json::from_str(&base_out).expect("json");
    assert_ne!(r["months"], b["months"], "the edit changes the results");
}

#[test]
fn the_core_pins_an_edited_parameter_and_not_an_unedited_one() {
    use renkei::sim::scenario::Scenario;
    let scn = renkei::sim::scenario::regions::preset("okazaki").expect("preset");
    assert!(Scenario::from_json(&scn.to_json()).expect("reads").pinned.is_empty());
    let mut edited = scn.clone();
    edited.params.set("q", 0.0).expect("set");
    assert_eq!(Scenario::from_json(&edited.to_json()).expect("reads").pinned, vec!["q".to_string()]);
    // A fixed run holds every parameter: nothing to pin.
    edited.uncertainty = renkei::sim::scenario::posterior::Uncertainty::Fixed;
    assert!(Scenario::from_json(&edited.to_json()).expect("reads").pinned.is_empty());
}

// --- files read back ---

fn forecast_file(dir: &Path) -> (String, serde_json::Value) {
    let file = std::fs::read_dir(format!("{}/data/forecasts", env!("CARGO_MANIFEST_DIR")))
        .expect("forecasts")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("okazaki"))
        .expect("an okazaki forecast");
    let text = std::fs::read_to_string(&file).expect("read");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let copy = s(&dir.join("f.json"));
    std::fs::write(&copy, &text).expect("write");
    (copy, v)
}

#[test]
fn a_hand_edited_forecast_was_scored_as_given() {
    let dir = tmp("forecast");
    let (file, v) = forecast_file(&dir);
    let date = v["months"][1]["date"].as_str().expect("date").to_string();
    let observed = format!("{date}:150/690");
    let (ok, _, err) = renkei(&["forecast", "--score", &file, "--observed", &observed]);
    assert!(ok, "the shipped forecast scores: {err}");
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let edits: [(&str, Edit); 6] = [
        ("quantiles", Box::new(|v| v["months"][1]["quantiles"] = serde_json::json!([]))),
        ("quantiles[1]", Box::new(|v| v["months"][1]["quantiles"][1] = 0.0.into())),
        ("p05 ≤ median ≤ p95", Box::new(|v| v["months"][1]["p05"] = 0.99.into())),
        ("median", Box::new(|v| v["months"][1]["median"] = 5.0.into())),
        ("each month once", Box::new(|v| v["months"][1]["date"] = v["months"][0]["date"].clone())),
        ("replications", Box::new(|v| v["replications"] = 0.into())),
    ];
    for (what, edit) in edits {
        let mut bad = v.clone();
        edit(&mut bad);
        std::fs::write(&file, bad.to_string()).expect("write");
        let (ok, _, err) = renkei(&["forecast", "--score", &file, "--observed", &observed]);
        assert!(!ok && err.contains("--score") && err.contains(what), "{what}: {err}");
    }
}

#[test]
fn duplicate_observed_dates_counted_twice_in_a_score() {
    let dir = tmp("forecast-dup");
    let (file, v) = forecast_file(&dir);
    let observed = format!("{}:150/690", v["months"][1]["date"].as_str().expect("date"));
    let (ok, _, err) = renkei(&["forecast", "--score", &file, "--observed", &observed, "--observed", &observed]);
    assert!(!ok && err.contains("--observed") && err.contains("twice"), "{err}");
}

/// `calibrate` with small settings and `extra`.
fn calibrate(seed: &str, extra: &[&str]) -> (bool, String, String) {
    let base = ["calibrate", "--regions", "higashisonogi", "--particles", "4", "--generations", "2", "--reps-scale"];
    let args: Vec<&str> =
        base.iter().copied().chain(["0.01", "--threads", "1", "--seed", seed]).chain(extra.iter().copied()).collect();
    renkei(&args)
}

#[test]
fn cluster_merge_took_foreign_and_tampered_shards() {
    let dir = tmp("foreign");
    let (a, b) = (s(&dir.join("a")), s(&dir.join("b")));
    for (state, seed) in [(&a, "99"), (&b, "98")] {
        let (ok, _, err) = calibrate(seed, &["--state", state]);
        assert!(ok, "{err}");
        let (ok, _, err) = calibrate(seed, &["--state", state, "--shard", "0/1"]);
        assert!(ok, "{err}");
    }
    let name = "round-0000.shard-0-of-1.json";
    let own = std::fs::read_to_string(dir.join("a").join(name)).expect("shard");
    let state_before = std::fs::read(dir.join("a/state.json")).expect("state");
    let merge_a = || calibrate("99", &["--state", &a, "--merge"]);
    // A shard of another seed's calibration.
    std::fs::copy(dir.join("b").join(name), dir.join("a").join(name)).expect("copy");
    let (ok, _, err) = merge_a();
    assert!(!ok && err.contains(name) && err.contains("another calibration"), "{err}");
    // Tampered distances and a slice that disagrees with the name.
    let mut v: serde_json::Value = serde_json::from_str(&own).expect("json");
    v["distances"][0] = (-1.0).into();
    std::fs::write(dir.join("a").join(name), v.to_string()).expect("write");
    let (ok, _, err) = merge_a();
    assert!(!ok && err.contains("distances[0]") && err.contains("≥ 0"), "{err}");
    let mut v: serde_json::Value = serde_json::from_str(&own).expect("json");
    v["first"] = 1.into();
    std::fs::write(dir.join("a").join(name), v.to_string()).expect("write");
    let (ok, _, err) = merge_a();
    assert!(!ok && err.contains("disagree with its name"), "{err}");
    assert_eq!(std::fs::read(dir.join("a/state.json")).expect("state"), state_before, "nothing merged");
    // The genuine shard still merges.
    std::fs::write(dir.join("a").join(name), own).expect("write");
    let (ok, _, err) = merge_a();
    assert!(ok, "{err}");
}

#[test]
fn a_ledger_with_negative_distances_was_replayed() {
    let dir = tmp("ledger");
    let st = s(&dir.join("st"));
    let (ok, _, err) = calibrate("99", &["--state", &st]);
    assert!(ok, "{err}");
    calibrate("99", &["--state", &st, "--shard", "0/1"]);
    let (ok, _, err) = calibrate("99", &["--state", &st, "--merge"]);
    assert!(ok, "{err}");
    let path = dir.join("st/state.json");
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
    v["ledger"]["batches"][0][0] = (-1.0).into();
    std::fs::write(&path, v.to_string()).expect("write");
    let (ok, _, err) = calibrate("99", &["--state", &st]);
    assert!(!ok && err.contains("ledger.batches[0][0]") && err.contains("≥ 0"), "{err}");
}

#[test]
fn a_state_settings_mismatch_dumped_the_settings_instead_of_naming_the_option() {
    let dir = tmp("mismatch");
    let st = s(&dir.join("st"));
    let (ok, _, err) = calibrate("99", &["--state", &st]);
    assert!(ok, "{err}");
    let (ok, _, err) = calibrate("7", &["--state", &st]);
    assert!(!ok && err.contains("--seed 7 (the folder's: 99)"), "{err}");
    assert!(!err.contains("priors"), "only what differs: {err}");
}

// --- silently wrong ---

fn okazaki_json() -> serde_json::Value {
    serde_json::to_value(renkei::sim::scenario::regions::preset("okazaki").expect("preset")).expect("json")
}

fn refused_scenario(v: &serde_json::Value) -> String {
    match renkei::sim::scenario::Scenario::from_json(&v.to_string()) {
        Ok(_) => panic!("accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn two_observations_on_one_date_decided_by_their_order() {
    let mut v = okazaki_json();
    let first = v["observed"][0].clone();
    v["observed"].as_array_mut().expect("observed").push(first);
    let e = refused_scenario(&v);
    assert!(e.contains(".date") && e.contains("observed twice"), "{e}");
}

#[test]
fn a_json_array_was_read_as_parameters_by_position() {
    let mut v = okazaki_json();
    v["params"] = serde_json::json!([0.1, 0.2, 0.3]);
    let e = refused_scenario(&v);
    assert!(e.contains("params") && e.contains("object of named parameters"), "{e}");
    let dir = tmp("params-array");
    let file = s(&dir.join("p.json"));
    std::fs::write(&file, "[0.1, 0.2, 0.3]").expect("write");
    let (ok, _, err) = renkei(&["fit", "--reps", "1", "--params", &file]);
    assert!(!ok && err.contains("--params") && err.contains("object"), "{err}");
}

/// The sample tables as a scenario's JSON.
fn table_json(offices: &str) -> serde_json::Value {
    let base = renkei::sim::scenario::regions::preset("example").expect("preset");
    let scn = renkei::sim::scenario::tables::scenario_from_tables(&base, &sample("offices.csv"), &sample("edges.csv"))
        .expect("tables");
    let mut v = serde_json::to_value(scn).expect("json");
    v["network"]["offices"] = offices.into();
    v
}

#[test]
fn a_table_area_without_a_centre_row_got_its_centres_outreach() {
    let offices = sample("offices.csv");
    let centre = offices.lines().find(|l| l.contains(",centre")).expect("a centre row");
    let without = offices.replace(centre, &centre.replace(",centre", ",provider"));
    let e = refused_scenario(&table_json(&without));
    assert!(e.contains("population.areas[") && e.contains("no centre"), "{e}");
}

#[test]
fn a_table_scenarios_out_of_scope_was_not_checked_against_the_table() {
    let mut v = table_json(&sample("offices.csv"));
    v["population"]["out_of_scope"] = 1.into();
    let e = refused_scenario(&v);
    assert!(e.contains("population.out_of_scope"), "{e}");
}

#[test]
fn a_duplicated_header_column_was_resolved_silently() {
    let e = renkei::sim::scenario::tables::parse_tables("id,area,role,role\na,north,centre,provider\n", "")
        .expect_err("refused")
        .to_string();
    assert!(e.contains("offices, row 1") && e.contains("`role` is named twice"), "{e}");
}

#[test]
fn compare_had_no_cap_on_strategies_times_rules() {
    // A strategy named twice runs once, so the cap on runs is reached through the work.
    let rules = "random,most_partners,near_threshold,large_care_management";
    let t0 = std::time::Instant::now();
    let (ok, _, err) = renkei(&["compare", "sendai", "--strategies", "all", "--rules", rules, "--reps", "100000"]);
    assert!(!ok && err.contains("--strategies × --rules: 10 × 4 = 40 runs") && err.contains("at most 64"), "{err}");
    assert!(t0.elapsed().as_secs() < 10, "refused before any run");
}

#[test]
fn calibrate_min_acceptance_out_of_range_was_accepted() {
    let (ok, _, err) = renkei(&["calibrate", "--min-acceptance=-3", "--generations", "1"]);
    assert!(!ok && err.contains("--min-acceptance -3: allowed 0 to 1"), "{err}");
    let (ok, _, err) = renkei(&["calibrate", "--particles", "1"]);
    assert!(!ok && err.contains("--particles 1: allowed 2 to 1000000"), "{err}");
}

#[test]
fn a_quoted_field_with_a_line_break_failed_as_an_empty_role() {
    let offices = "id,area,role\n\"a\nb\",north,centre\n";
    let e = renkei::sim::scenario::tables::parse_tables(offices, "").expect_err("refused").to_string();
    assert!(e.contains("offices, row 2") && e.contains("quoted field") && !e.contains("column role"), "{e}");
}

#[test]
fn messages_named_internal_fields_instead_of_the_option_given() {
    let (ok, _, err) = renkei(&["run", "okazaki", "--reps", "2", "--what-if", "focus=Atlantis"]);
    assert!(!ok && err.contains("--what-if focus=Atlantis: no area named `Atlantis`"), "{err}");
    assert!(!err.contains("strategy.levers"), "{err}");
    let (ok, _, err) = renkei(&["compare", "okazaki", "--strategies", "own,nope", "--reps", "2"]);
    assert!(!ok && err.contains("--strategies") && err.contains("`nope` is not allowed"), "{err}");
    let (ok, _, err) = renkei(&[
        "target",
        "okazaki",
        "--rate",
        "0.5",
        "--by",
        "2099-01-01",
        "--prob",
        "0.5",
        "--lever",
        "training.attendance",
        "--reps",
        "2",
    ]);
    assert!(!ok && err.contains("--by 2099-01-01"), "{err}");
}
