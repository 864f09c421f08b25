//! Which option, how sure, and why (issue 21): every option ranked from today, goals across
//! options, the unknown that decides between the top two, and what drives a forecast.
//!
//! An option is the scenario's own plan (`own`) or a strategy of the library
//! (`strategies::LIBRARY`), with the same what-ifs on top. Every option runs with the scenario's
//! seed, so replication i of each draws the same network, the same posterior parameters and the
//! same initial state (common random numbers): each option is run once and priced
//! (`cost::run_rep`), and everything below is read from those priced replications, paired by
//! replication. A plan that two options share (the baseline and the own plan's calendar, say)
//! is run once. The runs are a callback, so the CLI spreads them over threads
//! (`parallel::cost_reps`) and the page over its workers; the result is the same.

use crate::sim::date::Date;
use crate::sim::error::{Reason, SimError};
use crate::sim::experiment::cost::{self, RepCost, Row};
use crate::sim::experiment::goal::{self, Dimension, Goal};
use crate::sim::experiment::montecarlo::{Quantiles, Summary};
use crate::sim::model::plan::Plan;
use crate::sim::scenario::forward::{self, WhatIf};
use crate::sim::scenario::strategies;
use crate::sim::scenario::strategy::{Audience, Lever};
use crate::sim::scenario::Scenario;
use serde::{Deserialize, Serialize};

pub mod decisive;
pub mod drivers;

pub use decisive::{decisive, Decisive, Dependence, Verdict};
pub use drivers::{calendar_only, Drivers};

/// The name of the scenario's own plan among the options.
pub const OWN: &str = "own";

/// Every option: `own`, then the library in its order.
pub fn all_names() -> Vec<&'static str> {
    std::iter::once(OWN).chain(strategies::LIBRARY.iter().map(|s| s.0)).collect()
}

/// The option names of a list: `all` stands for every option; each name once, in order.
/// An unknown name is refused with the allowed ones (field `strategies`).
pub fn names(list: &[String]) -> Result<Vec<String>, SimError> {
    let allowed = all_names();
    let mut out: Vec<String> = Vec::new();
    for name in list.iter().map(|n| n.trim()) {
        let add: Vec<&str> = match name {
            "all" => allowed.clone(),
            n if allowed.contains(&n) => vec![n],
            n => {
                let mut ok = allowed.clone();
                ok.push("all");
                return Err(SimError::unknown("strategies", n, &ok));
            }
        };
        for n in add {
            if !out.iter().any(|o| o == n) {
                out.push(n.to_string());
            }
        }
    }
    Ok(out)
}

/// The scenario of option `name` for `base` (`own`: `base`'s plan; else the library strategy,
/// from today in a plan from today), with `what_ifs` applied on top, validated.
pub fn scenario(base: &Scenario, name: &str, what_ifs: &[WhatIf]) -> Result<Scenario, SimError> {
    let mut s = base.clone();
    if name != OWN {
        s.strategy = strategies::library(name, base).ok_or_else(|| {
            let mut ok = all_names();
            ok.push("all");
            SimError::unknown("strategies", name, &ok)
        })?;
    }
    if what_ifs.is_empty() {
        s.validate()?;
    } else {
        forward::apply_all(&mut s, what_ifs)?;
    }
    Ok(s)
}

/// A median with its 90% band (rate units unless said otherwise).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub median: f64,
    pub p05: f64,
    pub p95: f64,
}

impl Spread {
    pub fn of(mut v: Vec<f64>) -> Spread {
        let q = Quantiles::of(&mut v);
        Spread { median: q.median, p05: q.p05, p95: q.p95 }
    }
}

/// The planner's target: an adoption rate by a date (read at the last reporting date on or
/// before it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    pub rate: f64,
    pub by: Date,
}

impl Target {
    pub fn validate(&self, scn: &Scenario) -> Result<(), SimError> {
        crate::sim::scenario::params::check_range("rate", self.rate, 0.0, 1.0)?;
        if self.by <= scn.start {
            return Err(SimError::refused(
                "by",
                Reason::NotAfter { date: self.by, limit: scn.start, after: "start".into() },
            ));
        }
        Ok(())
    }

