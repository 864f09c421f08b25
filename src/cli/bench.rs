//! `renkei bench`: throughput of the engine on the peers' core case
//! (../shared/peers), on a Sendai-size municipality with every lever, and on a
//! national-scale population; memory per office and per link. Each case's time is also given
//! per office-step against the core case's in the same run (the machine's speed drifts, a ratio
//! measured side by side much less), and with `--profile` its instruction count (callgrind).

use crate::args::BenchArgs;
use anyhow::{Context, Result};
use renkei::sim::experiment::bench_cases::{calibration_work, core_case, every_lever_sendai, nation};
use renkei::sim::experiment::montecarlo::{self, Prepared};
use renkei::sim::model::engine::Sim;
use renkei::sim::model::plan::Plan;
use renkei::sim::model::population::World;
use renkei::sim::rng;
use renkei::sim::scenario::posterior::Uncertainty;
use renkei::sim::scenario::Scenario;
use std::time::Instant;

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let x = f();
    (x, t.elapsed().as_secs_f64())
}

/// Runs `f` `n` times: its last result and the best and median seconds. The best of several
/// runs is the figure least disturbed by other load on a shared machine; the median is
/// printed next to it so the spread is visible.
fn timed<T>(n: usize, mut f: impl FnMut() -> T) -> (T, Timing) {
    let (mut last, first) = time(&mut f);
    let mut secs = vec![first];
    for _ in 1..n {
        let (x, s) = time(&mut f);
        secs.push(s);
        last = x;
    }
    secs.sort_by(f64::total_cmp);
    (last, Timing { best: secs[0], median: secs[secs.len() / 2], runs: secs.len() })
}

#[derive(Clone, Copy)]
struct Timing {
    best: f64,
    median: f64,
    runs: usize,
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.3} s (best of {}; median {:.3} s)", self.best, self.runs, self.median)
    }
}

/// A case's seconds (or instructions) per office-step against the core case's.
fn against_core(per_step: f64, core_per_step: f64) -> String {
    format!("{:.1}× the core case per office-step", per_step / core_per_step)
}

/// Office-steps of a scenario's run: replications × weeks × offices (home and external).
fn office_steps(scn: &Scenario) -> f64 {
    let offices = scn.population.home_offices() + scn.population.external_offices;
    scn.replications as f64 * Plan::new(scn).weeks as f64 * offices as f64
}

pub fn main(args: &BenchArgs) -> Result<()> {
    if let Some(n) = args.profile_core {
        return core_only(n);
    }
    if args.national_only {
        return national(5, 1, None);
    }
    if args.profile_national || args.profile_network {
        let nat = nation(290_000, 5_400)?;
        if args.profile_network {
            let world = World::build(&nat, &mut rng::stream(nat.seed, 0, renkei::sim::model::engine::STREAM_NETWORK))?;
            outln!("{} links", world.links());
        } else {
            let (world, _, _) = one_rep(&nat)?;
            outln!("{} links", world.links());
        }
        return Ok(());
    }
    if let Some(n) = args.profile_calibration {
        outln!("{:016x}", calibration_work(n)?);
        return Ok(());
    }
    if let Some(n) = args.profile_sendai {
        // The fingerprint shows whether an optimisation changed the numbers.
        let r = renkei::parallel::run(&every_lever_sendai(n)?, 1)?;
        outln!("{}", montecarlo::fingerprint(&r));
        return Ok(());
    }
    let quick = args.quick;
    let reps = if quick { 100 } else { 1000 };
    let runs = if quick { 1 } else { 3 };

    // 1. Core case, one core.
    let scn = core_case(2100, 50, 26, reps)?;
    let prep = Prepared::new(&scn)?;
    let weeks = prep.plan.weeks;
    let mut buffers = renkei::sim::experiment::montecarlo::Workspace::default();
    let (recs, t_core) =
        timed(runs, || (0..reps as u64).map(|r| prep.run_rep_with(r, &mut buffers)).collect::<Result<Vec<_>, _>>());
    let recs = recs?;
    let mean_final = recs.iter().map(|r| r.values.last().map_or(0.0, |v| v[0])).sum::<f64>() / reps as f64;
    let steps = reps as f64 * weeks as f64 * 2100.0;
    let rate = steps / t_core.best;
    let core_per_step = t_core.best / steps;
    outln!("core case (peers): {reps} reps × {weeks} weeks × 2100 offices, 1 thread: {t_core}, {:.1} M office-steps/s, mean final rate {mean_final:.4}", rate / 1e6);
    match args.peers.as_deref() {
        Some(dir) => {
            // Side by side: the peers run now, on this machine, on the same case.
            let python = args.python.as_str();
            let numpy = run_peer(python, dir, "numpy_peer.py", &["1000", "26", "2100"])?;
            let mesa = run_peer(python, dir, "mesa_peer.py", &["20", "26", "2100"])?;
            outln!(
                "  vs peers run now: numpy {:.1} M/s (mean final {:.4}) → {:.1}×, Mesa {:.3} M/s (mean final {:.4}) → {:.0}×",
                numpy.0 / 1e6,
                numpy.1,
                rate / numpy.0,
                mesa.0 / 1e6,
                mesa.1,
                rate / mesa.0
            );
        }
        None => outln!(
            "  vs peers' published figures on this machine kind: numpy 43 M/s → {:.1}×, Mesa 0.40 M/s → {:.0}× (--peers DIR runs them now)",
            rate / 43e6,
            rate / 0.40e6
        ),
    }

    // 2. Sendai-size municipality with every lever, six months, one core.
    let sendai = every_lever_sendai(reps)?;
    let n_levers = sendai.strategy.levers.len();
    let (res, t_sendai) = timed(runs, || renkei::parallel::run(&sendai, 1));
    let res = res?;
    let sendai_steps = office_steps(&sendai);
    outln!(
        "sendai-size, every lever kind on ({n_levers} levers), {reps} reps × 6 months, 1 thread: {t_sendai} (median rate at {} = {:.3}), {:.1} M office-steps → {}",
        res.months.last().map_or("", |m| m.date.as_str()),
        res.months.last().map_or(0.0, |m| m.rate.median),
        sendai_steps / 1e6,
        against_core(t_sendai.best / sendai_steps, core_per_step)
    );
    let mut drawn = sendai.clone();
    drawn.uncertainty = Uncertainty::Posterior;
    let (res, t_post) = timed(runs, || renkei::parallel::run(&drawn, 1));
    let res = res?;
    outln!(
        "  same, posterior-predictive (parameters drawn per replication), 1 thread: {t_post} → {:+.1}% against fixed parameters (median rate {:.3}, 90% band {:.3}–{:.3})",
        100.0 * (t_post.best / t_sendai.best - 1.0),
        res.months.last().map_or(0.0, |m| m.rate.median),
        res.months.last().map_or(0.0, |m| m.rate.p05),
        res.months.last().map_or(0.0, |m| m.rate.p95)
    );
    let t = renkei::parallel::default_threads();
    let (_, secs_t) = time(|| renkei::parallel::run(&sendai, t));
    outln!("  same on {t} threads: {secs_t:.3} s");

    // `--quick` (run by `cargo test`, unoptimised) takes the national case at 1/16 of its size:
    // the full 290,000 offices took most of the test suite's time there.
    if quick {
        national(1, 16, Some(core_per_step))?;
    } else {
        national(5, 1, Some(core_per_step))?;
    }
    if args.profile {
        profile(reps, steps, sendai_steps)?;
    }
    Ok(())
}

