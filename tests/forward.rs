//! Plans from where a region stands (src/sim/scenario/forward.rs): conditioning on the last
//! observation, history independent of the plan, paired draws, what-ifs that compose.

use renkei::sim::date::Date;
use renkei::sim::experiment::montecarlo::{self, Prepared};
use renkei::sim::model::engine::{Buffers, Sim, State};
use renkei::sim::scenario::forward::{self, WhatIf};
use renkei::sim::scenario::posterior::Uncertainty;
use renkei::sim::scenario::regions;
use renkei::sim::scenario::strategies;
use renkei::sim::scenario::strategy::Lever;
use renkei::sim::scenario::Scenario;

fn date(s: &str) -> Date {
    Date::parse(s).expect("date")
}

fn from_today(region: &str, reps: u32) -> Scenario {
    let mut scn = regions::preset(region).expect("preset");
    scn.replications = reps;
    forward::condition_on(&mut scn, date("2026-02-28")).expect("conditions");
    scn
}

fn index_of(s: &montecarlo::Summary, d: &str) -> usize {
    s.months.iter().position(|m| m.date == d).expect("reporting date")
}

#[test]
fn conditioned_runs_hold_the_scaled_observed_count_at_the_date_in_every_replication() {
    for region in regions::REGIONS {
        let scn = from_today(region, 30);
        let s = renkei::parallel::run(&scn, 2).expect("runs");
        let obs = scn.observed.iter().find(|o| o.date == date("2026-02-28")).expect("observed");
        let home = scn.population.home_offices() as usize;
        let want = forward::target(obs.adopters, obs.offices, home) as f32 / home as f32;
        let at = index_of(&s, "2026-02-28");
        assert_eq!(s.header.today.as_deref(), Some("2026-02-28"), "{region}: the header says which date is today");
        for (rep, p) in s.paths.iter().enumerate() {
            assert_eq!(p[at], want, "{region} replication {rep}");
        }
    }
    // Okazaki: 122 of 681 observed, 664 offices modelled → 119 (17.9%).
    assert_eq!(forward::target(122, 681, 664), 119);
}

#[test]
fn a_run_ahead_of_the_observation_is_set_back_to_it() {
    // History = the area-by-area approach from 2025-09 (far ahead of the observed 17.9%): the
    // most recent adopters return to not adopted, so the date still shows the observed count.
    let mut scn = regions::preset("okazaki").expect("preset");
    scn.replications = 20;
    scn.strategy = strategies::library("area_by_area", &scn).expect("library");
    // Parameters that surely put the history ahead, whatever the calibration says.
    scn.uncertainty = Uncertainty::Fixed;
    scn.params.p = 2.0;
    scn.params.barrier_share = 0.0;
    forward::condition_on(&mut scn, date("2026-02-28")).expect("conditions");
    let s = renkei::parallel::run(&scn, 2).expect("runs");
    let at = index_of(&s, "2026-02-28");
    assert!(s.months[at - 1].rate.p05 > 0.25, "the history is ahead: {:?}", s.months[at - 1].rate);
    assert!(s.paths.iter().all(|p| p[at] == 119.0 / 664.0));
}

/// Every office's state at the start of week `week` of replication `rep`.
fn states_at(prep: &Prepared, rep: u64, week: u32) -> Vec<State> {
    let model = prep.model(rep);
    let model = model.as_ref().unwrap_or(&prep.plan.model);
    let mut sim = Sim::with_buffers(prep.scn, prep.world(rep), &prep.plan, model, rep, Buffers::default());
    while sim.week < week {
        sim.step();
    }
    sim.states().collect()
}

