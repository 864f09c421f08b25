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

pub mod calibration;

/// A pool of `threads` threads (at least one).
fn pool(threads: usize) -> Result<rayon::ThreadPool, SimError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| SimError::Internal(format!("cannot start {threads} threads: {e}")))
}

/// `f` inside a pool of `threads` threads (at least one).
fn in_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> Result<R, SimError> {
    Ok(pool(threads)?.install(f))
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

/// `f` over each of `items` on up to `threads` threads, results in item order. Items are handed
/// out one at a time (their costs may differ widely, as a calibration's proposals do), and each
/// thread keeps one `S` for all the items it takes (its workspaces).
pub fn map_each<T: Sync, R: Send, S: Default>(
    items: &[T],
    threads: usize,
    f: impl Fn(&mut S, &T) -> Result<R, SimError> + Sync,
) -> Result<Vec<R>, SimError> {
    let next = AtomicUsize::new(0);
    let parts: Vec<Vec<(usize, Result<R, SimError>)>> = in_pool(threads.clamp(1, items.len().max(1)), || {
        rayon::broadcast(|_| {
            let mut state = S::default();
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break done };
                done.push((i, f(&mut state, item)));
            }
        })
    })?;
    let mut all: Vec<(usize, Result<R, SimError>)> = parts.into_iter().flatten().collect();
    all.sort_by_key(|(i, _)| *i);
    // The first failing item's error, in item order.
    all.into_iter().map(|(_, r)| r).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_each_keeps_item_order_and_gives_the_first_items_error() {
        let items: Vec<u32> = (0..50).collect();
        for threads in [1, 2, 5] {
            // Each thread counts the items it took in its own state.
            let out = map_each(&items, threads, |seen: &mut u32, &x| {
                *seen += 1;
                Ok(x * 2)
            });
            assert_eq!(out.ok(), Some(items.iter().map(|x| x * 2).collect::<Vec<_>>()), "{threads} threads");
            let failed = map_each(&items, threads, |_: &mut (), &x| {
                if x % 7 == 3 {
                    Err(SimError::invalid("item", format!("{x}")))
                } else {
                    Ok(x)
                }
            });
            assert_eq!(failed.err(), Some(SimError::invalid("item", "3")), "{threads} threads");
        }
    }
}