/// `--profile`: each case's instructions, counted by running this program again under
/// callgrind on that case alone (`--profile-core`, `--profile-sendai`, ...). Counts are exact
/// and do not move with the load, so the ratios to the core case are the stable ones; the
/// national simulation and one calibration evaluation are differences of two runs.
fn profile(reps: u32, core_steps: f64, sendai_steps: f64) -> Result<()> {
    let exe = std::env::current_exe().context("finding this program to run it under valgrind")?;
    let count = |args: &[&str]| -> Result<f64> {
        let out = std::process::Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(&exe)
            .arg("bench")
            .args(args)
            .output()
            .context("--profile runs valgrind, which was not found (install it: apt-get install valgrind)")?;
        let err = String::from_utf8_lossy(&out.stderr);
        anyhow::ensure!(out.status.success(), "valgrind bench {} failed: {}", args.join(" "), err.trim());
        err.lines()
            .find_map(|l| l.split_once("Collected :").and_then(|(_, n)| n.trim().parse().ok()))
            .with_context(|| format!("valgrind printed no instruction count: {err}"))
    };
    let n = reps.to_string();
    let core = count(&["--profile-core", &n])?;
    let per_core = core / core_steps;
    outln!("instructions (callgrind): core case {:.1} M, {per_core:.1} per office-step", core / 1e6);
    let sendai = count(&["--profile-sendai", &n])?;
    outln!(
        "  sendai-size, every lever: {:.1} M, {:.1} per office-step → {}",
        sendai / 1e6,
        sendai / sendai_steps,
        against_core(sendai / sendai_steps, per_core)
    );
    let nat = nation(290_000, 5_400)?;
    let nat_steps = office_steps(&nat);
    let (whole, network) = (count(&["--profile-national"])?, count(&["--profile-network"])?);
    outln!(
        "  national, 1 replication: {:.1} M incl. network → {}; simulation {:.1} M → {}",
        whole / 1e6,
        against_core(whole / nat_steps, per_core),
        (whole - network) / 1e6,
        against_core((whole - network) / nat_steps, per_core)
    );
    // A calibration draws its targets' pools of networks as its proposals first pick them
    // (`montecarlo::network_pool`): by the 64th evaluation nearly all are drawn, so evaluations
    // 65–128 cost what the thousands of a calibration's later ones do.
    let (early, late) = (count(&["--profile-calibration", "64"])?, count(&["--profile-calibration", "128"])?);
    outln!(
        "  one calibration evaluation (the shipped calibration's five targets, default parameters, pools drawn): {:.2} M",
        (late - early) / 64e6
    );
    Ok(())
}

