//! A strategy compiled against a scenario's calendar: for each weekly step, what
//! changes (global multipliers, outreach rates, pulses, monthly levers) and when
//! results are recorded. Built once per scenario and shared by all replications.

use crate::sim::date::Date;
use crate::sim::scenario::forward::{self, Conditioning};
use crate::sim::scenario::params::Params;
use crate::sim::scenario::posterior::Particles;
use crate::sim::scenario::strategy::Lever;
use crate::sim::scenario::Scenario;

/// One year is 52 weekly steps (rates are per year).
pub const DT: f64 = 1.0 / 52.0;

#[derive(Clone, Debug)]
pub struct Plan {
    pub weeks: u32,
    /// First day of each week.
    pub week_start: Vec<Date>,
    /// Whether a fee waiver is in force during each week.
    pub waiver: Vec<bool>,
    /// The weights of the policy deadlines announced and not yet passed, per week.
    pub deadline_weights: Vec<Vec<f64>>,
    /// Per week: the week containing the date of the earliest pledge deadline open then
    /// (`u32::MAX` if none): an office deciding then pledges to finish setting up by that week.
    pub pledge_due: Vec<u32>,
    /// Weeks at whose start outreach rates change (week 0: every office's first draw).
    pub epoch: Vec<bool>,
    /// Weeks at whose start a waiver ends (waiver-end stopping applies).
    pub waiver_ends: Vec<bool>,
    /// Weeks at whose start monthly levers act (the first week starting in a new month).
    pub month_start: Vec<bool>,
    /// Outreach levers active during each week (indices into the strategy's levers).
    pub outreach_active: Vec<Vec<usize>>,
    /// Pulse levers (training, centre adoption) firing at the start of each week.
    pub pulses: Vec<Vec<usize>>,
    /// Monthly levers (visits, support, partner request) active during each week.
    pub monthly: Vec<Vec<usize>>,
    /// Reporting points: (date, completed weeks at which the state is recorded).
    pub reports: Vec<(Date, u32)>,
    /// Per lever: its area membership mask.
    pub masks: Vec<Vec<bool>>,
    /// The levers the run executes: the strategy's, or in a conditioned run the history's and
    /// then the plan's (`forward::levers`). The engine reads levers from here, by index.
    pub levers: Vec<Lever>,
    /// The step at which a conditioned run is set to the observed count (`forward`).
    pub condition: Option<Conditioning>,
    /// A centre's adoption redraws its area's offices (stronger outreach) from this week on.
    /// 0 unless a conditioned run's history has no outreach while its plan has: then the plan's
    /// outreach must not change the history's random draws (forward.rs).
    pub outreach_from: u32,
    /// The parameter-dependent part for the scenario's own parameters (fixed-parameter runs
    /// and the workshop view; posterior-predictive runs build one per replication).
    pub model: Model,
}

/// What a replication needs that depends on the behavioural parameters: the parameters,
/// the tabulated network response and operational time. Cheap to build (a few microseconds),
/// so a posterior-predictive run builds one per replication from the parameter vector it draws.
#[derive(Clone, Debug)]
pub struct Model {
    pub params: Params,
    /// The network response g(k/deg), tabulated.
    pub response: ResponseTable,
    /// Operational time: `tau[k]` = Σ_{j<k} M(j), in weeks at unit multiplier, where M(j) is the
    /// decision-rate multiplier of week j (waiver and deadlines). A not-adopted office with base
    /// rate b decides in the first week k with b·DT·(tau[k+1] − tau[from]) > E, E ~ Exp(1): M(t)
    /// is known in advance, so a change of M needs no redraw.
    pub tau: Vec<f64>,
}

impl Model {
    pub fn new(params: Params, plan_waiver: &[bool], deadline_weights: &[Vec<f64>]) -> Model {
        let mut tau = Vec::with_capacity(plan_waiver.len() + 1);
        tau.push(0.0);
        for (k, (&waived, weights)) in plan_waiver.iter().zip(deadline_weights).enumerate() {
            let mut m = 1.0;
            for w in weights {
                m *= 1.0 + params.deadline_boost * w;
            }
            if waived {
                m *= 1.0 + params.waiver_boost;
            }
            tau.push(tau[k] + m);
        }
        Model { response: ResponseTable::new(&params), tau, params }
    }

    /// The decision-rate multiplier M(k) of week k.
    pub fn multiplier(&self, k: usize) -> f64 {
        self.tau[k + 1] - self.tau[k]
    }
}

/// g(k/deg) for every degree up to `TABLE_DEGREE` and every k ≤ deg, computed once per
/// scenario: a redraw looks the response up instead of recomputing it (a power, or `pow`
/// for a fractional steepness). Larger degrees are computed on demand.
#[derive(Clone, Debug)]
pub struct ResponseTable {
    values: Vec<f64>,
    /// θ^n of the threshold response.
    tn: f64,
}

const TABLE_DEGREE: u32 = 64;

impl ResponseTable {
    pub fn new(p: &Params) -> ResponseTable {
        let tn = p.threshold_power();
        let mut values = Vec::with_capacity(((TABLE_DEGREE + 3) * TABLE_DEGREE / 2) as usize);
        for deg in 1..=TABLE_DEGREE {
            for k in 0..=deg {
                values.push(p.response_with(k as f64 / deg as f64, tn));
            }
        }
        ResponseTable { values, tn }
    }

