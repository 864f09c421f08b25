//! Threads for the native shells (the CLI, benchmarks and tests), with rayon. The simulation
//! core is single-threaded and deterministic per replication; everything here splits work
//! whose result does not depend on the split: replications are added to a [`Tally`] in any
//! order, and batches come back in item order. So any thread count gives the same bytes.

use crate::sim::error::SimError;
use crate::sim::experiment::cost::{self, RepCost};
use crate::sim::experiment::montecarlo::{summarise, Prepared, Summary, Tally, Workspace};
use crate::sim::scenario::Scenario;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The number of threads to use by default: every core.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// `f` inside a pool of `threads` threads (at least one).
fn in_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> Result<R, SimError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| SimError::Internal(format!("cannot start {threads} threads: {e}")))?;
    Ok(pool.install(f))
}

/// Runs a scenario's replications on `threads` threads; the result is identical to
/// `montecarlo::run` on one.
pub fn run(scn: &Scenario, threads: usize) -> Result<Summary, SimError> {
    let prep = Prepared::new(scn)?;
    let tally = run_reps(&prep, threads)?;
    summarise(&prep, tally)
}

/// All replications, added to a tally as each finishes (so a thread holds one replication's
/// record at a time); the error of the first replication in replication order that failed.
pub fn run_reps(prep: &Prepared, threads: usize) -> Result<Tally, SimError> {
    let n = prep.scn.replications as usize;
    let order = prep.run_order();
    let tally = Mutex::new(Tally::new(prep));
    let next = AtomicUsize::new(0);
    let lost = || SimError::Internal("a worker thread failed".into());
    // Each thread keeps one workspace and takes the next replication in run order (grouped
    // by network, for the cache) until none is left.
    let errors: Vec<Vec<(usize, SimError)>> = in_pool(threads.clamp(1, n.max(1)), || {
        rayon::broadcast(|_| {
            let mut errors = Vec::new();
            let mut ws = Workspace::default();
            while let Some(&rep) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                let added = prep.run_rep_with(rep as u64, &mut ws).and_then(|rec| match tally.lock() {
                    Ok(mut t) => t.add(rep, &rec),
                    Err(_) => Err(lost()),
                });
                if let Err(e) = added {
                    errors.push((rep, e));
                }
            }
            errors
        })
    })?;
    if let Some((_, e)) = errors.into_iter().flatten().min_by_key(|e| e.0) {
        return Err(e);
    }
    tally.into_inner().map_err(|_| lost())
}

/// Every replication of `scn` priced (`experiment::cost`), in replication order, on `threads`
/// threads; the same as `cost::run` on one.
pub fn cost_reps(scn: &Scenario, threads: usize) -> Result<Vec<RepCost>, SimError> {
    let (prep, m, contacts) = cost::prepare(scn)?;
    let reps: Vec<u64> = (0..scn.replications as u64).collect();
    in_chunks(&reps, threads, |c| {
        let mut ws = Workspace::default();
        Ok(c.iter().map(|&rep| cost::run_rep(&prep, &m, &contacts, rep, &mut ws)).collect())
    })
}

/// `f` over contiguous chunks of `items` on up to `threads` threads, results in item order
/// (so they do not depend on the split); the first failing chunk's error.
pub fn in_chunks<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&[T]) -> Result<Vec<R>, SimError> + Sync,
) -> Result<Vec<R>, SimError> {
    let chunk = items.len().div_ceil(threads.max(1)).max(1);
    let parts: Vec<Result<Vec<R>, SimError>> = in_pool(threads, || items.par_chunks(chunk).map(&f).collect())?;
    let mut out = Vec::with_capacity(items.len());
    for p in parts {
        out.extend(p?);
    }
    Ok(out)
}
