//! Cost and cost-effectiveness (src/sim/cost.rs): sums checked by hand on a small case, the
//! scenario's `cost` validated with its field path, and the CLI's cost output.

use renkei::sim::experiment::cost::{self, CostModel};
use renkei::sim::model::plan::Plan;
use renkei::sim::scenario::Scenario;

/// 21 offices that adopt only when visited (`goal::visits_only`): 2 visits at each month's first
/// week (weeks 0, 5 and 9 from 2025-01-01), so 0, 2, 4 and 6 adopters at the reports of weeks 0,
/// 4, 8 and 13 (Jan 1, Jan 31, Feb 28, Mar 31).
fn small() -> Scenario {
    let mut s = crate::goal::visits_only(21, 2, "2025-03-31");
    s.replications = 3;
    // Round numbers: ¥1,000 a week of licence fee, ¥100 a week of saving per office.
    s.cost = Some(CostModel {
        hours_per_visit: 2.0,
        hourly_cost_yen: 1000.0,
        licence_fee_yen_per_year: 52_000.0,
        fee_subsidy_share: 0.25,
        saving_yen_per_office_year: 5200.0,
        ..CostModel::default()
    });
    s
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 0.01)
}

#[test]
fn cost_sums_match_a_hand_computation() {
    let scn = small();
    let plan = Plan::new(&scn);
    assert_eq!(plan.reports.iter().map(|r| r.1).collect::<Vec<_>>(), vec![0, 4, 8, 13]);
    let reps = renkei::parallel::cost_reps(&scn, 2).expect("runs");
    for r in &reps {
        assert_eq!(r.at.iter().map(|t| t.adopted).collect::<Vec<_>>(), vec![0, 2, 4, 6]);
        assert_eq!(r.at.iter().map(|t| t.visits).collect::<Vec<_>>(), vec![0, 2, 4, 6]);
    }
    let s = cost::summarise(&scn, &plan, &reps);
    // Per interval: staff 2 visits × 2 h × ¥1,000; fees = mean adopters × weeks × ¥1,000
    // (1×4, 3×4, 5×5 office-weeks), a quarter paid by the city; saving ¥100 per linked office-week.
    let want = [(4000.0, 4000.0, 400.0), (4000.0, 12_000.0, 1200.0), (4000.0, 25_000.0, 2500.0)];
    assert_eq!(s.months.len(), 3);
    for (m, (staff, fees, saving)) in s.months.iter().zip(want) {
        assert!(close(m.city_yen.median, staff + 0.25 * fees), "{} {:?}", m.date, m.city_yen);
        assert!(close(m.subsidy_yen.median, 0.25 * fees), "{} {:?}", m.date, m.subsidy_yen);
        assert!(close(m.office_fees_yen.median, 0.75 * fees), "{} {:?}", m.date, m.office_fees_yen);
        assert!(close(m.saving_yen_estimate.median, saving), "{} {:?}", m.date, m.saving_yen_estimate);
        assert!(close(m.staff_hours.median, 4.0));
    }
    assert!(close(s.total.city_yen.median, 12_000.0 + 0.25 * 41_000.0), "{:?}", s.total.city_yen);
    assert!(close(s.total.office_fees_yen.median, 0.75 * 41_000.0));
    assert!(close(s.total.saving_yen_estimate.median, 4100.0));
    assert!(close(s.total.visits.median, 6.0));
    // Against the baseline (policy calendar only: nobody decides, and the free pass waives fees):
    // 6 more adopters, 15 more active links (complete network), for ¥22,250.
    let base = renkei::parallel::cost_reps(&cost::baseline(&scn).expect("baseline"), 2).expect("runs");
    let e = cost::effectiveness(&scn, &plan, &reps, &base).expect("pairs");
    assert!(close(e.additional_adopters.median, 6.0));
    assert!(close(e.additional_active_links.median, 15.0));
    assert!(close(e.additional_city_yen.median, 22_250.0), "{:?}", e.additional_city_yen);
    assert!(close(e.yen_per_additional_adopter.median, 22_250.0 / 6.0));
    assert!(close(e.yen_per_additional_active_link.median, 22_250.0 / 15.0));
}

#[test]
fn a_strategy_that_gains_nothing_costs_infinity_per_adopter() {
    let scn = small();
    let plan = Plan::new(&scn);
    let reps = renkei::parallel::cost_reps(&scn, 1).expect("runs");
    let e = cost::effectiveness(&scn, &plan, &reps, &reps).expect("pairs");
    assert_eq!(e.additional_adopters.median, Some(0.0));
    assert_eq!(e.yen_per_additional_adopter.median, None, "no gain: +∞, shown as null");
    assert_eq!(e.yen_per_additional_adopter_of_means, None);
}

