//! Property tests (proptest, seeded: the same cases every run unless PROPTEST_RNG_SEED
//! is set) over the scenario parser, the CSV tables, sweep files and the engine. The
//! properties: nothing panics, and every rejection names a field (or a table row); damaged
//! scenario, table, forecast, ledger and sweep files are read or refused, never a panic.
//! 10,600 cases in all, a few tens of seconds in `cargo test`.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use renkei::sim::error::SimError;
use renkei::sim::experiment::montecarlo::{self, Quiet};
use renkei::sim::experiment::sweep::Sweep;
use renkei::sim::scenario::regions;
use renkei::sim::scenario::tables::{parse_tables, scenario_from_tables};
use renkei::sim::scenario::Scenario;
use serde_json::{json, Value};
use std::sync::OnceLock;

fn config(cases: u32) -> Config {
    let mut c = Config::with_cases(cases);
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = RngSeed::Fixed(0x5eed_2026_0010);
    }
    c.failure_persistence = None; // no proptest-regressions files: failures print their input
    c
}

/// The field (or table, or option) a rejection is about: empty when it names nothing.
fn named(e: &SimError) -> String {
    match e {
        SimError::Invalid { field, .. } => field.clone(),
        SimError::Table { table, row, .. } | SimError::Row { table, row, .. } => format!("{table}, row {row}"),
        SimError::Rows { table, problems } => {
            problems.first().map(|p| format!("{table}, row {}, {}", p.row, p.column)).unwrap_or_default()
        }
        // "population has ...", "network.offices has ...", "end: ...", "replications × ..."
        SimError::TooLarge(m) => m.split([' ', ':']).next().unwrap_or_default().to_string(),
        SimError::Work { .. } => "replications".to_string(),
        // Only document-level errors stay unparsed: a missing field (`start`), or a position.
        SimError::Parse(m) => m.split('`').nth(1).unwrap_or_default().to_string(),
        SimError::Cancelled | SimError::Internal(_) => String::new(),
    }
}

fn base() -> &'static Value {
    static BASE: OnceLock<Value> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut s = regions::preset("example").expect("preset");
        s.replications = 1;
        serde_json::to_value(s).expect("json")
    })
}

/// Every JSON pointer to a leaf or a container of the base scenario.
fn pointers() -> &'static Vec<String> {
    static P: OnceLock<Vec<String>> = OnceLock::new();
    P.get_or_init(|| {
        fn walk(v: &Value, at: String, out: &mut Vec<String>) {
            out.push(at.clone());
            match v {
                Value::Object(m) => m.iter().for_each(|(k, x)| walk(x, format!("{at}/{k}"), out)),
                Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| walk(x, format!("{at}/{i}"), out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(base(), String::new(), &mut out);
        out.retain(|p| !p.is_empty());
        out
    })
}

/// Odd values: extremes, wrong types, dates that do not exist, long and unusual text.
fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(null)),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(1e308)),
        Just(json!(-1e308)),
        Just(json!(f64::MIN_POSITIVE)),
        Just(json!(u32::MAX)),
        Just(json!(u64::MAX)),
        Just(json!(4_294_967_296u64)),
        Just(json!("")),
        Just(json!("2026-02-29")),
        Just(json!("2199-12-31")),
        Just(json!([])),
        Just(json!({})),
        Just(json!({"kind": "complete"})),
        Just(json!({"kind": "table", "offices": "id,area,role\n", "edges": ""})),
        any::<i64>().prop_map(|x| json!(x)),
        (-1e3f64..1e3).prop_map(|x| json!(x)),
        "[ -~\u{3000}-\u{30ff}\\n\\r\\t]{0,12}".prop_map(|s| json!(s)),
        any::<bool>().prop_map(|b| json!(b)),
    ]
}

fn mutated() -> impl Strategy<Value = Value> {
    let n = pointers().len();
    prop::collection::vec((0..n, odd_value(), any::<bool>()), 1..4).prop_map(|edits| {
        let mut v = base().clone();
        for (i, val, remove) in edits {
            let p = &pointers()[i];
            if remove {
                // Remove the key (or array element) when the parent still holds it.
                let (parent, key) = p.rsplit_once('/').unwrap_or(("", p));
                match v.pointer_mut(parent) {
                    Some(Value::Object(m)) => {
                        m.remove(key);
                    }
                    Some(Value::Array(a)) => {
                        if let Ok(k) = key.parse::<usize>() {
                            if k < a.len() {
                                a.remove(k);
                            }
                        }
                    }
                    _ => {}
                }
            } else if let Some(slot) = v.pointer_mut(p) {
                *slot = val;
            }
        }
        v
    })
}

