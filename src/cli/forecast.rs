//! `renkei forecast`: writes each region's forecast on record (docs/forecasts.md), or scores
//! one against official figures.

use crate::args::{ForecastArgs, ReportFormat};
use crate::sink::{self, Sink};
use anyhow::{bail, Context, Result};
use renkei::sim::date::Date;
use renkei::sim::experiment::forecast::{self, Forecast};
use renkei::sim::experiment::report;
use renkei::sim::scenario::regions;
use renkei::sim::scenario::Scenario;
use std::path::Path;

pub fn main(args: &ForecastArgs) -> Result<()> {
    if let Some(file) = &args.score {
        return score(file, args);
    }
    let reps = match args.reps {
        r @ 1..=100_000 => r,
        r => bail!("--reps {r}: allowed 1 to 100000"),
    };
    let seed = args.seed.unwrap_or(forecast::SEED);
    // A preset region, or a scenario file (a planner's municipality from `renkei scenario --new`).
    let scenarios: Vec<Scenario> = match args.region.as_deref() {
        Some(r) if regions::REGIONS.contains(&r) => vec![forecast::scenario(r, reps, seed)?],
        Some(r) => {
            // A file that is there but wrong gets its own message; only a name that is neither a
            // region nor a file gets the list of regions.
            let scn = crate::load_scenario(r).with_context(|| match std::path::Path::new(r).exists() {
                true => format!("--region {}", sink::short(r)),
                false => format!(
                    "--region {}: not one of {} nor a scenario file",
                    sink::short(r),
                    regions::REGIONS.join(", ")
                ),
            })?;
            vec![forecast::on_record(scn, reps, seed).with_context(|| format!("--region {}", sink::short(r)))?]
        }
        None => regions::REGIONS.iter().map(|r| forecast::scenario(r, reps, seed)).collect::<Result<_, _>>()?,
    };
    let threads = crate::threads(&args.threads);
    let issued = match &args.issued {
        Some(d) => Date::parse(d).with_context(|| format!("--issued {d}: expected a date YYYY-MM-DD"))?,
        None => today()?,
    };
    let dir = Path::new(&args.out_dir);
    std::fs::create_dir_all(dir)
        .with_context(|| format!("--out-dir {}: cannot create it", sink::short(&args.out_dir)))?;
    // Every file is held to the output rule (never a device, FIFO or folder) before any run.
    let inputs: Vec<(&str, &str)> = args.region.iter().map(|r| ("--region", r.as_str())).collect();
    let planned: Vec<String> = scenarios
        .iter()
        .map(|scn| dir.join(forecast::file_name_for(&scn.name, issued)).to_string_lossy().into_owned())
        .collect();
    for name in &planned {
        sink::check(&[("--out-dir", name)], &inputs)?;
    }
    for scn in scenarios {
        let region = scn.name.clone();
        let summary = renkei::parallel::run(&scn, threads)?;
        let f = forecast::record(&scn, &summary, issued)?;
        let path = dir.join(forecast::file_name(&f));
        let name = path.to_string_lossy();
        Sink::open("--out-dir", Some(&name), &inputs)?.write(&report::json_document(&forecast::manifest(&f), &f)?)?;
        let last = f.months.last().context("a forecast has months")?;
        outln!(
            "{region}: from {} ({}/{}), {}: median {:.3} [{:.3}–{:.3}] → {}",
            f.from,
            f.from_adopters,
            f.from_offices,
            last.date,
            last.median,
            last.p05,
            last.p95,
            path.display()
        );
    }
    Ok(())
}

/// Today's date (UTC) from the system clock: the forecast's issue date.
fn today() -> Result<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .context("the system clock is before 1970; pass --issued YYYY-MM-DD")?
        .as_secs();
    Ok(Date::UNIX_EPOCH.add_days((secs / 86_400) as i32))
}

/// `DATE:ADOPTERS/OFFICES`, e.g. `2026-08-31:150/690`.
fn parse_observed(text: &str) -> Result<(Date, u32, u32)> {
    let parsed = text.split_once(':').and_then(|(d, r)| {
        let (a, o) = r.split_once('/')?;
        Some((Date::parse(d.trim())?, a.trim().parse().ok()?, o.trim().parse().ok()?))
    });
    parsed.with_context(|| {
        format!("--observed {}: expected DATE:ADOPTERS/OFFICES, e.g. 2026-08-31:150/690", sink::short(text))
    })
}

fn score(file: &str, args: &ForecastArgs) -> Result<()> {
    let text = sink::read_text("--score", file, sink::MAX_JSON_BYTES)?;
    let shown = sink::short(file);
    let (_, f): (_, Forecast) =
        report::read_json_document(&text).with_context(|| format!("--score {shown}: not a forecast file"))?;
    f.validate().with_context(|| format!("--score {shown}: not a forecast renkei wrote (or edited by hand)"))?;
    let observed = args.observed.iter().map(|o| parse_observed(o)).collect::<Result<Vec<_>>>()?;
    if observed.is_empty() {
        bail!("--score needs at least one --observed DATE:ADOPTERS/OFFICES");
    }
    let scores = forecast::score(&f, &observed).map_err(|e| anyhow::anyhow!("--{e}"))?;
    match args.format {
        ReportFormat::Json => outln!("{}", serde_json::to_string_pretty(&scores)?),
        ReportFormat::Text => {
            outln!("{} forecast issued {} from {} (posterior {})", f.region, f.issued, f.from, f.posterior_version);
            outln!("date        observed  median  90% band        inside  |error|  interval  CRPS");
            for s in &scores {
                outln!(
                    "{}  {:.3}     {:.3}   {:.3}–{:.3}     {:<6}  {:.3}    {:.3}     {:.4}",
                    s.date,
                    s.observed,
                    s.median,
                    s.p05,
                    s.p95,
                    if s.inside { "yes" } else { "no" },
                    s.abs_error,
                    s.interval_score,
                    s.crps
                );
            }
            let n = scores.len() as f64;
            outln!(
                "mean over {} month(s): |error| {:.3}, interval score {:.3}, CRPS {:.4}; inside {}/{}",
                scores.len(),
                scores.iter().map(|s| s.abs_error).sum::<f64>() / n,
                scores.iter().map(|s| s.interval_score).sum::<f64>() / n,
                scores.iter().map(|s| s.crps).sum::<f64>() / n,
                scores.iter().filter(|s| s.inside).count(),
                scores.len()
            );
        }
    }
    Ok(())
}
