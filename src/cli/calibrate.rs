//! `renkei calibrate` (ABC-SMC over the shared parameters, particles evaluated on
//! threads; `calibrate --loo` writes the leave-one-region-out file that `renkei fit`, in
//! fit.rs, reads).

use crate::args::CalibrateArgs;
use anyhow::{bail, Context, Result};
use renkei::parallel::map_each;
use renkei::sim::error::SimError;
use renkei::sim::experiment::calibrate::{self, Abc, Config, FitRow, Observe, Posterior, Proposal, Target};
use renkei::sim::experiment::montecarlo::Workspace;
use renkei::sim::experiment::report::{self, Manifest};
use renkei::sim::scenario::params::Params;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// Where `calibrate --loo` writes and `fit` reads the leave-one-out result by default.
pub const LOO_FILE: &str = "data/loo.json";

/// Posterior-predictive replications of a left-out region.
const LOO_REPS: u32 = 400;

#[derive(Serialize, Deserialize)]
struct NoiseOut {
    /// The parameter set the distance was evaluated at.
    at: String,
    evaluations: usize,
    mean: f64,
    /// SD of the distance over independent seeds: it must stay below the final tolerance.
    sd: f64,
}

#[derive(Serialize, Deserialize)]
struct CalibrationOut {
    /// Identifies this calibration (also the `version` of data/posterior.json).
    #[serde(default)]
    version: String,
    regions: Vec<String>,
    /// Seconds of wall-clock time (measured here, at the CLI edge).
    seconds: f64,
    threads: usize,
    /// Proposals evaluated.
    proposals: usize,
    /// Simulated replications (proposals × replications per region, summed over regions).
    simulations: u64,
    /// The tolerance a further generation would have used.
    #[serde(default)]
    final_tolerance: Option<f64>,
    #[serde(default)]
    distance_noise: Option<NoiseOut>,
    /// The full parameter set with the posterior medians in place.
    median_params: Params,
    posterior: Posterior,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct LooOut {
    /// How it was computed (particles, generations, seed) and what it cost.
    pub(crate) config: Config,
    pub(crate) seconds: f64,
    pub(crate) simulations: u64,
    pub(crate) leave_one_out: Vec<LooRow>,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct LooRow {
    #[serde(flatten)]
    pub(crate) fit: FitRow,
    pub(crate) calibrated_on: Vec<String>,
    pub(crate) posterior_medians: Vec<(String, f64)>,
}

/// The calibration's targets: the four regions and the national figure, unless `--regions` says otherwise.
pub(crate) fn region_list(args: &CalibrateArgs) -> Result<Vec<String>> {
    let known = calibrate::all_targets();
    let list = match &args.regions {
        None => known.clone(),
        Some(s) => s.split(',').map(|r| r.trim().to_lowercase()).filter(|r| !r.is_empty()).collect(),
    };
    if list.is_empty() {
        bail!("--regions: give at least one of {}", known.join(","));
    }
    for r in &list {
        if !known.contains(r) {
            bail!("--regions: `{r}` is not a calibration target (known: {})", known.join(","));
        }
    }
    Ok(list)
}

/// Distances of a batch, split over `threads` native threads (the result does not depend on the split).
pub(crate) fn evaluate_threads(
    targets: &[Target],
    base: &Params,
    cfg: &Config,
    batch: &[Proposal],
    threads: usize,
) -> Result<Vec<f64>, SimError> {
    map_each(batch, threads, |ws: &mut Vec<Workspace>, p| calibrate::evaluate_one(targets, base, cfg, p, ws))
}

/// The progress line on stderr: generation, tolerance, accepted particles, proposals, time.
struct ProgressLine<'a> {
    label: &'a str,
    t0: Instant,
}

impl Observe for ProgressLine<'_> {
    fn observe(&mut self, abc: &Abc) -> bool {
        let (done, total) = abc.progress();
        let eps = abc.epsilon();
        let generations = abc.config().generations;
        eprint!(
            "\r{}generation {}/{generations} ε={} accepted {done}/{total} proposals {} {:.0}s   ",
            self.label,
            (abc.generation() + 1).min(generations),
            if eps.is_finite() { format!("{eps:.4}") } else { "∞".into() },
            abc.proposals(),
            self.t0.elapsed().as_secs_f64()
        );
        true
    }
}