    /// Runs must reach the target's date: `scn.end` moved to it when earlier (as the goal seek
    /// does).
    pub fn extend(&self, scn: &mut Scenario) {
        scn.end = scn.end.max(self.by);
    }
}

/// The reporting index a target date is read at: the last one on or before `by`.
pub fn report_index(plan: &Plan, by: Date) -> Result<usize, SimError> {
    plan.reports
        .iter()
        .rposition(|r| r.0 <= by)
        .ok_or_else(|| SimError::refused("by", Reason::BeforeFirstReport { date: by }))
}

/// The probability of reaching `target` over priced replications: the goal seek's rule
/// ([`goal::reaches`], whole offices), so a ranking's `p_target` and the goal seek's
/// probability agree for the same plan.
pub fn p_target(scn: &Scenario, reps: &[RepCost], target: &Target) -> Result<f64, SimError> {
    let d = report_index(&Plan::new(scn), target.by)?;
    let home = scn.population.home_offices() as usize;
    Ok(goal::share_reaching_counts(reps.iter().map(|r| r.at.get(d).map_or(0, |t| t.adopted)), home, target.rate))
}

/// One option of a ranking: `renkei compare`'s row (rate, city cost, cost-effectiveness against
/// the baseline) with its paired gain over the own plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ranked {
    /// `own` or the library strategy's name (the row's `strategy` is the plan's full name).
    pub option: String,
    #[serde(flatten)]
    pub row: Row,
    /// The rate at the horizon minus the own plan's, replication by replication.
    pub gain_over_plan: Spread,
    /// The share of paired replications in which this option ends strictly above the own plan.
    pub p_beats_plan: f64,
    /// The probability of reaching the target (when one is given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_target: Option<f64>,
    /// The rate at the horizon, per replication (for pairs: [`Ranking::pair`]).
    #[serde(skip)]
    pub horizon: Vec<f64>,
}

/// The target as read: the rate, the date asked for and the reporting date used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetOut {
    pub rate: f64,
    pub by: String,
    pub date_used: String,
}

/// Every option ranked (issue 21 §1), the unknown that decides between the top two (§3) and
/// what drives the own plan's forecast (§4).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ranking {
    /// The horizon the rates and gains are read at.
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetOut>,
    pub rows: Vec<Ranked>,
    /// The top two rows compared over the posterior draws (`null` with fewer than two rows).
    pub decisive: Option<Decisive>,
    /// The own plan's rise from today split into the national calendar and the local plan.
    pub drivers: Drivers,
    /// Distinct plans run (options that share a plan share its run).
    pub runs: usize,
    #[serde(skip)]
    drawn: Vec<(String, Vec<f64>, bool)>,
}

impl Ranking {
    /// The decisive unknown between rows `a` and `b` (indices into `rows`).
    pub fn pair(&self, a: usize, b: usize) -> Result<Decisive, SimError> {
        let (Some(ra), Some(rb)) = (self.rows.get(a), self.rows.get(b)) else {
            return Err(SimError::range("row", a.max(b) as f64, 0.0, self.rows.len().saturating_sub(1) as f64));
        };
        Ok(decisive::compare(&ra.option, &ra.horizon, &rb.option, &rb.horizon, &self.drawn))
    }
}

/// The plan a scenario runs, without its display name (two options with the same levers, seed
/// and everything else run the same replications).
fn plan_key(s: &Scenario) -> String {
    let mut k = s.clone();
    k.strategy.name.clear();
    k.to_json()
}

/// Runs `priced` once per distinct plan.
struct Runs<'p> {
    priced: &'p mut dyn FnMut(&Scenario) -> Result<Vec<RepCost>, SimError>,
    done: Vec<(String, std::rc::Rc<Vec<RepCost>>)>,
}

