//! Which option, how sure, and why (issue 21, src/sim/experiment/options): every option ranked
//! from today, goals across options, the unknown that decides, what drives a forecast, and the
//! deadlines what-if.

use crate::cli::renkei;
use renkei::sim::date::Date;
use renkei::sim::error::SimError;
use renkei::sim::experiment::goal::{self, Dimension, Goal};
use renkei::sim::experiment::options::{self, Target};
use renkei::sim::scenario::forward::{self, WhatIf};
use renkei::sim::scenario::regions;
use renkei::sim::scenario::Scenario;

fn date(s: &str) -> Date {
    Date::parse(s).expect("date")
}

fn okazaki_today(reps: u32) -> Scenario {
    let mut scn = regions::preset("okazaki").expect("preset");
    scn.replications = reps;
    forward::condition_on(&mut scn, date("2026-02-28")).expect("conditions");
    scn
}

fn priced(s: &Scenario) -> Result<Vec<renkei::sim::experiment::cost::RepCost>, SimError> {
    renkei::parallel::cost_reps(s, 2)
}

fn every_option(base: &Scenario) -> Vec<(String, Scenario)> {
    options::names(&["all".to_string()])
        .expect("names")
        .into_iter()
        .map(|n| {
            let s = options::scenario(base, &n, &[]).expect("option");
            (n, s)
        })
        .collect()
}

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn every_option_is_ranked_by_paired_gain_over_the_own_plan_each_plan_run_once() {
    let base = okazaki_today(30);
    let opts = every_option(&base);
    let mut runs = 0;
    let r = options::rank(&base, &opts, None, true, &mut |s| {
        runs += 1;
        priced(s)
    })
    .expect("ranks");
    assert_eq!(r.rows.len(), opts.len(), "own plus every library strategy");
    // The own plan, the baseline (its calendar, too) and eight more: ten plans, ten runs.
    assert_eq!((runs, r.runs), (opts.len(), opts.len()));
    for w in r.rows.windows(2) {
        assert!(w[0].gain_over_plan.median >= w[1].gain_over_plan.median, "sorted by median paired gain");
    }
    let own = r.rows.iter().find(|x| x.option == "own").expect("own row");
    assert_eq!((own.gain_over_plan.median, own.gain_over_plan.p05, own.gain_over_plan.p95), (0.0, 0.0, 0.0));
    assert_eq!(own.p_beats_plan, 0.0, "the plan does not beat itself");
    // The free pass ending in May 2026 is the own plan with fees from June: below it in most pairs.
    let may = r.rows.iter().find(|x| x.option == "free_pass_ends_2026_05").expect("row");
    assert!(may.gain_over_plan.median < 0.0 && may.p_beats_plan < 0.5, "{:?}", may.gain_over_plan);
    // A pair with the own plan: the decisive share is the row's p_beats_plan.
    let i_own = r.rows.iter().position(|x| x.option == "own").expect("own");
    for i in 0..r.rows.len() {
        let d = r.pair(i, i_own).expect("pair");
        assert_eq!(d.share_a_beats_b, r.rows[i].p_beats_plan, "{}", r.rows[i].option);
    }
    assert!(r.pair(0, 99).is_err(), "a row that is not there is an error, not a panic");
}