/// Runs one calibration with a progress line on stderr; returns the posterior and the simulations run.
fn run_abc(cfg: Config, regions: &[String], threads: usize, reps_scale: f64, label: &str) -> Result<(Posterior, u64)> {
    let targets: Vec<Target> = regions
        .iter()
        .map(|r| Target::preset(r, reps_scale))
        .collect::<Result<_, _>>()
        .context("building the targets")?;
    let reps_per: u64 = targets.iter().map(|t| t.reps as u64).sum();
    let base = Params::default();
    let t0 = Instant::now();
    let eval = |ws: &mut Vec<Workspace>, p: &Proposal| calibrate::evaluate_one(&targets, &base, &cfg, p, ws);
    let mut line = ProgressLine { label, t0 };
    let post =
        renkei::parallel::calibration::calibrate(cfg.clone(), threads, eval, &mut line).context("calibration")?;
    eprintln!();
    let sims = post.proposals as u64 * reps_per;
    Ok((post, sims))
}

pub(crate) fn config_from(args: &CalibrateArgs) -> Result<Config> {
    let mut cfg = Config::default();
    if let Some(n) = args.particles {
        cfg.particles = n;
    }
    if let Some(g) = args.generations {
        cfg.generations = g;
    }
    if let Some(s) = args.seed {
        cfg.seed = s;
    }
    if let Some(q) = args.quantile {
        cfg.quantile = q;
    }
    if let Some(a) = args.min_acceptance {
        cfg.min_acceptance = a;
    }
    if let Some(b) = args.batch {
        cfg.batch = b;
    }
    if let Some(m) = args.max_proposals {
        cfg.max_proposals_per_generation = m;
    }
    // Each option against its range, named as the user gave it (the core's check names fields).
    let checks: [(&str, f64, f64, f64, bool); 6] = [
        ("--particles", cfg.particles as f64, 2.0, 1e6, args.particles.is_some()),
        ("--generations", cfg.generations as f64, 1.0, 100.0, args.generations.is_some()),
        ("--batch", cfg.batch as f64, 1.0, 1e6, args.batch.is_some()),
        (
            "--max-proposals",
            cfg.max_proposals_per_generation as f64,
            cfg.particles as f64,
            1e9,
            args.max_proposals.is_some(),
        ),
        ("--min-acceptance", cfg.min_acceptance, 0.0, 1.0, args.min_acceptance.is_some()),
        ("--quantile", cfg.quantile, 0.01, 0.99, args.quantile.is_some()),
    ];
    for (option, v, lo, hi, given) in checks {
        if given && !(v.is_finite() && (lo..=hi).contains(&v)) {
            bail!("{option} {v}: allowed {lo} to {hi}");
        }
    }
    cfg.validate().context("calibration settings")?;
    Ok(cfg)
}

fn print_summary(post: &Posterior) {
    eprintln!("{:<18} {:>9} {:>9} {:>9}  {:>13}  identified", "parameter", "median", "p05", "p95", "prior");
    for s in &post.summary {
        eprintln!(
            "{:<18} {:>9.4} {:>9.4} {:>9.4}  [{:>4}, {:>4}]  {}",
            s.name,
            s.median,
            s.p05,
            s.p95,
            s.prior_lo,
            s.prior_hi,
            if s.identified { "yes" } else { "no (90% interval > 0.7 of the prior)" }
        );
    }
    if let Some(why) = &post.stopped_early {
        eprintln!("stopped: {why}");
    }
}

/// `--reps-scale X`: replications per evaluation × X (tests and quick looks use less than 1).
pub(crate) fn reps_scale(args: &CalibrateArgs) -> Result<f64> {
    let x = args.reps_scale;
    if !(x.is_finite() && (0.01..=100.0).contains(&x)) {
        bail!("--reps-scale {x}: allowed 0.01 to 100");
    }
    Ok(x)
}

/// The distance's Monte Carlo noise at one parameter set: its SD over `n` independent seeds.
fn distance_noise(
    regions: &[String],
    params: &Params,
    reps_scale: f64,
    seed: u64,
    n: usize,
    threads: usize,
) -> Result<NoiseOut> {
    let targets: Vec<Target> = regions.iter().map(|r| Target::preset(r, reps_scale)).collect::<Result<_, _>>()?;
    let seeds: Vec<u64> = (0..n as u64).map(|i| calibrate::sim_seed(seed ^ 0xD15, i)).collect();
    let d = map_each(&seeds, threads, |ws: &mut Vec<Workspace>, &sd| {
        calibrate::distance(&targets, params, calibrate::pool_seed(seed), sd, ws)
    })?;
    let mean = d.iter().sum::<f64>() / d.len().max(1) as f64;
    let sd = (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (d.len().max(2) - 1) as f64).sqrt();
    Ok(NoiseOut { at: "posterior medians".into(), evaluations: n, mean, sd })
}

