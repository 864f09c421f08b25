//! `renkei`: the command line for researchers and scripts. A thin shell around
//! the simulation core: it reads files, runs replications on all cores and
//! writes results; errors get their context here (and only here).

/// `println!` that returns an error instead of panicking when stdout is closed
/// (`renkei ... | head`); `main` treats a broken pipe as a normal end.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($t)*)?
    }};
}

mod args;
mod bench;
mod calibrate;
mod forecast;
mod output;

use anyhow::{bail, Context, Result};
use args::Args;
use renkei::sim::date::Date;
use renkei::sim::forward::{self, WhatIf};
use renkei::sim::montecarlo;
use renkei::sim::regions;
use renkei::sim::scenario::Scenario;
use renkei::sim::strategies;
use renkei::sim::sweep::{self, Sweep};
use std::io::Write;

const USAGE: &str = "renkei — Care Plan Data Linkage System adoption simulator

usage:
  renkei run SCENARIO.json [--reps N] [--seed S] [--threads T] [--from DATE|last] [--strategy NAME]
             [--what-if WHAT_IF]... [--out FILE] [--format json|csv] [--paths]
  renkei scenario --region NAME [--from DATE|last] [--strategy NAME] [--what-if WHAT_IF]...
                                     print a preset scenario as JSON
  renkei scenario --list             list presets and library strategies
  renkei sweep SWEEP.json [--shard I/N] [--threads T] [--out FILE]
  renkei bench [--quick] [--peers DIR [--python CMD]]
                                     throughput and memory figures (--peers: run
                                     the Python peers in DIR side by side)
  renkei calibrate [--regions chitose,okazaki,...] [--particles N] [--generations G] [--seed S] [--threads T] [--out params.json] [--loo]
                                     ABC-SMC fit of the shared parameters to the observed regions (--loo: leave-one-region-out, writes data/loo.json)
  renkei fit [--format json|text] [--reps N] [--loo-file FILE] [--params FILE]
                                     observed vs simulated rate at 2026-02-28 with the shipped defaults, plus leave-one-out
  renkei forecast [--region NAME] [--reps N] [--seed S] [--threads T] [--out-dir data/forecasts] [--issued DATE]
                                     each region (default all four) from its last observation under its own plan,
                                     posterior-predictive: monthly median, 90% band and quantiles to 2027-03-31,
                                     written atomically to DIR/REGION-ISSUED.json (defaults: 1000 reps, seed 20260228)
  renkei forecast --score FILE --observed DATE:ADOPTERS/OFFICES [--observed ...] [--format text|json]
                                     scores a forecast against official figures (docs/forecasts.md)

SCENARIO.json may also be a preset name (okazaki, chitose, higashisonogi, sendai, example).

Plans from today: --from DATE starts the plan at an observation of the scenario (`last`: the
latest, 2026-02-28 for the four regions). The run follows the scenario's own plan up to DATE,
sets the adopted offices to the observed count there, then runs the plan; without --strategy the
plan is the region's own plan, continued. --strategy NAME then starts the library strategy the day
after DATE. Without --from, a library strategy runs from 2025-09-01 instead of the region's plan:
the counterfactual view (what if the region had done this instead).
What-ifs apply on top of any plan, in order, and may be repeated:
  --what-if free_pass_end=2026-05-31                the free pass ends then
  --what-if training=2026-06-15:offices:100[:AREA,AREA]   add a training (audience centres|offices)
  --what-if focus=AREA[,AREA]                       outreach by the named areas' centres to 2027-03-31
e.g. renkei run okazaki --from 2026-02-28 --strategy area_by_area --what-if free_pass_end=2026-05-31";

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = dispatch(&raw) {
        let broken_pipe = e
            .chain()
            .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe));
        if broken_pipe {
            return; // the reader went away (e.g. `| head`): not an error
        }
        eprintln!("error: {e:#}");
        std::process::exit(2);
    }
}

fn dispatch(raw: &[String]) -> Result<()> {
    let Some(cmd) = raw.first() else {
        outln!("{USAGE}");
        return Ok(());
    };
    let rest = &raw[1..];
    match cmd.as_str() {
        "run" => run(rest),
        "scenario" => scenario(rest),
        "sweep" => sweep(rest),
        "bench" => bench::main(&Args::parse(rest, &["quick", "national-only"])?),
        "calibrate" => calibrate::main(rest),
        "fit" => calibrate::fit(rest),
        "forecast" => forecast::main(rest),
        "help" | "--help" | "-h" => {
            outln!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}

/// Loads a scenario from a file, or a preset by name.
fn load_scenario(arg: &str) -> Result<Scenario> {
    if let Some(s) = regions::preset(arg) {
        return Ok(s);
    }
    let text = std::fs::read_to_string(arg).with_context(|| format!("cannot read scenario file {arg}"))?;
    Scenario::from_json(&text).with_context(|| format!("in {arg}"))
}

fn write_out(path: Option<&str>, text: &str) -> Result<()> {
    match path {
        Some(p) => std::fs::write(p, text).with_context(|| format!("cannot write {p}")),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).context("cannot write to stdout")
        }
    }
}

