//! Cost and cost-effectiveness of a strategy (issue 14 §2; docs/model.md §9).
//!
//! Staff time per unit of lever work (a contact, a visit, a support case, a partner request, a
//! training session) times an hourly cost, plus the share of the offices' licence fees the city
//! pays; beside it the offices' own licence fees (¥21,000 a year while no waiver applies, brief
//! §6) and the ministry's estimated saving (about ¥816,000 per office a year, brief §6, an
//! estimate). Every value is editable in the scenario's `cost`; the defaults without a brief
//! figure are assumptions. Work is counted per replication by the engine (`Counts`), except
//! outreach contacts, which the plan fixes (contacts per centre per month while a lever runs).

use crate::sim::error::SimError;
use crate::sim::experiment::montecarlo::{Prepared, Quantiles, Workspace};
use crate::sim::model::engine::Sim;
use crate::sim::model::plan::{Plan, DT};
use crate::sim::model::population::{World, NO_CENTRE};
pub use crate::sim::scenario::cost::CostModel;
use crate::sim::scenario::strategy::Lever;
use crate::sim::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// One replication's running totals at a reporting date.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    pub contacts: f64,
    pub visits: u32,
    pub support: u32,
    pub requests: u32,
    pub sessions: u32,
    pub trained: u32,
    pub adopted: u32,
    /// Home adopters with at least one active link (the ones the saving is counted for).
    pub linked: u32,
    pub active_links: u64,
}

/// One replication's money per reporting interval (the interval ending at each date; the
/// first date's interval is empty).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RepCost {
    pub at: Vec<Tally>,
    pub staff_hours: Vec<f64>,
    pub staff_yen: Vec<f64>,
    pub subsidy_yen: Vec<f64>,
    /// Licence fees the offices pay themselves (after the city's share).
    pub office_fees_yen: Vec<f64>,
    pub saving_yen: Vec<f64>,
}

impl RepCost {
    /// The city's cost in interval `d`: staff time and licence-fee support.
    pub fn city(&self, d: usize) -> f64 {
        self.staff_yen[d] + self.subsidy_yen[d]
    }
}

/// Outreach contacts per week fixed by the plan: contacts per centre per month, for each centre
/// of the lever's areas that has someone to contact (as `Sim::outreach` spreads them).
pub fn contacts_per_week(plan: &Plan, world: &World) -> Vec<f64> {
    (0..plan.weeks as usize)
        .map(|k| {
            let mut c = 0.0;
            for &i in &plan.outreach_active[k] {
                let Lever::Outreach { contacts_per_month, centre_partners, .. } = &plan.levers[i] else { continue };
                let centres = (0..world.members.len())
                    .filter(|&a| plan.masks[i][a])
                    .filter(|&a| {
                        let centre = world.centre[a];
                        if *centre_partners {
                            centre != NO_CENTRE && !world.partners(centre as usize).is_empty()
                        } else {
                            !world.reachable(a).is_empty()
                        }
                    })
                    .count();
                c += contacts_per_month * 12.0 * DT * centres as f64;
            }
            c
        })
        .collect()
}

/// Turns running totals at each reporting date into money per interval.
pub fn price(m: &CostModel, plan: &Plan, at: Vec<Tally>) -> RepCost {
    let n = at.len();
    let mut r = RepCost { at, ..RepCost::default() };
    for d in 0..n {
        let (hours, fees, saving) = if d == 0 {
            (0.0, 0.0, 0.0)
        } else {
            let (a, b) = (r.at[d - 1], r.at[d]);
            let hours = (b.contacts - a.contacts) * m.hours_per_contact
                + (b.visits - a.visits) as f64 * m.hours_per_visit
                + (b.support - a.support) as f64 * m.hours_per_support_case
                + (b.requests - a.requests) as f64 * m.hours_per_request
                + (b.sessions - a.sessions) as f64 * m.hours_per_training_session;
            let (w0, w1) = (plan.reports[d - 1].1 as usize, plan.reports[d].1 as usize);
            let weeks = (w1 - w0) as f64;
            let paying = (w0..w1).filter(|&k| !plan.waiver.get(k).copied().unwrap_or(false)).count() as f64;
            // Adopters during the interval: the mean of its two ends (counts are read at dates).
            let adopted = 0.5 * (a.adopted + b.adopted) as f64;
            let linked = 0.5 * (a.linked + b.linked) as f64;
            let fees = adopted * paying * DT * m.licence_fee_yen_per_year;
            (hours, fees, linked * weeks * DT * m.saving_yen_per_office_year)
        };
        r.staff_hours.push(hours);
        r.staff_yen.push(hours * m.hourly_cost_yen);
        r.subsidy_yen.push(fees * m.fee_subsidy_share);
        r.office_fees_yen.push(fees * (1.0 - m.fee_subsidy_share));
        r.saving_yen.push(saving);
    }
    r
}