#[test]
fn p_target_of_a_ranking_equals_the_goal_seeks_probability_for_the_same_plan() {
    let mut base = okazaki_today(30);
    let g = Goal { rate: 0.48, by: date("2027-03-31"), prob: 0.5 };
    base.end = base.end.max(g.by);
    let s = options::scenario(&base, "area_by_area", &[]).expect("option");
    let answer =
        goal::seek(&s, Dimension::OutreachContacts, &g, (0.0, 20.0), 0.5, &mut |x| renkei::parallel::run(x, 2))
            .expect("seeks");
    assert!(answer.evaluations >= 3, "{answer:?}");
    // Every evaluated plan, ranked: the same probability, to the bit.
    let target = Target { rate: g.rate, by: g.by };
    let plans: Vec<(String, Scenario)> = answer
        .trace
        .iter()
        .map(|e| {
            let mut p = s.clone();
            Dimension::OutreachContacts.apply(&mut p, e.x, g.by).expect("applies");
            (e.value.to_string(), p)
        })
        .collect();
    let r = options::rank(&base, &plans, Some(target), false, &mut priced).expect("ranks");
    let probs: Vec<f64> = answer.trace.iter().map(|e| e.probability).collect();
    let p_target: Vec<f64> = r.rows.iter().map(|x| x.p_target.expect("target given")).collect();
    assert_eq!(p_target, probs);
    assert!(probs.iter().any(|&p| p > 0.0) && probs.iter().any(|&p| p < 1.0), "an informative case: {probs:?}");
    // And the options' goal answer for the library plan as it is (the baseline has no lever).
    let found = options::seek_options(
        &base,
        &["baseline".to_string()],
        &[],
        &g,
        &mut |x| renkei::parallel::run(x, 2),
        &mut priced,
    )
    .expect("seeks");
    let b = options::scenario(&base, "baseline", &[]).expect("baseline");
    let rb = options::rank(&base, &[("baseline".into(), b)], Some(target), false, &mut priced).expect("ranks");
    assert_eq!(found[0].probability, rb.rows[0].p_target.expect("target"));
}

#[test]
fn goals_across_options_size_each_options_lever_and_sort_by_cost() {
    let (ok, out, err) = renkei(&[
        "target",
        "okazaki",
        "--from",
        "last",
        "--rate",
        "0.5",
        "--by",
        "2027-03-31",
        "--prob",
        "0.8",
        "--strategies",
        "all",
        "--reps",
        "20",
        "--format",
        "json",
    ]);
    assert!(ok, "{err}");
    let v = json(&out);
    let opts = v["options"].as_array().expect("options");
    assert_eq!(opts.len(), 10);
    for o in opts {
        for k in ["strategy", "lever", "value", "probability", "reachable", "city_yen"] {
            assert!(o.get(k).is_some(), "{k} in {o}");
        }
        assert!(o.get("error").is_none(), "every option answers: {o}");
    }
    let reachable: Vec<&serde_json::Value> = opts.iter().filter(|o| o["reachable"] == true).collect();
    assert!(!reachable.is_empty(), "some option reaches 50% with 80%: {out}");
    for w in reachable.windows(2) {
        assert!(w[0]["city_yen"].as_f64() <= w[1]["city_yen"].as_f64(), "sorted by cost");
    }
    let first_out = opts.iter().position(|o| o["reachable"] == false).unwrap_or(opts.len());
    assert!(opts[first_out..].iter().all(|o| o["reachable"] == false), "reachable ones first");
    // The own plan's training (2026-01-27, history) is held at the plan's start, not refused.
    let own = opts.iter().find(|o| o["strategy"] == "own").expect("own");
    assert_eq!(own["lever"], "training.attendance");
    assert_eq!(own["moved_to_plan_start"][0][0], "2026-01-27", "{own}");
}

#[test]
fn training_attendance_from_today_moves_the_training_to_the_plans_start_and_it_acts() {
    let s = okazaki_today(20);
    let g = Goal { rate: 0.9, by: date("2027-03-31"), prob: 0.8 };
    let hi = Dimension::TrainingAttendance.default_range(&s, g.by).1;
    let a = goal::seek(&s, Dimension::TrainingAttendance, &g, (0.0, hi), 1.0, &mut |x| renkei::parallel::run(x, 2))
        .expect("no BeforeCondition error");
    assert_eq!(a.moved_to_plan_start.len(), 1, "{a:?}");
    assert!(a.note.contains("2026-01-27"), "{}", a.note);
    let (lo, top) = (a.trace.first().expect("low"), a.trace.last().expect("high"));
    assert!(top.median_rate > lo.median_rate, "a training of {hi} offices raises the rate: {a:?}");
}

