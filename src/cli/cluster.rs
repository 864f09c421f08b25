//! `renkei calibrate --state DIR`: a calibration that machines sharing only a folder run
//! together, under a cluster scheduler's array jobs (docs/cluster.md). The core does the
//! algorithm (`calibrate::rounds`: a ledger of accepted distances, rounds drawn ahead, merged
//! in order); this file only reads and writes the folder:
//!
//! * `DIR/state.json`: the settings and the ledger, rewritten whole by each merge (the commit
//!   point: a run interrupted anywhere resumes from it);
//! * `DIR/round-R.json`: the proposals of round R (derived from the state; rewritten if lost);
//! * `DIR/round-R.shard-I-of-N.json`: the distances of shard I's contiguous slice.
//!
//! Every file is written to a temporary name and renamed, so a reader never sees half of one.

use crate::args::{CalibrateArgs, Shard};
use anyhow::{bail, Context, Result};
use renkei::sim::experiment::calibrate::rounds::{self, Ledger};
use renkei::sim::experiment::calibrate::{Config, Proposal, Target};
use renkei::sim::scenario::params::Params;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Instant;

const FORMAT: &str = "renkei-calibration-state/1";

/// What a calibration is: fixed when the folder is started, checked by every later command.
#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
struct Setup {
    regions: Vec<String>,
    reps_scale: f64,
    /// Most batches per round.
    round_batches: usize,
    config: Config,
}

#[derive(Serialize, Deserialize)]
struct State {
    format: String,
    setup: Setup,
    /// The round the shards evaluate now.
    round: usize,
    finished: bool,
    /// Seconds the shards spent evaluating (summed over shards and rounds).
    shard_seconds: f64,
    ledger: Ledger,
}

#[derive(Serialize, Deserialize)]
struct Round {
    round: usize,
    batches: Vec<Vec<Proposal>>,
}

#[derive(Serialize, Deserialize)]
struct ShardOut {
    round: usize,
    shard: usize,
    of: usize,
    /// Index (in the round's proposals, flattened) of the first distance.
    first: usize,
    distances: Vec<Option<f64>>,
    seconds: f64,
}

/// What every command prints on stdout: where the calibration stands (driver scripts read it).
#[derive(Serialize)]
struct Status {
    round: usize,
    proposals: usize,
    finished: bool,
    generation: usize,
    accepted: usize,
}

fn state_path(dir: &Path) -> PathBuf {
    dir.join("state.json")
}

fn round_path(dir: &Path, round: usize) -> PathBuf {
    dir.join(format!("round-{round:04}.json"))
}

fn shard_path(dir: &Path, round: usize, s: Shard) -> PathBuf {
    dir.join(format!("round-{round:04}.shard-{}-of-{}.json", s.index, s.count))
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not a file this version wrote", path.display()))
}

/// Writes a whole file under its name at once (temporary file + rename).
fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string(value).context("serialising")?;
    let name = path.to_string_lossy();
    crate::sink::Sink::open(Some(&name), &[])?.write(&text)
}

fn setup_from(args: &CalibrateArgs) -> Result<Setup> {
    if !(1..=4096).contains(&args.round_batches) {
        bail!("--round-batches {}: allowed 1 to 4096", args.round_batches);
    }
    Ok(Setup {
        regions: crate::calibrate::region_list(args)?,
        reps_scale: crate::calibrate::reps_scale(args)?,
        round_batches: args.round_batches,
        config: crate::calibrate::config_from(args)?,
    })
}

/// The proposals of the state's current round (none once finished).
fn round_of(state: &State) -> Result<Round> {
    let mut abc = rounds::replay(state.setup.config.clone(), &state.ledger).context("replaying the ledger")?;
    let k = rounds::round_batches(&abc, state.setup.round_batches);
    Ok(Round { round: state.round, batches: rounds::next_round(&mut abc, k) })
}

fn status(state: &State, round: &Round) -> Result<Status> {
    let abc = rounds::replay(state.setup.config.clone(), &state.ledger)?;
    let n = abc.config().particles;
    Ok(Status {
        round: state.round,
        proposals: round.batches.iter().map(Vec::len).sum(),
        finished: state.finished,
        generation: abc.generation(),
        accepted: abc.progress().0.saturating_sub(abc.generation() * n),
    })
}

fn print_status(state: &State, round: &Round) -> Result<()> {
    outln!("{}", serde_json::to_string(&status(state, round)?)?);
    Ok(())
}

/// The state in `dir`, checked against the settings given on this command line.
fn load(dir: &Path, args: &CalibrateArgs) -> Result<State> {
    let state: State = read_json(&state_path(dir))?;
    if state.format != FORMAT {
        bail!("--state {}: format {} (this renkei reads {FORMAT})", dir.display(), state.format);
    }
    let given = setup_from(args)?;
    if given != state.setup {
        bail!(
            "--state {}: the folder holds a calibration with other settings ({}); give the same \
             options as when it was started, or another folder",
            dir.display(),
            serde_json::to_string(&state.setup)?
        );
    }
    Ok(state)
}

/// The current round's proposals, from its file, or written anew from the state if missing.
fn current_round(dir: &Path, state: &State) -> Result<Round> {
    let path = round_path(dir, state.round);
    if path.exists() {
        let round: Round = read_json(&path)?;
        if round.round == state.round {
            return Ok(round);
        }
    }
    let round = round_of(state)?;
    write_json(&path, &round)?;
    Ok(round)
}

