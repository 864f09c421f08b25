//! The calibrated posterior shipped with the crate (`data/posterior.json`, written by
//! `renkei calibrate`): weighted particles over the calibrated parameters. A
//! posterior-predictive run (`"uncertainty": "posterior"`, the default) draws one particle per
//! replication, seeded from (seed, replication), so a band holds parameter uncertainty as
//! well as the randomness of offices and networks, and two strategies run with the same seed
//! share every draw (their differences stay paired). docs/calibration.md.

use crate::sim::error::{Named, Reason, SimError};
use crate::sim::rng;
use crate::sim::scenario::params::Params;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Random stream of a replication's parameter draw (beside the engine's streams 1–4).
pub const STREAM_PARAMS: u64 = 5;

/// How a run treats the behavioural parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Uncertainty {
    /// Each replication draws the calibrated parameters from the shipped posterior; the
    /// scenario's `pinned` parameters (and every parameter that is not calibrated) keep the
    /// scenario's values.
    #[default]
    Posterior,
    /// Every replication uses the scenario's `params` (research use: a point of the posterior,
    /// a sweep over one parameter).
    Fixed,
}

impl Uncertainty {
    pub fn as_str(self) -> &'static str {
        match self {
            Uncertainty::Posterior => "posterior",
            Uncertainty::Fixed => "fixed",
        }
    }
}

/// Weighted particles over the calibrated parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Particles {
    /// The reproducibility manifest line of the calibration that wrote the file
    /// (`experiment::report::Manifest`, the one format of every output); absent in files
    /// written before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<String>,
    /// Identifies the calibration (recorded in run headers and forecasts).
    pub version: String,
    /// The calibrated parameters, in the order of each particle's values.
    pub names: Vec<String>,
    pub weights: Vec<f64>,
    pub particles: Vec<Vec<f64>>,
    /// Parameters the calibration found the data do not identify (90% interval wider than
    /// 0.7 of the prior range): shown as such on the page.
    #[serde(default)]
    pub not_identified: Vec<String>,
}

impl Particles {
    pub fn from_json(text: &str) -> Result<Particles, SimError> {
        let p: Particles = serde_json::from_str(text).map_err(|e| SimError::Parse(e.to_string()))?;
        p.validate()?;
        Ok(p)
    }

    pub fn validate(&self) -> Result<(), SimError> {
        if self.particles.is_empty() || self.particles.len() != self.weights.len() {
            return Err(SimError::invalid(
                "posterior.particles",
                format!(
                    "{} particles and {} weights: need as many of each, at least one",
                    self.particles.len(),
                    self.weights.len()
                ),
            ));
        }
        let mut probe = Params::default();
        for (i, name) in self.names.iter().enumerate() {
            if probe.get(name).is_none() && name != "setup_rate" {
                let reason = Reason::NoSuch { value: name.clone(), what: Named::Parameter };
                return Err(SimError::refused(format!("posterior.names[{i}]"), reason));
            }
        }
        for (i, (w, theta)) in self.weights.iter().zip(&self.particles).enumerate() {
            if !(w.is_finite() && *w >= 0.0) {
                return Err(SimError::invalid(format!("posterior.weights[{i}]"), "must be a finite number ≥ 0"));
            }
            if theta.len() != self.names.len() {
                return Err(SimError::invalid(
                    format!("posterior.particles[{i}]"),
                    format!("{} values for {} names", theta.len(), self.names.len()),
                ));
            }
            for (name, &v) in self.names.iter().zip(theta) {
                probe
                    .set(name, v)
                    .map_err(|e| SimError::invalid(format!("posterior.particles[{i}]"), e.to_string()))?;
            }
        }
        if self.weights.iter().sum::<f64>() <= 0.0 {
            return Err(SimError::invalid("posterior.weights", "sum to zero"));
        }
        Ok(())
    }

    /// Is `name` one of the calibrated parameters?
    pub fn calibrates(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// The particle replication `rep` of a run with `seed` uses: chosen by weight with one
    /// uniform from its own stream, so it depends on (seed, rep) only.
    pub fn draw(&self, seed: u64, rep: u64) -> usize {
        let total: f64 = self.weights.iter().sum();
        let u = rng::uniform(&mut rng::stream(seed, rep, STREAM_PARAMS)) * total;
        let mut acc = 0.0;
        for (i, w) in self.weights.iter().enumerate() {
            acc += w;
            if u < acc {
                return i;
            }
        }
        self.weights.len() - 1
    }

    /// `base` with particle `i`'s values, except the `pinned` parameters.
    pub fn params(&self, base: &Params, i: usize, pinned: &[String]) -> Params {
        let mut p = base.clone();
        for (name, &v) in self.names.iter().zip(&self.particles[i]) {
            if !pinned.iter().any(|x| x == name) {
                // Values were checked in `validate`, so this cannot fail.
                let _ = p.set(name, v);
            }
        }
        p
    }
}

/// The posterior shipped in the crate, parsed once.
pub fn shipped() -> &'static Particles {
    static SHIPPED: OnceLock<Particles> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        // Checked by a test (`shipped_posterior_is_valid`); a broken file is a build defect.
        Particles::from_json(include_str!("../../../data/posterior.json"))
            .unwrap_or_else(|e| panic!("data/posterior.json: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_posterior_is_valid() {
        let p = Particles::from_json(include_str!("../../../data/posterior.json")).expect("valid");
        assert!(p.particles.len() >= 100, "{} particles", p.particles.len());
    }

    #[test]
    fn draws_follow_the_weights() {
        let p = Particles {
            manifest: None,
            version: "t".into(),
            names: vec!["q".into()],
            weights: vec![1.0, 3.0, 0.0],
            particles: vec![vec![0.1], vec![0.2], vec![0.3]],
            not_identified: vec![],
        };
        let mut n = [0usize; 3];
        for rep in 0..8000 {
            n[p.draw(11, rep)] += 1;
        }
        assert_eq!(n[2], 0, "a zero weight is never drawn");
        let share = n[1] as f64 / 8000.0;
        assert!((share - 0.75).abs() < 0.02, "{share}");
        assert_eq!(p.draw(11, 5), p.draw(11, 5), "a draw depends on (seed, rep) only");
    }

    #[test]
    fn pinned_parameters_keep_the_base_value() {
        let p = shipped();
        let base = Params { q: 0.123, ..Params::default() };
        let drawn = p.params(&base, 0, &["q".to_string()]);
        assert_eq!(drawn.q, 0.123);
        let k = p.names.iter().position(|n| n == "p").expect("p is calibrated");
        assert_eq!(drawn.p, p.particles[0][k]);
    }
}
