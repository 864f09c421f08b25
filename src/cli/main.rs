//! `renkei`: the command line for researchers and scripts. A thin shell around
//! the simulation core: it reads files, runs replications on all cores and
//! writes results; errors get their context here (and only here).

/// `println!` that returns an error instead of panicking when stdout is closed
/// (`renkei ... | head`); `main` reports it (output cut short) and exits 2.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($t)*)?
    }};
}

mod args;
mod bench;
mod calibrate;
mod compare;
mod forecast;
mod output;
mod rank;
mod sink;
mod target;

use anyhow::{bail, Context, Result};
use args::Args;
use renkei::sim::date::Date;
use renkei::sim::forward::{self, WhatIf};
use renkei::sim::memory;
use renkei::sim::montecarlo;
use renkei::sim::regions;
use renkei::sim::scenario::Scenario;
use renkei::sim::strategies;
use renkei::sim::sweep::{self, Sweep};
use sink::Sink;

const USAGE: &str = "renkei — Care Plan Data Linkage System adoption simulator

usage:
  renkei run SCENARIO.json [--reps N] [--seed S] [--threads T] [--from DATE|last] [--strategy NAME]
             [--what-if WHAT_IF]... [--out FILE] [--format json|csv] [--paths] [--max-memory SIZE]
  renkei scenario --region NAME [--from DATE|last] [--strategy NAME] [--what-if WHAT_IF]...
                                     print a preset scenario as JSON
  renkei scenario --list             list presets and library strategies
  renkei sweep SWEEP.json [--shard I/N] [--threads T] [--out FILE] [--max-memory SIZE]
  renkei bench [--quick] [--peers DIR [--python CMD]]
                                     throughput and memory figures (--peers: run
                                     the Python peers in DIR side by side)
  renkei calibrate [--regions chitose,okazaki,higashisonogi,sendai,national] [--particles N] [--generations G]
                   [--seed S] [--quantile Q] [--min-acceptance A] [--reps-scale X] [--threads T]
                   [--out calibration.json] [--posterior-out posterior.json] [--loo]
                                     ABC-SMC fit of the shared parameters to every observed figure, stopped when
                                     acceptance falls below A (default 0.05) or the tolerance stalls; --posterior-out
                                     writes the particles runs draw from (data/posterior.json); --loo: leave one
                                     region out, predict it, write data/loo.json (or --out)
  renkei fit [--format json|text] [--reps N] [--seed S] [--threads T] [--loo-file FILE] [--params FILE] [--out FILE]
                                     every observed figure beside its posterior-predictive median and 90% band
                                     (--params FILE: fixed parameters instead), leave-one-out and naive baselines
  renkei forecast [--region NAME] [--reps N] [--seed S] [--threads T] [--out-dir data/forecasts] [--issued DATE]
                                     each region (default all four) from its last observation under its own plan,
                                     posterior-predictive: monthly median, 90% band and quantiles to 2027-03-31,
                                     written atomically to DIR/REGION-ISSUED.json (defaults: 1000 reps, seed 20260228)
  renkei target SCENARIO --rate R --by DATE --prob P --lever DIMENSION [--range A,B] [--tol T] [--check N]
                [--reps N] [--seed S] [--threads T] [--from DATE|last] [--strategy NAME] [--what-if W]...
                                     goal seek: the smallest lever intensity that reaches rate R by DATE with
                                     probability P, on common random numbers (`renkei target --help`)
  renkei compare SCENARIO --strategies A,B,... [--rules RULE,RULE...] [--format text|json] [--reps N] [--seed S]
                 [--threads T] [--from DATE|last] [--what-if W]...
                                     strategies (or targeting rules) side by side: rates with bands, cost, cost per
                                     additional adopter and active link against the baseline (`renkei compare --help`)
  renkei rank (SCENARIO | --offices FILE --edges FILE) --rule RULE [--areas A,B] [--out FILE]
                                     an imported network's not-adopted offices ranked by a targeting rule, as CSV
                                     (the list a centre takes on its rounds)
  renkei forecast --score FILE --observed DATE:ADOPTERS/OFFICES [--observed ...] [--format text|json]
                                     scores a forecast against official figures (docs/forecasts.md)

