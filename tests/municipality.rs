//! A municipality from its own figures (src/sim/scenario/municipality.rs): the presets are
//! built by it, a planner's town gets the same defaults, and `renkei scenario --new` prints a
//! scenario that runs from the town's latest figure.

use crate::cli::renkei;
use renkei::sim::date::Date;
use renkei::sim::experiment::montecarlo;
use renkei::sim::scenario::forward;
use renkei::sim::scenario::municipality::{self, numbered, AreaFigure, Figures};
use renkei::sim::scenario::regions;
use renkei::sim::scenario::strategies;
use renkei::sim::scenario::{Observation, Scenario};

fn date(s: &str) -> Date {
    Date::parse(s).expect("date")
}

fn median_at(s: &montecarlo::Summary, d: &str) -> f64 {
    s.months.iter().find(|m| m.date == d).expect("reporting date").rate.median
}

/// The options a planner would type for a preset region, from the figures docs/regions.md
/// lists for it (published ones, and the preset's own stated assumptions).
fn planner_options(region: &str) -> Vec<String> {
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    match region {
        "chitose" => v(&[
            "--offices",
            "169",
            "--areas",
            "5",
            "--adopted",
            "66/163",
            "--on",
            "2026-02-28",
            "--observed",
            "2025-08-31:51/169",
            "--out-of-scope",
            "81",
            "--external",
            "40",
            "--cross-border",
            "0.1",
        ]),
        "okazaki" => v(&[
            "--offices",
            "664",
            "--areas",
            "20",
            "--adopted",
            "122/681",
            "--on",
            "2026-02-28",
            "--observed",
            "2025-08-31:20/664",
        ]),
        "higashisonogi" => v(&[
            "--offices",
            "25",
            "--area",
            "東彼杵町",
            "--centre-kind",
            "direct",
            "--adopted",
            "14/21",
            "--on",
            "2026-02-28",
            "--observed",
            "2025-08-31:0/25",
            "--out-of-scope",
            "4",
            "--external",
            "20",
            "--cross-border",
            "0.35",
        ]),
        "sendai" => {
            let mut o = v(&[
                "--offices",
                "2070",
                "--adopted",
                "357/2104",
                "--on",
                "2026-02-28",
                "--observed",
                "2025-08-31:192/2070",
                "--area",
                "東仙台",
            ]);
            for i in 2..=51 {
                o.push("--area".into());
                o.push(format!("圏域{i}"));
            }
            o
        }
        _ => unreachable!(),
    }
}

/// `renkei scenario --new` with `options`, parsed.
fn new_town(name: &str, options: &[String]) -> Scenario {
    let mut args = vec!["scenario", "--new", name];
    args.extend(options.iter().map(String::as_str));
    let (ok, out, err) = renkei(&args);
    assert!(ok, "scenario --new {options:?}: {err}");
    Scenario::from_json(&out).expect("the printed scenario reads back")
}

#[test]
fn a_preset_typed_in_as_a_planners_own_town_gives_the_presets_forecast() {
    // Tolerance: one point of rate at 2027-03-31. Both runs share the seed, the posterior draws
    // and the networks' sizes, so what differs is only what the typed figures leave out (area
    // names, Okazaki's core centre); the median's Monte Carlo error at 200 replications is about
    // 0.3 points (band 8-10 points wide, 1.25 × SD / √200), so one point is three of them.
    for region in regions::REGIONS {
        let mut preset = regions::preset(region).expect("preset");
        forward::condition_on(&mut preset, date("2026-02-28")).expect("from its latest figure");
        let mut town = new_town(region, &planner_options(region));
        assert_eq!(town.condition.as_ref().map(|c| c.date), Some(date("2026-02-28")), "{region}: planned from today");
        // The preset's levers, as the region ran them, before and after today.
        let actual = strategies::actual(region, &town);
        town.strategy = actual.clone();
        if let Some(c) = town.condition.as_mut() {
            c.history = actual;
        }
        assert_eq!(
            town.population.out_of_scope, preset.population.out_of_scope,
            "{region}: the same out-of-scope rule"
        );
        assert_eq!(town.population.initial_adopted, preset.population.initial_adopted, "{region}");
        for s in [&mut preset, &mut town] {
            s.replications = 200;
            s.seed = 7;
        }
        let a = median_at(&renkei::parallel::run(&preset, 2).expect("runs"), "2027-03-31");
        let b = median_at(&renkei::parallel::run(&town, 2).expect("runs"), "2027-03-31");
        assert!((a - b).abs() <= 0.01, "{region}: preset {a:.3}, typed in {b:.3}");
    }
}

