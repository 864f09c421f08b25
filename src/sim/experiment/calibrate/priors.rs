//! The calibrated parameters: their uniform priors, checked against the parameters' declared
//! ranges, and a parameter set with calibrated values written in.

use crate::sim::error::SimError;
use crate::sim::scenario::params::{Params, PARAM_INFO};
use serde::{Deserialize, Serialize};

/// A uniform prior on [lo, hi] for one named parameter of `Params`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prior {
    pub name: String,
    pub lo: f64,
    pub hi: f64,
}

impl Prior {
    pub fn new(name: &str, lo: f64, hi: f64) -> Prior {
        Prior { name: name.to_string(), lo, hi }
    }

    pub fn width(&self) -> f64 {
        self.hi - self.lo
    }
}

/// The calibrated parameters and their priors (see docs/calibration.md for the reasons).
/// Rates are base rates: the engine multiplies the decision rate (p, q·g and outreach) by
/// (1 + waiver_boost) while the licence fee is waived and by (1 + deadline_boost) before a deadline.
pub fn default_priors() -> Vec<Prior> {
    vec![
        Prior::new("p", 0.0, 0.15),
        Prior::new("q", 0.0, 3.0),
        Prior::new("threshold", 0.05, 0.8),
        Prior::new("outreach_efficacy", 0.0, 1.0),
        Prior::new("training_efficacy", 0.0, 1.0),
        Prior::new("visit_efficacy", 0.0, 1.0),
        Prior::new("setup_rate", 2.0, 52.0),
        Prior::new("planning_dropout", 0.0, 4.0),
        Prior::new("stop_rate", 0.0, 0.05),
        Prior::new("barrier_share", 0.0, 0.9),
        Prior::new("barrier_decision", 0.0, 1.0),
        Prior::new("readiness_rate", 0.0, 1.0),
        // Brief §6: "about six times faster" under the free pass is a national figure mixing
        // other causes; kept wide around it so that plans ending the free pass show it.
        Prior::new("waiver_boost", 2.0, 8.0),
    ]
}

/// Checks that every prior names a parameter and lies inside its allowed range.
pub fn validate_priors(priors: &[Prior]) -> Result<(), SimError> {
    if priors.is_empty() {
        return Err(SimError::invalid("priors", "at least one parameter to calibrate is needed"));
    }
    for (i, p) in priors.iter().enumerate() {
        let info = PARAM_INFO
            .iter()
            .find(|x| x.name == p.name)
            .ok_or_else(|| SimError::invalid(format!("priors[{i}].name"), format!("no parameter `{}`", p.name)))?;
        if !(p.lo.is_finite() && p.hi.is_finite() && p.lo < p.hi && p.lo >= info.min && p.hi <= info.max) {
            return Err(SimError::invalid(
                format!("priors[{i}]"),
                format!("{}: [{}, {}] must satisfy {} ≤ lo < hi ≤ {}", p.name, p.lo, p.hi, info.min, info.max),
            ));
        }
        if priors[..i].iter().any(|q| q.name == p.name) {
            return Err(SimError::invalid(format!("priors[{i}].name"), format!("`{}` is listed twice", p.name)));
        }
    }
    Ok(())
}

/// `base` with the named parameters set to `theta` (same order as `priors`).
pub fn params_with(base: &Params, priors: &[Prior], theta: &[f64]) -> Result<Params, SimError> {
    let mut p = base.clone();
    for (pr, &v) in priors.iter().zip(theta) {
        p.set(&pr.name, v)?;
    }
    Ok(p)
}
