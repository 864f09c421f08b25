//! How long a running calibration still needs, from its progress so far: the proposals it
//! evaluates per second, and how many proposals its remaining generations will take. In
//! ABC-SMC every generation tightens the tolerance, so fewer proposals are accepted and a
//! generation needs more of them: acceptance falls by a roughly steady ratio from one
//! generation to the next (the shipped run: 0.50, 0.40, 0.25, 0.15, 0.12, 0.08, 0.06, 0.04,
//! ratios 0.59 to 0.81; the one shipped before it: ratios 0.64 to 0.78). The estimate follows that trend, the run's own stopping rules
//! (the generation budget, the acceptance floor, the proposal cap per generation) included;
//! the tolerance-stall rule cannot be foreseen, so a run it stops ends sooner than said.

use super::abc::Abc;
use super::config::Config;
use super::result::Generation;
use crate::sim::experiment::eta::Eta;

/// The calibration's state after one accepted batch, and when (ms since it started).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tick {
    pub ms: f64,
    /// The generation being filled (0 = the prior).
    pub generation: usize,
    /// Particles accepted and proposals evaluated in that generation so far.
    pub accepted: usize,
    pub proposals: usize,
    /// Proposals evaluated in all.
    pub total: usize,
    pub finished: bool,
}

impl Tick {
    pub fn of(abc: &Abc, ms: f64) -> Tick {
        let (accepted, proposals) = abc.current();
        Tick { ms, generation: abc.generation(), accepted, proposals, total: abc.proposals(), finished: abc.done() }
    }
}

/// Before this many seconds and proposals of measured work, the pace is not known.
const MIN_SECONDS: f64 = 2.0;
const MIN_PROPOSALS: usize = 20;
/// The current generation's acceptance is its own count blended with what the trend
/// expects, worth this many proposals: a few proposals into a generation say little.
const EXPECTED_WEIGHT: f64 = 100.0;
/// The step of acceptance from one generation to the next when the run has completed fewer
/// than two after the prior (the shipped runs' ratios, 0.59 to 0.81, widened), and the
/// margin kept around the ratios it has shown.
const RATIO_UNKNOWN: (f64, f64) = (0.55, 0.85);
const RATIO_MARGIN: f64 = 0.05;
/// Ratios tried across the range.
const RATIO_STEPS: usize = 12;

/// The remaining time of a calibration run with `cfg`, from the generations it completed
/// (`history`, as `Abc::history`) and its ticks so far (oldest first): "estimating" while
/// the prior generation runs (it accepts every proposal, so it says nothing of the trend)
/// and until two seconds of pace are measured. The pace is the proposals per second of the
/// later half of the run so far.
pub fn estimate(cfg: &Config, history: &[Generation], ticks: &[Tick]) -> Eta {
    let (Some(first), Some(last)) = (ticks.first(), ticks.last()) else { return Eta::Estimating };
    if last.finished {
        return Eta::remaining(0.0, 0.0);
    }
    let span = last.ms - first.ms;
    if last.generation == 0 || span.is_nan() || span < 1000.0 * MIN_SECONDS {
        return Eta::Estimating;
    }
    // the pace of the later half of the time so far (at least MIN_SECONDS): the workers'
    // first seconds run slower (the browser compiles their code better as it goes), and a
    // machine's load changes
    let since = last.ms - (1000.0 * MIN_SECONDS).max(span / 2.0);
    let from = ticks.iter().rev().find(|t| t.ms <= since).unwrap_or(first);
    let measured = last.total.saturating_sub(from.total);
    if measured < MIN_PROPOSALS {
        return Eta::Estimating;
    }
    let per_second = measured as f64 / ((last.ms - from.ms) / 1000.0);
    // acceptance of the completed generations after the prior, and its steps
    let done: Vec<f64> = history.iter().skip(1).map(|g| g.acceptance).filter(|a| *a > 0.0).collect();
    let ratios: Vec<f64> = done.windows(2).map(|w| w[1] / w[0]).filter(|r| r.is_finite()).collect();
    let (lo, hi) = match ratios.iter().copied().reduce(f64::min).zip(ratios.iter().copied().reduce(f64::max)) {
        Some((min, max)) => ((min - RATIO_MARGIN).clamp(0.05, 1.0), (max + RATIO_MARGIN).clamp(0.05, 1.0)),
        None => RATIO_UNKNOWN,
    };
    let left = |ratio: f64| {
        // what the trend expects of the current generation: the first tolerance is the
        // quantile of the prior's distances, so about that share passes; later, a step down
        let expected = done.last().map_or(cfg.quantile, |a| a * ratio);
        let acceptance =
            (last.accepted as f64 + EXPECTED_WEIGHT * expected) / (last.proposals as f64 + EXPECTED_WEIGHT);
        proposals_left(cfg, last, acceptance, ratio) / per_second
    };
    // not monotone in the ratio: a steep fall needs more proposals per generation but meets
    // the acceptance floor sooner, so the range is taken over ratios across [lo, hi]
    let (mut min, mut max) = (f64::INFINITY, 0.0f64);
    for k in 0..=RATIO_STEPS {
        let t = left(lo + (hi - lo) * k as f64 / RATIO_STEPS as f64);
        (min, max) = (min.min(t), max.max(t));
    }
    Eta::remaining(min, max)
}