/// Runs an accepted scenario briefly: one replication over at most three months.
fn run_briefly(mut s: Scenario) -> Result<(), TestCaseError> {
    s.replications = 1;
    s.end = s.start.add_days(90).min(s.end).max(s.start);
    if s.validate().is_err() {
        return Ok(()); // shortening can only make an accepted scenario invalid through the strategy
    }
    let r = montecarlo::run(&s, &mut Quiet).map_err(|e| TestCaseError::fail(format!("accepted but failed: {e}")))?;
    for m in &r.months {
        prop_assert!((0.0..=1.0).contains(&m.rate.median), "rate {}", m.rate.median);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(4000))]
    /// Edits anywhere in a scenario document: parsed and run, or refused naming a field.
    #[test]
    fn scenario_edits_are_run_or_refused_naming_a_field(v in mutated()) {
        match Scenario::from_json(&v.to_string()) {
            Ok(s) => run_briefly(s)?,
            Err(e) => prop_assert!(!named(&e).is_empty(), "names nothing: {e}"),
        }
    }
}

/// A CSV-ish text: ids, separators, quotes, blank lines and every line ending.
fn csv_text(lines: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        Just("id".to_string()),
        Just("area".to_string()),
        Just("role".to_string()),
        Just("adopted".to_string()),
        Just("external".to_string()),
        Just("from".to_string()),
        Just("centre".to_string()),
        Just("provider".to_string()),
        Just("care_management".to_string()),
        Just("1".to_string()),
        Just("0".to_string()),
        Just("".to_string()),
        "[a-c]".prop_map(|s| s),
        "[a-z\"\u{feff}\u{3042} ]{0,4}".prop_map(|s| s),
    ];
    let sep = prop_oneof![Just(","), Just("\t"), Just(";")];
    let end = prop_oneof![Just("\n"), Just("\r\n"), Just("\r"), Just("\n\n")];
    prop::collection::vec((prop::collection::vec(cell, 0..5), sep, end), lines)
        .prop_map(|rows| rows.into_iter().map(|(cells, sep, end)| format!("{}{end}", cells.join(sep))).collect())
}

proptest! {
    #![proptest_config(config(3000))]
    /// Any text as tables: parsed, or refused naming the table and a row inside the file.
    #[test]
    fn any_table_text_is_parsed_or_refused_naming_a_row(offices in csv_text(0..8), edges in csv_text(0..6)) {
        match parse_tables(&offices, &edges) {
            Ok(t) => prop_assert!(!t.offices.is_empty()),
            Err(SimError::Row { table, row, .. } | SimError::Table { table, row, .. }) => {
                let text = if table == "offices" { &offices } else { &edges };
                prop_assert!(row >= 1 && row <= text.len() + 2, "row {row} of a {}-byte {table} table", text.len());
            }
            Err(e) => prop_assert!(false, "not a table error: {e}"),
        }
    }
}

/// Valid tables of a few offices, with random links.
fn tables() -> impl Strategy<Value = (String, String)> {
    (1usize..4, 2usize..25, prop::collection::vec((0usize..30, 0usize..30), 0..60), any::<u64>()).prop_map(
        |(areas, n, links, flags)| {
            let mut offices = String::from("id,area,role,adopted,external\n");
            for i in 0..n {
                let role = if i < areas {
                    "centre"
                } else if i % 3 == 0 {
                    "care_management"
                } else {
                    "provider"
                };
                let external = usize::from(i >= areas && i % 7 == 6);
                let adopted = (flags >> (i % 64)) & 1;
                offices.push_str(&format!("o{i},area{},{role},{adopted},{external}\n", i % areas));
            }
            let mut edges = String::from("from,to\n");
            for (a, b) in links {
                if a % n != b % n {
                    edges.push_str(&format!("o{},o{}\n", a % n, b % n));
                }
            }
            (offices, edges)
        },
    )
}

