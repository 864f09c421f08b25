//! Structure from evidence (issue 9 item 4, docs/model.md): out-of-scope offices, barriers that
//! lift over time, the fee calendar acting on own decisions only, and pay add-on pledges.

use renkei::sim::date::Date;
use renkei::sim::experiment::montecarlo::{self, Quiet, Summary};
use renkei::sim::model::engine::{Sim, State, STREAM_NETWORK};
use renkei::sim::model::plan::Plan;
use renkei::sim::model::population::World;
use renkei::sim::rng;
use renkei::sim::scenario::municipality::{numbered, External, Figures, MODEL_START};
use renkei::sim::scenario::params::{Params, Response};
use renkei::sim::scenario::posterior::Uncertainty;
use renkei::sim::scenario::regions;
use renkei::sim::scenario::strategies;
use renkei::sim::scenario::strategy::{Audience, Groups, Lever, Strategy};
use renkei::sim::scenario::{Network, Scenario};

fn d(s: &str) -> Date {
    Date::parse(s).expect("date")
}

/// A plain municipality with fixed parameters: no barriers, instant setup, no stopping, no levers.
fn plain(offices: u32, initial: u32) -> Scenario {
    let names = numbered("a", 4);
    let mut f = Figures::new("plain", offices, names, initial, d(MODEL_START));
    f.out_of_scope = Some(0);
    f.external = Some(External { offices: 0, cross_border: 0.0 });
    let mut s = f.scenario().expect("plain municipality");
    s.uncertainty = Uncertainty::Fixed;
    s.params = Params {
        p: 0.0,
        q: 0.0,
        response: Response::Linear,
        setup_rate: None,
        stop_rate: 0.0,
        planning_dropout: 0.0,
        barrier_share: 0.0,
        readiness_rate: 0.0,
        ..Params::default()
    };
    s.strategy = Strategy::default();
    s.seed = 11;
    s
}

fn final_mean(s: &Summary) -> f64 {
    s.months.last().map_or(0.0, |m| m.rate.mean)
}

/// Every lever kind of the library, on every area, plus a training of every office.
fn every_lever(scn: &Scenario) -> Vec<Lever> {
    let skip = strategies::calendar(strategies::FREE_PASS_END).len();
    let mut levers = vec![Lever::Training {
        date: scn.start.add_days(30),
        audience: Audience::Offices,
        areas: vec![],
        attendance: 10_000,
    }];
    for name in ["area_by_area", "centre_partners", "visits_support", "partner_request"] {
        levers.extend(strategies::library(name, scn).expect("library strategy").levers.into_iter().skip(skip));
    }
    levers
}

#[test]
fn out_of_scope_offices_have_no_links_and_never_adopt() {
    let mut scn = regions::preset("chitose").expect("preset");
    assert_eq!(scn.population.out_of_scope, 81, "brief §4a: 88 of 169 offices in the programme's scope");
    scn.uncertainty = Uncertainty::Fixed;
    scn.params.p = 5.0;
    scn.params.barrier_share = 0.0;
    scn.params.outreach_efficacy = 1.0;
    scn.params.training_efficacy = 1.0;
    scn.params.visit_efficacy = 1.0;
    scn.params.request_efficacy = 1.0;
    scn.params.stop_rate = 0.0;
    scn.params.planning_dropout = 0.0;
    let more = every_lever(&scn);
    scn.strategy.levers.extend(more);
    let plan = Plan::new(&scn);
    for rep in 0..5 {
        let world = World::build(&scn, &mut rng::stream(scn.seed, rep, STREAM_NETWORK)).expect("world");
        assert_eq!(world.out_of_scope.len(), 81);
        let total_in_scope: u32 = world.in_scope.iter().sum();
        assert_eq!(total_in_scope, 88);
        for &o in &world.out_of_scope {
            assert!(world.partners(o as usize).is_empty(), "out-of-scope office {o} has partners");
            assert!((o as usize) < world.n_home, "out-of-scope offices are home offices");
        }
        for a in 0..world.members.len() {
            assert!(world.reachable(a).iter().all(|o| !world.out_of_scope.contains(o)));
        }
        let mut sim = Sim::new(&scn, &world, &plan, rep);
        while !sim.done() {
            sim.step();
        }
        let states: Vec<State> = sim.states().collect();
        for &o in &world.out_of_scope {
            assert_eq!(states[o as usize], State::NotAdopted, "out-of-scope office {o} moved");
        }
        // Every in-scope office adopted under this pressure; the rate counts all 169.
        assert!((sim.rate() - 88.0 / 169.0).abs() < 0.02, "final rate {}", sim.rate());
    }
    // The complete network leaves them out too.
    let mut small = plain(40, 0);
    small.population.out_of_scope = 10;
    small.network = Network::Complete;
    let w = World::build(&small, &mut rng::stream(0, 0, STREAM_NETWORK)).expect("world");
    assert!(w.out_of_scope.iter().all(|&o| w.partners(o as usize).is_empty()));
    assert_eq!(w.links(), 30 * 29 / 2);
}