/// Proposals still to evaluate if the current generation accepts `acceptance` of its
/// proposals and each later one `ratio` times the one before, under `cfg`'s stopping rules.
fn proposals_left(cfg: &Config, at: &Tick, acceptance: f64, ratio: f64) -> f64 {
    let (n, cap) = (cfg.particles as f64, cfg.max_proposals_per_generation as f64);
    let mut a = acceptance.max(1e-6);
    // the current generation: what its particles still need, or the cap, which ends the run
    let need = (n - at.accepted as f64).max(0.0) / a;
    let room = (cap - at.proposals as f64).max(0.0);
    if need > room {
        return room;
    }
    let mut left = need;
    let mut g = at.generation;
    loop {
        // the rules `Abc` applies when generation g closes
        if g + 1 >= cfg.generations || (g >= 1 && a < cfg.min_acceptance) {
            return left;
        }
        g += 1;
        a = (a * ratio).max(1e-6);
        let need = n / a;
        if need > cap {
            return left + cap;
        }
        left += need;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run's generations as (proposals, accepted), replayed batch by batch at `per_second`
    /// proposals a second, acceptances spread evenly in each generation: its ticks, each with
    /// the history of the generations completed before it.
    fn replay(cfg: &Config, gens: &[(usize, usize)], per_second: f64) -> Vec<(Vec<Generation>, Tick)> {
        let mut out = Vec::new();
        let (mut history, mut total) = (Vec::new(), 0usize);
        for (g, &(proposals, accepted)) in gens.iter().enumerate() {
            let mut p = 0;
            while p < proposals {
                p = (p + cfg.batch).min(proposals);
                let a = accepted * p / proposals;
                let tick = Tick {
                    ms: 1000.0 * (total + p) as f64 / per_second,
                    generation: g,
                    accepted: a,
                    proposals: p,
                    total: total + p,
                    finished: false,
                };
                out.push((history.clone(), tick));
            }
            total += proposals;
            history.push(Generation {
                epsilon: None,
                proposals,
                accepted,
                acceptance: accepted as f64 / proposals as f64,
                median_distance: 1.0,
            });
        }
        out
    }

    /// The shipped calibration's own record (data/calibration.json): its settings and the
    /// proposals and acceptances of its nine generations.
    fn shipped() -> (Config, Vec<(usize, usize)>) {
        #[derive(serde::Deserialize)]
        struct File {
            posterior: super::super::Posterior,
        }
        let f: File = serde_json::from_str(include_str!("../../../../data/calibration.json")).expect("shipped file");
        let gens = f.posterior.generations.iter().map(|g| (g.proposals, g.accepted)).collect();
        (f.posterior.config, gens)
    }

    /// The calibration shipped until 2026-12-08 (each proposal drew its own networks): its
    /// generations as (proposals, accepted), whose acceptance fell steadily (ratios 0.64 to 0.78).
    const STEADY: [(usize, usize); 9] = [
        (400, 400),
        (778, 400),
        (996, 400),
        (1542, 400),
        (2281, 400),
        (3423, 400),
        (5047, 400),
        (6823, 400),
        (9935, 400),
    ];

    /// Replays a run's generations at `per_second` and checks the estimate against the time
    /// that was truly left; `width`: the most the range may span once three generations have
    /// shown the trend.
    fn check_against_the_truth(cfg: &Config, gens: &[(usize, usize)], per_second: f64, width: Option<f64>) {
        let total: usize = gens.iter().map(|g| g.0).sum();
        let ticks = replay(cfg, gens, per_second);
        let (mut said, mut worst) = (0, (1.0f64, 0usize));
        for (k, (history, tick)) in ticks.iter().enumerate() {
            let truth = (total - tick.total) as f64 / per_second;
            let at: Vec<Tick> = ticks[..=k].iter().map(|t| t.1).collect();
            let Eta::Remaining { low_s, high_s } = estimate(cfg, history, &at) else {
                assert!(said == 0, "once estimated, it stays estimated (tick {k})");
                continue;
            };
            said += 1;
            let off = (truth / high_s).max(low_s / truth).max(1.0);
            if off > worst.0 && truth >= 10.0 {
                worst = (off, tick.generation);
            }
            // the truth inside the range give or take a quarter (the last seconds aside, where
            // a batch more or less is a factor)
            let factor = 1.25;
            if let Some(w) = width {
                assert!(tick.generation < 3 || high_s <= w * low_s.max(1.0), "{low_s:.0}–{high_s:.0} s");
            }
            assert!(
                truth < 10.0 || (truth >= low_s / factor && truth <= high_s * factor),
                "generation {}, {} proposals: truth {truth:.0} s, said {low_s:.0}–{high_s:.0} s",
                tick.generation,
                tick.total
            );
        }
        eprintln!("the truth outside the range by at most a factor {:.2} (generation {})", worst.0, worst.1);
        // estimated from early in generation 1 on
        assert!(said as f64 > 0.9 * ticks.len() as f64, "{said} of {}", ticks.len());
    }

    #[test]
    fn a_steady_runs_remaining_time_is_within_a_factor_of_a_range_at_most_three_wide() {
        let (cfg, _) = shipped();
        check_against_the_truth(&cfg, &STEADY, 87.0, Some(3.0)); // 31,225 proposals in 359 s
    }

    #[test]
    fn the_shipped_runs_remaining_time_is_within_a_factor_of_the_estimate() {
        // Its acceptance fell unevenly (ratios 0.59 to 0.81), so its range is as wide as those
        // ratios say (up to 3.0 times in generation 4): only the truth is checked.
        let (cfg, gens) = shipped();
        check_against_the_truth(&cfg, &gens, 253.0, None); // 32,727 proposals in 129 s
    }

    #[test]
    fn the_estimate_is_finite_and_ordered_and_shrinks_as_the_run_goes() {
        let (cfg, gens) = shipped();
        let ticks = replay(&cfg, &gens, 87.0);
        let mut mids = Vec::new();
        for (k, (history, _)) in ticks.iter().enumerate() {
            let at: Vec<Tick> = ticks[..=k].iter().map(|t| t.1).collect();
            if let Eta::Remaining { low_s, high_s } = estimate(&cfg, history, &at) {
                assert!(low_s.is_finite() && high_s.is_finite() && 0.0 <= low_s && low_s <= high_s);
                mids.push((low_s + high_s) / 2.0);
            }
        }
        // from a generation's end to the next one's end, the estimate falls
        let first = mids[0];
        let last = mids[mids.len() - 1];
        assert!(last < first / 20.0, "from {first:.0} s to {last:.0} s");
        let quarter = mids.len() / 4;
        assert!(mids[3 * quarter] < mids[quarter], "{} then {}", mids[quarter], mids[3 * quarter]);
    }

    #[test]
    fn more_accepted_or_a_faster_pace_says_less_time() {
        let (cfg, _) = shipped();
        let history = vec![
            Generation { epsilon: None, proposals: 400, accepted: 400, acceptance: 1.0, median_distance: 1.0 },
            Generation { epsilon: Some(2.0), proposals: 800, accepted: 400, acceptance: 0.5, median_distance: 1.0 },
        ];
        let tick = |accepted, proposals, ms| Tick {
            ms,
            generation: 2,
            accepted,
            proposals,
            total: 1200 + proposals,
            finished: false,
        };
        let t0 = Tick { ms: 0.0, generation: 0, accepted: 0, proposals: 0, total: 0, finished: false };
        let mid = |e: Eta| match e {
            Eta::Remaining { low_s, high_s } => (low_s + high_s) / 2.0,
            Eta::Estimating => panic!("estimating"),
        };
        let slow = mid(estimate(&cfg, &history, &[t0, tick(100, 250, 30_000.0)]));
        let more = mid(estimate(&cfg, &history, &[t0, tick(200, 500, 30_000.0)]));
        let fast = mid(estimate(&cfg, &history, &[t0, tick(100, 250, 15_000.0)]));
        assert!(more < slow && fast < slow, "{slow} {more} {fast}");
        // the cap of a generation ends the run: no more than its room is left
        let capped = Config { max_proposals_per_generation: 1000, ..cfg.clone() };
        let e = estimate(&capped, &history, &[t0, tick(10, 900, 30_000.0)]);
        assert!(mid(e) <= 100.0 / (2100.0 / 30.0) + 1e-9, "{e:?}");
        // the pace is the later half's: a slow start (the workers warming up) weighs nothing
        let warm = Tick { generation: 1, ..tick(0, 0, 0.0) };
        let (slow_start, later) = (Tick { ms: 10_000.0, total: 1300, ..warm }, tick(100, 250, 40_000.0));
        assert_eq!(estimate(&cfg, &history, &[t0, slow_start, later]), estimate(&cfg, &history, &[slow_start, later]));
        // a finished run needs nothing; no time measured yet, or the prior generation, estimates nothing
        let done = Tick { finished: true, ..tick(400, 900, 1.0) };
        assert_eq!(estimate(&cfg, &history, &[t0, done]), Eta::remaining(0.0, 0.0));
        assert_eq!(estimate(&cfg, &history, &[t0, tick(10, 50, 1000.0)]), Eta::Estimating);
        assert_eq!(estimate(&cfg, &[], &[t0, Tick { generation: 0, ..tick(200, 200, 9000.0) }]), Eta::Estimating);
        assert!(matches!(
            estimate(&cfg, &history[..1], &[t0, Tick { generation: 1, ..tick(2, 10, 9000.0) }]),
            Eta::Remaining { .. }
        ));
        assert_eq!(estimate(&cfg, &[], &[]), Eta::Estimating);
    }
}
