//! `renkei prefecture FILE.csv`: many municipalities at once (issue 26; docs/prefecture.md).
//! The file is read and every run set up and checked by the core
//! (`experiment::prefecture`) before any run; here only the options are read and the runs
//! spread over threads.

use anyhow::{bail, Result};
use clap::{Parser, ValueEnum};
use renkei::sim::error::SimError;
use renkei::sim::experiment::prefecture::{self, file, render};
use renkei::sim::experiment::{options, report};

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrefectureFormat {
    Text,
    Json,
    Csv,
}

/// A prefecture's municipalities at once: each one's forecast at the horizon under the national
/// policy only and each strategy (paired by seed), the prefecture total with its band from the
/// joint replications, the (municipality, strategy) pairs ranked by yen per additional adopter,
/// and with --budget a greedy allocation.
#[derive(Parser, Debug)]
#[command(about)]
pub struct PrefectureArgs {
    /// The prefecture file: CSV with a header,
    /// municipality,offices,areas,adopted,date[,out_of_scope][,centre_kind] (docs/prefecture.md).
    pub file: String,
    /// Where each municipality is planned from: `last`, its latest figure (the file's date;
    /// the only value, as the file gives one figure a municipality).
    #[arg(long, value_name = "last", default_value = "last")]
    pub from: String,
    /// Strategies besides the national policy only (comma-separated library names, or `all`).
    #[arg(long, value_delimiter = ',', default_value = "all")]
    pub strategies: Vec<String>,
    /// A budget in yen (expected city cost from today to the horizon) spread greedily over the
    /// municipalities, at most one strategy each.
    #[arg(long, value_name = "YEN")]
    pub budget: Option<f64>,
    /// Replications per run (default 200).
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub reps: u32,
    /// The seed every run shares (default the constructor's, 20250831).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// text (tables), json (the manifest first) or csv (one row per municipality and strategy).
    #[arg(long, value_enum, default_value = "text")]
    pub format: PrefectureFormat,
    /// Write the results here (whole or not at all) instead of standard output.
    #[arg(long)]
    pub out: Option<String>,
    #[command(flatten)]
    pub threads: crate::args::Threads,
    #[command(flatten)]
    pub memory: crate::args::MemoryLimit,
}

/// The core's error with the option that set the value in front.
fn named(e: SimError) -> anyhow::Error {
    match &e {
        SimError::Invalid { field, reason } if field == "budget" => anyhow::anyhow!("--budget: {reason}"),
        SimError::Invalid { field, reason } if field == "replications" => anyhow::anyhow!("--reps: {reason}"),
        _ => anyhow::anyhow!(e),
    }
}

pub fn main(args: PrefectureArgs) -> Result<()> {
    // Every option is checked before the file is read and any run made.
    if args.from != "last" {
        bail!(
            "--from {}: allowed `last` (each municipality from its latest figure, the file's date)",
            crate::sink::short(&args.from)
        );
    }
    let names = options::names(&args.strategies).map_err(|e| anyhow::anyhow!("--{e}"))?;
    let threads = crate::threads(&args.threads);
    let limit = crate::memory_limit(&args.memory)?;
    let out = crate::sink::Sink::open("--out", args.out.as_deref(), &[("FILE", args.file.as_str())])?;
    let text = crate::sink::read_text("FILE", &args.file, file::MAX_BYTES as u64)?;
    let towns = prefecture::read(&text).map_err(|e| anyhow::anyhow!("{}: {e}", crate::sink::short(&args.file)))?;
    let seed = args.seed.unwrap_or_else(|| towns.first().map_or(0, |t| t.scenario.seed));
    let work = prefecture::prepare(towns, &names, args.reps, seed, args.budget).map_err(named)?;
    for s in &work.runs {
        crate::check_memory(s, threads, false, &limit)?;
    }
    // Progress on a terminal only, so a script's stderr holds only messages.
    let shown = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let n = work.runs.len();
    let mut done = 0;
    let view = prefecture::evaluate(&work, &mut |s| {
        done += 1;
        if shown {
            eprint!("\r{done}/{n} runs");
        }
        renkei::parallel::cost_reps(s, threads)
    });
    if shown {
        eprintln!();
    }
    let view = view?;
    let mut manifest = report::Manifest::new()
        .text("prefecture", &args.file)
        .word("hash", report::text_hash(&text))
        .word("seed", seed)
        .word("replications", args.reps)
        .text("strategies", &args.strategies.join(","));
    if let Some(b) = args.budget {
        manifest = manifest.word("budget", b);
    }
    let text = match args.format {
        PrefectureFormat::Text => render::text(&view, 10),
        PrefectureFormat::Csv => render::csv(&manifest, &view),
        PrefectureFormat::Json => report::json_document(&manifest, &view)?,
    };
    out.write(&text)
}
