//! Targeting rules (src/sim/targeting.rs): each rule orders offices as it says, changes who a
//! lever reaches, and `renkei rank` exports the ranked list of an imported network.

use renkei::sim::experiment::montecarlo::Prepared;
use renkei::sim::model::engine::{Sim, State};
use renkei::sim::model::population;
use renkei::sim::model::targeting::{self, Ranked, Rule, Targeting};
use renkei::sim::rng;
use renkei::sim::scenario::regions;
use renkei::sim::scenario::tables::{self, Role};

const OFFICES: &str = include_str!("../docs/samples/offices.csv");
const EDGES: &str = include_str!("../docs/samples/edges.csv");

fn ranked(rule: Rule) -> Vec<Ranked> {
    let base = regions::preset("example").expect("preset");
    let scn = tables::scenario_from_tables(&base, OFFICES, EDGES).expect("tables");
    let world = population::World::build(&scn, &mut rng::stream(1, 0, 1)).expect("world");
    let t = tables::parse_tables(OFFICES, EDGES).expect("tables");
    let ids: Vec<String> = tables::table_order(&t).iter().map(|&i| t.offices[i].id.clone()).collect();
    let adopted = world.fixed_adopted.clone().expect("table adopters");
    let names: Vec<String> = scn.population.areas.iter().map(|a| a.name.clone()).collect();
    let mask = vec![true; names.len()];
    targeting::ranked_list(rule, &world, &ids, &names, &adopted, &mask)
}

#[test]
fn each_rule_orders_offices_as_it_says() {
    let share = |r: &Ranked| if r.partners == 0 { -1.0 } else { r.adopted_partners as f64 / r.partners as f64 };
    let cm = |r: &Ranked| r.role != "provider";
    let most = ranked(Rule::MostPartners);
    assert!(most.len() >= 4, "the sample has offices to rank");
    assert!(most.windows(2).all(|w| w[0].partners >= w[1].partners), "{most:#?}");
    let near = ranked(Rule::NearThreshold);
    assert!(near.windows(2).all(|w| share(&w[0]) >= share(&w[1])), "{near:#?}");
    let large = ranked(Rule::LargeCareManagement);
    let first_provider = large.iter().position(|r| !cm(r)).unwrap_or(large.len());
    assert!(large[first_provider..].iter().all(|r| !cm(r)), "care management first: {large:#?}");
    for part in [&large[..first_provider], &large[first_provider..]] {
        assert!(part.windows(2).all(|w| w[0].partners >= w[1].partners), "by partners within: {large:#?}");
    }
    let asked = ranked(Rule::PartnerRequests);
    assert!(asked.windows(2).all(|w| w[0].adopted_partners >= w[1].adopted_partners), "{asked:#?}");
    // Every rule lists the same offices (the not-adopted ones), only in another order.
    let mut ids: Vec<Vec<String>> = [&most, &near, &large, &asked]
        .iter()
        .map(|l| {
            let mut v: Vec<String> = l.iter().map(|r| r.id.clone()).collect();
            v.sort();
            v
        })
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 1);
    assert_ne!(most.iter().map(|r| &r.id).collect::<Vec<_>>(), near.iter().map(|r| &r.id).collect::<Vec<_>>());
}

/// Offices that decide only when visited, every visit converting at once: after the first
/// month's visits the adopters are exactly the offices a rule put first.
#[test]
fn a_visit_rule_changes_who_is_reached() {
    let mut scn = crate::goal::visits_only(60, 5, "2025-03-31");
    scn.network = renkei::sim::scenario::Network::default();
    scn.replications = 1;
    let adopted_after_first_month = |rule: Rule| -> (Vec<usize>, Vec<u32>) {
        let mut s = scn.clone();
        s.targeting = (rule != Rule::Random).then_some(Targeting { outreach: rule, visits: rule });
        let prep = Prepared::new(&s).expect("valid");
        let world = prep.world(0);
        let mut sim = Sim::new(&s, world, &prep.plan, 0);
        sim.step();
        let adopted: Vec<usize> =
            sim.states().enumerate().filter(|(_, st)| *st == State::Adopted).map(|(o, _)| o).collect();
        let degrees: Vec<u32> = (0..world.len()).map(|o| world.partners(o).len() as u32).collect();
        (adopted, degrees)
    };
    let (most, deg) = adopted_after_first_month(Rule::MostPartners);
    assert_eq!(most.len(), 5);
    let mut sorted = deg.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let fifth = sorted[4];
    assert!(most.iter().all(|&o| deg[o] >= fifth), "the 5 with most partners: {most:?} {deg:?}");
    let (random, _) = adopted_after_first_month(Rule::Random);
    assert_eq!(random.len(), 5);
    assert_ne!(random, most, "random visits reach other offices");
    let (large, _) = adopted_after_first_month(Rule::LargeCareManagement);
    let prep = Prepared::new(&scn).expect("valid");
    let roles = &prep.world(0).role;
    assert!(large.iter().all(|&o| roles[o] != Role::Provider), "care-management offices first: {large:?}");
}

#[test]
fn an_unknown_rule_names_the_field_and_its_values() {
    let mut v: serde_json::Value =
        serde_json::from_str(&regions::preset("okazaki").expect("preset").to_json()).expect("json");
    v["targeting"] = serde_json::json!({ "visits": "closest" });
    let e = renkei::sim::scenario::Scenario::from_json(&v.to_string()).expect_err("bad rule");
    assert!(e.to_string().contains("targeting.visits") && e.to_string().contains("near_threshold"), "{e}");
    let e = Rule::parse("closest").expect_err("bad rule");
    assert!(e.to_string().contains("partner_requests"), "{e}");
}

#[test]
fn rank_exports_the_ranked_offices_as_csv() {
    use crate::cli::renkei;
    let dir = env!("CARGO_MANIFEST_DIR");
    let (o, e) = (format!("{dir}/docs/samples/offices.csv"), format!("{dir}/docs/samples/edges.csv"));
    let (ok, out, err) = renkei(&["rank", "--offices", &o, "--edges", &e, "--rule", "near_threshold"]);
    assert!(ok, "{err}");
    let mut lines = out.lines();
    // the manifest leads, in the one format of every output (report.rs)
    assert!(
        lines.next().is_some_and(|l| l.starts_with("# renkei ") && l.contains(" rule=\"near_threshold\"")),
        "{out}"
    );
    assert_eq!(lines.next(), Some("rank,id,area,role,partners,adopted_partners,score"));
    let want: Vec<String> = ranked(Rule::NearThreshold).iter().map(|r| r.id.clone()).collect();
    let got: Vec<String> = lines.map(|l| l.split(',').nth(1).unwrap_or("").to_string()).collect();
    assert_eq!(got, want);
    let (ok, _, err) = renkei(&["rank", "okazaki", "--rule", "most_partners"]);
    assert!(!ok && err.contains("imported network"), "{err}");
    let (ok, _, err) = renkei(&["rank", "--offices", &o, "--edges", &e, "--rule", "nearest"]);
    assert!(!ok && err.contains("near_threshold"), "{err}");
}