#[test]
fn a_bad_cost_value_names_its_field_and_the_default_leaves_the_document_alone() {
    let mut scn = small();
    scn.cost = Some(CostModel { fee_subsidy_share: 1.5, ..CostModel::default() });
    let e = scn.validate().expect_err("out of range");
    assert_eq!(e.field(), Some("cost.fee_subsidy_share"), "{e}");
    let mut v: serde_json::Value = serde_json::from_str(&small().to_json()).expect("json");
    v["cost"]["hours_per_vist"] = serde_json::json!(1);
    let e = Scenario::from_json(&v.to_string()).expect_err("unknown field");
    assert!(e.to_string().contains("cost") && e.to_string().contains("hours_per_vist"), "{e}");
    // Without a cost block the scenario's JSON (and so its hash) is what it was.
    let mut plain = small();
    plain.cost = None;
    assert!(!plain.to_json().contains("\"cost\""));
}

#[test]
fn run_json_has_a_cost_block_and_compare_prints_cost_per_adopter() {
    use crate::cli::renkei;
    let (ok, out, err) = renkei(&["run", "okazaki", "--reps", "20"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let months = v["cost"]["months"].as_array().expect("cost months");
    assert_eq!(months.len() + 1, v["months"].as_array().map_or(0, Vec::len), "one cost interval per month");
    assert!(v["cost"]["total"]["city_yen"]["median"].as_f64().is_some_and(|x| x > 0.0));
    assert!(v["cost"]["note"].as_str().is_some_and(|n| n.contains("ESTIMATE")));
    let (ok, out, err) = renkei(&[
        "compare",
        "okazaki",
        "--from",
        "last",
        "--strategies",
        "baseline,area_by_area",
        "--reps",
        "20",
        "--format",
        "json",
    ]);
    assert!(ok, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(doc["manifest"].as_str().is_some_and(|m| m.contains("strategies=\"baseline,area_by_area\"")), "{out}");
    let rows = &doc["rows"];
    assert_eq!(rows[0]["against_baseline"]["additional_adopters"]["median"], 0.0, "the baseline against itself");
    assert!(rows[1]["against_baseline"]["yen_per_additional_adopter"]["median"].as_f64().is_some(), "{out}");
    let (ok, out, err) = renkei(&["compare", "okazaki", "--strategies", "area_by_area", "--reps", "20"]);
    assert!(ok, "{err}");
    assert!(out.contains("¥/+adopter") && out.contains("area_by_area"), "{out}");
    let (ok, _, err) = renkei(&["compare", "okazaki", "--strategies", "nonsense", "--reps", "5"]);
    assert!(!ok && err.contains("nonsense"), "{err}");
}

/// The page's cost table (`jobs::cost::run_cost`, one thread in a worker) is the CLI's
/// comparison (replications spread over threads) to the bit, with progress to the end.
#[test]
fn the_workers_comparison_is_the_clis_to_the_bit() {
    use renkei::sim::experiment::jobs::cost::{run_cost, CostRequest};
    use renkei::sim::scenario::plans::with_strategy;
    let mut base = renkei::sim::scenario::regions::preset("higashisonogi").expect("preset");
    base.replications = 5;
    base.cost = Some(CostModel { fee_subsidy_share: 0.5, ..CostModel::default() });
    let scenarios: Vec<_> = ["actual", "area_by_area"].iter().filter_map(|n| with_strategy(&base, n)).collect();
    assert_eq!(scenarios.len(), 2);
    let req = CostRequest { run_key: String::new(), scenarios: scenarios.clone() };
    let mut calls = Vec::new();
    let page = run_cost(&req, &mut |d, t| calls.push((d, t))).expect("prices");
    let cli = cost::compare(&scenarios[0], &scenarios, &mut |s| renkei::parallel::cost_reps(s, 3)).expect("prices");
    assert_eq!(page, cli);
    assert_eq!(calls.last(), Some(&(15, 15)), "progress counts the baseline's and each strategy's replications");
    assert!(page[1].against_baseline.additional_city_yen.median.is_some());
    let none = CostRequest { run_key: String::new(), scenarios: vec![] };
    assert_eq!(
        run_cost(&none, &mut |_, _| {}).err().and_then(|e| e.field().map(str::to_string)),
        Some("scenarios".into())
    );
}
