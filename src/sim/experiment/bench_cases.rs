//! The benchmark's standard cases, shared by `renkei bench` and the page's `#bench` view so
//! both time the same work: the peers' core case (../shared/peers), a Sendai-size
//! municipality with every lever kind on, and a national-scale population.

use crate::sim::date::d;
use crate::sim::error::SimError;
use crate::sim::scenario::municipality::{self, AreaFigure, External, Figures};
use crate::sim::scenario::params::{Params, Response};
use crate::sim::scenario::posterior::Uncertainty;
use crate::sim::scenario::regions;
use crate::sim::scenario::strategies;
use crate::sim::scenario::strategy::Strategy;
use crate::sim::scenario::{Network, Scenario};

/// The peers' core case: 2,100 offices in 50 areas, 25% care-management offices with
/// Poisson(12) partners, 80% in-area, Pareto(1.5)+1 attractiveness; 9.3% adopted at the
/// start; p = 0.03, q = 0.6 per year, linear response, weekly steps, no levers, no stopping.
pub fn core_case(offices: u32, areas: u32, weeks: u32, reps: u32) -> Result<Scenario, SimError> {
    let names = (0..areas).map(|i| AreaFigure { name: format!("a{i}"), offices: None }).collect();
    let initial = (0.093 * offices as f64) as u32;
    let mut f = Figures::new("core case", offices, names, initial, d(municipality::MODEL_START));
    // The peers' offices all take part in the exchange, and have no partners outside.
    f.out_of_scope = Some(0);
    f.external = Some(External { offices: 0, cross_border: 0.0 });
    let mut s = f.scenario()?;
    s.strategy = Strategy::default(); // no levers: the peers have no policy calendar
    s.params = Params {
        p: 0.03,
        q: 0.6,
        response: Response::Linear,
        setup_rate: None,
        stop_rate: 0.0,
        planning_dropout: 0.0,
        barrier_share: 0.0, // the peers' offices are identical
        ..Params::default()
    };
    s.uncertainty = Uncertainty::Fixed;
    s.network = Network::generated(0.0, false);
    // `weeks` weekly steps: the end date falls in the last one.
    s.end = s.start.add_days(7 * weeks as i32 - 1);
    s.seed = 0;
    s.replications = reps;
    Ok(s)
}

/// Sendai's size with every kind of lever switched on, six months: Sendai's own plan
/// (policy calendar: fee waiver and deadlines; trainings; a centre adopting) plus the
/// library's outreach (area by area), visits with hands-on support, support and
/// partner requests, at the library's intensities.
pub fn every_lever_sendai(reps: u32) -> Result<Scenario, SimError> {
    let mut sendai = regions::preset("sendai").ok_or_else(|| SimError::Internal("sendai preset missing".into()))?;
    sendai.end = crate::sim::date::Date::parse("2026-02-28").unwrap_or(sendai.end);
    sendai.replications = reps;
    let skip = strategies::calendar(strategies::FREE_PASS_END).len();
    let mut levers = sendai.strategy.levers.clone();
    for name in ["area_by_area", "visits_support", "partner_request"] {
        if let Some(s) = strategies::library(name, &sendai) {
            levers.extend(s.levers.into_iter().skip(skip));
        }
    }
    let mut kinds: Vec<&str> = levers.iter().map(|l| l.kind()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    if kinds.len() != 8 {
        return Err(SimError::Internal(format!("every lever kind must be on, got {kinds:?}")));
    }
    sendai.strategy.levers = levers;
    // The engine's speed case runs one parameter set; `renkei bench` times the posterior run beside it.
    sendai.uncertainty = Uncertainty::Fixed;
    Ok(sendai)
}

/// A population of `offices` in `areas` under the default parameters and the area-by-area
/// strategy, twelve months (the national case at 290,000 offices and 5,400 areas).
pub fn nation(offices: u32, areas: u32) -> Result<Scenario, SimError> {
    let mut nat = core_case(offices, areas, 52, 1)?;
    nat.params = Params::default();
    nat.network = Network::generated(0.0, true);
    nat.strategy = strategies::library("area_by_area", &nat).unwrap_or_default();
    nat.end = nat.start.add_days(365);
    Ok(nat)
}

/// A calibration's work: `evaluations` distances of the shipped calibration's five targets (the
/// four regions and the national figure: their replications over the 11 figures) at the default
/// parameters, one seed each, folded to a number that changes
/// when any distance does. `renkei bench --profile-calibration` and `examples/wasm_bench.rs`
/// count its instructions (one evaluation = the difference between 2N and N over N, with N ≥ 64:
/// the targets' pools of networks are drawn as the first evaluations pick them).
pub fn calibration_work(evaluations: u32) -> Result<u64, SimError> {
    use crate::sim::experiment::calibrate;
    use crate::sim::experiment::targets::Target;
    let targets = calibrate::all_targets().iter().map(|r| Target::preset(r, 1.0)).collect::<Result<Vec<_>, _>>()?;
    let params = Params::default();
    let mut ws = Vec::new();
    (0..evaluations as u64).try_fold(0, |acc, i| {
        let d = calibrate::distance(&targets, &params, calibrate::pool_seed(0), i, &mut ws)?;
        Ok(acc ^ d.to_bits().rotate_left(i as u32))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cases_are_valid_and_sendai_has_every_lever_kind() -> Result<(), SimError> {
        core_case(2100, 50, 26, 10)?.validate()?;
        nation(290_000, 5_400)?.validate()?;
        let s = every_lever_sendai(1000)?;
        s.validate()?;
        assert_eq!(s.replications, 1000);
        Ok(())
    }
}
