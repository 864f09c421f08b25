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
mod cluster;
mod compare;
mod fit;
mod forecast;
mod new;
mod prefecture;
mod rank;
mod sink;
mod target;

use anyhow::{bail, Context, Result};
use args::{Cli, Command, MemoryLimit, PlanArgs, RunArgs, RunFormat, ScenarioArgs, SweepArgs, Threads, MAX_THREADS};
use clap::{CommandFactory, Parser};
use renkei::sim::date::Date;
use renkei::sim::experiment::memory;
use renkei::sim::experiment::report;
use renkei::sim::experiment::sweep::{self, Sweep};
use renkei::sim::scenario::forward::{self, WhatIf};
use renkei::sim::scenario::regions;
use renkei::sim::scenario::strategies;
use renkei::sim::scenario::Scenario;
use sink::Sink;

fn main() {
    // clap prints help and usage errors itself (exit 0 for --help, 2 for a wrong option).
    let cli = Cli::parse();
    if let Err(e) = dispatch(cli.command) {
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

fn dispatch(cmd: Command) -> Result<()> {
    match cmd {
        Command::Run(a) => run(&a),
        Command::Scenario(a) => scenario(&a),
        Command::Sweep(a) => sweep(&a),
        Command::Bench(a) => bench::main(&a),
        Command::Calibrate(a) => calibrate::main(&a),
        Command::Fit(a) => fit::fit(&a),
        Command::Forecast(a) => forecast::main(&a),
        Command::Target(a) => target::main(a),
        Command::Compare(a) => compare::main(a),
        Command::Rank(a) => rank::main(a),
        Command::Prefecture(a) => prefecture::main(*a),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "renkei", &mut out);
            std::io::Write::write_all(&mut std::io::stdout().lock(), &out)?;
            Ok(())
        }
    }
}

/// The file a SCENARIO argument names (`None`: a preset). A preset name that is also a file in
/// the working folder is refused as ambiguous, before any work.
fn scenario_file(arg: &str) -> Result<Option<&str>> {
    let preset = regions::preset(arg).is_some();
    if preset && std::fs::symlink_metadata(arg).is_ok() {
        bail!(
            "SCENARIO {}: is both a preset and a file in this folder; write ./{} for the file, or \
             rename or move the file to use the preset",
            sink::short(arg),
            sink::short(arg)
        );
    }
    Ok((!preset).then_some(arg))
}

/// The (option, file) pair of a SCENARIO argument that names a file, for the output rule.
fn scenario_reads(arg: &str) -> Result<Vec<(&'static str, &str)>> {
    Ok(scenario_file(arg)?.map(|f| ("SCENARIO", f)).into_iter().collect())
}

/// Loads a scenario from a file, or a preset by name.
fn load_scenario(arg: &str) -> Result<Scenario> {
    let Some(file) = scenario_file(arg)? else {
        return regions::preset(arg).context("a preset");
    };
    let text = sink::read_text("scenario file", file, sink::MAX_JSON_BYTES)?;
    let scn = Scenario::from_json(&text).with_context(|| format!("in {}", sink::short(file)))?;
    let pinned = scn.pinned_params();
    if !pinned.is_empty() {
        let values: Vec<String> =
            pinned.iter().map(|n| format!("{n} = {}", scn.params.get(n).unwrap_or(f64::NAN))).collect();
        eprintln!(
            "note: {}: pinned (held at the file's value in every replication; the other calibrated \
             parameters are drawn from the posterior): {}. A calibrated parameter edited in `params` is \
             pinned; set it back to its default to draw it again",
            sink::short(file),
            values.join(", ")
        );
    }
    Ok(scn)
}

/// `--threads`, else every core.
fn threads(t: &Threads) -> usize {
    t.threads.unwrap_or_else(|| renkei::parallel::default_threads().min(MAX_THREADS))
}