/// Today's date (UTC) from the system clock, for the posterior's version: the CLI's edge is
/// the only place that reads a clock.
pub fn today() -> String {
    let days =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() / 86_400).unwrap_or(0);
    renkei::sim::date::Date::UNIX_EPOCH.add_days(days as i32).to_string()
}

pub fn main(args: &CalibrateArgs) -> Result<()> {
    let regions = region_list(args)?;
    let cfg = config_from(args)?;
    let scale = reps_scale(args)?;
    let threads = crate::threads(&args.threads);
    let t0 = Instant::now();
    if let Some(dir) = &args.state {
        return crate::cluster::main(args, dir);
    }
    if args.loo {
        let out = args.out.as_deref().unwrap_or(LOO_FILE);
        // Checked before hours of work, not after.
        let sink = crate::sink::Sink::open("--out", Some(out), &[])?;
        return loo(cfg, &regions, threads, scale, sink, t0);
    }
    // Both outputs are opened before the work, so a bad path is reported at once.
    let (sink, post_sink) = open_results(args.out.as_deref(), args.posterior_out.as_deref(), &[])?;
    let (post, _) = run_abc(cfg.clone(), &regions, threads, scale, "")?;
    let run = Results { cfg: &cfg, regions: &regions, scale, threads, seconds: t0.elapsed().as_secs_f64() };
    finish(&run, post, sink, post_sink)
}

/// How a calibration ran, for its output file.
pub(crate) struct Results<'a> {
    pub cfg: &'a Config,
    pub regions: &'a [String],
    pub scale: f64,
    pub threads: usize,
    pub seconds: f64,
}

/// Writes a finished calibration to `out` and `posterior_out` (files; used by the cluster merge).
pub(crate) fn write_results(
    run: &Results,
    post: Posterior,
    out: Option<&str>,
    posterior_out: Option<&str>,
    reads: &[(&str, &str)],
) -> Result<()> {
    let (sink, post_sink) = open_results(out, posterior_out, reads)?;
    finish(run, post, sink, post_sink)
}

/// The calibration's two outputs, held to the output rule together (neither is the other, nor
/// one of `reads`).
pub(crate) fn open_results(
    out: Option<&str>,
    posterior_out: Option<&str>,
    reads: &[(&str, &str)],
) -> Result<(crate::sink::Sink, Option<crate::sink::Sink>)> {
    let outputs: Vec<(&str, &str)> =
        [("--out", out), ("--posterior-out", posterior_out)].into_iter().filter_map(|(o, p)| Some((o, p?))).collect();
    crate::sink::check(&outputs, reads)?;
    let sink = crate::sink::Sink::open("--out", out, reads)?;
    let post_sink = match posterior_out {
        Some(p) => Some(crate::sink::Sink::open("--posterior-out", Some(p), reads)?),
        None => None,
    };
    Ok((sink, post_sink))
}

/// The summary on stderr, the distance noise at the medians, and the output files: the same for a
/// calibration on one machine and one merged from a cluster's shards.
fn finish(run: &Results, post: Posterior, sink: crate::sink::Sink, post_sink: Option<crate::sink::Sink>) -> Result<()> {
    let (cfg, regions, scale, threads, seconds) = (run.cfg, run.regions, run.scale, run.threads, run.seconds);
    let reps_per: u64 = regions
        .iter()
        .map(|r| Target::preset(r, scale).map(|t| t.reps as u64))
        .sum::<Result<u64, _>>()
        .context("building the targets")?;
    let simulations = post.proposals as u64 * reps_per;
    print_summary(&post);
    eprintln!("cost: {} proposals, {simulations} replications, {seconds:.1} s on {threads} threads", post.proposals);
    let medians = post.median_params(&Params::default())?;
    let noise = distance_noise(regions, &medians, scale, cfg.seed, 24, threads)?;
    let final_tolerance = post.generations.last().and_then(|g| g.epsilon);
    eprintln!(
        "distance at the posterior medians: mean {:.3}, Monte Carlo SD {:.3} over {} seeds; final tolerance {}",
        noise.mean,
        noise.sd,
        noise.evaluations,
        final_tolerance.map_or("∞".into(), |e| format!("{e:.3}"))
    );
    let version = format!(
        "{} abc-smc seed {} ({}; {} particles, {} generations)",
        today(),
        cfg.seed,
        regions.join("+"),
        post.particles.len(),
        post.generations.len()
    );
    let manifest = calibration_manifest(cfg, regions, scale, &post);
    if let Some(sink) = post_sink {
        let mut particles = post.to_particles(&version);
        particles.manifest = Some(manifest.line().to_string());
        sink.write(&serde_json::to_string(&particles).context("serialising the particles")?)?;
    }
    let out = CalibrationOut {
        version,
        regions: regions.to_vec(),
        seconds,
        threads,
        proposals: post.proposals,
        simulations,
        final_tolerance,
        distance_noise: Some(noise),
        median_params: medians,
        posterior: post,
    };
    sink.write(&report::json_document(&manifest, &out)?)
}

