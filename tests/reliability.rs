//! Issue 10 ("nothing breaks, nothing is lost"): each hostile input that once misbehaved,
//! named after its case. The command line must end in a result or in exit code 2 with a
//! message naming the field or option and what is allowed.

use crate::cli::renkei;
use renkei::sim::error::SimError;
use renkei::sim::experiment::memory;
use renkei::sim::experiment::sweep::{rows_csv, Sweep};
use renkei::sim::scenario::regions;
use renkei::sim::scenario::strategy::Lever;
use renkei::sim::scenario::tables::{parse_tables, scenario_from_tables};
use renkei::sim::scenario::{Network, Scenario};
use std::path::PathBuf;
use std::process::Command;

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!("{}/docs/samples/{name}", env!("CARGO_MANIFEST_DIR"))).expect("sample file")
}

fn table_scenario() -> Scenario {
    let base = regions::preset("example").expect("preset");
    scenario_from_tables(&base, &sample("offices.csv"), &sample("edges.csv")).expect("sample tables")
}

/// A folder of its own per test (tests run in parallel).
fn tmp(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("renkei-rel-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p.to_string_lossy().into_owned()
}

/// Exit code and stderr of a command that must fail.
fn refused(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_renkei")).args(args).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?} must exit 2: {err}");
    assert!(err.starts_with("error: "), "{err}");
    err
}

// --- table networks ---

#[test]
fn table_network_larger_than_limits_is_refused() {
    let mut s = table_scenario();
    let mut offices = String::from("id,area,role\n");
    for i in 0..400_001 {
        offices.push_str(&format!("o{i},North,provider\n"));
    }
    s.network = Network::Table { offices, edges: String::new() };
    let e = s.validate().expect_err("refused");
    assert!(matches!(e, SimError::TooLarge(_)), "{e}");
    let m = e.to_string();
    assert!(m.contains("network.offices") && m.contains("400001") && m.contains("at most 400000"), "{m}");
}

#[test]
fn table_population_disagreeing_with_the_table_is_flagged() {
    let mut s = table_scenario();
    s.validate().expect("the sample agrees with itself");
    s.population.areas[0].offices = 50;
    let m = s.validate().expect_err("refused").to_string();
    assert!(m.contains("population.areas[0].offices") && m.contains("office table has 6"), "{m}");
    let mut s = table_scenario();
    s.population.external_offices = 0;
    let m = s.validate().expect_err("refused").to_string();
    assert!(m.contains("population.external_offices"), "{m}");
}

#[test]
fn initial_adopted_with_a_table_is_flagged() {
    let mut s = table_scenario();
    s.population.initial_adopted = 1;
    let m = s.validate().expect_err("refused").to_string();
    assert!(m.contains("population.initial_adopted") && m.contains("office table has 4"), "{m}");
    let mut s = table_scenario();
    s.population.initial_centres_adopted = Some(1);
    let m = s.validate().expect_err("refused").to_string();
    assert!(m.contains("population.initial_centres_adopted"), "{m}");
}

// --- sizes and memory ---

#[test]
fn thousands_of_monthly_levers_are_refused() {
    let mut s = regions::preset("sendai").expect("preset");
    let visit = Lever::Visits {
        areas: vec![],
        start: s.start,
        end: s.end,
        per_month: 10,
        hands_on: false,
        include_external: false,
    };
    s.strategy.levers = vec![visit; 5000];
    let m = s.validate().expect_err("refused").to_string();
    assert!(m.contains("strategy.levers") && m.contains("at most 500"), "{m}");
}

fn many_areas() -> Scenario {
    let mut s = regions::preset("example").expect("preset");
    let area = s.population.areas[0].clone();
    s.population.areas = (0..10_000)
        .map(|i| {
            let mut a = area.clone();
            a.name = format!("a{i}");
            a.offices = 1;
            a
        })
        .collect();
    s.population.initial_adopted = 0;
    s.population.initial_centres_adopted = None;
    s.population.out_of_scope = 0; // one office per area: the example's count does not fit
    s.strategy.levers.clear();
    s.end = renkei::sim::date::Date::parse("2055-07-31").expect("date");
    s.replications = 200;
    s
}