#[test]
fn out_of_scope_must_leave_each_area_its_centre() {
    let mut s = plain(40, 0);
    s.population.out_of_scope = 37;
    assert!(s.validate().is_err());
    s.population.out_of_scope = 36;
    s.validate().expect("36 of 40 with 4 centres fits");
    let w = World::build(&s, &mut rng::stream(0, 0, STREAM_NETWORK)).expect("world");
    assert_eq!(w.in_scope, vec![1, 1, 1, 1]);
}

#[test]
fn table_column_marks_offices_out_of_scope_and_rejects_their_links() {
    let offices = "id,area,role,out_of_scope\nc1,A,centre,0\nm1,A,cm,0\np1,A,provider,0\nf1,A,provider,1\n";
    let t = renkei::sim::scenario::tables::parse_tables(offices, "c1,p1\nm1,p1\n").expect("parses");
    assert!(t.offices[3].out_of_scope && !t.offices[2].out_of_scope);
    let e = renkei::sim::scenario::tables::parse_tables(offices, "c1,p1\nm1,f1\n")
        .expect_err("link to an out-of-scope office");
    assert!(e.to_string().contains("f1"), "{e}");
    let base = regions::preset("example").expect("preset");
    let scn = renkei::sim::scenario::tables::scenario_from_tables(&base, offices, "c1,p1\nm1,p1\n").expect("scenario");
    assert_eq!(scn.population.out_of_scope, 1);
    let w = World::build(&scn, &mut rng::stream(0, 0, STREAM_NETWORK)).expect("world");
    assert_eq!(w.out_of_scope.len(), 1);
    assert_eq!(w.reachable(0).len(), 3);
}

/// Mean share adopted when every office starts behind a barrier that blocks decisions
/// (barrier_decision = 0) and lifts at `r` per year, and a ready office decides almost at once.
fn lifting_scenario(r: f64) -> Scenario {
    let mut s = plain(400, 0);
    s.params.barrier_share = 1.0;
    s.params.barrier_decision = 0.0;
    s.params.readiness_rate = r;
    s.params.p = 5.0;
    s.params.waiver_boost = 20.0; // own decisions at 105 a year: a few days after readiness
    s.strategy.levers = vec![Lever::FeeWaiver { start: s.start, end: None }];
    s.end = s.start.add_days(2 * 364);
    s.replications = 40;
    s
}

#[test]
fn barriers_lift_at_the_readiness_rate() {
    let (r, lambda) = (0.6, 105.0);
    let scn = lifting_scenario(r);
    let s = renkei::parallel::run(&scn, 2).expect("runs");
    let prep = montecarlo::Prepared::new(&scn).expect("valid");
    for (m, (_, week)) in s.months.iter().zip(&prep.plan.reports).skip(1) {
        let t = *week as f64 / 52.0;
        // Ready at Exp(r), then decided at Exp(λ): P(adopted by t).
        let want = 1.0 - (lambda * (-r * t).exp() - r * (-lambda * t).exp()) / (lambda - r);
        assert!((m.rate.mean - want).abs() < 0.03, "at {}: {:.3} vs {want:.3}", m.date, m.rate.mean);
    }
    // Without readiness nobody gets past the barrier.
    assert_eq!(final_mean(&montecarlo::run(&lifting_scenario(0.0), &mut Quiet).expect("runs")), 0.0);
}