/// What produced a calibration file: the targets and the settings that shape the posterior.
fn calibration_manifest(cfg: &Config, regions: &[String], scale: f64, post: &Posterior) -> Manifest {
    Manifest::new()
        .text("calibration", &regions.join("+"))
        .word("seed", cfg.seed)
        .word("particles", cfg.particles)
        .word("generations", cfg.generations)
        .word("batch", cfg.batch)
        .word("reps_scale", scale)
        .word("proposals", post.proposals)
}

/// Leave-one-region-out: calibrate on the others (the national figure included), predict the
/// one left out with that posterior's predictive, as a default run would.
fn loo(
    cfg: Config,
    regions: &[String],
    threads: usize,
    scale: f64,
    sink: crate::sink::Sink,
    t0: Instant,
) -> Result<()> {
    let held: Vec<&String> = regions.iter().filter(|r| *r != "national").collect();
    if held.is_empty() || regions.len() < 2 {
        bail!("--loo needs at least two targets, one of them a region");
    }
    let mut rows = Vec::new();
    let mut simulations = 0;
    for left in held {
        let others: Vec<String> = regions.iter().filter(|r| *r != left).cloned().collect();
        let (post, sims) = run_abc(cfg.clone(), &others, threads, scale, &format!("without {left}: "))?;
        simulations += sims;
        let reps = ((LOO_REPS as f64 * scale.min(1.0)).ceil() as u32).max(8);
        let fit = calibrate::predict_region(left, &post.to_particles("leave-one-out"), reps, cfg.seed ^ 0x100)?;
        eprintln!(
            "{left}: observed {:.3}, predicted median {:.3} [{:.3}, {:.3}]",
            fit.observed, fit.median, fit.p05, fit.p95
        );
        simulations += reps as u64;
        rows.push(LooRow {
            fit,
            calibrated_on: others,
            posterior_medians: post.summary.iter().map(|s| (s.name.clone(), s.median)).collect(),
        });
    }
    let seconds = t0.elapsed().as_secs_f64();
    eprintln!("cost: {simulations} replications, {seconds:.1} s on {threads} threads");
    let manifest = Manifest::new()
        .text("leave_one_out", &regions.join("+"))
        .word("seed", cfg.seed)
        .word("particles", cfg.particles)
        .word("generations", cfg.generations)
        .word("batch", cfg.batch)
        .word("reps_scale", scale);
    let doc = LooOut { config: cfg, seconds, simulations, leave_one_out: rows };
    sink.write(&report::json_document(&manifest, &doc)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::{Cli, Command};
    use clap::Parser;
    use renkei::sim::experiment::jobs::calibration::{calib_config, native_command, CalibRequest};

    /// The command the page's calibration panel shows, read by this command line, is the
    /// calibration the page ran: the same regions and the same settings, its proposal budget
    /// (a cap per generation) included.
    #[test]
    fn the_pages_command_parses_to_the_calibration_the_page_ran() {
        let regions = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        for req in [
            CalibRequest { regions: regions(&["chitose"]), particles: 8, generations: 2, seed: 42 },
            CalibRequest {
                regions: regions(&["chitose", "okazaki", "higashisonogi", "sendai"]),
                particles: 400,
                generations: 9,
                seed: 20260228,
            },
        ] {
            let line = native_command(&req, 3);
            let cli = Cli::try_parse_from(line.split_whitespace()).unwrap_or_else(|e| panic!("{line}: {e}"));
            let Command::Calibrate(args) = cli.command else { panic!("{line}: not `calibrate`") };
            assert_eq!(config_from(&args).expect("valid settings"), calib_config(&req), "{line}");
            assert_eq!(region_list(&args).expect("known regions"), req.regions, "{line}");
            assert_eq!(args.reps_scale, 1.0, "the page evaluates every region at its full replications");
            assert_eq!(args.threads.threads, Some(3));
        }
    }
}