#[test]
fn presets_are_their_figures_through_the_constructor() {
    for region in regions::names() {
        let figures = regions::preset_figures(region).expect("figures");
        let mut built = figures.scenario().expect("builds");
        let preset = regions::preset(region).expect("preset");
        built.strategy = preset.strategy.clone();
        built.replications = preset.replications;
        assert_eq!(built, preset, "{region}");
    }
}

#[test]
fn a_towns_out_of_scope_default_is_chitoses_share_and_is_listed_as_assumed() {
    let f = Figures::new("town", 120, numbered("圏域", 3), 18, date("2026-02-28"));
    let s = f.scenario().expect("builds");
    // docs/regions.md: Chitose's 81 of 169, rounded: 120 × 81 / 169 = 57.5 → 58.
    assert_eq!(s.population.out_of_scope, 58);
    assert!(s.assumed.iter().any(|a| a.field == "population.out_of_scope" && a.basis.contains("81 of 169")));
    assert_eq!(municipality::default_out_of_scope(664, 119), 318, "Okazaki's documented 318");
    assert_eq!(municipality::default_out_of_scope(2070, 363), 992, "Sendai's documented 992");
    // Never so many that the observed adopters, or the areas' centres, would not fit in scope.
    assert_eq!(municipality::default_out_of_scope(25, 17), 8);
    let many_areas = Figures::new("town", 10, numbered("圏域", 8), 1, date("2026-02-28"));
    assert_eq!(many_areas.scenario().expect("builds").population.out_of_scope, 2, "8 centres stay in scope");
    // Given, it is not assumed.
    let mut g = f.clone();
    g.out_of_scope = Some(10);
    let s = g.scenario().expect("builds");
    assert_eq!(s.population.out_of_scope, 10);
    assert!(!s.assumed.iter().any(|a| a.field == "population.out_of_scope"));
}

#[test]
fn a_town_with_one_figure_is_planned_from_its_own_count_on_its_date() {
    let f = Figures::new("town", 120, numbered("圏域", 3), 18, date("2026-02-28"));
    let mut s = municipality::municipality(&f).expect("builds");
    assert_eq!(s.start, date(municipality::MODEL_START));
    assert_eq!(s.population.initial_adopted, 12, "9.8% of 120 on 2025-08-31 (assumed)");
    assert_eq!(s.condition.as_ref().map(|c| c.date), Some(date("2026-02-28")));
    assert_eq!(s.strategy.name, municipality::NATIONAL_POLICY_ONLY);
    s.replications = 40;
    let r = renkei::parallel::run(&s, 2).expect("runs");
    let at = r.months.iter().position(|m| m.date == "2026-02-28").expect("month");
    for p in &r.paths {
        assert_eq!(p[at], 18.0 / 120.0, "every replication holds the town's own count on its date");
    }
    let end = median_at(&r, "2027-03-31");
    assert!(end > 0.15 && end < 0.8, "a rise from 15%, not a jump to 82%: {end}");
}

#[test]
fn a_town_whose_first_figure_is_before_the_models_start_starts_there() {
    let mut f = Figures::new("town", 200, numbered("圏域", 4), 60, date("2026-02-28"));
    f.earlier.push(Observation { date: date("2025-06-30"), adopters: 10, offices: 200 });
    let s = f.scenario().expect("builds");
    assert_eq!(s.start, date("2025-06-30"));
    assert_eq!(s.population.initial_adopted, 10);
    assert!(!s.assumed.iter().any(|a| a.field == "population.initial_adopted"));
}

#[test]
fn named_areas_keep_their_counts_and_share_the_rest() {
    let mut f = Figures::new("town", 100, vec![], 10, date("2026-02-28"));
    f.areas = vec![
        AreaFigure { name: "北".into(), offices: Some(40) },
        AreaFigure { name: "南".into(), offices: None },
        AreaFigure { name: "西".into(), offices: None },
    ];
    let s = f.scenario().expect("builds");
    let counts: Vec<u32> = s.population.areas.iter().map(|a| a.offices).collect();
    assert_eq!(counts, vec![40, 30, 30]);
    f.areas[1].offices = Some(70);
    assert!(f.scenario().is_err(), "40 + 70 named offices of 100");
}

