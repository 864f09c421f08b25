//! A calibration's settings and their checks.

use super::priors::{default_priors, validate_priors, Prior};
use crate::sim::error::SimError;
use serde::{Deserialize, Serialize};

/// The random stream of a calibration's proposals (and, `^ 1`, of a posterior's resampling).
pub(super) const STREAM_ABC: u64 = 0xABC0_5EED;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// Particles per generation.
    pub particles: usize,
    /// Generations, the prior generation included.
    pub generations: usize,
    /// The tolerance of generation t is this quantile of generation t−1's distances.
    pub quantile: f64,
    pub seed: u64,
    /// Proposals evaluated per batch (fixed, so that results do not depend on how they are run).
    pub batch: usize,
    /// Stop (keeping the last complete generation) when a generation needs more proposals than this.
    pub max_proposals_per_generation: usize,
    /// Stopping rule: stop after a generation whose acceptance rate fell below this (the
    /// tolerance has reached what the model and the noise allow) ...
    #[serde(default = "default_min_acceptance")]
    pub min_acceptance: f64,
    /// ... or whose tolerance fell by less than this share against the previous one.
    #[serde(default = "default_min_eps_drop")]
    pub min_eps_drop: f64,
    pub priors: Vec<Prior>,
}

fn default_min_acceptance() -> f64 {
    0.05
}

fn default_min_eps_drop() -> f64 {
    0.05
}

impl Default for Config {
    fn default() -> Config {
        Config {
            particles: 300,
            generations: 6,
            quantile: 0.5,
            seed: 20260228,
            batch: 64,
            max_proposals_per_generation: 20_000,
            min_acceptance: default_min_acceptance(),
            min_eps_drop: default_min_eps_drop(),
            priors: default_priors(),
        }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), SimError> {
        validate_priors(&self.priors)?;
        if self.particles < 2 || self.particles > 1_000_000 {
            return Err(SimError::invalid("particles", format!("{}: allowed 2 to 1000000", self.particles)));
        }
        if self.generations == 0 || self.generations > 100 {
            return Err(SimError::invalid("generations", format!("{}: allowed 1 to 100", self.generations)));
        }
        if !(self.quantile > 0.0 && self.quantile < 1.0) {
            return Err(SimError::invalid("quantile", format!("{}: must be strictly between 0 and 1", self.quantile)));
        }
        if self.batch == 0 || self.batch > 1_000_000 {
            return Err(SimError::invalid("batch", format!("{}: allowed 1 to 1000000", self.batch)));
        }
        if self.max_proposals_per_generation < self.particles {
            return Err(SimError::invalid("max_proposals_per_generation", "must be at least `particles`"));
        }
        Ok(())
    }
}
