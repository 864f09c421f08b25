//! ABC-SMC in rounds, for a cluster: the same calibration as [`calibrate`](super::calibrate),
//! split so that machines that share nothing but a folder can evaluate it.
//!
//! A calibration's whole state is its [`Config`] and a [`Ledger`]: the distances of every
//! batch accepted so far, in order. Replaying the ledger through a fresh [`Abc`] rebuilds
//! the state machine exactly (proposals are drawn from seeded streams, and `accept` is a
//! pure function of the distances), so nothing of the machine's internals is ever written
//! to disk, and a run resumes from its ledger after any interruption.
//!
//! A round is the next `k` batches the machine would propose. Within one generation the
//! proposals do not depend on the distances handed back (only closing a generation changes
//! the kernel and the stream), so they can be drawn ahead and evaluated anywhere, in any
//! slices. [`merge_round`] then accepts them batch by batch in order, exactly as the
//! single-machine loop would, and stops at the first batch that closes a generation or ends
//! the calibration; later batches of the round are discarded, because the single-machine
//! loop would have proposed them from the next generation. Hence the result is the same
//! bytes as one machine's, for any round size and any number of shards.

use super::abc::{Abc, Proposal};
use super::config::Config;
use crate::sim::error::SimError;
use serde::{Deserialize, Serialize};

/// The distances of every batch accepted so far, in order (`None`: not finite, so rejected).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    pub batches: Vec<Vec<Option<f64>>>,
}

fn to_distances(batch: &[Option<f64>]) -> Vec<f64> {
    batch.iter().map(|d| d.unwrap_or(f64::INFINITY)).collect()
}

/// A distance read back from a file: ≥ 0, or +∞ (a proposal whose run failed); a negative or
/// NaN one is a tampered or foreign file, refused with `field` named.
pub fn check_distance(field: impl FnOnce() -> String, d: f64) -> Result<(), SimError> {
    if d >= 0.0 {
        return Ok(());
    }
    Err(SimError::invalid(field(), format!("distance {d}: distances are ≥ 0 (a tampered or foreign file)")))
}

/// Rebuilds the state machine from its configuration and ledger.
pub fn replay(cfg: Config, ledger: &Ledger) -> Result<Abc, SimError> {
    let mut abc = Abc::new(cfg)?;
    for (i, d) in ledger.batches.iter().enumerate() {
        for (j, x) in d.iter().enumerate() {
            check_distance(|| format!("ledger.batches[{i}][{j}]"), x.unwrap_or(f64::INFINITY))?;
        }
        let batch = abc.next_batch().ok_or_else(|| {
            SimError::invalid(format!("ledger.batches[{i}]"), "the calibration had already finished before this batch")
        })?;
        if batch.len() != d.len() {
            return Err(SimError::invalid(
                format!("ledger.batches[{i}]"),
                format!("{} distances for a batch of {} proposals", d.len(), batch.len()),
            ));
        }
        abc.accept(&batch, &to_distances(d))?;
    }
    Ok(abc)
}

/// How many batches the next round should hold: enough to finish the current generation if it
/// accepts half as often as the last one did (each tolerance is a quantile of the last
/// generation's distances, so acceptance falls from generation to generation; all of
/// generation 0 is accepted), at most `max`. A longer round wastes the proposals drawn past a
/// generation's end; a shorter one costs another round trip through the scheduler.
pub fn round_batches(abc: &Abc, max: usize) -> usize {
    let cfg = abc.config();
    let (done, _) = abc.progress();
    let n = cfg.particles;
    let missing = n.saturating_sub(done.saturating_sub(abc.generation() * n)).max(1);
    let acceptance = abc.history().last().map_or(1.0, |g| 0.5 * g.acceptance).max(1e-3);
    let proposals = (missing as f64 / acceptance).ceil() as usize;
    proposals.div_ceil(cfg.batch.max(1)).clamp(1, max.max(1))
}

/// The next round: up to `k` batches the machine proposes (fewer or none once it has finished).
/// Call it on a replayed machine: the proposals are drawn from it.
pub fn next_round(abc: &mut Abc, k: usize) -> Vec<Vec<Proposal>> {
    (0..k).map_while(|_| abc.next_batch()).collect()
}

/// What a merge did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merged {
    /// Batches of the round accepted into the ledger.
    pub used: usize,
    /// Batches discarded after a generation closed.
    pub discarded: usize,
}