/// Runs replication `rep` and prices it.
pub fn run_rep(prep: &Prepared, m: &CostModel, contacts_week: &[f64], rep: u64, ws: &mut Workspace) -> RepCost {
    let plan = &prep.plan;
    let model = prep.model(rep);
    let dates: Vec<usize> = (0..plan.reports.len()).collect();
    let mut at = Vec::with_capacity(dates.len());
    let mut look = |d: usize, sim: &Sim, world: &World| {
        let c = &sim.counts;
        let week = plan.reports[d].1 as usize;
        let linked = (0..world.n_home).filter(|&o| sim.has_active_link(o)).count() as u32;
        at.push(Tally {
            contacts: contacts_week[..week.min(contacts_week.len())].iter().sum(),
            visits: c.visits_made,
            support: c.support_given,
            requests: c.requests_made,
            sessions: c.training_sessions,
            trained: c.trained,
            adopted: c.adopted_home,
            linked,
            active_links: c.active_links,
        });
    };
    prep.observe_rep(rep, model.as_ref(), ws, &dates, &mut look);
    price(m, plan, at)
}

/// What pricing a scenario's replications needs: the prepared run, its cost model and the
/// contacts the plan makes each week (the same for every replication).
pub fn prepare(scn: &Scenario) -> Result<(Prepared<'_>, CostModel, Vec<f64>), SimError> {
    let prep = Prepared::new(scn)?;
    let m = scn.cost.clone().unwrap_or_default();
    let contacts = contacts_per_week(&prep.plan, prep.world(0));
    Ok((prep, m, contacts))
}

/// Every replication of `scn`, priced, in replication order, on this thread (the native shells
/// spread them over threads: `renkei::parallel::cost_reps`, the same result).
pub fn run(scn: &Scenario) -> Result<Vec<RepCost>, SimError> {
    let (prep, m, contacts) = prepare(scn)?;
    let mut ws = Workspace::default();
    Ok((0..scn.replications as u64).map(|rep| run_rep(&prep, &m, &contacts, rep, &mut ws)).collect())
}

/// Quantiles over replications, with +∞ (no gain for the money) shown as `null`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub median: Option<f64>,
    pub p05: Option<f64>,
    pub p95: Option<f64>,
    pub mean: Option<f64>,
}

impl Band {
    pub fn of(mut v: Vec<f64>) -> Band {
        let q = Quantiles::of(&mut v);
        let f = |x: f64| x.is_finite().then_some(x);
        Band { median: f(q.median), p05: f(q.p05), p95: f(q.p95), mean: f(q.mean) }
    }
}

/// One reporting interval, over replications.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostMonth {
    pub date: String,
    pub city_yen: Band,
    pub staff_hours: Band,
    pub subsidy_yen: Band,
    pub office_fees_yen: Band,
    pub saving_yen_estimate: Band,
}

/// The `"cost"` block of a run: per month and in total from `from_date` (the start, or today in
/// a plan from today: the history's work is spent already).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostSummary {
    pub model: CostModel,
    pub from_date: String,
    pub months: Vec<CostMonth>,
    pub total: CostTotal,
    pub note: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostTotal {
    pub city_yen: Band,
    pub staff_hours: Band,
    pub subsidy_yen: Band,
    pub office_fees_yen: Band,
    pub saving_yen_estimate: Band,
    pub contacts: Band,
    pub visits: Band,
    pub support_cases: Band,
    pub requests: Band,
    pub training_sessions: Band,
}

