//! `renkei fit`: the fit report (shipped defaults per region, every observed figure, plus the
//! leave-one-region-out check read from the file `calibrate --loo` writes, calibrate.rs).

use crate::args::{FitArgs, ReportFormat};
use crate::calibrate::LooOut;
use anyhow::{bail, Context, Result};
use renkei::parallel::in_chunks;
use renkei::sim::experiment::calibrate::{self, FitRow, Source};
use renkei::sim::experiment::report;
use renkei::sim::experiment::targets::{self, FigureFit};
use renkei::sim::scenario::params::Params;
use renkei::sim::scenario::posterior;
use serde::Serialize;

#[derive(Serialize)]
struct FitOut {
    date: &'static str,
    /// Which parameters were used: the shipped posterior (each replication draws its own) or
    /// the fixed set given with --params.
    params: String,
    replications: u32,
    /// The four regions' rates at `date`.
    regions: Vec<FitRow>,
    /// Every observed figure (brief §4, §4a) beside its simulated median and 90% band.
    targets: Vec<FigureFit>,
    leave_one_out: Vec<FitRow>,
    /// Where the leave-one-out rows come from.
    leave_one_out_source: String,
    /// Mean absolute error of the left-out medians.
    loo_mae: Option<f64>,
    /// Naive forecasts of the same held-out regions, for comparison with `loo_mae`.
    baselines: Vec<calibrate::Baseline>,
    targets_met: bool,
}

pub fn fit(args: &FitArgs) -> Result<()> {
    let reps = args.reps;
    if !(1..=100_000).contains(&reps) {
        bail!("--reps {reps}: allowed 1 to 100000");
    }
    let seed = args.seed;
    let loo_path = args.loo_file.as_deref().unwrap_or(crate::calibrate::LOO_FILE);
    let mut reads = vec![("--loo-file", loo_path)];
    reads.extend(args.params.as_deref().map(|p| ("--params", p)));
    reads.extend(args.scenario.as_deref().map(|p| ("--scenario", p)));
    let sink = crate::sink::Sink::open("--out", args.out.as_deref(), &reads)?;
    let threads = crate::threads(&args.threads);
    let fixed = match &args.params {
        None => None,
        Some(path) => Some(load_params(path)?),
    };
    let source = match &fixed {
        Some(p) => Source::Fixed(p),
        None => Source::Posterior(posterior::shipped()),
    };
    if let Some(file) = &args.scenario {
        return fit_one(file, source, args, sink);
    }
    let names = calibrate::all_targets();
    let targets: Vec<FigureFit> = in_chunks(&names, threads, |c| {
        let mut out = Vec::new();
        for r in c {
            out.extend(targets::fit_figures(r, source, reps, seed)?);
        }
        Ok(out)
    })?;
    // The four regions' 2026-02-28 rates, as before (each region's first figure).
    let rows: Vec<FitRow> = targets
        .iter()
        .filter(|f| f.name.ends_with(&format!("rate {}", calibrate::TARGET_DATE)))
        .map(|f| FitRow {
            region: f.region.clone(),
            observed: f.observed,
            median: f.median,
            p05: f.p05,
            p95: f.p95,
            inside: f.in_band,
            error: (f.median - f.observed).abs(),
            replications: reps,
        })
        .collect();
    let explicit = args.loo_file.is_some();
    let (loo, source_text) = match crate::sink::read_text("--loo-file", loo_path, crate::sink::MAX_JSON_BYTES) {
        Ok(text) => {
            let doc: LooOut =
                serde_json::from_str(&text).with_context(|| format!("--loo-file {}", crate::sink::short(loo_path)))?;
            let src = format!(
                "{loo_path} (renkei calibrate --loo: {} particles, up to {} generations, seed {})",
                doc.config.particles, doc.config.generations, doc.config.seed
            );
            (doc.leave_one_out.into_iter().map(|r| r.fit).collect::<Vec<_>>(), src)
        }
        // Only the default may be missing: a file the user named must be there.
        Err(e) if explicit => return Err(e),
        Err(_) => (Vec::new(), format!("{loo_path} not found: run `renkei calibrate --loo` to create it")),
    };
    // The baselines forecast the same held-out regions (all four when there is no leave-one-out yet).
    let mut held: Vec<String> = loo.iter().map(|r| r.region.clone()).collect();
    if held.is_empty() {
        held = calibrate::all_regions();
    }
    let baselines = calibrate::baselines(&held)?;
    let loo_mae = if loo.is_empty() { None } else { Some(loo.iter().map(|r| r.error).sum::<f64>() / loo.len() as f64) };
    let met = targets.iter().all(|t| t.in_band)
        && !loo.is_empty()
        && loo.iter().all(calibrate::meets_loo_target)
        && loo_mae.is_some_and(|m| baselines.iter().all(|b| m < b.mae));
    let out = FitOut {
        date: calibrate::TARGET_DATE,
        params: match (&args.params, &source) {
            (Some(p), _) => format!("fixed parameters from {p}"),
            (None, _) => format!("posterior predictive ({})", posterior::shipped().version),
        },
        replications: reps,
        regions: rows,
        targets,
        leave_one_out: loo,
        leave_one_out_source: source_text,
        loo_mae,
        baselines,
        targets_met: met,
    };
    let text = if args.format == ReportFormat::Json {
        let manifest = report::Manifest::new().text("fit", &out.params).word("seed", seed).word("replications", reps);
        report::json_document(&manifest, &out)?
    } else {
        fit_text(&out)
    };
    sink.write(&text)
}