/// The memory a run may take: `--max-memory SIZE`, else half of the machine's memory.
fn memory_limit(args: &MemoryLimit) -> Result<(u64, String)> {
    if let Some(v) = &args.max_memory {
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

fn run(args: &RunArgs) -> Result<()> {
    let file = &args.scenario;
    // Every option is checked before the simulation, so a typo does not cost the run.
    let csv = args.format == RunFormat::Csv;
    if csv && args.paths {
        bail!("--paths: every replication's trajectory is written in JSON only; use --format json");
    }
    let threads = threads(&args.threads);
    let limit = memory_limit(&args.memory)?;
    let out = Sink::open("--out", args.out.as_deref(), &scenario_reads(file)?)?;
    let mut scn = load_scenario(file)?;
    if let Some(r) = args.reps {
        scn.replications = r;
    }
    if let Some(s) = args.seed {
        scn.seed = s;
    }
    plan_options(&mut scn, &args.plan)?;
    scn.validate().context("after applying the options")?;
    check_memory(&scn, threads, args.paths, &limit)?;
    let summary = renkei::parallel::run(&scn, threads)?;
    // The JSON carries the cost block too (a second pass over the replications, experiment/cost.rs).
    let text = if csv { report::csv(&summary) } else { compare::run_json(&summary, args.paths, &scn, threads)? };
    drop(summary);
    out.write(&text)
}

fn scenario(args: &ScenarioArgs) -> Result<()> {
    if args.list {
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
    let mut scn = if args.new.new.is_some() {
        new::scenario(&args.new)?
    } else {
        let name = args.region.as_deref().context("scenario needs --region NAME, --new NAME or --list")?;
        regions::preset(name)
            .with_context(|| format!("no region preset named `{name}`; known: {}", regions::names().join(", ")))?
    };
    plan_options(&mut scn, &args.plan)?;
    outln!("{}", scn.to_json());
    Ok(())
}

/// Applies --from, --strategy and --what-if, in that order (a library strategy from today needs
/// the conditioning date; what-ifs modify whichever plan results).
fn plan_options(scn: &mut Scenario, args: &PlanArgs) -> Result<()> {
    if let Some(from) = &args.from {
        let date = match from.as_str() {
            "last" => forward::last_observation(scn)
                .with_context(|| format!("--from last: scenario `{}` has no observation after its start", scn.name))?,
            d => Date::parse(d).with_context(|| format!("--from {d}: expected a date YYYY-MM-DD or `last`"))?,
        };
        forward::condition_on(scn, date).with_context(|| format!("--from {from}"))?;
    }
    if let Some(name) = &args.strategy {
        scn.strategy = strategies::library(name, scn).with_context(|| {
            format!(
                "--strategy {name}: no strategy named so; known: {}",
                strategies::LIBRARY.iter().map(|s| s.0).collect::<Vec<_>>().join(", ")
            )
        })?;
    }
    let what_ifs = args
        .what_if
        .iter()
        .map(|w| WhatIf::parse(w).with_context(|| format!("--what-if {}", sink::short(w))))
        .collect::<Result<Vec<_>>>()?;
    // One at a time, so that a refusal names the what-if the user gave, not the plan's lever
    // it became (`strategy.levers[8].areas`).
    for (w, text) in what_ifs.iter().zip(&args.what_if) {
        forward::apply_all(scn, std::slice::from_ref(w)).map_err(|e| match e {
            renkei::sim::error::SimError::Invalid { field, reason } if field.starts_with("strategy.") => {
                anyhow::anyhow!("--what-if {}: {reason}", sink::short(text))
            }
            e => anyhow::anyhow!("--what-if {}: {e}", sink::short(text)),
        })?;
    }
    Ok(())
}

fn sweep(args: &SweepArgs) -> Result<()> {
    let file = &args.file;
    let t = threads(&args.threads);
    let limit = memory_limit(&args.memory)?;
    let out = Sink::open("--out", args.out.as_deref(), &[("SWEEP", file.as_str())])?;
    let text = sink::read_text("sweep file", file, sink::MAX_JSON_BYTES)?;
    let sw = Sweep::from_json(&text).with_context(|| format!("in {}", sink::short(file)))?;
    let (index, count) = args.shard.map_or((0, 1), |s| (s.index, s.count));
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
    let rows = sw.run(range, &mut progress, &mut |s| renkei::parallel::run(s, t));
    if shown {
        eprintln!(); // ends the progress line, so a message that follows starts on its own line
    }
    out.write(&sweep::rows_csv(&sw, &rows?, index == 0)?)
}
