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
use renkei::sim::experiment::report;
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

/// Which calibration a round or shard file belongs to: its settings' hash and seed, and the
/// round. A file of another calibration (another seed, other settings) is refused.
#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
struct Identity {
    setup: String,
    seed: u64,
    round: usize,
}

impl Identity {
    fn of(state: &State) -> Identity {
        let setup = report::text_hash(&serde_json::to_string(&state.setup).unwrap_or_default());
        Identity { setup, seed: state.setup.config.seed, round: state.round }
    }

    /// Refuses a file of another calibration or another round.
    fn check(&self, state: &State, path: &Path) -> Result<()> {
        let want = Identity::of(state);
        if *self != want {
            bail!(
                "{}: belongs to another calibration or round (settings {} seed {} round {}; this folder's \
                 current round is settings {} seed {} round {}); remove it",
                path.display(),
                self.setup,
                self.seed,
                self.round,
                want.setup,
                want.seed,
                want.round
            );
        }
        Ok(())
    }
}

#[derive(Serialize, Deserialize)]
struct Round {
    id: Identity,
    round: usize,
    batches: Vec<Vec<Proposal>>,
}

#[derive(Serialize, Deserialize)]
struct ShardOut {
    id: Identity,
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
    let text = crate::sink::read_text("--state", &path.to_string_lossy(), crate::sink::MAX_JSON_BYTES)?;
    serde_json::from_str(&text).with_context(|| format!("{} is not a file this version wrote", path.display()))
}

/// Writes a whole file under its name at once (temporary file + rename).
fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string(value).context("serialising")?;
    let name = path.to_string_lossy();
    crate::sink::Sink::open("--state", Some(&name), &[])?.write(&text)
}

/// The folder's own files (the state, rounds and shards): the results never replace one.
fn state_files(dir: &Path) -> Result<Vec<String>> {
    let mut files = vec![state_path(dir).to_string_lossy().into_owned()];
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("round-")) {
            files.push(path.to_string_lossy().into_owned());
        }
    }
    Ok(files)
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
            differing_options(&given, &state.setup)
        );
    }
    Ok(state)
}

/// The options whose values differ between two setups, as `--seed 7 (the folder's: 99)`.
fn differing_options(given: &Setup, held: &Setup) -> String {
    let flat = |s: &Setup| {
        let mut v = serde_json::to_value(&s.config).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.insert("regions".into(), s.regions.join(",").into());
            o.insert("reps_scale".into(), s.reps_scale.into());
            o.insert("round_batches".into(), s.round_batches.into());
        }
        v
    };
    let (a, b) = (flat(given), flat(held));
    let option = |k: &str| match k {
        "max_proposals_per_generation" => "--max-proposals".to_string(),
        "priors" | "min_eps_drop" => format!("{k} (a different renkei version)"),
        k => format!("--{}", k.replace('_', "-")),
    };
    let show = |v: &serde_json::Value| crate::sink::short(&v.to_string());
    let mut out = Vec::new();
    if let (Some(a), Some(b)) = (a.as_object(), b.as_object()) {
        for (k, va) in a {
            let vb = b.get(k).cloned().unwrap_or_default();
            if *va != vb {
                out.push(format!("{} {} (the folder's: {})", option(k), show(va), show(&vb)));
            }
        }
    }
    out.join(", ")
}

/// The current round's proposals, from its file, or written anew from the state if missing.
fn current_round(dir: &Path, state: &State) -> Result<Round> {
    let path = round_path(dir, state.round);
    if path.exists() {
        let round: Round = read_json(&path)?;
        round.id.check(state, &path)?;
        return Ok(round);
    }
    let round = round_of(state)?;
    write_json(&path, &round)?;
    Ok(round)
}

/// The proposals of the state's current round (none once finished).
fn round_of(state: &State) -> Result<Round> {
    let mut abc = rounds::replay(state.setup.config.clone(), &state.ledger).context("replaying the ledger")?;
    let k = rounds::round_batches(&abc, state.setup.round_batches);
    Ok(Round { id: Identity::of(state), round: state.round, batches: rounds::next_round(&mut abc, k) })
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
        id: Identity::of(state),
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

/// The shards' files of a round: all of one split I/N, every I present, each of this
/// calibration and round, holding the slice its name says, with distances ≥ 0.
fn shard_files(dir: &Path, state: &State, total: usize) -> Result<Vec<ShardOut>> {
    let round = state.round;
    let prefix = format!("round-{round:04}.shard-");
    let mut found: Vec<ShardOut> = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with(&prefix) && name.ends_with(".json") {
            let path = dir.join(&name);
            let s: ShardOut = read_json(&path)?;
            s.id.check(state, &path)?;
            let named = shard_path(dir, round, Shard { index: s.shard, count: s.of });
            let (first, last) = (s.shard * total / s.of.max(1), (s.shard + 1) * total / s.of.max(1));
            if named != path
                || s.round != round
                || s.shard >= s.of
                || s.first != first
                || s.distances.len() != last - first
            {
                bail!(
                    "{}: its contents (shard {}/{}, first {}, {} distances) disagree with its name and the \
                     round's {total} proposals; remove it and run that shard again",
                    path.display(),
                    s.shard,
                    s.of,
                    s.first,
                    s.distances.len()
                );
            }
            for (j, d) in s.distances.iter().enumerate() {
                rounds::check_distance(|| format!("{}: distances[{j}]", path.display()), d.unwrap_or(f64::INFINITY))?;
            }
            found.push(s);
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
        let more = if missing.len() > 10 { format!(" and {} more", missing.len() - 10) } else { String::new() };
        bail!("round {round}: shards {}{more} have not finished", missing[..missing.len().min(10)].join(", "));
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
    // The results' files are held to the output rule before the merge: never a state file.
    let out = args.out.clone().unwrap_or_else(|| dir.join("calibration.json").to_string_lossy().into_owned());
    let post_out =
        args.posterior_out.clone().unwrap_or_else(|| dir.join("posterior.json").to_string_lossy().into_owned());
    let own = state_files(dir)?;
    let reads: Vec<(&str, &str)> = own.iter().map(|f| ("--state", f.as_str())).collect();
    crate::sink::check(&[("--out", &out), ("--posterior-out", &post_out)], &reads)?;
    let round = current_round(dir, &state)?;
    let total: usize = round.batches.iter().map(Vec::len).sum();
    let shards = shard_files(dir, &state, total)?;
    let flat: Vec<f64> = shards.iter().flat_map(|s| s.distances.iter().map(|d| d.unwrap_or(f64::INFINITY))).collect();
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
    let next = if state.finished {
        Round { id: Identity::of(&state), round: state.round, batches: Vec::new() }
    } else {
        round_of(&state)?
    };
    if state.finished {
        let post = abc.posterior()?;
        let setup = &state.setup;
        crate::calibrate::write_results(
            &crate::calibrate::Results {
                cfg: &setup.config,
                regions: &setup.regions,
                scale: setup.reps_scale,
                threads: crate::threads(&args.threads),
                seconds: state.shard_seconds,
            },
            post,
            Some(&out),
            Some(&post_out),
            &reads,
        )?;
    } else {
        write_json(&round_path(dir, state.round), &next)?;
    }
    // Last: the state is the commit point (a merge interrupted before this line is redone).
    write_json(&state_path(dir), &state)?;
    print_status(&state, &next)
}