impl Runs<'_> {
    fn get(&mut self, s: &Scenario) -> Result<std::rc::Rc<Vec<RepCost>>, SimError> {
        let key = plan_key(s);
        if let Some((_, r)) = self.done.iter().find(|(k, _)| *k == key) {
            return Ok(r.clone());
        }
        let reps = std::rc::Rc::new((self.priced)(s)?);
        if reps.len() != s.replications as usize {
            return Err(SimError::Internal("a ranking needs every replication, priced".into()));
        }
        self.done.push((key, reps.clone()));
        Ok(reps)
    }
}

/// The rate at the last reporting date, per replication.
fn horizon_rates(s: &Scenario, reps: &[RepCost]) -> Vec<f64> {
    let home = s.population.home_offices().max(1) as f64;
    reps.iter().map(|r| r.at.last().map_or(0.0, |t| t.adopted as f64 / home)).collect()
}

/// Ranks `options` (name, scenario: from [`scenario`]) against `own`, the scenario's own plan
/// with the same what-ifs. Each distinct plan runs once through `priced` (every replication in
/// order, same seed); the own plan, the baseline (for the cost per additional adopter) and
/// the own plan's calendar (for the drivers) are run when no option is the same plan. With
/// `sort`, rows are in order of median paired gain (highest first; ties: mean gain, then the
/// given order). `target` adds `p_target` to every row.
pub fn rank(
    own: &Scenario,
    options: &[(String, Scenario)],
    target: Option<Target>,
    sort: bool,
    priced: &mut dyn FnMut(&Scenario) -> Result<Vec<RepCost>, SimError>,
) -> Result<Ranking, SimError> {
    own.validate()?;
    if let Some(t) = &target {
        t.validate(own)?;
    }
    for (_, s) in options {
        s.validate()?;
        if s.seed != own.seed || s.replications != own.replications || s.end != own.end {
            return Err(SimError::invalid(
                "strategies",
                "every option must run with the own plan's seed, replications and horizon to be paired",
            ));
        }
    }
    let mut runs = Runs { priced, done: Vec::new() };
    let own_reps = runs.get(own)?;
    let own_h = horizon_rates(own, &own_reps);
    let base_reps = runs.get(&cost::baseline(own)?)?;
    let mut rows = Vec::with_capacity(options.len());
    for (name, s) in options {
        let reps = runs.get(s)?;
        let h = horizon_rates(s, &reps);
        let gains: Vec<f64> = h.iter().zip(&own_h).map(|(a, b)| a - b).collect();
        let beats = gains.iter().filter(|&&g| g > 0.0).count() as f64 / gains.len().max(1) as f64;
        rows.push(Ranked {
            option: name.clone(),
            row: cost::row(s, &reps, &base_reps)?,
            p_beats_plan: beats,
            p_target: target.as_ref().map(|t| p_target(s, &reps, t)).transpose()?,
            gain_over_plan: Spread::of(gains),
            horizon: h,
        });
    }
    if sort {
        let mean = |r: &Ranked| r.horizon.iter().sum::<f64>() / r.horizon.len().max(1) as f64;
        // A stable sort: ties keep the given order.
        rows.sort_by(|a, b| {
            b.gain_over_plan.median.total_cmp(&a.gain_over_plan.median).then(mean(b).total_cmp(&mean(a)))
        });
    }
    let cal = calendar_only(own);
    let cal_reps = runs.get(&cal)?;
    let plan = Plan::new(own);
    let drivers = drivers::of_reps(own, &plan, &own_reps, &cal_reps);
    let drawn = decisive::drawn(own);
    let decisive = match rows.as_slice() {
        [a, b, ..] => Some(decisive::compare(&a.option, &a.horizon, &b.option, &b.horizon, &drawn)),
        _ => None,
    };
    let target = match target {
        Some(t) => Some(TargetOut {
            rate: t.rate,
            by: t.by.to_string(),
            date_used: plan.reports[report_index(&plan, t.by)?].0.to_string(),
        }),
        None => None,
    };
    Ok(Ranking {
        date: plan.reports.last().map(|r| r.0.to_string()).unwrap_or_default(),
        target,
        rows,
        decisive,
        drivers,
        runs: runs.done.len(),
        drawn,
    })
}

