//! `renkei calibrate` (ABC-SMC over the shared parameters, particles evaluated on
//! threads) and `renkei fit` (the fit report: shipped defaults per region, plus
//! the leave-one-region-out check read from the file `calibrate --loo` writes).

use crate::args::Args;
use anyhow::{bail, Context, Result};
use renkei::sim::calibrate::{self, Abc, Config, FitRow, Posterior, Proposal, Target};
use renkei::sim::error::SimError;
use renkei::sim::params::Params;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// Where `calibrate --loo` writes and `fit` reads the leave-one-out result by default.
pub const LOO_FILE: &str = "data/loo.json";

#[derive(Serialize, Deserialize)]
struct CalibrationOut {
    regions: Vec<String>,
    /// Seconds of wall-clock time (measured here, at the CLI edge).
    seconds: f64,
    threads: usize,
    /// Proposals evaluated.
    proposals: usize,
    /// Simulated replications (proposals × replications per region, summed over regions).
    simulations: u64,
    /// The full parameter set with the posterior medians in place.
    median_params: Params,
    posterior: Posterior,
}

#[derive(Serialize, Deserialize)]
struct LooOut {
    /// How it was computed (particles, generations, seed) and what it cost.
    config: Config,
    seconds: f64,
    simulations: u64,
    leave_one_out: Vec<LooRow>,
}

#[derive(Serialize, Deserialize)]
struct LooRow {
    #[serde(flatten)]
    fit: FitRow,
    calibrated_on: Vec<String>,
    posterior_medians: Vec<(String, f64)>,
}

#[derive(Serialize)]
struct FitOut {
    date: &'static str,
    /// Which parameters were used: "shipped defaults" or the file given with --params.
    params: String,
    replications: u32,
    regions: Vec<FitRow>,
    leave_one_out: Vec<FitRow>,
    /// Where the leave-one-out rows come from.
    leave_one_out_source: String,
    targets_met: bool,
}

fn region_list(args: &Args) -> Result<Vec<String>> {
    let list = match args.get("regions") {
        None => calibrate::all_regions(),
        Some(s) => s.split(',').map(|r| r.trim().to_lowercase()).filter(|r| !r.is_empty()).collect(),
    };
    if list.is_empty() {
        bail!("--regions: give at least one of {}", calibrate::all_regions().join(","));
    }
    for r in &list {
        if !calibrate::all_regions().contains(r) {
            bail!("--regions: `{r}` is not a calibration region (known: {})", calibrate::all_regions().join(","));
        }
    }
    Ok(list)
}

/// Distances of a batch, split over `threads` native threads (the result does not depend on the split).
fn evaluate_threads(
    targets: &[Target],
    base: &Params,
    cfg: &Config,
    batch: &[Proposal],
    threads: usize,
) -> Result<Vec<f64>, SimError> {
    let chunk = batch.len().div_ceil(threads.max(1)).max(1);
    let parts: Vec<Result<Vec<f64>, SimError>> = std::thread::scope(|s| {
        let handles: Vec<_> = batch
            .chunks(chunk)
            .map(|c| s.spawn(move || calibrate::evaluate_batch(targets, base, cfg, c, &mut Vec::new())))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(SimError::Internal("a worker thread failed".into()))))
            .collect()
    });
    let mut out = Vec::with_capacity(batch.len());
    for p in parts {
        out.extend(p?);
    }
    Ok(out)
}

/// Runs one calibration with a progress line on stderr; returns the posterior and the simulations run.
fn run_abc(cfg: Config, regions: &[String], threads: usize, label: &str) -> Result<(Posterior, u64)> {
    let targets: Vec<Target> =
        regions.iter().map(|r| Target::preset(r, 1.0)).collect::<Result<_, _>>().context("building the targets")?;
    let reps_per: u64 = targets.iter().map(|t| t.reps as u64).sum();
    let base = Params::default();
    let mut abc = Abc::new(cfg.clone()).context("calibration settings")?;
    let t0 = Instant::now();
    while let Some(batch) = abc.next_batch() {
        let d = evaluate_threads(&targets, &base, &cfg, &batch, threads)?;
        abc.accept(&batch, &d)?;
        let (done, total) = abc.progress();
        let eps = abc.epsilon();
        eprint!(
            "\r{label}generation {}/{} ε={} accepted {done}/{total} proposals {} {:.0}s   ",
            (abc.generation() + 1).min(cfg.generations),
            cfg.generations,
            if eps.is_finite() { format!("{eps:.4}") } else { "∞".into() },
            abc.proposals(),
            t0.elapsed().as_secs_f64()
        );
    }
    eprintln!();
    let post = abc.posterior()?;
    let sims = post.proposals as u64 * reps_per;
    Ok((post, sims))
}