/// One replication including network generation: the network, the run state's bytes and
/// the seconds spent in the simulation alone.
fn one_rep(scn: &Scenario) -> Result<(World, usize, f64)> {
    let world = World::build(scn, &mut rng::stream(scn.seed, 0, renkei::sim::model::engine::STREAM_NETWORK))?;
    let plan = Plan::new(scn);
    let (state_bytes, secs) = time(|| {
        let mut sim = Sim::new(scn, &world, &plan, 0);
        while !sim.done() {
            sim.step();
        }
        sim.state_bytes()
    });
    Ok((world, state_bytes, secs))
}

/// Seconds per office + link of a replication that took `best_secs` on `world`.
fn per_office_and_link(best_secs: f64, world: &World) -> f64 {
    best_secs / (world.len() + world.links()) as f64
}

/// The national case (290,000 offices, 5,400 centres, twelve months, network generation
/// included) divided by `shrink`, with its linear-cost check at a sixteenth and a quarter of that.
fn national(runs: usize, shrink: u32, core_per_step: Option<f64>) -> Result<()> {
    let nat = nation(290_000 / shrink, 5_400 / shrink)?;
    let nat_steps = office_steps(&nat);
    let mut sim_secs = Vec::new();
    let (built, t_nat) = timed(runs, || {
        let r = one_rep(&nat);
        if let Ok((_, _, s)) = &r {
            sim_secs.push(*s);
        }
        r
    });
    let (world, state_bytes, _) = built?;
    sim_secs.sort_by(f64::total_cmp);
    outln!(
        "national scale{}: {} offices, {} links, {} centres, 12 months, 1 replication incl. network: {t_nat} (simulation best {:.3} s)",
        if shrink == 1 { String::new() } else { format!(" at 1/{shrink} size (--quick)") },
        world.len(),
        world.links(),
        world.centre.len(),
        sim_secs.first().copied().unwrap_or(0.0)
    );
    if let Some(core) = core_per_step {
        outln!(
            "  {:.1} M office-steps: incl. network {}; simulation {}",
            nat_steps / 1e6,
            against_core(t_nat.best / nat_steps, core),
            against_core(sim_secs.first().copied().unwrap_or(0.0) / nat_steps, core)
        );
    }

    // Linear cost: the same case at a sixteenth and a quarter of the size (areas of the same
    // size), time per office + link; the full size is the run above.
    let mut per = Vec::new();
    for (offices, areas) in [(18_125 / shrink, 338 / shrink), (72_500 / shrink, 1_350 / shrink)] {
        let scn = nation(offices, areas)?;
        let (small, t) = timed(runs, || one_rep(&scn));
        let (small, _, _) = small?;
        per.push(format!("{offices} offices {:.0} ns", per_office_and_link(t.best, &small) * 1e9));
    }
    per.push(format!("{} offices {:.0} ns", world.len(), per_office_and_link(t_nat.best, &world) * 1e9));
    outln!("  scaling, best time per office + link (incl. network): {}", per.join(", "));

    // 4. Memory.
    let net = world.heap_bytes();
    outln!(
        "memory: network {:.1} MB = {:.1} B/office + {:.1} B/link (CSR 8 B/link); run state {:.1} B/office",
        net as f64 / 1e6,
        (net - world.nbrs.capacity() * 4) as f64 / world.len() as f64,
        (world.nbrs.capacity() * 4) as f64 / world.links() as f64,
        state_bytes as f64 / world.len() as f64,
    );
    Ok(())
}

/// Runs a peer script of `../shared/peers` and reads its `office_steps_per_s=` and
/// `mean_final=` figures.
fn run_peer(python: &str, dir: &str, script: &str, args: &[&str]) -> Result<(f64, f64)> {
    let path = std::path::Path::new(dir).join(script);
    let out = std::process::Command::new(python)
        .arg(&path)
        .args(args)
        .output()
        .with_context(|| format!("running {python} {}", path.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    anyhow::ensure!(
        out.status.success(),
        "{python} {} failed: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr).trim()
    );
    let field = |name: &str| -> Result<f64> {
        text.split_whitespace()
            .find_map(|w| w.strip_prefix(name))
            .and_then(|v| v.parse().ok())
            .with_context(|| format!("{} printed no {name}… figure: {text}", path.display()))
    };
    Ok((field("office_steps_per_s=")?, field("mean_final=")?))
}

/// `renkei bench --profile-core N`: only the core case, for a profiler.
pub fn core_only(reps: u32) -> Result<()> {
    let scn = core_case(2100, 50, 26, reps)?;
    let prep = Prepared::new(&scn)?;
    let mut s = 0.0;
    let mut buffers = renkei::sim::experiment::montecarlo::Workspace::default();
    for r in 0..reps as u64 {
        s += prep.run_rep_with(r, &mut buffers)?.values.last().map_or(0.0, |v| v[0]);
    }
    outln!("{}", s / reps as f64);
    Ok(())
}