/// `fit --scenario FILE`: the scenario's own figures.
fn fit_one(file: &str, source: Source, args: &FitArgs, sink: crate::sink::Sink) -> Result<()> {
    let scn = crate::load_scenario(file).with_context(|| format!("--scenario {}", crate::sink::short(file)))?;
    let figures = targets::fit_scenario(&scn, source, args.reps, args.seed).with_context(|| format!("in {file}"))?;
    let params = match &args.params {
        Some(p) => format!("fixed parameters from {p}"),
        None => format!("posterior predictive ({})", posterior::shipped().version),
    };
    let text = if args.format == ReportFormat::Json {
        let manifest =
            report::Manifest::new().text("fit", &params).word("seed", args.seed).word("replications", args.reps);
        report::json_document(&manifest, &figures)?
    } else {
        let mut s =
            format!("fit of {file} with {params} ({} replications), from its start without its figures\n", args.reps);
        s.push_str(&figure_lines(&figures));
        s
    };
    sink.write(&text)
}

/// The figure table of the text report.
fn figure_lines(targets: &[FigureFit]) -> String {
    let mut s = format!(
        "{:<46} {:>10} {:>9} {:>9} {:>9} {:>9}  {}\n",
        "figure", "date", "observed", "median", "p05", "p95", "in band"
    );
    for t in targets {
        s.push_str(&format!(
            "{:<46} {:>10} {:>9.3} {:>9.3} {:>9.3} {:>9.3}  {}\n",
            t.name,
            t.date,
            t.observed,
            t.median,
            t.p05,
            t.p95,
            if t.in_band { "yes" } else { "NO" }
        ));
    }
    s
}

/// Parameters from a file: the output of `renkei calibrate` (its `median_params`) or a bare `Params` object.
fn load_params(path: &str) -> Result<Params> {
    let text = crate::sink::read_text("--params", path, crate::sink::MAX_JSON_BYTES)?;
    let path = crate::sink::short(path);
    let v: serde_json::Value = serde_json::from_str(&text).with_context(|| format!("--params {path}"))?;
    let p = v.get("median_params").cloned().unwrap_or(v);
    // An array would be read by position, silently: only an object names its parameters.
    if !p.is_object() {
        bail!("--params {path}: expected a JSON object of named parameters (or a calibration's median_params)");
    }
    let params: Params = serde_json::from_value(p).with_context(|| format!("--params {path}: not a parameter set"))?;
    params.validate().with_context(|| format!("--params {path}"))?;
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
    let mut s = format!("fit with {} ({} replications per target)\n", f.params, f.replications);
    s.push_str(&figure_lines(&f.targets));
    s.push_str(&format!("\nleave-one-region-out (from {})\n", f.leave_one_out_source));
    for r in &f.leave_one_out {
        s.push_str(&row_line(r, calibrate::meets_loo_target(r)));
    }
    if let Some(m) = f.loo_mae {
        s.push_str(&format!("mean absolute error of the left-out medians: {m:.3}\n"));
    }
    for b in &f.baselines {
        s.push_str(&format!("baseline {:<58} mean absolute error {:.3}\n", b.name, b.mae));
    }
    s.push_str(&format!("\ntargets met: {}\n", if f.targets_met { "yes" } else { "no" }));
    s
}