#[test]
fn drivers_split_the_rise_and_run_and_compare_agree() {
    let (ok, out, err) = renkei(&["run", "okazaki", "--from", "last", "--reps", "20"]);
    assert!(ok, "{err}");
    let run = json(&out);
    let d = &run["drivers"];
    assert_eq!(d["from_date"], "2026-02-28");
    for part in ["total", "calendar", "local"] {
        for k in ["median", "p05", "p95"] {
            assert!(d[part][k].as_f64().is_some(), "{part}.{k}");
        }
    }
    let (ok, out, err) =
        renkei(&["compare", "okazaki", "--from", "last", "--strategies", "own", "--reps", "20", "--format", "json"]);
    assert!(ok, "{err}");
    assert_eq!(json(&out)["drivers"], *d, "the same split from the summaries and from the priced runs");
    // The region's own plan from today adds little to what the calendar gives (the finding).
    let (cal, local) = (d["calendar"]["median"].as_f64().unwrap_or(0.0), d["local"]["median"].as_f64().unwrap_or(1.0));
    assert!(cal > 0.1 && local.abs() < 0.05, "{d}");
    // A plan of the calendar alone has no local part at all.
    let s = okazaki_today(10);
    let cal_only = options::calendar_only(&s);
    let reps = priced(&cal_only).expect("runs");
    let plan = renkei::sim::model::plan::Plan::new(&cal_only);
    let dd = options::drivers::of_reps(&cal_only, &plan, &reps, &reps);
    assert_eq!((dd.local.median, dd.local.p05, dd.local.p95), (0.0, 0.0, 0.0));
    assert_eq!(dd.total, dd.calendar);
}

#[test]
fn deadline_strength_what_if_orders_the_forecast_and_a_bad_value_names_the_allowed_ones() {
    let base = okazaki_today(30);
    let median = |w: &str| {
        let s = options::scenario(&base, "own", &[WhatIf::parse(w).expect("parses")]).expect("applies");
        let r = options::rank(&s, &[("own".into(), s.clone())], None, false, &mut priced).expect("runs");
        r.rows[0].row.rate.median.expect("rate")
    };
    let (none, assumed, strong) = (median("deadlines=none"), median("deadlines=assumed"), median("deadlines=strong"));
    assert!(none < assumed && assumed < strong, "{none} {assumed} {strong}");
    let plain = options::rank(&base, &[("own".into(), base.clone())], None, false, &mut priced).expect("runs");
    assert_eq!(plain.rows[0].row.rate.median, Some(assumed), "assumed is the model as it is");
    let e = WhatIf::parse("deadlines=maybe").expect_err("refused");
    let text = e.to_string();
    assert!(text.contains("maybe") && text.contains("none, assumed or strong"), "{text}");
    let (ok, _, err) = renkei(&["compare", "okazaki", "--from", "last", "--what-if", "deadlines=maybe", "--reps", "5"]);
    assert!(!ok && err.contains("deadlines"), "{err}");
}