#[test]
fn memory_estimate_counts_areas_and_horizon_not_replications() {
    let s = many_areas();
    s.validate().expect("inside the documented limits");
    let e = memory::estimate(&s, 2, false);
    // 361 dates × 10,008 metrics: quantiles (64 B) twice and the output text (200 B).
    assert!(e.total() > 1 << 30, "{}", e.describe());
    // The replications' values are tallied, not kept: 200 replications need what 64 need (a
    // full pool of networks), give or take their rate paths and numerators (a few B per date).
    let mut fewer = s.clone();
    fewer.replications = 64;
    let grow = e.total() - memory::estimate(&fewer, 2, false).total();
    assert!(grow < 4 << 20, "{grow} B for 136 more replications");
    let mut shorter = s.clone();
    shorter.end = renkei::sim::date::Date::parse("2030-07-31").expect("date");
    assert!(memory::estimate(&shorter, 2, false).total() < e.total() / 3);
    let mut small = regions::preset("sendai").expect("preset");
    small.replications = 1000;
    assert!(memory::estimate(&small, 2, false).total() < 200 << 20, "a Sendai run fits anywhere");
}

#[test]
fn a_run_above_the_memory_limit_is_refused_before_it_starts() {
    let dir = tmp("memory");
    let file = write(&dir, "areas.json", &many_areas().to_json());
    let t0 = std::time::Instant::now();
    let err = refused(&["run", &file, "--max-memory", "1G"]);
    assert!(err.contains("needs about") && err.contains("output") && err.contains("1.0 GB"), "{err}");
    assert!(t0.elapsed().as_secs() < 30, "refused before simulating");
    let err = refused(&["run", &file, "--max-memory", "lots"]);
    assert!(err.contains("--max-memory lots") && err.contains("8G"), "{err}");
}

#[test]
fn sweep_cap_counts_points_times_seeds() {
    let seeds: Vec<u64> = (0..100_000).collect();
    let text =
        serde_json::json!({"scenario": "example", "sample": {"n": 1_000_000, "ranges": {"params.q": [0.0, 1.0]}},
        "seeds": seeds, "replications": 2})
        .to_string();
    let m = Sweep::from_json(&text).expect_err("refused").to_string();
    assert!(m.contains("100000000000 rows") && m.contains("at most 1000000"), "{m}");
    // A grid whose point count overflows is refused, not wrapped around.
    let grid: serde_json::Map<String, serde_json::Value> =
        (0..12).map(|i| (format!("params.p{i}"), serde_json::json!(vec![0.1; 1000]))).collect();
    let text = serde_json::json!({"scenario": "example", "grid": grid}).to_string();
    assert!(Sweep::from_json(&text).is_err());
}

#[test]
fn threads_above_the_maximum_are_refused() {
    let err = refused(&["run", "example", "--reps", "2", "--threads", "100000"]);
    assert!(err.contains("'100000'") && err.contains("--threads") && err.contains("allowed 1 to 1024"), "{err}");
    let err = refused(&["sweep", "x.json", "--threads", "0"]);
    assert!(err.contains("allowed 1 to 1024"), "{err}");
}

// --- files ---

#[test]
fn run_with_out_equal_to_its_input_is_refused() {
    let dir = tmp("self");
    let (_, json, _) = renkei(&["scenario", "--region", "example"]);
    let file = write(&dir, "s.json", &json);
    let err = refused(&["run", &file, "--reps", "2", "--out", &file]);
    assert!(err.contains("--out") && err.contains("is the same file as SCENARIO"), "{err}");
    // Also through another spelling of the same path.
    let other =
        format!("{}/./../{}/s.json", dir.display(), dir.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
    refused(&["run", &file, "--reps", "2", "--out", &other]);
    assert_eq!(std::fs::read_to_string(&file).expect("still there"), json, "the input is untouched");
}

#[test]
fn outputs_are_written_whole_through_a_temporary_file() {
    let dir = tmp("atomic");
    let out = dir.join("r.json").to_string_lossy().into_owned();
    std::fs::write(&out, "previous").expect("write");
    // A failing run leaves the previous file and no temporary file.
    refused(&["run", "example", "--reps", "0", "--out", &out]);
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "previous");
    let (ok, _, err) = renkei(&["run", "example", "--reps", "3", "--out", &out]);
    assert!(ok, "{err}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("whole JSON");
    assert_eq!(v["header"]["replications"], 3);
    let names: Vec<String> =
        std::fs::read_dir(&dir).expect("dir").flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["r.json"], "no temporary file left");
}

