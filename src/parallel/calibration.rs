//! A calibration on native threads: one pool for the whole run, each thread with its own
//! workspaces, proposals handed out one at a time, and the next batch drawn while the last is
//! out whenever the generation surely stays open ([`Abc::open_after`]).
//!
//! Why not one batch at a time: splitting each batch into one contiguous chunk per thread and
//! waiting for the slowest left the second of two threads idle about a quarter of the run
//! (proposals cost very different amounts: parameters that adopt fast run more events), and
//! each batch started its threads' workspaces afresh. The posterior is the same bytes: batches
//! are drawn and accepted in the order [`calibrate::calibrate`] would, and a proposal's
//! distance depends on the proposal only.
//!
//! [`calibrate::calibrate`]: crate::sim::experiment::calibrate::calibrate

use crate::sim::error::SimError;
use crate::sim::experiment::calibrate::{Abc, Config, Observe, Posterior, Proposal};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

/// Runs ABC-SMC to the end with `eval` on `threads` threads. `eval(state, proposal)` gives a
/// proposal's distance; each thread keeps one `S` (its workspaces) for the whole run.
/// The result is [`calibrate::calibrate`]'s, for any number of threads.
///
/// [`calibrate::calibrate`]: crate::sim::experiment::calibrate::calibrate
pub fn calibrate<S, E>(cfg: Config, threads: usize, eval: E, observer: &mut dyn Observe) -> Result<Posterior, SimError>
where
    S: Default + Send,
    E: Fn(&mut S, &Proposal) -> Result<f64, SimError> + Sync,
{
    let threads = threads.max(1);
    let mut abc = Abc::new(cfg)?;
    let states: Vec<Mutex<S>> = (0..threads).map(|_| Mutex::new(S::default())).collect();
    let stop = AtomicBool::new(false);
    let pool = super::pool(threads)?;
    let (tx, rx) = mpsc::channel::<(u64, Result<f64, SimError>)>();
    let run = pool.in_place_scope_fifo(|scope| -> Result<(), SimError> {
        let mut out: VecDeque<Out> = VecDeque::new();
        let result = loop {
            // Draw ahead while the generation surely stays open, up to two batches or enough
            // proposals for every thread (a small --batch), whichever is more.
            loop {
                let pending: usize = out.iter().map(|b| b.batch.len()).sum();
                let enough = out.len() >= 2 && pending >= 2 * threads;
                if enough || (!out.is_empty() && !abc.open_after(pending)) {
                    break;
                }
                let Some(batch) = abc.next_batch() else { break };
                for p in &batch {
                    let (tx, states, stop, eval, p) = (tx.clone(), &states, &stop, &eval, p.clone());
                    scope.spawn_fifo(move |_| {
                        let d = if stop.load(Ordering::Relaxed) {
                            Err(SimError::Cancelled)
                        } else {
                            // One state per pool thread; uncontended, so the lock costs nothing.
                            let i = rayon::current_thread_index().unwrap_or(0) % states.len();
                            // A panic becomes an error: the driver below waits for this answer.
                            let run = std::panic::AssertUnwindSafe(|| match states[i].lock() {
                                Ok(mut s) => eval(&mut s, &p),
                                Err(_) => Err(SimError::Internal("a calibration thread failed".into())),
                            });
                            std::panic::catch_unwind(run).unwrap_or_else(|_| {
                                Err(SimError::Internal(format!("proposal {} stopped its thread", p.id)))
                            })
                        };
                        // The receiver lives until every task has ended (the scope waits).
                        let _ = tx.send((p.id, d));
                    });
                }
                out.push_back(Out::new(batch));
            }
            let Some(front) = out.front() else { break Ok(()) };
            if !front.complete() {
                match rx.recv() {
                    Ok((id, d)) => {
                        if let Some(b) = out.iter_mut().find(|b| b.holds(id)) {
                            b.set(id, d);
                        }
                        continue;
                    }
                    Err(_) => break Err(SimError::Internal("the calibration's threads stopped".into())),
                }
            }
            let Some(done) = out.pop_front() else { break Ok(()) };
            let (batch, distances) = match done.into_distances() {
                Ok(d) => d,
                Err(e) => break Err(e),
            };
            if let Err(e) = abc.accept(&batch, &distances) {
                break Err(e);
            }
            if !observer.observe(&abc) {
                break Err(SimError::Cancelled);
            }
        };
        // Tasks still queued return at once; the scope waits for the running ones.
        stop.store(true, Ordering::Relaxed);
        result
    });
    run?;
    abc.posterior()
}