pub const NOTE: &str = "Staff hours and hourly cost are assumptions (docs/model.md §9), editable in the scenario's \
    `cost`; licence fee ¥21,000/year while no waiver applies (brief §6); the saving is the ministry's ESTIMATE of \
    about ¥816,000 per office a year (brief §6), counted for adopters with an active link.";

/// The reporting index costs are counted from (today in a plan from today, else the start).
pub fn from_index(scn: &Scenario, plan: &Plan) -> usize {
    scn.condition.as_ref().and_then(|c| plan.reports.iter().position(|r| r.0 == c.date)).unwrap_or(0)
}

/// Per-replication totals of `f` over the intervals after `from`.
pub(crate) fn totals(reps: &[RepCost], from: usize, f: impl Fn(&RepCost, usize) -> f64) -> Vec<f64> {
    reps.iter().map(|r| (from + 1..r.staff_yen.len()).map(|d| f(r, d)).sum()).collect()
}

/// Summarises priced replications.
pub fn summarise(scn: &Scenario, plan: &Plan, reps: &[RepCost]) -> CostSummary {
    let from = from_index(scn, plan);
    let band = |f: &dyn Fn(&RepCost) -> f64| Band::of(reps.iter().map(f).collect());
    let months = plan
        .reports
        .iter()
        .enumerate()
        .skip(from + 1)
        .map(|(d, (date, _))| CostMonth {
            date: date.to_string(),
            city_yen: band(&|r| r.city(d)),
            staff_hours: band(&|r| r.staff_hours[d]),
            subsidy_yen: band(&|r| r.subsidy_yen[d]),
            office_fees_yen: band(&|r| r.office_fees_yen[d]),
            saving_yen_estimate: band(&|r| r.saving_yen[d]),
        })
        .collect();
    let work = |f: &dyn Fn(&Tally) -> f64| {
        Band::of(
            reps.iter()
                .map(|r| match (r.at.get(from), r.at.last()) {
                    (Some(a), Some(b)) => f(b) - f(a),
                    _ => 0.0,
                })
                .collect(),
        )
    };
    CostSummary {
        model: scn.cost.clone().unwrap_or_default(),
        from_date: plan.reports.get(from).map(|r| r.0.to_string()).unwrap_or_default(),
        months,
        total: CostTotal {
            city_yen: Band::of(totals(reps, from, |r, d| r.city(d))),
            staff_hours: Band::of(totals(reps, from, |r, d| r.staff_hours[d])),
            subsidy_yen: Band::of(totals(reps, from, |r, d| r.subsidy_yen[d])),
            office_fees_yen: Band::of(totals(reps, from, |r, d| r.office_fees_yen[d])),
            saving_yen_estimate: Band::of(totals(reps, from, |r, d| r.saving_yen[d])),
            contacts: work(&|t| t.contacts),
            visits: work(&|t| t.visits as f64),
            support_cases: work(&|t| t.support as f64),
            requests: work(&|t| t.requests as f64),
            training_sessions: work(&|t| t.sessions as f64),
        },
        note: NOTE,
    }
}

/// Cost-effectiveness against a baseline run with the same seed (paired by replication).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Effectiveness {
    pub date: String,
    /// Extra adopting home offices over the baseline at `date`.
    pub additional_adopters: Band,
    pub additional_active_links: Band,
    /// Extra city cost over the baseline from `from_date` to `date`.
    pub additional_city_yen: Band,
    /// Per replication: extra cost / extra adopters (`null` in the band where a share of the
    /// replications gained nothing: +∞).
    pub yen_per_additional_adopter: Band,
    pub yen_per_additional_active_link: Band,
    /// Mean extra cost over mean extra adopters (links): the ratio of the expectations.
    pub yen_per_additional_adopter_of_means: Option<f64>,
    pub yen_per_additional_active_link_of_means: Option<f64>,
}