/// Restores the default disposition of SIGINT in the child between fork and exec (an ignored
/// signal stays ignored across exec).
fn default_sigint_in_child(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    extern "C" {
        fn signal(signum: i32, handler: usize) -> usize;
    }
    const SIGINT: i32 = 2;
    const SIG_DFL: usize = 0;
    const SIG_ERR: usize = usize::MAX;
    // SAFETY: signal(2) is async-signal-safe, the only kind of call allowed between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            if signal(SIGINT, SIG_DFL) == SIG_ERR {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[test]
fn an_interrupted_run_leaves_no_truncated_output() {
    let dir = tmp("sigint");
    let out = dir.join("big.json").to_string_lossy().into_owned();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_renkei"));
    cmd.args(["run", "sendai", "--reps", "3000", "--paths", "--threads", "1", "--out", &out])
        .stderr(std::process::Stdio::null());
    // A suite started in the background of a non-interactive shell (`scripts/test.sh &`)
    // inherits SIGINT ignored, and so would the child: it must die of the interrupt as a user's
    // run would, whatever started the suite.
    default_sigint_in_child(&mut cmd);
    let mut child = cmd.spawn().expect("spawns");
    std::thread::sleep(std::time::Duration::from_millis(700));
    let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    let status = child.wait().expect("waits");
    assert!(!status.success(), "the run was interrupted");
    // Either nothing (interrupted before the rename) or the whole document (just after it).
    if let Ok(text) = std::fs::read_to_string(&out) {
        serde_json::from_str::<serde_json::Value>(&text).expect("never a truncated JSON file");
    }
}

#[test]
fn bad_format_and_missing_out_folder_are_rejected_before_simulating() {
    // 100,000 Sendai replications would take minutes: the refusal must come at once.
    let t0 = std::time::Instant::now();
    let err = refused(&["run", "sendai", "--reps", "100000", "--format", "xml"]);
    assert!(err.contains("'xml'") && err.contains("--format") && err.contains("json, csv"), "{err}");
    let err = refused(&["run", "sendai", "--reps", "100000", "--out", "/nonexistent-folder/r.json"]);
    assert!(err.contains("--out") && err.contains("does not exist"), "{err}");
    let err = refused(&["run", "sendai", "--reps", "100000", "--out", "/tmp"]);
    assert!(err.contains("is a folder"), "{err}");
    let err = refused(&["run", "sendai", "--paths", "--format", "csv"]);
    assert!(err.contains("--paths"), "{err}");
    assert!(t0.elapsed().as_secs() < 20, "checked before simulating");
}

#[test]
fn sweep_points_are_all_checked_before_any_run() {
    let dir = tmp("points");
    let file =
        write(&dir, "sw.json", r#"{"scenario": "example", "grid": {"params.q": [0.3, 0.6, -5]}, "replications": 4}"#);
    let out = Command::new(env!("CARGO_BIN_EXE_renkei")).args(["sweep", &file]).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("error: "), "not glued to a progress line: {err}");
    assert!(err.contains("point 2 (params.q = -5)") && err.contains("allowed 0 to 20"), "{err}");
    assert!(!err.contains("rows"), "no row was run: {err}");
    // The library checks first too.
    let sw = Sweep::from_json(&std::fs::read_to_string(&file).expect("read")).expect("parses");
    let mut runs = 0;
    let e = sw
        .run(0..3, &mut renkei::sim::experiment::montecarlo::Quiet, &mut |s| {
            runs += 1;
            renkei::sim::experiment::montecarlo::run(s, &mut renkei::sim::experiment::montecarlo::Quiet)
        })
        .expect_err("bad point");
    assert_eq!(runs, 0, "{e}");
}

// --- CSV output ---

#[test]
fn scenario_name_with_a_newline_cannot_forge_a_csv_row() {
    let dir = tmp("forge");
    let mut s = regions::preset("example").expect("preset");
    s.name = "x\n2026-01-31,9,9,9\n=HYPERLINK(\"evil\")".into();
    s.replications = 2;
    let file = write(&dir, "s.json", &s.to_json());
    let (ok, csv, err) = renkei(&["run", &file, "--format", "csv"]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("# renkei") && lines[0].contains(r#"scenario="x\n2026-01-31"#), "{}", lines[0]);
    assert!(lines[1].starts_with("date,"), "{}", lines[1]);
    assert!(!csv.contains("\n2026-01-31,9,9,9"), "no forged row");
}

#[test]
fn sweep_text_values_and_paths_are_quoted_in_csv() {
    let sw = Sweep::from_json(
        r#"{"scenario": "example", "grid": {"name": ["a,b\n1,2", "=cmd|' /C calc'!A0", "plain"]}, "replications": 2}"#,
    )
    .expect("valid");
    let rows = sw
        .run(0..3, &mut renkei::sim::experiment::montecarlo::Quiet, &mut |s| {
            renkei::sim::experiment::montecarlo::run(s, &mut renkei::sim::experiment::montecarlo::Quiet)
        })
        .expect("runs");
    let csv = rows_csv(&sw, &rows, true).expect("table");
    assert!(csv.contains("\"a,b\n1,2\""), "{csv}");
    assert!(csv.contains("\"'=cmd|' /C calc'!A0\""), "{csv}");
    assert!(csv.contains(",plain,"), "{csv}");
    // Three records (row, point, seed = 1, ...): the quoted line break starts none.
    let records =
        csv.lines().filter(|l| l.split(',').nth(2) == Some("1") && l.starts_with(|c: char| c.is_ascii_digit()));
    assert_eq!(records.count(), 3, "{csv}");
}

// --- CSV tables ---

const OFFICES: &str = "id,area,role\na,north,centre\nb,north,provider\nc,north,care_management\n";

#[test]
fn headerless_edge_table_with_unknown_ids_is_an_error() {
    let m = parse_tables(OFFICES, "x1,x2\na,b\n").expect_err("refused").to_string();
    assert!(m.contains("edges, row 1") && m.contains("`x1`") && m.contains("from,to"), "{m}");
    // A real header is still recognised, and a headerless list of known ids is all data.
    assert_eq!(parse_tables(OFFICES, "from,to\na,b\n").expect("header").edges.len(), 1);
    assert_eq!(parse_tables(OFFICES, "office_id,partner_id\na,b\nc,b\n").expect("header").edges.len(), 2);
    assert_eq!(parse_tables(OFFICES, "a,b\nc,b\n").expect("no header").edges.len(), 2);
}

#[test]
fn blank_lines_before_a_header_are_skipped_and_rows_are_file_lines() {
    let t = parse_tables(&format!("\n\n{OFFICES}"), "\n\nfrom,to\na,b\n").expect("parses");
    assert_eq!((t.offices.len(), t.edges.len()), (3, 1));
    assert_eq!(t.offices[0].line, 4, "line numbers count the blank lines");
    let m = parse_tables(&format!("\n\n{OFFICES}d,north,chef\n"), "").expect_err("refused").to_string();
    assert!(m.contains("offices, row 7") && m.contains("chef"), "{m}");
    let m = parse_tables(OFFICES, "\n\nfrom,to\na,b\n\na,zz\n").expect_err("refused").to_string();
    assert!(m.contains("edges, row 6") && m.contains("zz"), "{m}");
    // Rows found when the tables meet a scenario are file lines too.
    let base = regions::preset("example").expect("preset");
    let offices = "\n\nid,area,role\na,north,centre\nb,north,provider\nc,north,centre\n";
    let m = scenario_from_tables(&base, offices, "").expect_err("two centres").to_string();
    assert!(m.contains("offices, row 6"), "{m}");
}

#[test]
fn cr_only_line_endings_and_tab_separated_tables_are_read() {
    let cr = OFFICES.replace('\n', "\r");
    let t = parse_tables(&cr, "from,to\ra,b\rc,b\r").expect("CR-only");
    assert_eq!((t.offices.len(), t.edges.len()), (3, 2));
    let crlf = OFFICES.replace('\n', "\r\n");
    let m = parse_tables(&format!("{crlf}d,north,chef\r\n"), "").expect_err("refused").to_string();
    assert!(m.contains("row 5"), "CRLF counts one line per row: {m}");
    let tabs = OFFICES.replace(',', "\t");
    let t = parse_tables(&tabs, "from\tto\na\tb\n").expect("tab-separated");
    assert_eq!((t.offices.len(), t.edges.len()), (3, 1));
    let semi = OFFICES.replace(',', ";");
    assert_eq!(parse_tables(&semi, "a;b\n").expect("semicolons").edges.len(), 1);
}

// --- JSON ---

#[test]
fn json_with_a_utf8_bom_is_accepted() {
    let json = regions::preset("example").expect("preset").to_json();
    let s = Scenario::from_json(&format!("\u{feff}{json}")).expect("BOM accepted");
    assert_eq!(s.name, "example");
    let sw = Sweep::from_json("\u{feff}{\"scenario\": \"example\", \"grid\": {\"params.q\": [1]}}");
    assert!(sw.is_ok(), "{:?}", sw.err());
    let dir = tmp("bom");
    let file = write(&dir, "bom.json", &format!("\u{feff}{json}"));
    let (ok, _, err) = renkei(&["run", &file, "--reps", "2"]);
    assert!(ok, "{err}");
}

#[test]
fn json_type_errors_name_the_field_path() {
    let mut v = serde_json::to_value(regions::preset("example").expect("preset")).expect("json");
    v["population"]["areas"][2]["offices"] = serde_json::json!("fifty");
    let e = Scenario::from_json(&v.to_string()).expect_err("refused");
    assert_eq!(e.field(), Some("population.areas[2].offices"), "{e}");
    assert!(e.to_string().contains("invalid type: string \"fifty\", expected u32"), "{e}");
    let mut v = serde_json::to_value(regions::preset("example").expect("preset")).expect("json");
    v["params"]["q"] = serde_json::json!([1]);
    let e = Scenario::from_json(&v.to_string()).expect_err("refused");
    assert!(e.to_string().starts_with("params.q: invalid type"), "{e}");
}

#[test]
fn inline_sweep_scenario_with_an_unknown_field_names_it() {
    let mut v = serde_json::to_value(regions::preset("example").expect("preset")).expect("json");
    v["population"]["areas"][0]["colour"] = serde_json::json!("red");
    let text = serde_json::json!({"scenario": v, "grid": {"params.q": [1]}}).to_string();
    let m = Sweep::from_json(&text).expect_err("refused").to_string();
    assert!(m.contains("population.areas[0]") && m.contains("unknown field `colour`"), "{m}");
    assert!(!m.contains("did not match any variant"), "{m}");
}

// --- smaller ones ---

#[test]
fn thirty_year_horizon_message_agrees_with_the_check() {
    let mut s = regions::preset("example").expect("preset");
    s.start = renkei::sim::date::Date::parse("2026-01-01").expect("date");
    s.end = renkei::sim::date::Date::parse("2056-01-01").expect("date");
    s.replications = 1;
    s.validate().expect("exactly 30 years is allowed");
    s.end = s.end.add_days(1);
    let m = s.validate().expect_err("refused").to_string();
    assert!(
        m.contains("more than 30 years after start 2026-01-01") && m.contains("latest allowed end is 2056-01-01"),
        "{m}"
    );
    // From a leap day: the same day 30 years on does not exist; the month's last day is the limit.
    s.start = renkei::sim::date::Date::parse("2028-02-29").expect("date");
    s.end = renkei::sim::date::Date::parse("2058-02-28").expect("date");
    s.validate().expect("30 years from a leap day");
}

#[test]
fn seed_in_a_sweep_grid_is_refused() {
    let m = Sweep::from_json(r#"{"scenario": "example", "grid": {"seed": [1, 2]}}"#).expect_err("refused").to_string();
    assert!(m.contains("grid.seed") && m.contains("seeds"), "{m}");
    let m = Sweep::from_json(r#"{"scenario": "example", "sample": {"n": 2, "ranges": {"seed": [1, 9]}}}"#)
        .expect_err("refused")
        .to_string();
    assert!(m.contains("sample.ranges.seed"), "{m}");
}

#[test]
fn sample_range_with_low_above_high_is_refused() {
    let m = Sweep::from_json(r#"{"scenario": "example", "sample": {"n": 2, "ranges": {"params.q": [1, 0]}}}"#)
        .expect_err("refused")
        .to_string();
    assert!(m.contains("sample.ranges.params.q") && m.contains("[1, 0]") && m.contains("low ≤ high"), "{m}");
}

#[test]
fn area_names_differing_only_by_surrounding_spaces_are_duplicates() {
    let mut s = regions::preset("example").expect("preset");
    s.population.areas[1].name = format!("{} ", s.population.areas[0].name);
    let m = s.validate().expect_err("refused").to_string();
    assert!(m.contains("population.areas[1].name") && m.contains("used twice"), "{m}");
}

#[test]
fn a_closed_stdout_exits_2_with_a_message() {
    // Was: `renkei run ... | head` panicked ("failed printing to stdout"), then exited 0
    // silently, so a script could not tell a cut-short output from a whole one.
    let mut child = Command::new(env!("CARGO_BIN_EXE_renkei"))
        .args(["run", "sendai", "--reps", "4"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawns");
    drop(child.stdout.take()); // the reader goes away before the (large) JSON is written
    let out = child.wait_with_output().expect("waits");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("standard output was closed"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