#[test]
fn scenario_new_refuses_bad_figures_naming_the_option_and_the_range() {
    let base = ["scenario", "--new", "town", "--offices", "120", "--areas", "3", "--on", "2026-02-28"];
    let cases: &[(&[&str], &str)] = &[
        (&["--adopted", "130"], "--adopted"),
        (&["--adopted", "18/0"], "--adopted"),
        (&["--adopted", "a third"], "--adopted"),
        (&["--adopted", "18", "--observed", "2026-02-28:10/120"], "--observed"),
        (&["--adopted", "18", "--observed", "2025-08-31:ten/120"], "--observed"),
        (&["--adopted", "18", "--out-of-scope", "110"], "--out-of-scope"),
        (&["--adopted", "18", "--external", "10", "--cross-border", "2"], "--cross-border"),
        (&["--adopted", "1", "--out-of-scope", "118"], "--out-of-scope"),
    ];
    for (extra, option) in cases {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let (ok, out, err) = renkei(&args);
        assert!(!ok && out.is_empty(), "{extra:?} accepted");
        assert!(err.contains(option), "{extra:?}: {err}");
    }
    let (ok, _, err) =
        renkei(&["scenario", "--new", "t", "--offices", "120", "--areas", "3", "--adopted", "1", "--on", "2027-06-30"]);
    assert!(!ok && err.contains("--on") && err.contains("2027-03-30"), "{err}");
    let (ok, _, err) =
        renkei(&["scenario", "--new", "t", "--offices", "5", "--areas", "6", "--adopted", "1", "--on", "2026-02-28"]);
    assert!(!ok && err.contains("--areas") && err.contains("allowed 1 to 5"), "{err}");
    let (ok, _, err) = renkei(&[
        "scenario",
        "--new",
        "t",
        "--offices",
        "10",
        "--area",
        "a:8",
        "--area",
        "b:8",
        "--adopted",
        "1",
        "--on",
        "2026-02-28",
    ]);
    assert!(!ok && err.contains("--area") && err.contains("16"), "{err}");
}

#[test]
fn a_new_towns_scenario_runs_compares_and_seeks_a_goal_like_a_preset_file() {
    let dir = std::env::temp_dir().join(format!("renkei-municipality-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("town.json");
    let (ok, out, err) = renkei(&[
        "scenario",
        "--new",
        "town",
        "--offices",
        "120",
        "--areas",
        "3",
        "--adopted",
        "18",
        "--on",
        "2026-02-28",
    ]);
    assert!(ok, "{err}");
    std::fs::write(&file, out).expect("write");
    let f = file.to_string_lossy().to_string();
    let (ok, out, err) = renkei(&["run", &f, "--reps", "20"]);
    assert!(ok && out.contains("\"today\": \"2026-02-28\""), "{err}");
    let (ok, _, err) = renkei(&["compare", &f, "--strategies", "baseline,area_by_area", "--reps", "20"]);
    assert!(ok, "{err}");
    let (ok, out, err) = renkei(&[
        "target",
        &f,
        "--strategy",
        "area_by_area",
        "--rate",
        "0.3",
        "--by",
        "2027-03-31",
        "--prob",
        "0.5",
        "--lever",
        "outreach.contacts_per_month",
        "--reps",
        "20",
    ]);
    assert!(ok && out.contains("\"value\""), "{err}");
    let d = dir.to_string_lossy().to_string();
    let (ok, out, err) =
        renkei(&["forecast", "--region", &f, "--reps", "20", "--out-dir", &d, "--issued", "2026-12-07"]);
    assert!(ok && out.contains("from 2026-02-28 (18/120)"), "{out} {err}");
    assert!(dir.join("town-2026-12-07.json").exists(), "the forecast on record is written");
    let (ok, out, err) = renkei(&["fit", "--scenario", &f, "--reps", "20"]);
    assert!(ok && out.contains("town rate 2026-02-28") && out.contains("0.150"), "{out} {err}");
    std::fs::remove_dir_all(&dir).ok();
}