#[test]
fn the_decisive_unknown_of_the_top_two_is_in_compare_json_and_text() {
    let args = ["compare", "okazaki", "--from", "last", "--strategies", "all", "--reps", "20", "--rate", "0.5"];
    let (ok, out, err) = renkei(&[&args[..], &["--by", "2027-03-31", "--format", "json"]].concat());
    assert!(ok, "{err}");
    let v = json(&out);
    let rows = v["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 10);
    for r in rows {
        for k in
            ["option", "strategy", "rate", "gain_over_plan", "p_beats_plan", "p_target", "cost", "against_baseline"]
        {
            assert!(r.get(k).is_some(), "{k} in {r}");
        }
    }
    let d = &v["decisive"];
    assert_eq!((&d["a"], &d["b"]), (&rows[0]["option"], &rows[1]["option"]));
    let share = d["share_a_beats_b"].as_f64().expect("share");
    assert!((0.0..=1.0).contains(&share));
    assert!(d["decisive"]["parameter"].as_str().is_some(), "posterior runs draw parameters: {d}");
    assert!(d["sentence"].as_str().is_some_and(|s| s.contains("plausible worlds")), "{d}");
    let (ok, text, err) = renkei(&[&args[..], &["--by", "2027-03-31"]].concat());
    assert!(ok, "{err}");
    assert!(text.contains("decisive unknown:") && text.contains("drivers of the own plan's rise"), "{text}");
    assert!(text.contains("P(target)"), "{text}");
    // Same seed, same bytes, whatever the thread count.
    let one = renkei(&[&args[..], &["--by", "2027-03-31", "--format", "json", "--threads", "1"]].concat()).1;
    let three = renkei(&[&args[..], &["--by", "2027-03-31", "--format", "json", "--threads", "3"]].concat()).1;
    assert_eq!(one, three);
    assert_eq!(one, out);
}

#[test]
fn bad_options_name_the_option_and_what_is_allowed() {
    let (ok, _, err) = renkei(&["compare", "okazaki", "--strategies", "all,nonsense", "--reps", "5"]);
    assert!(!ok && err.contains("nonsense") && err.contains("area_by_area"), "{err}");
    let (ok, _, err) = renkei(&["compare", "okazaki", "--rate", "1.5", "--by", "2027-03-31", "--reps", "5"]);
    assert!(!ok && err.contains("rate") && err.contains("0 to 1"), "{err}");
    let (ok, _, err) = renkei(&["compare", "okazaki", "--rate", "0.5", "--reps", "5"]);
    assert!(!ok && err.contains("--by"), "{err}");
    let target_all =
        ["target", "okazaki", "--rate", "0.5", "--by", "2027-03-31", "--prob", "0.8", "--strategies", "all"];
    let (ok, _, err) = renkei(&[&target_all[..], &["--lever", "visits.per_month"]].concat());
    assert!(!ok && err.contains("--lever"), "{err}");
    let (ok, _, err) = renkei(&[&target_all[..], &["--format", "csv"]].concat());
    assert!(!ok && err.contains("--format csv") && err.contains("json"), "{err}");
}

/// The page's two option jobs (`jobs::options`): the goal for every option and the ranking
/// read the baseline's probability of the target by one rule, and every pair of rows is kept.
#[test]
fn the_goal_for_every_option_and_the_ranking_agree_on_the_baselines_probability() {
    use renkei::sim::experiment::jobs::options::{run_goals, run_rank, GoalsRequest, RankRequest};
    let small = || {
        let mut s = regions::preset("higashisonogi").expect("preset");
        s.replications = 6;
        Box::new(s)
    };
    let by = date("2027-03-31");
    let rank =
        run_rank(&RankRequest { base: small(), what_ifs: vec![], target: Some((0.2, by)) }, &mut |_, _| {}, &|| 0.0)
            .expect("ranks");
    assert_eq!(rank.rows.len(), options::all_names().len());
    let n = rank.rows.len();
    assert_eq!(rank.pairs.len(), n * (n - 1) / 2);
    assert!(rank.pair(0, 1).is_some_and(|(flipped, _)| !flipped) && rank.pair(1, 0).is_some_and(|(f, _)| f));
    let goals = run_goals(&GoalsRequest { base: small(), what_ifs: vec![], rate: 0.2, by, prob: 0.8 }, &mut |_, _| {})
        .expect("seeks");
    assert_eq!(goals.len(), n);
    let p = |o: &str| rank.rows.iter().find(|r| r.option == o).and_then(|r| r.p_target);
    let g = goals.iter().find(|a| a.strategy == "baseline").expect("baseline");
    assert_eq!(Some(g.probability), p("baseline"), "one rule for both tables");
}