#[test]
fn paired_draws_survive_conditioning() {
    // Same seed ⇒ same parameter draw, same network and the same state at the conditioning date
    // (after conditioning) under two different plans.
    let own = from_today("okazaki", 8);
    let mut other = own.clone();
    other.strategy = strategies::library("area_by_area", &own).expect("library");
    let (a, b) = (Prepared::new(&own).expect("valid"), Prepared::new(&other).expect("valid"));
    let week = a.plan.condition.expect("conditioned").week;
    assert_eq!(Some(week), b.plan.condition.map(|c| c.week));
    for rep in 0..8 {
        assert_eq!(a.model(rep).map(|m| m.params), b.model(rep).map(|m| m.params), "rep {rep}: parameters");
        assert_eq!(a.world(rep).nbrs, b.world(rep).nbrs, "rep {rep}: network");
        assert_eq!(states_at(&a, rep, week), states_at(&b, rep, week), "rep {rep}: state at the date");
    }
}

#[test]
fn history_before_the_date_does_not_depend_on_the_plan() {
    for region in ["okazaki", "sendai"] {
        // Sendai's history has no outreach lever while area_by_area has: the plan's outreach
        // must not touch the history's draws (Plan::outreach_from).
        let own = from_today(region, 16);
        let mut plans = vec![own.clone()];
        for name in ["area_by_area", "focus_training", "visits_support", "free_pass_ends_2026_05"] {
            let mut s = own.clone();
            s.strategy = strategies::library(name, &own).expect("library");
            plans.push(s);
        }
        let mut what_if = own.clone();
        forward::apply_all(
            &mut what_if,
            &[
                WhatIf::parse("training=2026-03-01:offices:50").expect("parses"),
                WhatIf::Focus { areas: vec![own.population.areas[1].name.clone()] },
            ],
        )
        .expect("applies");
        plans.push(what_if);
        // The unconditioned run of the region's own plan has the same history, too.
        let mut plain = regions::preset(region).expect("preset");
        plain.replications = 16;
        let base = renkei::parallel::run(&plain, 2).expect("runs");
        let at = index_of(&base, "2026-02-28");
        let mut finals = Vec::new();
        for p in &plans {
            let s = renkei::parallel::run(p, 2).expect("runs");
            for (rep, (x, y)) in s.paths.iter().zip(&base.paths).enumerate() {
                assert_eq!(x[..at], y[..at], "{region} {}: replication {rep} before the date", p.strategy.name);
            }
            finals.push(s.months.last().map(|m| m.rate.median).unwrap_or(0.0));
        }
        assert!(finals.iter().any(|&f| f != finals[0]), "{region}: the plans differ after the date: {finals:?}");
    }
}

#[test]
fn what_ifs_compose_with_the_regions_own_plan() {
    let own = from_today("okazaki", 40);
    let mut w = own.clone();
    forward::apply_all(
        &mut w,
        &[
            WhatIf::parse("free_pass_end=2026-05-31").expect("parses"),
            WhatIf::parse("training=2026-06-15:offices:100").expect("parses"),
            WhatIf::parse("focus=岡崎圏域6,岡崎圏域7").expect("parses"),
        ],
    )
    .expect("applies");
    // Every lever of the region's own plan is still there, except the free pass, moved.
    for l in &own.strategy.levers {
        if matches!(l, Lever::FeeWaiver { end: Some(_), .. }) {
            assert!(!w.strategy.levers.contains(l), "the free pass moved");
        } else {
            assert!(w.strategy.levers.contains(l), "kept: {l:?}");
        }
    }
    assert!(w.strategy.levers.contains(&Lever::FeeWaiver { start: date("2025-06-01"), end: Some(date("2026-05-31")) }));
    assert!(w.strategy.levers.iter().any(|l| matches!(l, Lever::Training { attendance: 100, .. })));
    assert!(w
        .strategy
        .levers
        .iter()
        .any(|l| matches!(l, Lever::Outreach { start, .. } if *start == date("2026-03-01"))));
    assert!(w.strategy.name.contains("free pass ends 2026-05-31"), "{}", w.strategy.name);
    // The free pass what-if on its own equals the library's free-pass variant of the own plan.
    let mut fp = own.clone();
    forward::apply_all(&mut fp, &[WhatIf::FreePassEnd { date: date("2026-05-31") }]).expect("applies");
    let lib = strategies::library("free_pass_ends_2026_05", &own).expect("library");
    assert_eq!(fp.strategy.levers, lib.levers);
    // And it lowers the forecast: the waiver's boost ends in June.
    let (a, b) = (renkei::parallel::run(&own, 2).expect("runs"), renkei::parallel::run(&fp, 2).expect("runs"));
    let last = a.months.len() - 1;
    assert!(b.months[last].rate.median < a.months[last].rate.median);
}