fn config_from(args: &Args) -> Result<Config> {
    let mut cfg = Config::default();
    if let Some(n) = args.number("particles")? {
        cfg.particles = n;
    }
    if let Some(g) = args.number("generations")? {
        cfg.generations = g;
    }
    if let Some(s) = args.number("seed")? {
        cfg.seed = s;
    }
    if let Some(q) = args.number("quantile")? {
        cfg.quantile = q;
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
        eprintln!("stopped early: {why}");
    }
}

pub fn main(rest: &[String]) -> Result<()> {
    let args = Args::parse(rest, &["loo"])?;
    args.only(&["regions", "particles", "generations", "seed", "quantile", "out", "threads", "loo"])?;
    if !args.positional.is_empty() {
        bail!("calibrate takes no positional arguments (use --regions a,b,c)");
    }
    let regions = region_list(&args)?;
    let cfg = config_from(&args)?;
    let threads = crate::threads(&args)?;
    let t0 = Instant::now();
    if args.flag("loo") {
        return loo(cfg, &regions, threads, args.get("out").unwrap_or(LOO_FILE), t0);
    }
    let (post, simulations) = run_abc(cfg, &regions, threads, "")?;
    let seconds = t0.elapsed().as_secs_f64();
    print_summary(&post);
    eprintln!("cost: {} proposals, {simulations} replications, {seconds:.1} s on {threads} threads", post.proposals);
    let out = CalibrationOut {
        regions,
        seconds,
        threads,
        proposals: post.proposals,
        simulations,
        median_params: post.median_params(&Params::default())?,
        posterior: post,
    };
    let text = serde_json::to_string_pretty(&out).context("serialising the posterior")?;
    crate::write_out(args.get("out"), &text)
}

/// Leave-one-region-out: calibrate on the others, predict the one left out with the posterior.
fn loo(cfg: Config, regions: &[String], threads: usize, out: &str, t0: Instant) -> Result<()> {
    if regions.len() < 2 {
        bail!("--loo needs at least two regions");
    }
    let mut rows = Vec::new();
    let mut simulations = 0;
    for left in regions {
        let others: Vec<String> = regions.iter().filter(|r| *r != left).cloned().collect();
        let (post, sims) = run_abc(cfg.clone(), &others, threads, &format!("without {left}: "))?;
        simulations += sims;
        let base = Params::default();
        let fit = calibrate::predict_region(left, &post, &base, 200, 2, cfg.seed ^ 0x100)?;
        eprintln!(
            "{left}: observed {:.3}, predicted median {:.3} [{:.3}, {:.3}]",
            fit.observed, fit.median, fit.p05, fit.p95
        );
        simulations += 400;
        rows.push(LooRow {
            fit,
            calibrated_on: others,
            posterior_medians: post.summary.iter().map(|s| (s.name.clone(), s.median)).collect(),
        });
    }
    let seconds = t0.elapsed().as_secs_f64();
    eprintln!("cost: {simulations} replications, {seconds:.1} s on {threads} threads");
    let doc = LooOut { config: cfg, seconds, simulations, leave_one_out: rows };
    let text = serde_json::to_string_pretty(&doc).context("serialising the leave-one-out result")?;
    if let Some(dir) = std::path::Path::new(out).parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
    }
    std::fs::write(out, text).with_context(|| format!("cannot write {out}"))
}