/// The lever a goal is sought along for option `name` of `scn` (issue 21 §2): the library
/// strategy's main lever (`None` for the baseline, which has no lever of the city's: it is
/// evaluated as it is). The own plan (and the free-pass variants, which are the own plan) use
/// the first the plan has of: a training of offices (sized and, in a plan from today, held at
/// the plan's start when dated before it), outreach, visits, support, partner requests; a
/// plan with none gets outreach (all areas, from the plan's start).
pub fn main_lever(name: &str, scn: &Scenario) -> Option<Dimension> {
    match name {
        "baseline" => None,
        "area_by_area" | "centre_partners" => Some(Dimension::OutreachContacts),
        "focus_training" => Some(Dimension::FocusAreas),
        "visits_support" => Some(Dimension::VisitsPerMonth),
        "trainings_only" => Some(Dimension::TrainingAttendance),
        "partner_request" => Some(Dimension::RequestsPerMonth),
        _ => {
            let has = |f: &dyn Fn(&Lever) -> bool| scn.strategy.levers.iter().any(f);
            let dim = if has(&|l| matches!(l, Lever::Training { audience: Audience::Offices, .. })) {
                Dimension::TrainingAttendance
            } else if has(&|l| matches!(l, Lever::Outreach { .. })) {
                Dimension::OutreachContacts
            } else if has(&|l| matches!(l, Lever::Visits { .. })) {
                Dimension::VisitsPerMonth
            } else if has(&|l| matches!(l, Lever::Support { .. })) {
                Dimension::SupportPerMonth
            } else if has(&|l| matches!(l, Lever::PartnerRequest { .. })) {
                Dimension::RequestsPerMonth
            } else {
                Dimension::OutreachContacts
            };
            Some(dim)
        }
    }
}

/// One option's answer to a goal (issue 21 §2).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OptionGoal {
    /// `own` or the library strategy's name.
    pub strategy: String,
    /// The lever sized (`null`: the option is evaluated as it is).
    pub lever: Option<String>,
    /// The smallest value found that reaches the goal (`null` when out of reach or no lever).
    pub value: Option<serde_json::Value>,
    /// At `value`; out of reach: the best found; without a lever: the plan's own.
    pub probability: f64,
    pub reachable: bool,
    /// Median city cost from today (the start in a counterfactual) to the run's end of the plan
    /// that reaches the goal (`null` when out of reach).
    pub city_yen: Option<f64>,
    /// Levers dated before the plan's start held at its start instead (`[from, to]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moved_to_plan_start: Vec<[String; 2]>,
    pub evaluations: usize,
    /// Why this option has no answer (the others still do).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The typed error behind `error`, for the page's language.
    #[serde(skip)]
    pub problem: Option<SimError>,
    /// The value found as the search used it (dates as day numbers).
    #[serde(skip)]
    pub x: Option<f64>,
}

/// How [`seek_options`] answers, for its output.
pub const SEEK_NOTE: &str = "Each option's main lever (`lever`) is sized by the goal seek (common random numbers, \
    bisection over the lever's default range, to its default tolerance); `probability` is the share of replications \
    reaching the rate by the date, the rule of `renkei compare --rate --by`'s p_target; `city_yen` is the median city \
    cost from today to the run's end of the plan found (null when out of reach); sorted by cost, then out of reach \
    by best probability. `lever: null`: the option has no lever of the city's and is evaluated as it is.";