    /// g(k/deg) for an office with `k` of its `deg` partners adopted (same value as computing it).
    #[inline]
    pub fn at(&self, k: u32, deg: u32, p: &Params) -> f64 {
        if deg <= TABLE_DEGREE && k <= deg {
            // Degrees 1..deg-1 hold 2 + 3 + … + deg entries before this one's.
            self.values[((deg - 1) * (deg + 2) / 2 + k) as usize]
        } else {
            p.response_with(k as f64 / deg as f64, self.tn)
        }
    }
}

fn week_of(start: Date, d: Date) -> i64 {
    (start.days_until(d) as i64).div_euclid(7)
}

impl Plan {
    pub fn new(scn: &Scenario) -> Plan {
        let start = scn.start;
        // Reports: the start, then every month end up to the end date (and the end itself).
        let mut dates = vec![start];
        let mut d = start.month_end();
        if d == start {
            d = start.next_month_end();
        }
        while d <= scn.end {
            dates.push(d);
            d = d.next_month_end();
        }
        if dates.last() != Some(&scn.end) {
            dates.push(scn.end);
        }
        // A conditioning date is always reported (it is "today" in the results).
        if let Some(c) = &scn.condition {
            if !dates.contains(&c.date) {
                dates.push(c.date);
                dates.sort();
            }
        }
        // Completed weeks nearest to the end of day D (at most 3.5 days off).
        let reports: Vec<(Date, u32)> =
            dates.iter().map(|&d| (d, ((start.days_until(d) + 1) as f64 / 7.0).round().max(0.0) as u32)).collect();
        let weeks = reports.iter().map(|r| r.1).max().unwrap_or(0);
        let w = weeks as usize;
        let week_start: Vec<Date> = (0..w).map(|k| start.add_days(7 * k as i32)).collect();
        let all_levers = forward::levers(scn);
        let levers = &all_levers;
        let masks = levers.iter().map(|l| scn.area_mask(l.areas())).collect();

        // Whether the week starting on d overlaps the window [a, b]: a lever acts from the week
        // that contains its start date to the week that contains its end date.
        let inside = |d: Date, a: Date, b: Option<Date>| d.add_days(6) >= a && b.is_none_or(|b| d <= b);
        let mut deadline_weights = vec![Vec::new(); w];
        let mut pledge_due = vec![u32::MAX; w];
        let mut waiver = vec![false; w];
        let mut outreach_active = vec![Vec::new(); w];
        let mut monthly = vec![Vec::new(); w];
        let mut pulses = vec![Vec::new(); w];
        for (k, &ws) in week_start.iter().enumerate() {
            let mut waived = false;
            for (i, l) in levers.iter().enumerate() {
                match l {
                    Lever::FeeWaiver { start, end } => waived |= inside(ws, *start, *end),
                    Lever::Deadline { announce, date, weight, pledge, .. } => {
                        if ws >= *announce && ws < *date {
                            deadline_weights[k].push(*weight);
                            if *pledge {
                                pledge_due[k] = pledge_due[k].min(week_of(start, *date).max(k as i64) as u32);
                            }
                        }
                    }
                    Lever::Outreach { start, end, .. } => {
                        if inside(ws, *start, Some(*end)) {
                            outreach_active[k].push(i);
                        }
                    }
                    Lever::Visits { start, end, .. }
                    | Lever::Support { start, end, .. }
                    | Lever::PartnerRequest { start, end, .. } => {
                        if inside(ws, *start, Some(*end)) {
                            monthly[k].push(i);
                        }
                    }
                    Lever::Training { date, .. } | Lever::CentreAdoption { date, .. } => {
                        let wk = week_of(start, *date).max(0);
                        if wk == k as i64 {
                            pulses[k].push(i);
                        }
                    }
                }
            }
            waiver[k] = waived;
        }
        let mut epoch = vec![false; w];
        let mut waiver_ends = vec![false; w];
        let mut month_start = vec![false; w];
        for k in 0..w {
            epoch[k] = k == 0 || outreach_active[k] != outreach_active[k - 1];
            waiver_ends[k] = k > 0 && waiver[k - 1] && !waiver[k];
            month_start[k] = k == 0 || week_start[k].ymd().1 != week_start[k - 1].ymd().1;
        }
        let condition = forward::conditioning(scn);
        let outreach_from = match condition {
            Some(c) if !outreach_active.iter().take(c.week as usize).any(|v| !v.is_empty()) => c.week,
            _ => 0,
        };
        Plan {
            model: Model::new(scn.params.clone(), &waiver, &deadline_weights),
            weeks,
            week_start,
            waiver,
            deadline_weights,
            pledge_due,
            epoch,
            waiver_ends,
            month_start,
            outreach_active,
            pulses,
            monthly,
            reports,
            masks,
            levers: all_levers,
            condition,
            outreach_from,
        }
    }
}

// The draw lives with the posterior (scenario layer); what the engine needs of it is built here.
impl Particles {
    /// The parameters of replication `rep` and what the engine needs of them.
    pub fn model(&self, base: &Params, pinned: &[String], plan: &Plan, seed: u64, rep: u64) -> Model {
        let params = self.params(base, self.draw(seed, rep), pinned);
        Model::new(params, &plan.waiver, &plan.deadline_weights)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::params::Response;

    #[test]
    fn response_table_gives_the_computed_value_at_every_degree() {
        let p = Params { response: Response::Threshold, steepness: 2.5, ..Params::default() };
        let t = ResponseTable::new(&p);
        let tn = p.threshold_power();
        for deg in 1..=TABLE_DEGREE + 3 {
            for k in 0..=deg {
                let direct = p.response_with(k as f64 / deg as f64, tn);
                assert_eq!(t.at(k, deg, &p).to_bits(), direct.to_bits(), "k={k} deg={deg}");
            }
        }
    }
}
