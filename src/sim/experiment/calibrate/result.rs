//! What ABC-SMC returns: the weighted particles, each generation's bookkeeping and a summary
//! per parameter (median, 90% interval, identified or not).

use super::config::{Config, STREAM_ABC};
use crate::sim::rng;
use serde::{Deserialize, Serialize};

/// One generation's bookkeeping.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Generation {
    /// Tolerance (infinite for the prior generation: serialised as null).
    pub epsilon: Option<f64>,
    pub proposals: usize,
    pub accepted: usize,
    pub acceptance: f64,
    /// Median distance of the accepted particles.
    pub median_distance: f64,
}

/// Posterior summary of one parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParamSummary {
    pub name: String,
    pub prior_lo: f64,
    pub prior_hi: f64,
    pub median: f64,
    pub p05: f64,
    pub p95: f64,
    /// Width of the 90% interval over the prior's width.
    pub width_ratio: f64,
    /// false when width_ratio > [`IDENTIFIED_WIDTH`]: the data do not pin this parameter down.
    pub identified: bool,
}

/// A 90% posterior interval wider than this share of the prior range counts as "not identified".
pub const IDENTIFIED_WIDTH: f64 = 0.7;

/// A 90% interval between this share and [`IDENTIFIED_WIDTH`] of the prior range counts as
/// "weakly identified": the data narrow it, but to more than half its prior width
/// (docs/calibration.md's "yes (barely)", 0.63 to 0.67 in the shipped run).
pub const WEAKLY_IDENTIFIED_WIDTH: f64 = 0.5;

/// How far the data pin a parameter down: its 90% posterior interval against its prior range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Identification {
    Identified,
    Weakly,
    NotIdentified,
}

impl ParamSummary {
    pub fn identification(&self) -> Identification {
        if !self.identified {
            Identification::NotIdentified
        } else if self.width_ratio > WEAKLY_IDENTIFIED_WIDTH {
            Identification::Weakly
        } else {
            Identification::Identified
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Posterior {
    pub names: Vec<String>,
    /// particles[i][k]: value of parameter k in particle i.
    pub particles: Vec<Vec<f64>>,
    /// Normalised importance weights.
    pub weights: Vec<f64>,
    pub distances: Vec<f64>,
    pub summary: Vec<ParamSummary>,
    pub generations: Vec<Generation>,
    /// Proposals evaluated (each is one distance, i.e. a few replications per region).
    pub proposals: usize,
    /// Why the algorithm stopped (the stopping rule that fired, or the proposal budget).
    pub stopped_early: Option<String>,
    pub config: Config,
}

/// Why a calibration stopped, read from its record (`stopped_early` says it in English).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stop {
    /// Generation `generation` reached the proposal cap before its particles: it was dropped.
    Cap { generation: usize },
    /// The generation budget.
    Budget,
    /// A generation accepted less than the acceptance floor (its acceptance).
    Acceptance(f64),
    /// The tolerance fell by less than the stopping rule's share.
    Stalled,
}

impl Posterior {
    /// Why the calibration stopped. The order of `Abc`'s checks: the cap stops a generation
    /// before it closes (its proposals count in the total but in no generation); a closed one
    /// meets the budget, else the acceptance floor, else the stalled tolerance.
    pub fn stop(&self) -> Stop {
        let counted: usize = self.generations.iter().map(|g| g.proposals).sum();
        let last = self.generations.last().map_or(1.0, |g| g.acceptance);
        if self.proposals > counted {
            Stop::Cap { generation: self.generations.len() }
        } else if self.generations.len() >= self.config.generations {
            Stop::Budget
        } else if self.generations.len() >= 2 && last < self.config.min_acceptance {
            Stop::Acceptance(last)
        } else {
            Stop::Stalled
        }
    }

    /// `k` particles drawn by weight (systematic resampling, deterministic given `seed`).
    pub fn resample(&self, k: usize, seed: u64) -> Vec<Vec<f64>> {
        let mut r = rng::stream(seed, 0, STREAM_ABC ^ 1);
        let n = self.particles.len();
        if n == 0 || k == 0 {
            return Vec::new();
        }
        let u0 = rng::uniform(&mut r) / k as f64;
        let mut out = Vec::with_capacity(k);
        let mut cum = self.weights[0];
        let mut i = 0;
        for j in 0..k {
            let u = u0 + j as f64 / k as f64;
            while u > cum && i + 1 < n {
                i += 1;
                cum += self.weights[i];
            }
            out.push(self.particles[i].clone());
        }
        out
    }
}

/// Weighted quantile (the smallest value whose cumulative weight reaches q of the total).
pub fn weighted_quantile(values: &[f64], weights: &[f64], q: f64) -> f64 {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let total: f64 = weights.iter().sum();
    if idx.is_empty() || total.is_nan() || total <= 0.0 {
        return f64::NAN;
    }
    let mut cum = 0.0;
    for &i in &idx {
        cum += weights[i];
        if cum >= q * total {
            return values[i];
        }
    }
    values[idx[idx.len() - 1]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identification_follows_the_interval_against_the_prior() {
        let s = |width_ratio: f64| ParamSummary {
            name: "q".into(),
            prior_lo: 0.0,
            prior_hi: 3.0,
            median: 1.0,
            p05: 0.0,
            p95: 3.0 * width_ratio,
            width_ratio,
            identified: width_ratio <= IDENTIFIED_WIDTH,
        };
        assert_eq!(s(0.38).identification(), Identification::Identified);
        assert_eq!(s(0.65).identification(), Identification::Weakly);
        assert_eq!(s(0.7).identification(), Identification::Weakly);
        assert_eq!(s(0.83).identification(), Identification::NotIdentified);
    }
}
