//! What drives a forecast (issue 21 §4; docs/model.md, "What drives a forecast").
//!
//! The rise of the adoption rate from today (the start in a counterfactual) to the horizon is
//! split, replication by replication, in two:
//! - `calendar`: the rise of the same scenario with the plan's local levers removed (only the
//!   fee waivers and the policy deadlines of the plan kept): the national calendar together with
//!   the offices' own momentum (word of mouth among partners, setting up what was decided);
//! - `local`: the rest, the plan's rise minus that (the paired gain of the local levers).
//!
//! The two runs share seed, networks, parameter draws and history, so the split is paired and
//! `calendar + local = total` in every replication (medians and bands do not add up).

use crate::sim::experiment::cost::{self, RepCost};
use crate::sim::experiment::montecarlo::Summary;
use crate::sim::model::plan::Plan;
use crate::sim::scenario::strategy::Lever;
use crate::sim::scenario::Scenario;
use serde::Serialize;

use super::Spread;

/// The rise from `from_date` to `date`, split (rate units).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Drivers {
    pub from_date: String,
    pub date: String,
    /// The plan's rise.
    pub total: Spread,
    /// The rise without the plan's local levers: the national calendar and the offices' own
    /// momentum.
    pub calendar: Spread,
    /// The plan's rise minus the calendar's, paired by replication.
    pub local: Spread,
    pub note: &'static str,
}

pub const NOTE: &str = "Paired by replication: `calendar` is the rise of the same run with the plan's local levers \
    removed (fee waivers and policy deadlines kept; it includes the offices' own momentum), `local` the plan's rise \
    minus that; calendar + local = total in every replication. The deadlines' strength (deadline_boost 0.5) is an \
    assumption: see --what-if deadlines=none|assumed|strong.";

/// `scn` with only the national calendar of its plan: fee waivers and policy deadlines.
pub fn calendar_only(scn: &Scenario) -> Scenario {
    let mut s = scn.clone();
    s.strategy.levers.retain(|l| matches!(l, Lever::FeeWaiver { .. } | Lever::Deadline { .. }));
    s.strategy.name = format!("{} (calendar only)", scn.strategy.name);
    s
}

/// Does the plan have local levers (anything but the calendar)?
pub fn has_local(scn: &Scenario) -> bool {
    scn.strategy.levers.iter().any(|l| !matches!(l, Lever::FeeWaiver { .. } | Lever::Deadline { .. }))
}

/// The split from the rates at today and at the horizon, per replication.
pub fn split(from_date: String, date: String, today: &[f64], own: &[f64], calendar: &[f64]) -> Drivers {
    let total: Vec<f64> = own.iter().zip(today).map(|(o, t)| o - t).collect();
    let cal: Vec<f64> = calendar.iter().zip(today).map(|(c, t)| c - t).collect();
    let local: Vec<f64> = own.iter().zip(calendar).map(|(o, c)| o - c).collect();
    Drivers {
        from_date,
        date,
        total: Spread::of(total),
        calendar: Spread::of(cal),
        local: Spread::of(local),
        note: NOTE,
    }
}

/// The split from priced replications of the plan and of its [`calendar_only`] run.
pub fn of_reps(scn: &Scenario, plan: &Plan, own: &[RepCost], calendar: &[RepCost]) -> Drivers {
    let from = cost::from_index(scn, plan);
    let home = scn.population.home_offices().max(1) as f64;
    let at = |reps: &[RepCost], d: usize| -> Vec<f64> {
        reps.iter().map(|r| r.at.get(d).map_or(0.0, |t| t.adopted as f64 / home)).collect()
    };
    let last = plan.reports.len().saturating_sub(1);
    split(
        plan.reports.get(from).map(|r| r.0.to_string()).unwrap_or_default(),
        plan.reports.get(last).map(|r| r.0.to_string()).unwrap_or_default(),
        &at(own, from),
        &at(own, last),
        &at(calendar, last),
    )
}

/// The split from the summaries (every replication's path) of the plan and of its
/// [`calendar_only`] run (`renkei run`).
pub fn of_summaries(scn: &Scenario, own: &Summary, calendar: &Summary) -> Drivers {
    let plan = Plan::new(scn);
    let from = cost::from_index(scn, &plan);
    let last = own.months.len().saturating_sub(1);
    // Paths are single precision: back to whole offices, as the priced replications count them.
    let home = own.header.home_offices.max(1) as f64;
    let at = |s: &Summary, d: usize| -> Vec<f64> {
        s.paths.iter().map(|p| p.get(d).map_or(0.0, |&r| (r as f64 * home).round() / home)).collect()
    };
    split(
        own.months.get(from).map(|m| m.date.clone()).unwrap_or_default(),
        own.months.get(last).map(|m| m.date.clone()).unwrap_or_default(),
        &at(own, from),
        &at(own, last),
        &at(calendar, last),
    )
}
