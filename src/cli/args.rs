//! The command line, declared once: clap derives parsing, `--help` of every subcommand,
//! error messages and shell completion (`renkei completions bash`) from these structs.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Most threads a run may ask for: more only adds stacks and contention (and the
/// operating system refuses to start some hundred thousand).
pub const MAX_THREADS: usize = 1024;

const PLANS_HELP: &str = "\
SCENARIO may be a JSON file or a preset name (okazaki, chitose, higashisonogi, sendai, example);
a file in this folder named like a preset is refused as ambiguous: write ./NAME for the file.
--out FILE is written whole or not at all (a temporary file beside it, then renamed); it may not
be an input of the command (symbolic and hard links included), a symbolic link or a device.

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

/// renkei — Care Plan Data Linkage System adoption simulator.
#[derive(Parser, Debug)]
#[command(name = "renkei", version, about, after_help = PLANS_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a scenario's replications and print the summary (JSON or CSV).
    #[command(after_help = PLANS_HELP)]
    Run(RunArgs),
    /// Print a preset scenario as JSON, or list presets and library strategies.
    #[command(after_help = PLANS_HELP)]
    Scenario(ScenarioArgs),
    /// Run the points of a sweep file (grids, samples, seeds) and write one CSV row per point.
    Sweep(SweepArgs),
    /// Throughput and memory figures (--peers: run the Python peers side by side).
    Bench(BenchArgs),
    /// ABC-SMC fit of the shared parameters to every observed figure.
    ///
    /// Stops when acceptance falls below --min-acceptance or the tolerance stalls;
    /// --posterior-out writes the particles runs draw from (data/posterior.json); --loo leaves
    /// one region out, predicts it and writes data/loo.json (or --out).
    Calibrate(CalibrateArgs),
    /// Every observed figure beside its posterior-predictive median and 90% band.
    ///
    /// With --params FILE, fixed parameters instead; also the leave-one-out check and the
    /// naive baselines.
    Fit(FitArgs),
    /// Forecasts on record, or a forecast's score against official figures.
    ///
    /// Each region (default all four) from its last observation under its own plan,
    /// posterior-predictive: monthly median, 90% band and quantiles to 2027-03-31, written
    /// atomically to OUT_DIR/REGION-ISSUED.json. With --score FILE, scores that forecast
    /// against --observed figures (docs/forecasts.md).
    Forecast(ForecastArgs),
    /// What it takes: the smallest intensity of one lever that reaches an adoption rate by a
    /// date with at least a probability (goal seek on common random numbers; JSON).
    Target(crate::target::TargetArgs),
    /// Strategies (or targeting rules) side by side: rates with bands, the city's cost, cost per
    /// additional adopter and active link against the baseline, paired by seed.
    Compare(crate::compare::CompareArgs),
    /// An imported network's not-adopted offices ranked by a targeting rule, as CSV (the list a
    /// centre takes on its rounds).
    Rank(crate::rank::RankArgs),
    /// A prefecture's municipalities at once (a CSV of their figures): forecasts under the national
    /// policy only and each strategy, the total with its joint band, pairs ranked by yen per
    /// additional adopter, and with --budget a greedy allocation.
    Prefecture(Box<crate::prefecture::PrefectureArgs>),
    /// Print a shell completion script (e.g. `renkei completions bash > /etc/bash_completion.d/renkei`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// `--threads T`, shared by the commands that run replications.
#[derive(Args, Debug, Clone, Copy)]
pub struct Threads {
    /// Threads to run on, 1 to 1024 (default: every core).
    #[arg(long, value_name = "T", value_parser = parse_threads)]
    pub threads: Option<usize>,
}

fn parse_threads(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(t) if (1..=MAX_THREADS).contains(&t) => Ok(t),
        _ => Err(format!("allowed 1 to {MAX_THREADS}")),
    }
}

/// `--max-memory SIZE`, shared by run and sweep.
#[derive(Args, Debug, Clone)]
pub struct MemoryLimit {
    /// Refuse a run estimated to need more memory than this, e.g. 8G or 512M (default: half of
    /// the machine's memory).
    #[arg(long = "max-memory", value_name = "SIZE")]
    pub max_memory: Option<String>,
}