proptest! {
    #![proptest_config(config(1500))]
    /// Valid tables become a scenario that runs, with the table's own counts.
    #[test]
    fn valid_tables_run_with_their_own_counts((offices, edges) in tables()) {
        let base = {
            let mut s = regions::preset("example").expect("preset");
            s.strategy.levers.clear();
            s
        };
        match scenario_from_tables(&base, &offices, &edges) {
            Ok(s) => {
                let home = offices.lines().skip(1).filter(|l| l.ends_with(",0")).count();
                prop_assert_eq!(s.population.home_offices() as usize, home);
                run_briefly(s)?;
            }
            Err(e) => prop_assert!(!named(&e).is_empty(), "names nothing: {e}"),
        }
    }
}

/// Sweep files: paths that exist or not, values of every type, seeds, samples.
fn sweep_doc() -> impl Strategy<Value = Value> {
    let path = prop_oneof![
        Just("params.q"),
        Just("params.p"),
        Just("seed"),
        Just("name"),
        Just("replications"),
        Just("network.mean_partners"),
        Just("strategy.levers[0].per_month"),
        Just("strategy.levers[99].per_month"),
        Just("params.zeta"),
        Just("population.areas[0].offices"),
    ];
    let grid = prop::collection::btree_map(path.clone(), prop::collection::vec(odd_value(), 0..4), 0..3);
    let ranges = prop::collection::btree_map(path, (-10.0f64..10.0, -10.0f64..10.0), 0..3);
    let seeds = prop::collection::vec(any::<u64>(), 0..3);
    (grid, ranges, 0u32..5, seeds, any::<bool>(), prop::option::of(0u32..4)).prop_map(
        |(grid, ranges, n, seeds, use_grid, reps)| {
            let mut d = json!({"scenario": "example", "seeds": seeds});
            if use_grid {
                d["grid"] = json!(grid);
            } else {
                let r: serde_json::Map<String, Value> =
                    ranges.into_iter().map(|(k, (a, b))| (k.to_string(), json!([a, b]))).collect();
                d["sample"] = json!({"n": n, "ranges": r});
            }
            if let Some(r) = reps {
                d["replications"] = json!(r);
            }
            d
        },
    )
}

proptest! {
    #![proptest_config(config(1500))]
    /// A sweep file is refused naming a field or a point, or every point checks out.
    #[test]
    fn sweep_files_are_checked_or_refused_naming_a_field(d in sweep_doc()) {
        match Sweep::from_json(&d.to_string()) {
            Ok(sw) => {
                if let Err(e) = sw.check(&mut |_, _| Ok(())) {
                    prop_assert!(named(&e).starts_with("point ") || !named(&e).is_empty(), "names nothing: {e}");
                }
            }
            Err(e) => prop_assert!(!named(&e).is_empty(), "names nothing: {e}"),
        }
    }
}

/// Small random populations with random parameters inside their ranges.
fn small_scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(1u32..40, 1..5),
        0u32..20,
        (0.0f64..0.2, 0.0f64..3.0, 0.0f64..1.0),
        (0.0f64..30.0, 0.0f64..1.0, any::<bool>()),
        any::<u64>(),
        0usize..3,
    )
        .prop_map(|(sizes, external, (p, q, barrier), (partners, in_area, complete), seed, strategy)| {
            let mut s = regions::preset("example").expect("preset");
            let area = s.population.areas[0].clone();
            s.population.areas = sizes
                .iter()
                .enumerate()
                .map(|(i, &n)| {
                    let mut a = area.clone();
                    a.name = format!("z{i}");
                    a.offices = n;
                    a
                })
                .collect();
            let home: u32 = sizes.iter().sum();
            s.population.external_offices = external;
            s.population.initial_adopted = home / 5;
            s.population.out_of_scope = 0; // the example's own count does not fit the drawn areas
            s.population.initial_external_adopted = 0;
            s.population.initial_centres_adopted = None;
            s.params.p = p;
            s.params.q = q;
            s.params.barrier_share = barrier;
            s.network = if complete {
                renkei::sim::scenario::Network::Complete
            } else {
                renkei::sim::scenario::Network::Generated {
                    mean_partners: partners,
                    provider_tail: 1.5,
                    in_area,
                    cross_border: 0.1,
                    resample: true,
                }
            };
            let name = ["area_by_area", "visits_support", "partner_request"][strategy];
            s.strategy = renkei::sim::scenario::strategies::library(name, &s).unwrap_or_default();
            s.seed = seed;
            s
        })
}