/// Accepts a round's distances (one vector per batch, in the round's order) into the ledger,
/// batch by batch, as the single-machine loop would. Checks that the round is the one the
/// ledger leads to (same proposal ids), so a stale or foreign round is an error, not a
/// silently different calibration. On error the ledger is unchanged.
pub fn merge_round(
    cfg: &Config,
    ledger: &mut Ledger,
    round: &[Vec<Proposal>],
    distances: &[Vec<f64>],
) -> Result<Merged, SimError> {
    if round.len() != distances.len() {
        return Err(SimError::invalid(
            "round",
            format!("{} batches but {} distance lists", round.len(), distances.len()),
        ));
    }
    let mut abc = replay(cfg.clone(), ledger)?;
    let mut added = Vec::new();
    for (b, (batch, d)) in round.iter().zip(distances).enumerate() {
        for (j, &x) in d.iter().enumerate() {
            check_distance(|| format!("round[{b}][{j}]"), x)?;
        }
        let gen = abc.generation();
        let expected = abc
            .next_batch()
            .ok_or_else(|| SimError::invalid(format!("round[{b}]"), "the calibration has already finished"))?;
        if expected.iter().map(|p| p.id).ne(batch.iter().map(|p| p.id)) || expected.len() != d.len() {
            return Err(SimError::invalid(
                format!("round[{b}]"),
                "these proposals are not the ones this state leads to (a stale or foreign round)",
            ));
        }
        abc.accept(&expected, d)?;
        added.push(d.iter().map(|&x| x.is_finite().then_some(x)).collect());
        if abc.done() || abc.generation() != gen {
            break;
        }
    }
    let used = added.len();
    ledger.batches.extend(added);
    Ok(Merged { used, discarded: round.len() - used })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::experiment::calibrate::{calibrate, default_priors, Posterior};
    use crate::sim::experiment::montecarlo::Progress;

    struct Quiet;
    impl Progress for Quiet {
        fn progress(&mut self, _: usize, _: usize) -> bool {
            true
        }
    }

    // A cheap deterministic stand-in for the model: the distance of θ to a point.
    fn dist(p: &Proposal) -> f64 {
        let c = [0.3, 0.5];
        let d: f64 = p.theta.iter().zip(c.iter().cycle()).map(|(t, c)| (t - c) * (t - c)).sum();
        (d + (p.id % 7) as f64 * 1e-4).sqrt()
    }

    fn small() -> Config {
        Config { particles: 30, generations: 4, batch: 8, seed: 11, priors: default_priors(), ..Config::default() }
    }

    fn posterior_json(p: &Posterior) -> String {
        serde_json::to_string(p).unwrap_or_default()
    }

    #[test]
    fn rounds_in_any_size_give_the_single_machine_posterior() {
        let cfg = small();
        let mut eval = |b: &[Proposal]| Ok(b.iter().map(dist).collect());
        let once = calibrate(cfg.clone(), &mut eval, &mut Quiet).expect("single machine");
        for k in [1usize, 3, 50] {
            let mut ledger = Ledger::default();
            let mut rounds = 0;
            loop {
                let mut abc = replay(cfg.clone(), &ledger).expect("replay");
                if abc.done() {
                    assert_eq!(posterior_json(&abc.posterior().expect("posterior")), posterior_json(&once), "k = {k}");
                    break;
                }
                let round = next_round(&mut abc, k);
                let d: Vec<Vec<f64>> = round.iter().map(|b| b.iter().map(dist).collect()).collect();
                merge_round(&cfg, &mut ledger, &round, &d).expect("merge");
                rounds += 1;
                assert!(rounds < 1000, "no progress");
            }
        }
    }

    #[test]
    fn a_stale_round_is_refused_and_leaves_the_ledger_alone() {
        let cfg = small();
        let mut ledger = Ledger::default();
        let mut abc = replay(cfg.clone(), &ledger).expect("replay");
        let round = next_round(&mut abc, 2);
        let d: Vec<Vec<f64>> = round.iter().map(|b| b.iter().map(dist).collect()).collect();
        merge_round(&cfg, &mut ledger, &round, &d).expect("first merge");
        let before = ledger.clone();
        let err = merge_round(&cfg, &mut ledger, &round, &d).expect_err("the same round twice");
        assert!(err.to_string().contains("round[0]"), "{err}");
        assert_eq!(ledger, before);
    }

    #[test]
    fn round_size_follows_the_last_acceptance() {
        let cfg = small();
        let abc = replay(cfg.clone(), &Ledger::default()).expect("replay");
        // Generation 0 accepts everything: 30 particles in batches of 8.
        assert_eq!(round_batches(&abc, 100), 4);
        assert_eq!(round_batches(&abc, 2), 2);
    }
}