/// Outreach alone (p = q = 0) or own decisions alone (p > 0), under a waiver in force throughout.
fn under_waiver(boost: f64, outreach: bool) -> Summary {
    let mut s = plain(600, 30);
    s.params.waiver_boost = boost;
    s.params.outreach_efficacy = 0.5;
    if !outreach {
        s.params.p = 0.1;
    }
    s.strategy.levers = vec![Lever::FeeWaiver { start: d("2025-06-01"), end: None }];
    if outreach {
        s.strategy.levers.push(Lever::Outreach {
            areas: vec![],
            start: d("2025-09-01"),
            end: d("2026-08-31"),
            contacts_per_month: 4.0,
            groups: Groups::default(),
            centre_partners: false,
        });
    }
    s.replications = 60;
    renkei::parallel::run(&s, 2).expect("runs")
}

#[test]
fn the_fee_waiver_multiplies_own_decisions_not_outreach() {
    // Brief §6: "six times faster" is a national growth rate, not a lever's efficacy.
    let (a, b) = (under_waiver(0.0, true), under_waiver(20.0, true));
    assert!(final_mean(&a) > 0.1, "outreach adopts offices: {}", final_mean(&a));
    assert_eq!(a.paths, b.paths, "outreach adoption must not change with waiver_boost");
    let (c, e) = (under_waiver(0.0, false), under_waiver(5.0, false));
    assert!(final_mean(&e) > final_mean(&c) + 0.1, "own decisions: {} vs {}", final_mean(&c), final_mean(&e));
}

/// Decisions at p under a deadline open from the start; slow setup, some drop-out.
fn pledging(pledge: bool) -> (Scenario, u32) {
    let mut s = plain(800, 40);
    s.params.p = 1.0;
    s.params.setup_rate = Some(0.5); // two years on average: most would still be setting up
    s.params.planning_dropout = 0.5;
    let date = s.start.add_days(40 * 7 + 3);
    s.strategy.levers =
        vec![Lever::Deadline { name: "pay add-on".into(), announce: s.start, date, weight: 1.0, pledge }];
    let due = (s.start.days_until(date) / 7) as u32;
    (s, due)
}

/// States after the deadline's week, replication `rep`.
fn after_deadline(scn: &Scenario, due: u32, rep: u64) -> Vec<State> {
    let world = World::build(scn, &mut rng::stream(scn.seed, rep, STREAM_NETWORK)).expect("world");
    let plan = Plan::new(scn);
    let mut sim = Sim::new(scn, &world, &plan, rep);
    while sim.week <= due {
        sim.step();
    }
    sim.states().collect()
}

#[test]
fn pledged_offices_have_adopted_or_dropped_by_the_deadline() {
    let (scn, due) = pledging(true);
    let (free, _) = pledging(false);
    for rep in 0..4 {
        let states = after_deadline(&scn, due, rep);
        let count = |x: State| states.iter().filter(|&&s| s == x).count();
        assert_eq!(count(State::Planning), 0, "every pledge is fulfilled or dropped by the deadline");
        assert!(count(State::Adopted) > 400, "pledges adopt: {}", count(State::Adopted));
        // Without the pledge the slow setup leaves many still setting up.
        let states = after_deadline(&free, due, rep);
        assert!(states.iter().filter(|&&s| s == State::Planning).count() > 100);
    }
    // Backward compatible JSON: a deadline without the field is no pledge, and no pledge is not written.
    let l: Lever =
        serde_json::from_str(r#"{"lever":"deadline","announce":"2026-06-01","date":"2027-03-31"}"#).expect("parses");
    assert!(matches!(l, Lever::Deadline { pledge: false, .. }));
    assert!(!serde_json::to_string(&l).expect("json").contains("pledge"));
}