#[test]
fn free_pass_variants_keep_the_region_levers() {
    // They used to be the policy calendar alone, silently dropping what the region did.
    for region in regions::REGIONS {
        let scn = regions::preset(region).expect("preset");
        for name in ["free_pass_ends_2026_05", "free_pass_ends_2026_09"] {
            let st = strategies::library(name, &scn).expect("library");
            for l in &scn.strategy.levers {
                if !matches!(l, Lever::FeeWaiver { end: Some(_), .. }) {
                    assert!(st.levers.contains(l), "{region} {name} dropped {l:?}");
                }
            }
            let (en, ja) = strategies::LIBRARY.iter().find(|s| s.0 == name).map(|s| (s.1, s.2)).expect("listed");
            assert!(en.contains("own plan") && ja.contains("地域の取組"), "the label says so: {en} / {ja}");
        }
    }
}

#[test]
fn library_strategies_start_today_in_a_conditioned_scenario_and_in_2025_otherwise() {
    let today = from_today("sendai", 10);
    let past = regions::preset("sendai").expect("preset");
    assert!(forward::view_label(&past).0.starts_with("Counterfactual"));
    assert!(forward::view_label(&today).0.starts_with("Plan from 2026-02-28"));
    for (name, _, _) in strategies::LIBRARY {
        let st = strategies::library(name, &today).expect("library");
        assert!(st.name.ends_with("from 2026-02-28"), "{}", st.name);
        let calendar = strategies::calendar(strategies::FREE_PASS_END);
        for l in st.levers.iter().filter(|l| !calendar.contains(l) && !past.strategy.levers.contains(l)) {
            let first = match l {
                Lever::Outreach { start, .. }
                | Lever::Visits { start, .. }
                | Lever::Support { start, .. }
                | Lever::PartnerRequest { start, .. }
                | Lever::FeeWaiver { start, .. } => *start,
                Lever::Training { date, .. } | Lever::CentreAdoption { date, .. } => *date,
                Lever::Deadline { announce, .. } => *announce,
            };
            assert!(first >= date("2026-03-01") || matches!(l, Lever::FeeWaiver { .. }), "{name}: {l:?}");
        }
        let mut s = today.clone();
        s.strategy = st;
        s.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let st = strategies::library("area_by_area", &past).expect("library");
    assert!(st.levers.iter().any(|l| matches!(l, Lever::Outreach { start, .. } if *start == date("2025-09-01"))));
}

#[test]
fn conditioned_runs_are_the_same_bytes_for_any_thread_count() {
    let mut scn = from_today("chitose", 24);
    scn.strategy = strategies::library("partner_request", &scn).expect("library");
    let one = montecarlo::run(&scn, &mut montecarlo::Quiet).expect("runs");
    let three = renkei::parallel::run(&scn, 3).expect("runs");
    assert_eq!(montecarlo::fingerprint(&one), montecarlo::fingerprint(&three));
}

#[test]
fn a_bad_condition_names_the_field() {
    let mut scn = regions::preset("okazaki").expect("preset");
    let e = forward::condition_on(&mut scn, date("2026-01-31")).expect_err("not observed");
    assert_eq!(e.field(), Some("condition.date"));
    assert!(e.to_string().contains("2025-08-31, 2026-02-28"), "{e}");
    let mut scn = regions::preset("okazaki").expect("preset");
    let e = forward::condition_on(&mut scn, date("2025-08-31")).expect_err("at the start");
    assert_eq!(e.field(), Some("condition.date"));
    // A document with a history lever in an unknown area.
    let mut scn = from_today("okazaki", 10);
    let text = scn.to_json().replacen("岡崎圏域2", "nowhere", 1);
    let e = Scenario::from_json(&text).expect_err("unknown area");
    assert!(e.field().is_some_and(|f| f.starts_with("condition.history.") || f.starts_with("strategy.")), "{e}");
    // Round trip of a valid one.
    scn.seed = 3;
    assert_eq!(Scenario::from_json(&scn.to_json()).expect("valid"), scn);
}

fn renkei(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_renkei")).args(args).output().expect("runs the binary");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_plan_from_today_matches_the_emitted_scenario_document() {
    let plan = ["--from", "2026-02-28", "--strategy", "area_by_area", "--what-if", "free_pass_end=2026-05-31"];
    let (ok, doc, err) = renkei(&[&["scenario", "--region", "okazaki"][..], &plan[..]].concat());
    assert!(ok, "{err}");
    let dir = std::env::temp_dir().join(format!("renkei-forward-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let file = dir.join("okazaki-today.json");
    std::fs::write(&file, &doc).expect("write");
    let file = file.to_string_lossy().into_owned();
    let (ok, a, err) = renkei(&["run", &file, "--reps", "12", "--seed", "5"]);
    assert!(ok, "{err}");
    let (ok, b, err) = renkei(&[&["run", "okazaki", "--reps", "12", "--seed", "5"][..], &plan[..]].concat());
    assert!(ok, "{err}");
    assert_eq!(a, b, "the document and the options give the same run");
    let v: serde_json::Value = serde_json::from_str(&a).expect("json");
    assert_eq!(v["header"]["today"], "2026-02-28");
    assert_eq!(v["header"]["strategy"], "area_by_area from 2026-02-28; free pass ends 2026-05-31");
    // Bad input: exit code 2 and the option named.
    for (args, needle) in [
        (vec!["run", "okazaki", "--from", "2026-01-31"], "condition.date"),
        (vec!["run", "okazaki", "--from", "soon"], "--from soon"),
        (vec!["run", "okazaki", "--what-if", "training=2026-06-15:people:3"], "audience"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_renkei")).args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(needle), "{args:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn forecast_runs_from_the_last_observation_and_scores() {
    use renkei::sim::experiment::forecast;
    let scn = forecast::scenario("higashisonogi", 8, 3).expect("scenario");
    let s = renkei::parallel::run(&scn, 2).expect("runs");
    let f = forecast::record(&scn, &s, date("2026-03-10")).expect("record");
    assert_eq!((f.from, f.from_adopters, f.from_offices), (date("2026-02-28"), 14, 21));
    assert_eq!(f.months.first().map(|m| m.date), Some(date("2026-02-28")));
    assert_eq!(f.months.last().map(|m| m.date), Some(date("2027-03-31")));
    assert_eq!(f.months.len(), 14);
    assert_eq!(f.posterior_version, renkei::sim::scenario::posterior::shipped().version);
    assert_eq!((f.seed, f.replications, f.uncertainty.as_str()), (3, 8, "posterior"));
    assert_eq!(forecast::file_name(&f), "higashisonogi-2026-03-10.json");
    for m in &f.months {
        assert_eq!(m.quantiles.len(), forecast::LEVELS);
        assert!(m.p05 <= m.median && m.median <= m.p95, "{m:?}");
    }
    let sc = forecast::score(&f, &[(date("2027-03-31"), 20, 21)]).expect("scores");
    assert_eq!(sc.len(), 1);
    assert!(sc[0].crps >= 0.0 && sc[0].interval_score >= sc[0].p95 - sc[0].p05);
    assert_eq!(
        forecast::score(&f, &[(date("2026-03-15"), 1, 2)]).expect_err("no such month").field(),
        Some("observed")
    );
    assert!(forecast::scenario("atlantis", 8, 3).is_err());
    // The command writes the file atomically (no temporary left) and scores it.
    let dir = std::env::temp_dir().join(format!("renkei-forecast-{}", std::process::id()));
    let d = dir.to_string_lossy().into_owned();
    let (ok, _, err) =
        renkei(&["forecast", "--region", "higashisonogi", "--reps", "6", "--out-dir", &d, "--issued", "2026-03-10"]);
    assert!(ok, "{err}");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert_eq!(names, vec!["higashisonogi-2026-03-10.json".to_string()]);
    let file = dir.join("higashisonogi-2026-03-10.json").to_string_lossy().into_owned();
    let (ok, out, err) = renkei(&["forecast", "--score", &file, "--observed", "2026-08-31:15/21"]);
    assert!(ok && out.contains("2026-08-31"), "{out}{err}");
    let (ok, _, err) = renkei(&["forecast", "--score", &file, "--observed", "2026-08-31:15"]);
    assert!(!ok && err.contains("DATE:ADOPTERS/OFFICES"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The forecast file is written through `report::json_document` (its manifest first) and
/// `forecast --score` reads it back, as it reads a file written before manifests.
#[test]
fn forecast_file_leads_with_its_manifest_and_scores() {
    // its own folder: tests run in parallel threads of one process, and the other forecast
    // test removes its folder when done (seen on a fresh clone: "cannot write … No such file")
    let dir = std::env::temp_dir().join(format!("renkei-forecast-manifest-{}", std::process::id()));
    let d = dir.to_str().expect("utf-8 path");
    let run =
        |args: &[&str]| std::process::Command::new(env!("CARGO_BIN_EXE_renkei")).args(args).output().expect("runs");
    let out = run(&["forecast", "--region", "higashisonogi", "--reps", "4", "--issued", "2026-03-10", "--out-dir", d]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let file = dir.join("higashisonogi-2026-03-10.json");
    let text = std::fs::read_to_string(&file).expect("written");
    let first = text.lines().nth(1).unwrap_or("");
    assert!(
        first.starts_with("  \"manifest\": \"renkei ") && first.contains("forecast=\\\"higashisonogi\\\""),
        "{first}"
    );
    assert!(first.contains(" replications=4 "), "{first}");
    let f = file.to_str().expect("utf-8 path");
    let scored = run(&["forecast", "--score", f, "--observed", "2027-03-31:20/21"]);
    assert!(scored.status.success(), "{}", String::from_utf8_lossy(&scored.stderr));
    // the same document without its manifest (as written before) still scores
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v.as_object_mut().map(|o| o.remove("manifest"));
    let old = dir.join("old.json");
    std::fs::write(&old, v.to_string()).expect("write");
    let scored = run(&["forecast", "--score", old.to_str().expect("utf-8"), "--observed", "2027-03-31:20/21"]);
    assert!(scored.status.success(), "{}", String::from_utf8_lossy(&scored.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_training_what_if_before_the_run_starts_is_refused_not_ignored() {
    // it was added to the plan and never acted (the run starts after its date)
    let scn = regions::preset("okazaki").expect("preset");
    let before = WhatIf::parse("training=2025-06-01:offices:50").expect("parses");
    let mut strategy = scn.strategy.clone();
    let e = before.apply(&mut strategy, &scn).expect_err("before the start");
    assert_eq!(e.field(), Some("what_if"));
    assert!(e.to_string().contains("2025-06-01 is before start 2025-08-31"), "{e}");
    assert_eq!(strategy, scn.strategy, "the plan is unchanged");
    let after = WhatIf::parse("training=2025-10-01:offices:50").expect("parses");
    after.apply(&mut strategy, &scn).expect("after the start");
    assert_eq!(strategy.levers.len(), scn.strategy.levers.len() + 1);
}
