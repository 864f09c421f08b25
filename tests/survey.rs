//! Starting from the survey lists (src/sim/survey.rs): per-area counts and the office table's
//! `survey` column set the start state; bad input names its field and the allowed values.

use renkei::sim::experiment::montecarlo::{self, Prepared, Quiet};
use renkei::sim::model::engine::{Sim, State};
use renkei::sim::scenario::posterior::Uncertainty;
use renkei::sim::scenario::regions;
use renkei::sim::scenario::survey::SurveyArea;
use renkei::sim::scenario::tables;
use renkei::sim::scenario::Scenario;

fn area(name: &str, not_adopted: u32, planning: u32, adopted: u32) -> SurveyArea {
    SurveyArea { area: name.into(), not_adopted, planning, adopted }
}

/// The example preset with survey counts for each of its areas: 10% adopted, 20% planning.
fn with_survey() -> Scenario {
    let mut s = regions::preset("example").expect("preset");
    s.uncertainty = Uncertainty::Fixed;
    s.condition = None;
    let counts: Vec<SurveyArea> = s
        .population
        .areas
        .iter()
        .map(|a| {
            let (ad, pl) = (a.offices / 10, a.offices / 5);
            area(&a.name, a.offices - ad - pl, pl, ad)
        })
        .collect();
    s.population.initial_adopted = counts.iter().map(|c| c.adopted).sum();
    s.population.initial_centres_adopted = None;
    s.survey = Some(counts);
    s
}

/// Per area: (adopted, planning) home offices at the start of replication 0.
fn start_state(s: &Scenario) -> Vec<(u32, u32)> {
    let prep = Prepared::new(s).expect("valid");
    let world = prep.world(0);
    let sim = Sim::new(s, world, &prep.plan, 0);
    let mut out = vec![(0, 0); s.population.areas.len()];
    for (o, st) in sim.states().enumerate().take(world.n_home) {
        let a = world.area[o] as usize;
        match st {
            State::Adopted => out[a].0 += 1,
            State::Planning => out[a].1 += 1,
            _ => {}
        }
    }
    out
}

#[test]
fn per_area_counts_set_each_areas_start_state_and_planners_adopt_sooner() {
    let s = with_survey();
    let want: Vec<(u32, u32)> = s.survey.as_ref().expect("survey").iter().map(|c| (c.adopted, c.planning)).collect();
    assert_eq!(start_state(&s), want);
    assert!(want.iter().any(|w| w.1 > 0));
    // The same offices counted as not adopted instead: fewer adopters a few months on.
    let mut none = s.clone();
    for c in none.survey.as_mut().expect("survey") {
        c.not_adopted += c.planning;
        c.planning = 0;
    }
    let month = 3;
    let rate = |s: &Scenario| montecarlo::run(s, &mut Quiet).expect("runs").months[month].rate.mean;
    let (with, without) = (rate(&s), rate(&none));
    assert!(with > without + 0.02, "planners start setting up: {with} vs {without}");
}

#[test]
fn the_survey_column_of_an_office_table_sets_planners() {
    let offices = "id,area,role,survey\nC,North,centre,導入済み\nA,North,care_management,これから導入予定\n\
                   B,North,care_management,未導入\nP,North,provider,planning\nQ,North,provider,\n";
    let edges = "from,to\nA,P\nB,Q\nC,P\n";
    let mut base = regions::preset("example").expect("preset");
    base.uncertainty = Uncertainty::Fixed;
    base.condition = None;
    let s = tables::scenario_from_tables(&base, offices, edges).expect("tables");
    assert_eq!(s.population.initial_adopted, 1, "導入済み counts as adopted");
    assert_eq!(start_state(&s), vec![(1, 2)]);
    // A bad value names the row, the column and the allowed values.
    let bad = offices.replace("B,North,care_management,未導入", "B,North,care_management,maybe");
    let e = tables::parse_tables(&bad, edges).expect_err("bad group");
    assert!(e.to_string().contains("row 4") && e.to_string().contains("これから導入予定"), "{e}");
    // An adopted column that contradicts the survey column is an error.
    let both = "id,area,role,adopted,survey\nC,North,centre,0,導入済み\n";
    let e = tables::parse_tables(both, "from,to\n").expect_err("contradiction");
    assert!(e.to_string().contains("must agree"), "{e}");
}

#[test]
fn bad_survey_counts_name_their_field() {
    let check = |f: &dyn Fn(&mut Scenario), field: &str| {
        let mut s = with_survey();
        f(&mut s);
        let e = s.validate().expect_err("invalid");
        assert_eq!(e.field(), Some(field), "{e}");
    };
    check(&|s| s.survey.as_mut().expect("survey")[0].planning += 1, "survey[0]");
    check(&|s| s.survey.as_mut().expect("survey")[1].area = "nowhere".into(), "survey[1].area");
    check(&|s| s.population.initial_adopted += 1, "population.initial_adopted");
    check(&|s| s.params.setup_rate = None, "params.setup_rate");
    check(&|s| s.survey.as_mut().expect("survey").truncate(1), "survey");
    let mut v: serde_json::Value = serde_json::from_str(&with_survey().to_json()).expect("json");
    v["survey"][0]["planing"] = serde_json::json!(1);
    let e = Scenario::from_json(&v.to_string()).expect_err("unknown field");
    assert!(e.to_string().contains("survey[0]") && e.to_string().contains("planing"), "{e}");
}
