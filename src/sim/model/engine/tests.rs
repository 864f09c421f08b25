use super::*;

#[test]
fn no_lever_reaches_an_out_of_scope_office() {
    let mut scn = crate::sim::scenario::regions::preset("chitose").expect("preset");
    scn.uncertainty = crate::sim::scenario::posterior::Uncertainty::Fixed;
    // Outreach to areas and to the centres' partners, visits, support, partner requests.
    for name in ["area_by_area", "centre_partners", "visits_support", "partner_request"] {
        let s = crate::sim::scenario::strategies::library(name, &scn).expect("library strategy");
        let skip = crate::sim::scenario::strategies::calendar(crate::sim::scenario::strategies::FREE_PASS_END).len();
        scn.strategy.levers.extend(s.levers.into_iter().skip(skip));
    }
    let plan = Plan::new(&scn);
    let world =
        crate::sim::model::population::World::build(&scn, &mut rng::stream(1, 0, STREAM_NETWORK)).expect("world");
    let mut sim = Sim::new(&scn, &world, &plan, 0);
    for _ in 0..8 {
        sim.step();
    }
    assert_eq!(world.out_of_scope.len(), 81);
    for &o in &world.out_of_scope {
        let o = o as usize;
        assert!(sim.buf.office[o].flags & OUT != 0);
        assert_eq!((sim.buf.out_na[o], sim.buf.out_plan[o]), (0.0, 0.0), "outreach reached office {o}");
    }
    assert!(sim.buf.out_na.iter().any(|&x| x > 0.0), "outreach reaches the others");
    for (i, c) in sim.buf.candidates.iter().enumerate() {
        assert!(sim.buf.candidates_ready[i] || c.is_empty());
        assert!(
            c.iter().all(|o| sim.buf.office[*o as usize].flags & OUT == 0),
            "lever {i} can reach an out-of-scope office"
        );
    }
    assert!(sim.buf.candidates.iter().any(|c| !c.is_empty()), "monthly levers have candidates");
}

/// Frequency with which each candidate is chosen by `sample_where` over many draws.
fn frequencies(n: u32, k: usize, keep: impl Fn(u32) -> bool + Copy) -> Vec<f64> {
    let keep2 = move |o: u32, _: &Office| keep(o);
    let candidates: Vec<u32> = (0..n).collect();
    let mut offices = vec![Office::default(); n as usize];
    let mut rng = rng::stream(7, 0, 0);
    let mut out = Vec::new();
    let mut count = vec![0.0; n as usize];
    let draws = 20_000;
    for _ in 0..draws {
        sample_where(&mut rng, &candidates, k, &mut out, &mut offices, keep2);
        let mut seen = out.clone();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), out.len(), "a candidate was chosen twice");
        assert!(out.iter().all(|&o| keep(o)), "a candidate that does not qualify was chosen");
        for &o in &out {
            count[o as usize] += 1.0;
        }
    }
    assert!(offices.iter().all(|r| r.flags == 0), "PICKED marks left behind");
    count.iter().map(|c| c / draws as f64).collect()
}

#[test]
fn sample_where_is_uniform_when_targets_are_common() {
    // Rejection route: 5 of 10 qualify, 2 chosen: each qualifying one with probability 2/5.
    let f = frequencies(10, 2, |o| o % 2 == 0);
    for (o, x) in f.iter().enumerate() {
        let want = if o % 2 == 0 { 0.4 } else { 0.0 };
        assert!((x - want).abs() < 0.02, "office {o}: {x} vs {want}");
    }
}

#[test]
fn sample_where_falls_back_to_a_scan_when_targets_are_rare() {
    // 3 of 2,000 qualify and 2 are asked for: rejection cannot find them in its trials.
    let f = frequencies(2000, 2, |o| o == 5 || o == 900 || o == 1999);
    for (o, x) in f.iter().enumerate() {
        let want = if o == 5 || o == 900 || o == 1999 { 2.0 / 3.0 } else { 0.0 };
        assert!((x - want).abs() < 0.02, "office {o}: {x} vs {want}");
    }
    // Fewer qualify than asked: all of them.
    let f = frequencies(50, 10, |o| o < 3);
    assert!(f[..3].iter().all(|&x| x == 1.0) && f[3..].iter().all(|&x| x == 0.0));
}

#[test]
fn a_replication_does_not_depend_on_the_one_before_with_planners_and_outreach() {
    // Survey planners at the start and outreach to planning offices (`Groups::planning`).
    let mut scn = crate::sim::scenario::regions::preset("chitose").expect("preset");
    scn.uncertainty = crate::sim::scenario::posterior::Uncertainty::Fixed;
    let s = crate::sim::scenario::strategies::library("area_by_area", &scn).expect("library strategy");
    scn.strategy = s;
    scn.survey = Some(
        scn.population
            .areas
            .iter()
            .map(|a| crate::sim::scenario::survey::SurveyArea {
                area: a.name.clone(),
                not_adopted: 0,
                planning: 6,
                adopted: 2,
            })
            .collect(),
    );
    let plan = Plan::new(&scn);
    assert!(plan.outreach_active.iter().any(|v| !v.is_empty()), "the strategy has outreach");
    let world =
        crate::sim::model::population::World::build(&scn, &mut rng::stream(1, 0, STREAM_NETWORK)).expect("world");
    let run = |rep: u64, b: Buffers| {
        let mut sim = Sim::with_buffers(&scn, &world, &plan, &plan.model, rep, b);
        while !sim.done() {
            sim.step();
        }
        (sim.states().collect::<Vec<_>>(), sim.into_buffers())
    };
    let (fresh, _) = run(1, Buffers::default());
    let (_, used) = run(0, Buffers::default());
    let (after, _) = run(1, used);
    assert_eq!(fresh, after);
}

/// Prefetching (a population larger than the caches, `prefetch.rs`) is a hint only: a
/// national-size replication runs the same week by week with it and without it.
#[test]
fn prefetching_changes_no_result() {
    let scn = crate::sim::experiment::bench_cases::nation(40_000, 750).expect("national case");
    let plan = Plan::new(&scn);
    let world =
        crate::sim::model::population::World::build(&scn, &mut rng::stream(1, 0, STREAM_NETWORK)).expect("world");
    assert!(world.len() >= 1 << 15, "large enough to prefetch natively");
    let (mut with, mut without) = (Sim::new(&scn, &world, &plan, 0), Sim::new(&scn, &world, &plan, 0));
    // Forced both ways (natively: elsewhere there is nothing to prefetch with, see `prefetching`).
    (with.prefetch, without.prefetch) = (true, false);
    assert_eq!(with.prefetching(), cfg!(target_arch = "x86_64"));
    assert!(!with.buf.pledge.is_empty() && !with.buf.out_na.is_empty(), "pledges and outreach: every array prefetched");
    while !with.done() {
        with.step();
        without.step();
        assert!(with.states().eq(without.states()), "week {}", with.week);
        assert!(with.buf.next.iter().eq(without.buf.next.iter()), "next events, week {}", with.week);
    }
    assert!(with.counts.adopted_home > scn.population.initial_adopted, "offices adopted during the run");
    assert_eq!(format!("{:?}", with.counts), format!("{:?}", without.counts));
}