SCENARIO.json may also be a preset name (okazaki, chitose, higashisonogi, sendai, example).
--threads: 1 to 1024 (default: every core). --max-memory: e.g. 8G or 512M (default: half of
the machine's memory); a run estimated to need more is refused before it starts.
--out FILE is written whole or not at all (a temporary file beside it, then renamed).

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

/// Most threads a run may ask for: more only adds stacks and contention (and the
/// operating system refuses to start some hundred thousand).
pub(crate) const MAX_THREADS: usize = 1024;

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = dispatch(&raw) {
        let broken_pipe = e
            .chain()
            .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe));
        if broken_pipe {
            // The reader went away (e.g. `| head`): the output is incomplete, so say so and exit
            // 2, as for any other failure (a pipeline's status is the last command's anyway,
            // unless the script set `pipefail` because it wants to know).
            eprintln!("error: standard output was closed before all results were written (the reader stopped early)");
            std::process::exit(2);
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
        // Issue 14 hook: clap-parsed commands (target.rs).
        "target" => target::main(target::parse(raw)?),
        "compare" => compare::main(target::clap_parse(raw)?),
        "rank" => rank::main(target::clap_parse(raw)?),
        "help" | "--help" | "-h" => {
            outln!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}

/// Loads a scenario from a file, or a preset by name.
pub(crate) fn load_scenario(arg: &str) -> Result<Scenario> {
    if let Some(s) = regions::preset(arg) {
        return Ok(s);
    }
    let text = std::fs::read_to_string(arg).with_context(|| format!("cannot read scenario file {arg}"))?;
    Scenario::from_json(&text).with_context(|| format!("in {arg}"))
}

fn threads(args: &Args) -> Result<usize> {
    Ok(match args.number::<usize>("threads")? {
        Some(t) if !(1..=MAX_THREADS).contains(&t) => bail!("--threads {t}: allowed 1 to {MAX_THREADS}"),
        Some(t) => t,
        None => montecarlo::default_threads().min(MAX_THREADS),
    })
}

/// The memory a run may take: `--max-memory SIZE`, else half of the machine's memory.
fn memory_limit(args: &Args) -> Result<(u64, String)> {
    if let Some(v) = args.get("max-memory") {
        let bytes = parse_size(v).with_context(|| {
            format!("--max-memory {v}: expected a size such as 8G, 512M or 2000000000 (bytes), at least 1M")
        })?;
        return Ok((bytes, format!("--max-memory {v}")));
    }
    Ok(match machine_memory() {
        Some(total) => {
            (total / 2, format!("half of this machine's {}; --max-memory SIZE to change it", memory::human(total)))
        }
        None => (4 << 30, "4 GB, as this machine's memory is unknown; --max-memory SIZE to change it".into()),
    })
}

/// `8G`, `512M`, `64k` (powers of 1024) or plain bytes; at least 1 MB.
fn parse_size(v: &str) -> Option<u64> {
    let v = v.trim();
    let (num, unit) = match v.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => (&v[..i], v[i..].to_ascii_lowercase()),
        None => (v, String::new()),
    };
    let scale: u64 = match unit.trim_end_matches('b').trim_end_matches('i') {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        "t" => 1 << 40,
        _ => return None,
    };
    let x: f64 = num.trim().parse().ok()?;
    let bytes = x * scale as f64;
    (bytes.is_finite() && bytes >= (1u64 << 20) as f64 && bytes < 1e19).then_some(bytes as u64)
}

/// Total memory from /proc/meminfo (Linux); `None` elsewhere.
fn machine_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Refuses a run whose estimated memory is above the limit, before any work.
fn check_memory(scn: &Scenario, threads: usize, with_paths: bool, limit: &(u64, String)) -> Result<()> {
    let need = memory::estimate(scn, threads, with_paths);
    if need.total() > limit.0 {
        bail!(
            "this run needs about {} of memory ({}); the limit is {} ({}): lower replications, areas, offices, the horizon or --threads",
            memory::human(need.total()),
            need.describe(),
            memory::human(limit.0),
            limit.1
        );
    }
    Ok(())
}

