//! Bad input gets a clear error naming what and where, and nothing panics.

use renkei::sim::error::SimError;
use renkei::sim::experiment::montecarlo::{self, Quiet};
use renkei::sim::scenario::regions;
use renkei::sim::scenario::tables::parse_tables;
use renkei::sim::scenario::Scenario;
use serde_json::Value;

fn okazaki_json() -> Value {
    serde_json::to_value(regions::preset("okazaki").expect("preset")).expect("json")
}

fn err_of(v: &Value) -> String {
    match Scenario::from_json(&v.to_string()) {
        Ok(_) => panic!("accepted: {v}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn unknown_field_is_named() {
    let mut v = okazaki_json();
    v["params"]["qq"] = Value::from(1.0);
    let e = err_of(&v);
    assert!(e.contains("unknown field `qq`"), "{e}");
    let mut v = okazaki_json();
    v["colour"] = Value::from("red");
    assert!(err_of(&v).contains("unknown field `colour`"));
}

#[test]
fn out_of_range_names_field_and_range() {
    let mut v = okazaki_json();
    v["params"]["q"] = Value::from(-1.0);
    let e = err_of(&v);
    assert!(e.contains("params.q") && e.contains("allowed 0 to 20"), "{e}");
    let mut v = okazaki_json();
    v["network"]["in_area"] = Value::from(1.5);
    assert!(err_of(&v).contains("network.in_area"));
    let mut v = okazaki_json();
    v["replications"] = Value::from(0);
    assert!(err_of(&v).contains("replications"));
}

#[test]
fn unknown_area_in_a_lever_is_named() {
    let mut v = okazaki_json();
    v["strategy"]["levers"][4]["areas"] = serde_json::json!(["Atlantis"]);
    let e = err_of(&v);
    assert!(e.contains("strategy.levers[4].areas") && e.contains("Atlantis"), "{e}");
}

#[test]
fn malformed_json_reports_line_and_column() {
    let e = Scenario::from_json("{\n  \"population\": [1, 2,\n").expect_err("rejected").to_string();
    assert!(e.contains("line"), "{e}");
    let e = Scenario::from_json("").expect_err("rejected").to_string();
    assert!(e.contains("EOF") || e.contains("line"), "{e}");
}

#[test]
fn bad_dates_are_rejected_with_the_value() {
    let mut v = okazaki_json();
    v["end"] = Value::from("2026-02-30");
    let e = err_of(&v);
    assert!(e.contains("2026-02-30") && e.contains("YYYY-MM-DD"), "{e}");
    let mut v = okazaki_json();
    v["end"] = Value::from("2020-01-01");
    assert!(err_of(&v).contains("before start"));
}

#[test]
fn too_large_population_says_how_large() {
    let mut v = okazaki_json();
    v["population"]["areas"][0]["offices"] = Value::from(5_000_000u64);
    let e = Scenario::from_json(&v.to_string()).expect_err("rejected");
    assert!(matches!(e, SimError::TooLarge(_)), "{e}");
    assert!(e.to_string().contains("at most 400000"), "{e}");
    let mut v = okazaki_json();
    v["replications"] = Value::from(100_000);
    v["population"]["areas"][0]["offices"] = Value::from(300_000);
    let e = Scenario::from_json(&v.to_string()).expect_err("rejected").to_string();
    assert!(e.contains("replications × offices × weeks"), "{e}");
}

#[test]
fn csv_errors_name_table_row_and_column() {
    let offices = "id,area,role,adopted\na,north,centre,1\nb,north,provider,maybe\n";
    let e = parse_tables(offices, "a,b\n").expect_err("rejected").to_string();
    assert!(e.contains("offices, row 3") && e.contains("adopted") && e.contains("maybe"), "{e}");
    let offices = "id,area,role\na,north,centre\nb,north,provider\n";
    let e = parse_tables(offices, "a,b\na,zz\n").expect_err("rejected").to_string();
    assert!(e.contains("edges, row 2") && e.contains("zz"), "{e}");
    let e = parse_tables("name,area\n", "").expect_err("rejected").to_string();
    assert!(e.contains("id, area and role"), "{e}");
    let ok = parse_tables(offices, "from,to\na,b\nb,a\n").expect("parses");
    assert_eq!(ok.edges.len(), 1, "the header is skipped and the duplicate link merged");
}

#[test]
fn the_sample_network_tables_load_and_run() {
    let offices =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/samples/offices.csv")).expect("sample");
    let edges =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/samples/edges.csv")).expect("sample");
    let base = regions::preset("okazaki").expect("preset");
    let s = renkei::sim::scenario::tables::scenario_from_tables(&base, &offices, &edges).expect("valid tables");
    assert_eq!(s.population.areas.len(), 2);
    assert_eq!(s.population.home_offices(), 10);
    assert_eq!(s.population.external_offices, 1);
    assert_eq!(s.population.initial_adopted, 4);
    // Okazaki's levers named its own areas; only the ones for every area survive.
    assert!(s.strategy.levers.iter().all(|l| l.areas().is_empty()));
    let r = montecarlo::run(&s, &mut Quiet).expect("runs");
    assert!((r.months[0].rate.median - 0.4).abs() < 1e-9, "4 of 10 adopted at the start");
    let json = s.to_json();
    assert_eq!(Scenario::from_json(&json).expect("round trip"), s);
}