/// --from, --strategy and --what-if: the plan a scenario runs.
#[derive(Args, Debug, Clone, Default)]
pub struct PlanArgs {
    /// Start the plan at an observation of the scenario (YYYY-MM-DD, or `last`).
    #[arg(long, value_name = "DATE|last")]
    pub from: Option<String>,
    /// A strategy of the library (`renkei scenario --list`) instead of the scenario's own.
    #[arg(long, value_name = "NAME")]
    pub strategy: Option<String>,
    /// A change on top of the plan (repeatable, applied in order): free_pass_end=DATE,
    /// training=DATE:AUDIENCE:N[:AREAS] or focus=AREA[,AREA].
    #[arg(long = "what-if", value_name = "WHAT_IF")]
    pub what_if: Vec<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunFormat {
    Json,
    Csv,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// Scenario JSON file or preset name.
    pub scenario: String,
    /// Replications (overrides the scenario's).
    #[arg(long, value_name = "N")]
    pub reps: Option<u32>,
    /// Seed (overrides the scenario's).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub threads: Threads,
    #[command(flatten)]
    pub plan: PlanArgs,
    /// Write the result to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: RunFormat,
    /// Include every replication's trajectory (JSON only).
    #[arg(long)]
    pub paths: bool,
    #[command(flatten)]
    pub memory: MemoryLimit,
}

#[derive(Args, Debug)]
pub struct ScenarioArgs {
    /// The preset to print.
    #[arg(long, value_name = "NAME", required_unless_present_any = ["list", "new"], conflicts_with = "new")]
    pub region: Option<String>,
    /// List presets and library strategies.
    #[arg(long)]
    pub list: bool,
    #[command(flatten)]
    pub new: NewArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
}

/// A municipality from its own figures (`--new NAME ...`): the constructor the presets use;
/// every figure not given takes the presets' rule, listed in the output's `assumed`.
#[derive(Args, Debug)]
pub struct NewArgs {
    /// A new municipality named NAME, from the figures below; planned from its latest figure.
    #[arg(long, value_name = "NAME", requires_all = ["offices", "adopted", "on"])]
    pub new: Option<String>,
    /// Offices in the national database (the rate's denominator), 1 to 400000.
    #[arg(long, value_name = "N", requires = "new")]
    pub offices: Option<u32>,
    /// Centre areas (daily-life areas), named 圏域1..K, offices split evenly; 1 to the offices.
    #[arg(long, value_name = "K", requires = "new", conflicts_with = "area")]
    pub areas: Option<u32>,
    /// One centre area by name, with its offices (NAME:OFFICES) or without (NAME: shares the
    /// rest evenly); repeatable, in order.
    #[arg(long, value_name = "NAME[:OFFICES]", requires = "new")]
    pub area: Vec<String>,
    /// Adopted offices at the latest figure: A (of --offices) or A/N (of N offices then).
    #[arg(long, value_name = "A[/N]", requires = "new")]
    pub adopted: Option<String>,
    /// The latest figure's date (YYYY-MM-DD, 2025-05-31 to 2027-03-30).
    #[arg(long, value_name = "DATE", requires = "new")]
    pub on: Option<String>,
    /// An earlier figure, DATE:A[/N] (A of --offices, or of N offices then; repeatable): shown
    /// as observed; the earliest sets the start.
    #[arg(long, value_name = "DATE:A[/N]", requires = "new")]
    pub observed: Vec<String>,
    /// Offices outside the care-plan exchange (residential, facility, no service record).
    /// Default: Chitose's share, 81 of 169 (docs/regions.md).
    #[arg(long = "out-of-scope", value_name = "N", requires = "new")]
    pub out_of_scope: Option<u32>,
    /// Who runs the centres. Default: commissioned.
    #[arg(long = "centre-kind", value_enum, requires = "new")]
    pub centre_kind: Option<CentreKindArg>,
    /// Offices of neighbouring municipalities that trade with this one. Default: 0.
    #[arg(long, value_name = "N", requires = "new")]
    pub external: Option<u32>,
    /// Share of a care manager's links that cross the border, 0 to 1 (with --external).
    #[arg(long = "cross-border", value_name = "S", requires = "external")]
    pub cross_border: Option<f64>,
    /// One area's survey counts, AREA:NOT_ADOPTED/PLANNING/ADOPTED (未導入/これから導入予定/
    /// 導入済み) on the latest figure's date; repeatable, every area once.
    #[arg(long, value_name = "AREA:N/P/A", requires = "new")]
    pub survey: Vec<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CentreKindArg {
    /// Commissioned to a corporation (委託).
    Commissioned,
    /// Run by the municipality (直営).
    Direct,
}

#[derive(Args, Debug)]
pub struct SweepArgs {
    /// Sweep JSON file.
    pub file: String,
    /// Run only shard I of N (0 ≤ I < N ≤ 10000), e.g. 3/10.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    #[command(flatten)]
    pub threads: Threads,
    /// Write the CSV to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
    #[command(flatten)]
    pub memory: MemoryLimit,
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Fewer replications and runs, the national case at 1/16 size (tests use it).
    #[arg(long)]
    pub quick: bool,
    /// Only the core case, N replications, for a profiler.
    #[arg(long, value_name = "N")]
    pub profile_core: Option<u32>,
    /// Only the Sendai case, N replications, for a profiler; prints the run's fingerprint.
    #[arg(long, value_name = "N")]
    pub profile_sendai: Option<u32>,
    /// Only the national case.
    #[arg(long)]
    pub national_only: bool,
    /// Only one national replication (network included), for a profiler.
    #[arg(long)]
    pub profile_national: bool,
    /// Only the national case's network, for a profiler (its simulation is the difference).
    #[arg(long)]
    pub profile_network: bool,
    /// Only N calibration evaluations (the five targets' replications over their 11 figures), for a profiler.
    #[arg(long, value_name = "N")]
    pub profile_calibration: Option<u32>,
    /// Also count each case's instructions: runs it again under valgrind's callgrind (exact
    /// counts, independent of the machine's load; needs `valgrind` on PATH).
    #[arg(long)]
    pub profile: bool,
    /// Run the Python peers in DIR side by side.
    #[arg(long, value_name = "DIR")]
    pub peers: Option<String>,
    /// The Python that runs the peers.
    #[arg(long, value_name = "CMD", default_value = "python3", requires = "peers")]
    pub python: String,
}

#[derive(Args, Debug)]
pub struct CalibrateArgs {
    /// Comma-separated targets (default: chitose,okazaki,higashisonogi,sendai,national).
    #[arg(long, value_name = "A,B,…")]
    pub regions: Option<String>,
    /// Particles per generation, 2 to 1000000.
    #[arg(long, value_name = "N")]
    pub particles: Option<usize>,
    /// Most generations, 1 to 100.
    #[arg(long, value_name = "G")]
    pub generations: Option<usize>,
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Quantile of the accepted distances that sets the next tolerance, 0.01 to 0.99.
    #[arg(long, value_name = "Q")]
    pub quantile: Option<f64>,
    /// Stop when a generation's acceptance falls below A, 0 to 1 (default 0.05).
    #[arg(long, value_name = "A")]
    pub min_acceptance: Option<f64>,
    /// Proposals per batch, 1 to 1000000 (default 64). The batch shapes the result; the page's `#bench`
    /// prints the value its calibration uses, so that both do the same work.
    #[arg(long, value_name = "B")]
    pub batch: Option<usize>,
    /// Stop (keeping the last complete generation) when a generation needs more than M
    /// proposals, from --particles to 1000000000 (default 20000). A cap per generation, not on
    /// the total: a run evaluates up to M × --generations proposals.
    #[arg(long, value_name = "M", visible_alias = "max-proposals-per-generation")]
    pub max_proposals: Option<usize>,
    /// Replications per evaluation × X (0.01 to 100; quick looks use less than 1).
    #[arg(long, value_name = "X", default_value_t = 1.0)]
    pub reps_scale: f64,
    #[command(flatten)]
    pub threads: Threads,
    /// Write the calibration (or, with --loo, the leave-one-out result) to FILE.
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
    /// Write the posterior particles runs draw from (as data/posterior.json).
    #[arg(long, value_name = "FILE")]
    pub posterior_out: Option<String>,
    /// Leave one region out, predict it, write data/loo.json (or --out).
    #[arg(long)]
    pub loo: bool,
    /// Cluster mode (docs/cluster.md): keep the calibration in folder DIR. Alone, it starts the
    /// calibration (or prints where it stands); with --shard I/N it evaluates slice I of the
    /// current round; with --merge it accepts the round and writes the next one, or the results
    /// (--out, --posterior-out; default DIR/calibration.json, DIR/posterior.json). Every command
    /// prints a status line of JSON, and the results are the bytes one machine would write.
    #[arg(long, value_name = "DIR")]
    pub state: Option<String>,
    /// With --state: evaluate shard I of N (0 ≤ I < N ≤ 10000) of the current round.
    #[arg(long, value_name = "I/N", requires = "state", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// With --state: accept the finished round (all N shards) and write the next.
    #[arg(long, requires = "state", conflicts_with = "shard")]
    pub merge: bool,
    /// With --state: most batches per round, 1 to 4096 (longer rounds waste the proposals
    /// drawn past a generation's end; shorter ones cost more rounds).
    #[arg(long, value_name = "K", default_value_t = 64)]
    pub round_batches: usize,
}

/// A slice I of N of some work (`--shard I/N`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

/// The most shards a piece of work is split into (a shard of less than a proposal or a point
/// does nothing but cost a job).
pub const MAX_SHARDS: usize = 10_000;

pub fn parse_shard(s: &str) -> Result<Shard, String> {
    let parsed = s.split_once('/').and_then(|(i, n)| Some((i.parse::<usize>().ok()?, n.parse::<usize>().ok()?)));
    match parsed {
        Some((index, count)) if (1..=MAX_SHARDS).contains(&count) && index < count => Ok(Shard { index, count }),
        _ => Err(format!("expected I/N with 0 ≤ I < N ≤ {MAX_SHARDS}, e.g. 3/10")),
    }
}

#[derive(Args, Debug)]
pub struct FitArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Replications per region, 1 to 100000.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub reps: u32,
    #[arg(long, value_name = "S", default_value_t = 20250831)]
    pub seed: u64,
    #[command(flatten)]
    pub threads: Threads,
    /// The leave-one-out result to report (written by `calibrate --loo`; default data/loo.json,
    /// left out of the report if missing; a file given here must exist).
    #[arg(long, value_name = "FILE")]
    pub loo_file: Option<String>,
    /// Fit one scenario's own observed figures instead (a file from `renkei scenario --new`, or
    /// a preset): run from its start without being told them, each beside its simulated band.
    #[arg(long, value_name = "FILE|PRESET")]
    pub scenario: Option<String>,
    /// Fixed parameters (a JSON object of parameters) instead of the shipped posterior.
    #[arg(long, value_name = "FILE")]
    pub params: Option<String>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
}

#[derive(Args, Debug)]
pub struct ForecastArgs {
    /// One region (default: all four), or a scenario file (a municipality from `renkei scenario --new`).
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,
    /// Replications, 1 to 100000.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub reps: u32,
    /// Seed (default 20260228).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub threads: Threads,
    /// Directory the forecasts are written to.
    #[arg(long, value_name = "DIR", default_value = "data/forecasts")]
    pub out_dir: String,
    /// Issue date (default: today).
    #[arg(long, value_name = "DATE")]
    pub issued: Option<String>,
    /// Score this forecast file instead of writing forecasts.
    #[arg(long, value_name = "FILE")]
    pub score: Option<String>,
    /// An official figure to score against, DATE:ADOPTERS/OFFICES (repeatable; with --score).
    #[arg(long, value_name = "DATE:ADOPTERS/OFFICES", requires = "score")]
    pub observed: Vec<String>,
    /// Output of --score.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_declaration_is_consistent() {
        Cli::command().debug_assert();
    }
}
