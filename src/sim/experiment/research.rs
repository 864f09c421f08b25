//! Model logic behind the page's research views (moved out of the ui): the tornado's
//! parameter ranges, applying a calibration's posterior to a scenario, and the posterior's
//! histograms. Pure functions of the core's types.

use crate::sim::error::{Reason, Requirement, SimError};
use crate::sim::experiment::calibrate::{ParamSummary, Posterior};
use crate::sim::experiment::sensitivity::Range;
use crate::sim::scenario::params::PARAM_INFO;
use crate::sim::scenario::Scenario;

/// The shipped calibration's posterior summary (`data/calibration.json`).
pub fn shipped_summary() -> Vec<ParamSummary> {
    #[derive(serde::Deserialize)]
    struct Post {
        summary: Vec<ParamSummary>,
    }
    #[derive(serde::Deserialize)]
    struct File {
        posterior: Post,
    }
    serde_json::from_str::<File>(include_str!("../../../data/calibration.json"))
        .map(|f| f.posterior.summary)
        .unwrap_or_default()
}

/// The ranges of a tornado: each calibrated parameter's posterior 90% interval
/// (from `summary`), every other parameter ±50% of its value.
pub fn tornado_ranges(scn: &Scenario, summary: &[ParamSummary]) -> Vec<Range> {
    let mut ranges = crate::sim::experiment::sensitivity::default_ranges(scn, 0.5);
    for r in ranges.iter_mut() {
        if let (Some(s), Some(info)) =
            (summary.iter().find(|s| s.name == r.param), PARAM_INFO.iter().find(|i| i.name == r.param))
        {
            let (lo, hi) = (s.p05.max(info.min), s.p95.min(info.max));
            if hi > lo {
                r.low = lo;
                r.high = hi;
            }
        }
    }
    for s in summary {
        if !ranges.iter().any(|r| r.param == s.name) && s.p95 > s.p05 {
            ranges.push(Range { param: s.name.clone(), low: s.p05, high: s.p95 });
        }
    }
    ranges
}

/// `scn` with the posterior medians of the calibrated parameters.
pub fn apply_posterior(scn: &Scenario, post: &Posterior) -> Result<Scenario, SimError> {
    let mut next = scn.clone();
    next.params = post.median_params(&scn.params)?;
    // One point of the posterior: every replication uses it.
    next.uncertainty = crate::sim::scenario::posterior::Uncertainty::Fixed;
    next.validate()?;
    Ok(next)
}

/// `scn` with the best particle's values (the smallest distance) of the calibrated parameters.
pub fn apply_best(scn: &Scenario, post: &Posterior) -> Result<Scenario, SimError> {
    let best = post
        .distances
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .and_then(|(i, _)| post.particles.get(i))
        .ok_or_else(|| SimError::refused("posterior.particles", Reason::Needs(Requirement::NotEmpty)))?;
    let mut next = scn.clone();
    next.params = crate::sim::experiment::calibrate::params_with(&scn.params, &post.config.priors, best)?;
    // One point of the posterior: every replication uses it.
    next.uncertainty = crate::sim::scenario::posterior::Uncertainty::Fixed;
    next.validate()?;
    Ok(next)
}

/// Weighted histogram of parameter `k` over its prior range (`bins` shares summing to 1).
pub fn histogram(post: &Posterior, k: usize, bins: usize) -> Vec<f64> {
    let mut h = vec![0.0; bins.max(1)];
    let Some(p) = post.config.priors.get(k) else { return h };
    let w = (p.hi - p.lo).max(f64::MIN_POSITIVE);
    for (theta, wt) in post.particles.iter().zip(&post.weights) {
        if let Some(v) = theta.get(k) {
            let b = (((v - p.lo) / w) * h.len() as f64).floor().clamp(0.0, (h.len() - 1) as f64) as usize;
            h[b] += wt;
        }
    }
    let total: f64 = h.iter().sum();
    if total > 0.0 {
        h.iter_mut().for_each(|x| *x /= total);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tornado_ranges_use_the_posterior_interval_inside_the_prior_bounds() {
        let scn = crate::sim::scenario::regions::preset("okazaki").unwrap();
        let summary = shipped_summary();
        assert!(!summary.is_empty(), "the shipped calibration has a summary");
        let ranges = tornado_ranges(&scn, &summary);
        for s in &summary {
            let r = ranges.iter().find(|r| r.param == s.name).expect("every calibrated parameter has a range");
            let info = PARAM_INFO.iter().find(|i| i.name == s.name);
            let (lo, hi) = match info {
                Some(i) => (s.p05.max(i.min), s.p95.min(i.max)),
                None => (s.p05, s.p95),
            };
            if hi > lo {
                assert_eq!((r.low, r.high), (lo, hi), "{}", s.name);
            }
        }
    }
}