fn threads(args: &Args) -> Result<usize> {
    Ok(match args.number::<usize>("threads")? {
        Some(0) => bail!("--threads must be at least 1"),
        Some(t) => t,
        None => montecarlo::default_threads(),
    })
}

fn run(rest: &[String]) -> Result<()> {
    let args = Args::parse(rest, &["paths"])?;
    args.only(&["reps", "seed", "threads", "strategy", "out", "format", "paths", "from", "what-if"])?;
    let [file] = args.positional.as_slice() else {
        bail!("run needs exactly one scenario file\n\n{USAGE}");
    };
    let mut scn = load_scenario(file)?;
    if let Some(r) = args.number("reps")? {
        scn.replications = r;
    }
    if let Some(s) = args.number("seed")? {
        scn.seed = s;
    }
    plan_options(&mut scn, &args)?;
    scn.validate().context("after applying the options")?;
    let summary = montecarlo::run_threads(&scn, threads(&args)?)?;
    let text = match args.get("format").unwrap_or("json") {
        "json" => output::json(&summary, args.flag("paths")),
        "csv" => output::csv(&summary),
        other => bail!("--format {other}: expected json or csv"),
    };
    write_out(args.get("out"), &text)
}

fn scenario(rest: &[String]) -> Result<()> {
    let args = Args::parse(rest, &["list"])?;
    args.only(&["region", "list", "strategy", "from", "what-if"])?;
    if args.flag("list") {
        outln!("regions:");
        for n in regions::names() {
            outln!("  {n:<15} {}", regions::display_name(n));
        }
        outln!("strategies (--strategy NAME with run, or the page's strategy menu; with --from DATE they");
        outln!("start the day after DATE, a plan from today; without, on 2025-09-01: the counterfactual view):");
        for (n, en, _) in strategies::LIBRARY {
            outln!("  {n:<24} {en}");
        }
        return Ok(());
    }
    let name = args.get("region").context("scenario needs --region NAME or --list")?;
    let mut scn = regions::preset(name)
        .with_context(|| format!("no region preset named `{name}`; known: {}", regions::names().join(", ")))?;
    plan_options(&mut scn, &args)?;
    outln!("{}", scn.to_json());
    Ok(())
}

/// Applies --from, --strategy and --what-if, in that order (a library strategy from today needs
/// the conditioning date; what-ifs modify whichever plan results).
fn plan_options(scn: &mut Scenario, args: &Args) -> Result<()> {
    if let Some(from) = args.get("from") {
        let date = match from {
            "last" => forward::last_observation(scn)
                .with_context(|| format!("--from last: scenario `{}` has no observation after its start", scn.name))?,
            d => Date::parse(d).with_context(|| format!("--from {d}: expected a date YYYY-MM-DD or `last`"))?,
        };
        forward::condition_on(scn, date).with_context(|| format!("--from {from}"))?;
    }
    if let Some(name) = args.get("strategy") {
        scn.strategy = strategies::library(name, scn).with_context(|| {
            format!(
                "--strategy {name}: no strategy named so; known: {}",
                strategies::LIBRARY.iter().map(|s| s.0).collect::<Vec<_>>().join(", ")
            )
        })?;
    }
    let what_ifs = args
        .all("what-if")
        .into_iter()
        .map(|w| WhatIf::parse(w).with_context(|| format!("--what-if {w}")))
        .collect::<Result<Vec<_>>>()?;
    if !what_ifs.is_empty() {
        forward::apply_all(scn, &what_ifs).context("--what-if")?;
    }
    Ok(())
}

fn sweep(rest: &[String]) -> Result<()> {
    let args = Args::parse(rest, &[])?;
    args.only(&["shard", "threads", "out"])?;
    let [file] = args.positional.as_slice() else {
        bail!("sweep needs exactly one sweep file\n\n{USAGE}");
    };
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read sweep file {file}"))?;
    let sw = Sweep::from_json(&text).with_context(|| format!("in {file}"))?;
    let (index, count) = match args.get("shard") {
        None => (0, 1),
        Some(s) => {
            let parsed =
                s.split_once('/').and_then(|(i, n)| Some((i.parse::<usize>().ok()?, n.parse::<usize>().ok()?)));
            match parsed {
                Some((i, n)) if n >= 1 && i < n => (i, n),
                _ => bail!("--shard {s}: expected I/N with 0 ≤ I < N, e.g. 3/10"),
            }
        }
    };
    let t = threads(&args)?;
    let range = sw.shard(index, count);
    let total = range.len();
    let mut progress = |done: usize, all: usize| {
        eprint!("\r{done}/{all} rows");
        true
    };
    let rows = sw.run(range, &mut progress, &mut |s| montecarlo::run_threads(s, t))?;
    if total > 0 {
        eprintln!();
    }
    write_out(args.get("out"), &sweep::rows_csv(&sw.paths(), &rows, index == 0))
}