pub fn fit(rest: &[String]) -> Result<()> {
    let args = Args::parse(rest, &[])?;
    args.only(&["format", "reps", "seed", "threads", "loo-file", "out", "params"])?;
    let reps: u32 = args.number("reps")?.unwrap_or(200);
    if reps == 0 {
        bail!("--reps must be at least 1");
    }
    let seed: u64 = args.number("seed")?.unwrap_or(20250831);
    let format = args.get("format").unwrap_or("text");
    if format != "json" && format != "text" {
        bail!("--format {format}: expected json or text");
    }
    let threads = crate::threads(&args)?;
    let params = match args.get("params") {
        None => Params::default(),
        Some(path) => load_params(path)?,
    };
    let regions = calibrate::all_regions();
    // One region per thread (at most `threads` at a time).
    let mut rows: Vec<FitRow> = Vec::new();
    for chunk in regions.chunks(threads.max(1)) {
        let part: Vec<Result<FitRow, SimError>> = std::thread::scope(|s| {
            let hs: Vec<_> = chunk.iter().map(|r| s.spawn(|| calibrate::fit_region(r, &params, reps, seed))).collect();
            hs.into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err(SimError::Internal("a worker thread failed".into()))))
                .collect()
        });
        for r in part {
            rows.push(r?);
        }
    }
    let loo_path = args.get("loo-file").unwrap_or(LOO_FILE);
    let (loo, source) = match std::fs::read_to_string(loo_path) {
        Ok(text) => {
            let doc: LooOut = serde_json::from_str(&text).with_context(|| format!("in {loo_path}"))?;
            let src = format!(
                "{loo_path} (renkei calibrate --loo: {} particles, {} generations, seed {})",
                doc.config.particles, doc.config.generations, doc.config.seed
            );
            (doc.leave_one_out.into_iter().map(|r| r.fit).collect::<Vec<_>>(), src)
        }
        Err(_) => (Vec::new(), format!("{loo_path} not found: run `renkei calibrate --loo` to create it")),
    };
    let met = rows.iter().all(calibrate::meets_target) && loo.iter().all(calibrate::meets_loo_target);
    let out = FitOut {
        date: calibrate::TARGET_DATE,
        params: args
            .get("params")
            .map_or_else(|| "the shipped defaults".to_string(), |p| format!("parameters from {p}")),
        replications: reps,
        regions: rows,
        leave_one_out: loo,
        leave_one_out_source: source,
        targets_met: met,
    };
    let text = if format == "json" {
        serde_json::to_string_pretty(&out).context("serialising the fit")?
    } else {
        fit_text(&out)
    };
    crate::write_out(args.get("out"), &text)
}

/// Parameters from a file: the output of `renkei calibrate` (its `median_params`) or a bare `Params` object.
fn load_params(path: &str) -> Result<Params> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let v: serde_json::Value = serde_json::from_str(&text).with_context(|| format!("in {path}"))?;
    let p = v.get("median_params").cloned().unwrap_or(v);
    let params: Params = serde_json::from_value(p).with_context(|| format!("in {path}: not a parameter set"))?;
    params.validate().with_context(|| format!("in {path}"))?;
    Ok(params)
}

/// One region's line of the text report.
fn row_line(r: &FitRow, met: bool) -> String {
    format!(
        "{:<14} {:>8.3} {:>8.3} {:>8.3} {:>8.3}  {:<6} {:<6}\n",
        r.region,
        r.observed,
        r.median,
        r.p05,
        r.p95,
        if r.inside { "yes" } else { "no" },
        if met { "met" } else { "missed" }
    )
}

fn fit_text(f: &FitOut) -> String {
    let mut s = format!(
        "fit at {} with {} ({} replications per region)\n{:<14} {:>8} {:>8} {:>8} {:>8}  {:<6} {:<6}\n",
        f.date, f.params, f.replications, "region", "observed", "median", "p05", "p95", "inside", "target"
    );
    for r in &f.regions {
        s.push_str(&row_line(r, calibrate::meets_target(r)));
    }
    s.push_str(&format!("\nleave-one-region-out (from {})\n", f.leave_one_out_source));
    for r in &f.leave_one_out {
        s.push_str(&row_line(r, calibrate::meets_loo_target(r)));
    }
    s.push_str(&format!("\ntargets met: {}\n", if f.targets_met { "yes" } else { "no" }));
    s
}