fn run(rest: &[String]) -> Result<()> {
    let args = Args::parse(rest, &["paths"])?;
    args.only(&["reps", "seed", "threads", "strategy", "out", "format", "paths", "max-memory", "from", "what-if"])?;
    let [file] = args.positional.as_slice() else {
        bail!("run needs exactly one scenario file\n\n{USAGE}");
    };
    // Every option is checked before the simulation, so a typo does not cost the run.
    let csv = match args.get("format").unwrap_or("json") {
        "json" => false,
        "csv" => true,
        other => bail!("--format {other}: allowed json or csv"),
    };
    if csv && args.flag("paths") {
        bail!("--paths: every replication's trajectory is written in JSON only; use --format json");
    }
    let threads = threads(&args)?;
    let limit = memory_limit(&args)?;
    let input = if regions::preset(file).is_some() { None } else { Some(file.as_str()) };
    let out = Sink::open(args.get("out"), input.as_slice())?;
    let mut scn = load_scenario(file)?;
    if let Some(r) = args.number("reps")? {
        scn.replications = r;
    }
    if let Some(s) = args.number("seed")? {
        scn.seed = s;
    }
    plan_options(&mut scn, &args)?;
    scn.validate().context("after applying the options")?;
    check_memory(&scn, threads, args.flag("paths"), &limit)?;
    let summary = montecarlo::run_threads(&scn, threads)?;
    // Issue 14 hook: the JSON gains the cost block (a second pass over the replications, cost.rs).
    let text =
        if csv { output::csv(&summary) } else { compare::run_json(&summary, args.flag("paths"), &scn, threads)? };
    drop(summary);
    out.write(&text)
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
    apply_plan(scn, args.get("from"), args.get("strategy"), &args.all("what-if"))
}

/// `plan_options` with the values given directly (also used by the clap commands, `target`).
pub(crate) fn apply_plan(
    scn: &mut Scenario,
    from: Option<&str>,
    strategy: Option<&str>,
    what_ifs: &[&str],
) -> Result<()> {
    if let Some(from) = from {
        let date = match from {
            "last" => forward::last_observation(scn)
                .with_context(|| format!("--from last: scenario `{}` has no observation after its start", scn.name))?,
            d => Date::parse(d).with_context(|| format!("--from {d}: expected a date YYYY-MM-DD or `last`"))?,
        };
        forward::condition_on(scn, date).with_context(|| format!("--from {from}"))?;
    }
    if let Some(name) = strategy {
        scn.strategy = strategies::library(name, scn).with_context(|| {
            format!(
                "--strategy {name}: no strategy named so; known: {}",
                strategies::LIBRARY.iter().map(|s| s.0).collect::<Vec<_>>().join(", ")
            )
        })?;
    }
    let what_ifs = what_ifs
        .iter()
        .map(|w| WhatIf::parse(w).with_context(|| format!("--what-if {w}")))
        .collect::<Result<Vec<_>>>()?;
    if !what_ifs.is_empty() {
        forward::apply_all(scn, &what_ifs).context("--what-if")?;
    }
    Ok(())
}

fn sweep(rest: &[String]) -> Result<()> {
    let args = Args::parse(rest, &[])?;
    args.only(&["shard", "threads", "out", "max-memory"])?;
    let [file] = args.positional.as_slice() else {
        bail!("sweep needs exactly one sweep file\n\n{USAGE}");
    };
    let t = threads(&args)?;
    let limit = memory_limit(&args)?;
    let out = Sink::open(args.get("out"), &[file.as_str()])?;
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
    // Every point before any run: its scenario must be valid and fit in memory.
    sw.check(&mut |point, scn| {
        check_memory(scn, t, false, &limit).map_err(|e| {
            renkei::sim::error::SimError::TooLarge(format!(
                "point {point}: {}",
                e.to_string().trim_start_matches("this run ")
            ))
        })
    })
    .with_context(|| format!("in {file}"))?;
    let range = sw.shard(index, count);
    let mut shown = false;
    let mut progress = |done: usize, all: usize| {
        eprint!("\r{done}/{all} rows");
        shown = true;
        true
    };
    let rows = sw.run(range, &mut progress, &mut |s| montecarlo::run_threads(s, t));
    if shown {
        eprintln!(); // ends the progress line, so a message that follows starts on its own line
    }
    out.write(&sweep::rows_csv(&sw.paths(), &rows?, index == 0))
}