proptest! {
    #![proptest_config(config(600))]
    /// The engine on small random populations: runs, rates inside [0, 1], same seed same result.
    #[test]
    fn the_engine_runs_small_random_populations(s in small_scenario()) {
        prop_assert!(s.validate().is_ok(), "{:?}", s.validate().err());
        let mut s = s;
        s.replications = 2;
        s.end = s.start.add_days(120);
        let a = montecarlo::run(&s, &mut Quiet).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for m in &a.months {
            prop_assert!((0.0..=1.0).contains(&m.rate.p05) && (0.0..=1.0).contains(&m.rate.p95));
        }
        let b = renkei::parallel::run(&s, 2).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(montecarlo::fingerprint(&a), montecarlo::fingerprint(&b));
    }
}

const SWEEP: &str = r#"{"scenario":"example","grid":{"params.q":[0.1,0.2]},"replications":2}"#;
const LEDGER: &str = r#"{"batches":[[0.5,null,1.25,3.0],[0.1,0.2,0.3,0.4]]}"#;

fn small_calibration() -> renkei::sim::experiment::calibrate::Config {
    let cfg = renkei::sim::experiment::calibrate::Config::default();
    renkei::sim::experiment::calibrate::Config {
        particles: 4,
        generations: 2,
        batch: 4,
        max_proposals_per_generation: 40,
        ..cfg
    }
}

/// The documents the damage starts from are valid, so that damaged ones reach deep into the readers.
#[test]
fn the_undamaged_documents_are_read() {
    use renkei::sim::experiment::calibrate::rounds;
    assert!(Sweep::from_json(SWEEP).is_ok());
    let ledger: rounds::Ledger = serde_json::from_str(LEDGER).expect("ledger");
    rounds::replay(small_calibration(), &ledger).expect("replays");
    let (_, f) = renkei::sim::experiment::report::read_json_document::<renkei::sim::experiment::forecast::Forecast>(
        &shipped_forecast(),
    )
    .expect("forecast");
    f.validate().expect("valid");
}

/// A valid document with a random stretch replaced by random bytes (read as text the way the
/// CLI reads it: invalid UTF-8 refused before, so lossily here), or random bytes alone.
fn damaged(valid: String) -> impl Strategy<Value = String> {
    let len = valid.len();
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        (0..=len, 0usize..40, prop::collection::vec(any::<u8>(), 0..40)).prop_map(move |(at, cut, bytes)| {
            let mut b = valid.clone().into_bytes();
            let end = (at + cut).min(b.len());
            b.splice(at..end, bytes);
            String::from_utf8_lossy(&b).into_owned()
        }),
    ]
}

fn shipped_forecast() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/forecasts");
    let file = std::fs::read_dir(dir).expect("forecasts").flatten().map(|e| e.path()).min().expect("a forecast");
    std::fs::read_to_string(file).expect("read")
}

proptest! {
    #![proptest_config(config(600))]
    /// Every reader over damaged files: a value or a typed error, never a panic.
    #[test]
    fn damaged_scenario_files_are_read_or_refused(text in damaged(regions::preset("example").expect("preset").to_json())) {
        let _ = Scenario::from_json(&text);
    }

    #[test]
    fn damaged_office_tables_are_read_or_refused(
        offices in damaged(include_str!("../docs/samples/offices.csv").to_string()),
        edges in damaged(include_str!("../docs/samples/edges.csv").to_string()),
    ) {
        let _ = parse_tables(&offices, &edges);
        let base = regions::preset("example").expect("preset");
        let _ = scenario_from_tables(&base, &offices, &edges);
    }

    #[test]
    fn damaged_forecast_files_are_read_or_refused(text in damaged(shipped_forecast())) {
        use renkei::sim::experiment::forecast::{self, Forecast};
        if let Ok((_, f)) = renkei::sim::experiment::report::read_json_document::<Forecast>(&text) {
            if f.validate().is_ok() {
                let first = f.months[0].date;
                let scores = forecast::score(&f, &[(first, 1, 2)]).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert!(scores[0].crps.is_finite());
            }
        }
    }

    #[test]
    fn damaged_ledgers_are_replayed_or_refused(text in damaged(LEDGER.to_string())) {
        use renkei::sim::experiment::calibrate::rounds;
        if let Ok(ledger) = serde_json::from_str::<rounds::Ledger>(&text) {
            let _ = rounds::replay(small_calibration(), &ledger);
        }
    }

    #[test]
    fn damaged_sweep_files_are_read_or_refused(
        text in damaged(SWEEP.to_string())
    ) {
        let _ = Sweep::from_json(&text);
    }
}