pub fn main(args: &CalibrateArgs, dir: &str) -> Result<()> {
    if args.loo {
        bail!("--state: leave-one-out runs on one machine only (drop --loo or --state)");
    }
    let dir = Path::new(dir);
    if !dir.exists() {
        std::fs::create_dir_all(dir).with_context(|| format!("--state {}: cannot create the folder", dir.display()))?;
    }
    if !dir.is_dir() {
        bail!("--state {}: not a folder", dir.display());
    }
    if !state_path(dir).exists() {
        if args.shard.is_some() || args.merge {
            bail!(
                "--state {}: no calibration here yet; start it with the same command without --shard/--merge",
                dir.display()
            );
        }
        let state = State {
            format: FORMAT.into(),
            setup: setup_from(args)?,
            round: 0,
            finished: false,
            shard_seconds: 0.0,
            ledger: Ledger::default(),
        };
        let round = current_round(dir, &state)?;
        write_json(&state_path(dir), &state)?;
        return print_status(&state, &round);
    }
    let state = load(dir, args)?;
    if let Some(s) = args.shard {
        return shard(dir, &state, s, crate::threads(&args.threads));
    }
    if args.merge {
        return merge(dir, state, args);
    }
    let round = current_round(dir, &state)?;
    print_status(&state, &round)
}

/// Evaluates shard `s`'s contiguous slice of the current round (nothing to do if it is done).
fn shard(dir: &Path, state: &State, s: Shard, threads: usize) -> Result<()> {
    let round = current_round(dir, state)?;
    let path = shard_path(dir, state.round, s);
    if state.finished || path.exists() {
        return print_status(state, &round);
    }
    let all: Vec<Proposal> = round.batches.iter().flatten().cloned().collect();
    let (first, last) = (s.index * all.len() / s.count, (s.index + 1) * all.len() / s.count);
    let setup = &state.setup;
    let targets: Vec<Target> = setup
        .regions
        .iter()
        .map(|r| Target::preset(r, setup.reps_scale))
        .collect::<Result<_, _>>()
        .context("building the targets")?;
    let t0 = Instant::now();
    let base = Params::default();
    let d = crate::calibrate::evaluate_threads(&targets, &base, &setup.config, &all[first..last], threads)?;
    let out = ShardOut {
        round: state.round,
        shard: s.index,
        of: s.count,
        first,
        distances: d.iter().map(|&x| x.is_finite().then_some(x)).collect(),
        seconds: t0.elapsed().as_secs_f64(),
    };
    write_json(&path, &out)?;
    print_status(state, &round)
}

/// The shards' files of a round: all of one split I/N, every I present.
fn shard_files(dir: &Path, round: usize) -> Result<Vec<ShardOut>> {
    let prefix = format!("round-{round:04}.shard-");
    let mut found: Vec<ShardOut> = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with(&prefix) && name.ends_with(".json") {
            found.push(read_json(&dir.join(&name))?);
        }
    }
    let Some(of) = found.first().map(|s| s.of) else {
        bail!("round {round}: no shard has finished yet (run the --shard I/N jobs first)");
    };
    if found.iter().any(|s| s.of != of || s.round != round) {
        bail!("round {round}: shard files of different splits in {}; keep one split I/N", dir.display());
    }
    let missing: Vec<String> =
        (0..of).filter(|i| !found.iter().any(|s| s.shard == *i)).map(|i| format!("{i}/{of}")).collect();
    if !missing.is_empty() {
        bail!("round {round}: shards {} have not finished", missing.join(", "));
    }
    found.sort_by_key(|s| s.shard);
    Ok(found)
}

/// Accepts the current round and writes the next one, or, when the calibration has finished,
/// its results (as the single-machine command writes them).
fn merge(dir: &Path, mut state: State, args: &CalibrateArgs) -> Result<()> {
    if state.finished {
        let round = current_round(dir, &state)?;
        return print_status(&state, &round);
    }
    let round = current_round(dir, &state)?;
    let shards = shard_files(dir, state.round)?;
    let flat: Vec<f64> = shards.iter().flat_map(|s| s.distances.iter().map(|d| d.unwrap_or(f64::INFINITY))).collect();
    let total: usize = round.batches.iter().map(Vec::len).sum();
    if flat.len() != total {
        bail!("round {}: the shards hold {} distances for {total} proposals", state.round, flat.len());
    }
    let mut rest = flat.as_slice();
    let distances: Vec<Vec<f64>> = round
        .batches
        .iter()
        .map(|b| {
            let (head, tail) = rest.split_at(b.len());
            rest = tail;
            head.to_vec()
        })
        .collect();
    let merged = rounds::merge_round(&state.setup.config, &mut state.ledger, &round.batches, &distances)?;
    eprintln!("round {}: {} batches accepted, {} discarded", state.round, merged.used, merged.discarded);
    state.shard_seconds += shards.iter().map(|s| s.seconds).sum::<f64>();
    state.round += 1;
    let abc = rounds::replay(state.setup.config.clone(), &state.ledger)?;
    state.finished = abc.done();
    let next = if state.finished { Round { round: state.round, batches: Vec::new() } } else { round_of(&state)? };
    if state.finished {
        let post = abc.posterior()?;
        let setup = &state.setup;
        let default_out = dir.join("calibration.json").to_string_lossy().into_owned();
        let default_post = dir.join("posterior.json").to_string_lossy().into_owned();
        crate::calibrate::write_results(
            &crate::calibrate::Results {
                cfg: &setup.config,
                regions: &setup.regions,
                scale: setup.reps_scale,
                threads: crate::threads(&args.threads),
                seconds: state.shard_seconds,
            },
            post,
            Some(args.out.as_deref().unwrap_or(&default_out)),
            Some(args.posterior_out.as_deref().unwrap_or(&default_post)),
        )?;
    } else {
        write_json(&round_path(dir, state.round), &next)?;
    }
    // Last: the state is the commit point (a merge interrupted before this line is redone).
    write_json(&state_path(dir), &state)?;
    print_status(&state, &next)
}