/// Compares a strategy's priced replications with the baseline's, replication by replication.
pub fn effectiveness(
    scn: &Scenario,
    plan: &Plan,
    run: &[RepCost],
    base: &[RepCost],
) -> Result<Effectiveness, SimError> {
    if run.len() != base.len() || run.is_empty() {
        return Err(SimError::Internal("a strategy and its baseline need the same replications".into()));
    }
    let from = from_index(scn, plan);
    let last = |r: &RepCost| r.at.last().copied().unwrap_or_default();
    let d_adopt: Vec<f64> =
        run.iter().zip(base).map(|(a, b)| last(a).adopted as f64 - last(b).adopted as f64).collect();
    let d_links: Vec<f64> =
        run.iter().zip(base).map(|(a, b)| last(a).active_links as f64 - last(b).active_links as f64).collect();
    let (ca, cb) = (totals(run, from, |r, d| r.city(d)), totals(base, from, |r, d| r.city(d)));
    let d_cost: Vec<f64> = ca.iter().zip(&cb).map(|(a, b)| a - b).collect();
    let per = |gain: &[f64]| -> Vec<f64> {
        d_cost.iter().zip(gain).map(|(&c, &g)| if g > 0.0 { c / g } else { f64::INFINITY }).collect()
    };
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let of_means = |g: &[f64]| (mean(g) > 0.0).then(|| (mean(&d_cost) / mean(g)).round());
    Ok(Effectiveness {
        date: plan.reports.last().map(|r| r.0.to_string()).unwrap_or_default(),
        additional_adopters: Band::of(d_adopt.clone()),
        additional_active_links: Band::of(d_links.clone()),
        additional_city_yen: Band::of(d_cost.clone()),
        yen_per_additional_adopter: Band::of(per(&d_adopt)),
        yen_per_additional_active_link: Band::of(per(&d_links)),
        yen_per_additional_adopter_of_means: of_means(&d_adopt),
        yen_per_additional_active_link_of_means: of_means(&d_links),
    })
}

/// The baseline of `scn`: the same scenario with the policy calendar as its plan.
pub fn baseline(scn: &Scenario) -> Result<Scenario, SimError> {
    let mut b = scn.clone();
    b.strategy = crate::sim::scenario::strategies::library("baseline", scn)
        .ok_or_else(|| SimError::Internal("the library has no baseline".into()))?;
    b.validate()?;
    Ok(b)
}

/// One strategy's line of a comparison (`renkei compare`, the page's cost table): its rate at
/// the last date with its band, the city's cost, and its cost-effectiveness against the baseline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub strategy: String,
    pub date: String,
    pub rate: Band,
    pub cost: CostTotal,
    pub against_baseline: Effectiveness,
}

/// Runs the baseline of `base` and every scenario with the same seed, pricing each with
/// `priced` (every replication in order: [`run`] on one thread, `parallel::cost_reps` on
/// several, the same numbers), and compares each with the baseline. The one comparison the
/// CLI and the page both show.
pub fn compare(
    base: &Scenario,
    scenarios: &[Scenario],
    priced: &mut dyn FnMut(&Scenario) -> Result<Vec<RepCost>, SimError>,
) -> Result<Vec<Row>, SimError> {
    let base_reps = priced(&baseline(base)?)?;
    let mut rows = Vec::with_capacity(scenarios.len());
    for s in scenarios {
        s.validate()?;
        let reps = priced(s)?;
        rows.push(row(s, &reps, &base_reps)?);
    }
    Ok(rows)
}

/// The line of scenario `s` from its priced replications and its baseline's (same seed).
pub fn row(s: &Scenario, reps: &[RepCost], base_reps: &[RepCost]) -> Result<Row, SimError> {
    let plan = Plan::new(s);
    let home = s.population.home_offices().max(1) as f64;
    let rate = Band::of(reps.iter().map(|r| r.at.last().map_or(0.0, |t| t.adopted as f64 / home)).collect());
    Ok(Row {
        strategy: s.strategy.name.clone(),
        date: plan.reports.last().map(|r| r.0.to_string()).unwrap_or_default(),
        rate,
        cost: summarise(s, &plan, reps).total,
        against_baseline: effectiveness(s, &plan, reps, base_reps)?,
    })
}