/// A batch out on the threads, and the distances back so far.
struct Out {
    batch: Vec<Proposal>,
    distances: Vec<Option<Result<f64, SimError>>>,
    missing: usize,
}

impl Out {
    fn new(batch: Vec<Proposal>) -> Out {
        let n = batch.len();
        Out { batch, distances: (0..n).map(|_| None).collect(), missing: n }
    }

    /// A batch's proposal ids are consecutive (`Abc::next_batch`).
    fn slot(&self, id: u64) -> Option<usize> {
        let first = self.batch.first()?.id;
        let i = id.checked_sub(first)? as usize;
        (i < self.batch.len()).then_some(i)
    }

    fn holds(&self, id: u64) -> bool {
        self.slot(id).is_some()
    }

    fn set(&mut self, id: u64, d: Result<f64, SimError>) {
        if let Some(i) = self.slot(id) {
            if self.distances[i].is_none() {
                self.missing -= 1;
            }
            self.distances[i] = Some(d);
        }
    }

    fn complete(&self) -> bool {
        self.missing == 0
    }

    /// The batch and its distances in order, or the first proposal's error.
    fn into_distances(self) -> Result<(Vec<Proposal>, Vec<f64>), SimError> {
        let d = self.distances.into_iter().map(|d| d.unwrap_or(Err(SimError::Cancelled))).collect::<Result<_, _>>()?;
        Ok((self.batch, d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::experiment::calibrate::{self, Prior};
    use crate::sim::experiment::montecarlo::Quiet;

    fn toy_config(batch: usize) -> Config {
        Config {
            particles: 40,
            generations: 4,
            batch,
            max_proposals_per_generation: 400,
            priors: vec![Prior::new("p", 0.0, 1.0), Prior::new("q", 0.0, 2.0)],
            ..Config::default()
        }
    }

    fn dist(p: &Proposal) -> f64 {
        (p.theta[0] - 0.3).abs() + (p.theta[1] - 1.2).abs() * 0.5
    }

    #[test]
    fn the_pipelined_calibration_equals_one_batch_at_a_time_for_any_thread_count() {
        for batch in [1, 8, 64] {
            let mut eval = |b: &[Proposal]| -> Result<Vec<f64>, SimError> { Ok(b.iter().map(dist).collect()) };
            let serial = calibrate::calibrate(toy_config(batch), &mut eval, &mut Quiet).expect("runs");
            for threads in [1, 2, 3, 8] {
                let mut calls = 0usize;
                let piped = super::calibrate(
                    toy_config(batch),
                    threads,
                    |n: &mut usize, p: &Proposal| {
                        *n += 1;
                        Ok(dist(p))
                    },
                    &mut |_: usize, _: usize| {
                        calls += 1;
                        true
                    },
                )
                .expect("runs");
                assert!(calls > 0);
                assert_eq!(
                    serde_json::to_string(&piped).ok(),
                    serde_json::to_string(&serial).ok(),
                    "batch {batch}, {threads} threads"
                );
            }
        }
    }

    #[test]
    fn a_failing_proposal_stops_the_calibration_with_its_error() {
        let r = super::calibrate(
            toy_config(8),
            2,
            |_: &mut (), p: &Proposal| {
                if p.id == 13 {
                    Err(SimError::invalid("regions", "broken"))
                } else {
                    Ok(dist(p))
                }
            },
            &mut Quiet,
        );
        assert!(matches!(r, Err(SimError::Invalid { .. })), "{r:?}");
    }

    #[test]
    fn a_panicking_evaluation_is_an_error_not_a_hang() {
        let r = super::calibrate(
            toy_config(8),
            2,
            |_: &mut (), p: &Proposal| if p.id == 5 { panic!("a bug in an evaluation") } else { Ok(dist(p)) },
            &mut Quiet,
        );
        assert!(matches!(r, Err(SimError::Internal(ref m)) if m.contains("proposal 5")), "{r:?}");
    }

    #[test]
    fn an_observer_that_says_stop_cancels() {
        let r =
            super::calibrate(toy_config(8), 2, |_: &mut (), p: &Proposal| Ok(dist(p)), &mut |d: usize, _: usize| {
                d < 10
            });
        assert!(matches!(r, Err(SimError::Cancelled)), "{r:?}");
    }
}