/// For every option of `names` (see [`names`]), the smallest intensity of its [`main_lever`]
/// that reaches `goal` (the goal seek, `goal::seek`, with the lever's default range and
/// tolerance), its city cost, or "not reachable" with the best probability; sorted by cost
/// (reachable first, cheapest first; then out of reach, most probable first). `run` runs a
/// scenario with every replication's path, `priced` prices one (the plan found, once per
/// option). An option that cannot be sized carries its `error`; a cancelled run stops all.
pub fn seek_options(
    base: &Scenario,
    names: &[String],
    what_ifs: &[WhatIf],
    g: &Goal,
    run: &mut dyn FnMut(&Scenario) -> Result<Summary, SimError>,
    priced: &mut dyn FnMut(&Scenario) -> Result<Vec<RepCost>, SimError>,
) -> Result<Vec<OptionGoal>, SimError> {
    g.validate(base)?;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let answer = seek_option(base, name, what_ifs, g, run, priced);
        match answer {
            Ok(a) => out.push(a),
            Err(e @ (SimError::Cancelled | SimError::Internal(_))) => return Err(e),
            Err(e) => out.push(OptionGoal {
                strategy: name.clone(),
                lever: None,
                value: None,
                probability: 0.0,
                reachable: false,
                city_yen: None,
                moved_to_plan_start: vec![],
                evaluations: 0,
                error: Some(e.to_string()),
                problem: Some(e),
                x: None,
            }),
        }
    }
    out.sort_by(|a, b| {
        b.reachable.cmp(&a.reachable).then_with(|| match (a.reachable, a.city_yen, b.city_yen) {
            (true, Some(x), Some(y)) => x.total_cmp(&y),
            (true, Some(_), None) => std::cmp::Ordering::Less,
            (true, None, Some(_)) => std::cmp::Ordering::Greater,
            _ => b.probability.total_cmp(&a.probability),
        })
    });
    Ok(out)
}

/// The median city cost of a priced plan from today (or the start) to the run's end.
fn city_yen(s: &Scenario, reps: &[RepCost]) -> Option<f64> {
    cost::summarise(s, &Plan::new(s), reps).total.city_yen.median
}

fn seek_option(
    base: &Scenario,
    name: &str,
    what_ifs: &[WhatIf],
    g: &Goal,
    run: &mut dyn FnMut(&Scenario) -> Result<Summary, SimError>,
    priced: &mut dyn FnMut(&Scenario) -> Result<Vec<RepCost>, SimError>,
) -> Result<OptionGoal, SimError> {
    let mut s = scenario(base, name, what_ifs)?;
    s.end = s.end.max(g.by);
    let Some(dim) = main_lever(name, &s) else {
        let reps = priced(&s)?;
        let probability = p_target(&s, &reps, &Target { rate: g.rate, by: g.by })?;
        let reachable = probability >= g.prob;
        return Ok(OptionGoal {
            strategy: name.to_string(),
            lever: None,
            value: None,
            probability,
            reachable,
            city_yen: if reachable { city_yen(&s, &reps) } else { None },
            moved_to_plan_start: vec![],
            evaluations: 1,
            error: None,
            problem: None,
            x: None,
        });
    };
    let range = dim.default_range(&s, g.by);
    let a = goal::seek(&s, dim, g, range, dim.default_tolerance(), run)?;
    let x = a.value.as_ref().and_then(|v| a.trace.iter().find(|e| &e.value == v)).map(|e| e.x);
    let city = match x {
        Some(x) => {
            let mut at = s.clone();
            dim.apply(&mut at, x, g.by)?;
            at.validate()?;
            city_yen(&at, &priced(&at)?)
        }
        None => None,
    };
    Ok(OptionGoal {
        strategy: name.to_string(),
        lever: Some(a.lever),
        value: a.value,
        probability: a.probability,
        reachable: a.reachable,
        city_yen: city,
        moved_to_plan_start: a.moved_to_plan_start,
        evaluations: a.evaluations,
        error: None,
        problem: None,
        x,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_expands_to_own_and_the_library_once_each() {
        let n = names(&["area_by_area".into(), "all".into()]).expect("known");
        assert_eq!(n.len(), strategies::LIBRARY.len() + 1);
        assert_eq!(n[0], "area_by_area");
        assert_eq!(n.iter().filter(|x| *x == "own").count(), 1);
    }

    #[test]
    fn an_unknown_option_names_the_allowed_ones() {
        let e = names(&["nonsense".into()]).expect_err("unknown");
        assert_eq!(e.field(), Some("strategies"));
        let text = e.to_string();
        assert!(text.contains("nonsense") && text.contains("area_by_area") && text.contains("all"), "{text}");
    }
}
