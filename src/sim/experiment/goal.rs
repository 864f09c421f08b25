//! Goal seek (issue 14 §1): the smallest intensity of one lever dimension that reaches an
//! adoption rate by a date with at least a given probability, over the scenario's replications
//! (posterior-predictive by default, so the answer carries parameter uncertainty).
//!
//! Every evaluation runs the same scenario with the same seed: the networks, the posterior's
//! parameter draws, the barriers and the initial state are shared (common random numbers), so
//! two evaluations differ only through the lever. The response (share of replications at or
//! above the goal) is then close to monotone and bisection is cheap. It is not guaranteed to be
//! monotone pathwise (the event stream of a replication is consumed in a different order once
//! anything differs), so every evaluated point is kept and any inversion is reported in the
//! answer (`monotone: false`) instead of being hidden. The run itself is a callback, so the CLI
//! runs it on threads and the page's worker on its own loop.

use crate::sim::date::Date;
use crate::sim::error::{Reason, Requirement, SimError};
use crate::sim::experiment::montecarlo::Summary;
use crate::sim::scenario::forward::{self, WhatIf};
use crate::sim::scenario::strategy::{Audience, Groups, Lever};
use crate::sim::scenario::Scenario;
use serde::Serialize;

/// The lever dimensions a goal can be sought along.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    /// `outreach.contacts_per_month`: contacts per centre per month of every outreach lever.
    OutreachContacts,
    /// `visits.per_month`: offices visited per month by every visits lever.
    VisitsPerMonth,
    /// `support.per_month`: planning offices supported per month by every support lever.
    SupportPerMonth,
    /// `outreach.focus_areas`: the number of areas the outreach levers aim at (largest first).
    FocusAreas,
    /// `training.attendance`: attendance of every training of offices.
    TrainingAttendance,
    /// `free_pass.end`: the end date of the free pass (the fee waiver with an end).
    FreePassEnd,
    /// `requests.per_month`: partner requests followed up per month by every partner-request lever.
    RequestsPerMonth,
}

/// (name, dimension, what it is): the names `--lever` accepts.
pub const DIMENSIONS: &[(&str, Dimension, &str)] = &[
    ("outreach.contacts_per_month", Dimension::OutreachContacts, "contacts per centre per month"),
    ("visits.per_month", Dimension::VisitsPerMonth, "offices visited per month"),
    ("support.per_month", Dimension::SupportPerMonth, "support cases per month"),
    ("outreach.focus_areas", Dimension::FocusAreas, "number of focus areas (largest first)"),
    ("training.attendance", Dimension::TrainingAttendance, "attendance of each training of offices"),
    ("free_pass.end", Dimension::FreePassEnd, "end date of the free pass (days as dates)"),
    ("requests.per_month", Dimension::RequestsPerMonth, "partner requests followed up per month"),
];

impl Dimension {
    pub fn parse(name: &str) -> Result<Dimension, SimError> {
        DIMENSIONS
            .iter()
            .find(|d| d.0 == name)
            .map(|d| d.1)
            .ok_or_else(|| SimError::unknown("lever", name, &Self::names()))
    }

    pub fn names() -> Vec<&'static str> {
        DIMENSIONS.iter().map(|d| d.0).collect()
    }

    pub fn name(self) -> &'static str {
        DIMENSIONS.iter().find(|d| d.1 == self).map_or("", |d| d.0)
    }

    /// Whole-number dimensions are searched on integers (dates on days).
    pub fn integer(self) -> bool {
        self != Dimension::OutreachContacts
    }

    /// The default search range for `scn` (dates as day numbers, `Date::days`).
    pub fn default_range(self, scn: &Scenario, by: Date) -> (f64, f64) {
        let home = scn.population.home_offices() as f64;
        match self {
            Dimension::OutreachContacts => (0.0, 40.0),
            Dimension::VisitsPerMonth | Dimension::SupportPerMonth | Dimension::RequestsPerMonth => {
                (0.0, (home / 10.0).ceil().max(10.0))
            }
            Dimension::FocusAreas => (1.0, scn.population.areas.len() as f64),
            Dimension::TrainingAttendance => (0.0, (home - scn.population.out_of_scope as f64).max(0.0)),
            Dimension::FreePassEnd => (forward::plan_start(scn).days() as f64, by.days().max(0) as f64),
        }
    }

    /// The default tolerance of the answer: 0.1 contacts; one office, area or day otherwise.
    pub fn default_tolerance(self) -> f64 {
        if self.integer() {
            1.0
        } else {
            0.1
        }
    }

    /// A value as a person reads it (a date for the free pass).
    pub fn show(self, v: f64) -> serde_json::Value {
        match self {
            Dimension::FreePassEnd => serde_json::Value::String(Date::UNIX_EPOCH.add_days(v as i32).to_string()),
            _ if self.integer() => serde_json::json!(v as i64),
            _ => serde_json::json!(v),
        }
    }

    /// Sets the dimension to `v` in the scenario's plan. A plan without the lever gets one
    /// (all areas, from the plan's start to `by`) where that is well defined; trainings need a
    /// date and the free pass is part of the calendar, so for them it is an error.
    pub fn apply(self, scn: &mut Scenario, v: f64, by: Date) -> Result<bool, SimError> {
        let start = forward::plan_start(scn);
        let end = by.max(start);
        let levers = &mut scn.strategy.levers;
        let mut found = false;
        match self {
            Dimension::OutreachContacts => {
                for l in levers.iter_mut() {
                    if let Lever::Outreach { contacts_per_month, .. } = l {
                        *contacts_per_month = v;
                        found = true;
                    }
                }
                if !found {
                    levers.push(outreach(vec![], start, end, v));
                }
            }
            Dimension::VisitsPerMonth | Dimension::SupportPerMonth => {
                let n = v.round().max(0.0) as u32;
                for l in levers.iter_mut() {
                    match l {
                        Lever::Visits { per_month, .. } if self == Dimension::VisitsPerMonth => {
                            *per_month = n;
                            found = true;
                        }
                        Lever::Support { per_month, .. } if self == Dimension::SupportPerMonth => {
                            *per_month = n;
                            found = true;
                        }
                        _ => {}
                    }
                }
                if !found {
                    levers.push(if self == Dimension::VisitsPerMonth {
                        Lever::Visits {
                            areas: vec![],
                            start,
                            end,
                            per_month: n,
                            hands_on: false,
                            include_external: false,
                        }
                    } else {
                        Lever::Support { areas: vec![], start, end, per_month: n }
                    });
                }
            }
            Dimension::FocusAreas => {
                let areas = largest_areas(scn, v.round().max(1.0) as usize);
                let levers = &mut scn.strategy.levers;
                for l in levers.iter_mut() {
                    if let Lever::Outreach { areas: a, .. } = l {
                        *a = areas.clone();
                        found = true;
                    }
                }
                if !found {
                    // The library's usual intensity (forward::WhatIf::Focus).
                    levers.push(outreach(areas, start, end, 4.0));
                }
            }
            Dimension::TrainingAttendance => {
                let n = v.round().max(0.0) as u32;
                // In a plan from today a training dated before the plan's start already happened
                // (it is the region's history): the sized training is held at the plan's start
                // instead (`moved_to_plan_start` says which were moved).
                let conditioned = scn.condition.is_some();
                for l in levers.iter_mut() {
                    if let Lever::Training { audience: Audience::Offices, attendance, date, .. } = l {
                        *attendance = n;
                        if conditioned && *date < start {
                            *date = start;
                        }
                        found = true;
                    }
                }
                if !found {
                    return Err(SimError::refused("lever", Reason::Needs(Requirement::ATraining)));
                }
            }
            Dimension::FreePassEnd => {
                let date = Date::UNIX_EPOCH.add_days(v as i32);
                let mut st = scn.strategy.clone();
                WhatIf::FreePassEnd { date }.apply(&mut st, scn)?;
                scn.strategy = st;
                found = true;
            }
            Dimension::RequestsPerMonth => {
                let n = v.round().max(0.0) as u32;
                for l in levers.iter_mut() {
                    if let Lever::PartnerRequest { per_month, .. } = l {
                        *per_month = n;
                        found = true;
                    }
                }
                if !found {
                    levers.push(Lever::PartnerRequest { start, end, per_month: n });
                }
            }
        }
        Ok(!found)
    }

    /// The dated levers of this dimension that [`Dimension::apply`] moves to the plan's start in
    /// `scn` (a plan from today: trainings of offices dated before it, which are the region's
    /// history), as `(from, to)` dates.
    pub fn moved_to_plan_start(self, scn: &Scenario) -> Vec<(Date, Date)> {
        if self != Dimension::TrainingAttendance || scn.condition.is_none() {
            return vec![];
        }
        let start = forward::plan_start(scn);
        scn.strategy
            .levers
            .iter()
            .filter_map(|l| match l {
                Lever::Training { audience: Audience::Offices, date, .. } if *date < start => Some((*date, start)),
                _ => None,
            })
            .collect()
    }
}

fn outreach(areas: Vec<String>, start: Date, end: Date, c: f64) -> Lever {
    Lever::Outreach { areas, start, end, contacts_per_month: c, groups: Groups::default(), centre_partners: false }
}

/// The `k` largest areas (ties: list order), as `strategies::library` picks focus areas.
pub fn largest_areas(scn: &Scenario, k: usize) -> Vec<String> {
    let mut idx: Vec<usize> = (0..scn.population.areas.len()).collect();
    idx.sort_by_key(|&i| std::cmp::Reverse(scn.population.areas[i].offices));
    idx.into_iter().take(k).map(|i| scn.population.areas[i].name.clone()).collect()
}

/// What is sought: an adoption rate by a date with at least a probability.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Goal {
    pub rate: f64,
    pub by: Date,
    pub prob: f64,
}

impl Goal {
    pub fn validate(&self, scn: &Scenario) -> Result<(), SimError> {
        crate::sim::scenario::params::check_range("rate", self.rate, 0.0, 1.0)?;
        crate::sim::scenario::params::check_range("prob", self.prob, 0.0, 1.0)?;
        if self.by <= scn.start {
            return Err(SimError::Invalid {
                field: "by".into(),
                reason: crate::sim::error::Reason::NotAfter { date: self.by, limit: scn.start, after: "start".into() },
            });
        }
        Ok(())
    }
}

/// One evaluation: the lever's value and the share of replications at or above the goal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    pub value: serde_json::Value,
    #[serde(skip)]
    pub x: f64,
    pub probability: f64,
    /// Median adoption rate at the goal's date (a smoother companion of the probability).
    pub median_rate: f64,
}

/// The runs' header, so an answer says what it rests on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunInfo {
    pub scenario: String,
    pub strategy: String,
    pub seed: u64,
    pub replications: u32,
    pub uncertainty: String,
    /// The reporting date the goal is read at (the last month end on or before `by`).
    pub date_used: String,
}

/// The answer of a goal seek.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Answer {
    pub lever: String,
    /// The smallest value found that reaches the goal (`null` when out of reach).
    pub value: Option<serde_json::Value>,
    /// The probability at `value`, or the best probability found when out of reach.
    pub probability: f64,
    pub reachable: bool,
    pub evaluations: usize,
    pub goal: GoalOut,
    pub range: [serde_json::Value; 2],
    pub probability_at_low: f64,
    pub probability_at_high: f64,
    /// Did the evaluated points rise with the lever? `false`: see `inversions` and `note`.
    pub monotone: bool,
    /// Neighbouring evaluations (in lever order) where the probability fell as the lever rose.
    pub inversions: Vec<Inversion>,
    /// The plan had no lever of this kind: one was added (all areas, plan start to `by`).
    pub lever_added: bool,
    /// Levers of this kind dated before the plan's start (in a plan from today: the region's
    /// history) that the search held at the plan's start instead, as `[from, to]` dates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moved_to_plan_start: Vec<[String; 2]>,
    pub note: String,
    pub runs: RunInfo,
    /// Every evaluation, in lever order.
    pub trace: Vec<Evaluation>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Inversion {
    pub from: serde_json::Value,
    pub to: serde_json::Value,
    /// How far the probability fell (a multiple of 1/replications).
    pub drop: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoalOut {
    pub rate: f64,
    pub by: String,
    pub prob: f64,
}

/// The reporting index read for the goal: the last month end on or before `by`.
pub fn date_index(summary: &Summary, by: Date) -> Result<usize, SimError> {
    summary
        .months
        .iter()
        .rposition(|m| Date::parse(&m.date).is_some_and(|d| d <= by))
        .ok_or_else(|| SimError::refused("by", Reason::BeforeFirstReport { date: by }))
}

/// Does a replication with `adopted` of `home` home offices reach `rate`? Compared in whole
/// offices. The one rule of every probability of reaching a goal: the goal seek's, and the
/// `p_target` of a ranking (`options::rank`), so the two agree for the same plan.
pub fn reaches(adopted: u32, home: usize, rate: f64) -> bool {
    adopted as f64 >= (rate * home.max(1) as f64 - 1e-9).ceil()
}

/// The share of replications (`adopted` counts, one per replication) that reach `rate`.
pub fn share_reaching_counts(adopted: impl ExactSizeIterator<Item = u32>, home: usize, rate: f64) -> f64 {
    let n = adopted.len().max(1) as f64;
    adopted.filter(|&a| reaches(a, home, rate)).count() as f64 / n
}

/// The share of replications whose rate at reporting index `d` reaches `rate` (paths are single
/// precision: the rate times the home offices, rounded, is the count).
pub fn share_reaching(summary: &Summary, d: usize, rate: f64) -> f64 {
    let n = summary.header.home_offices.max(1);
    let counts: Vec<u32> =
        summary.paths.iter().map(|p| p.get(d).map_or(0, |&r| (r as f64 * n as f64).round().max(0.0) as u32)).collect();
    share_reaching_counts(counts.into_iter(), n, rate)
}

/// The share of replications at or above `rate` on the run's last reporting date, by the one
/// rule (`reaches`): what the page's milestone table shows beside the months until a level, so
/// it agrees with the goal seek and the ranking for the same plan. `None` without paths.
pub fn share_reaching_at_end(summary: &Summary, rate: f64) -> Option<f64> {
    let last = summary.months.len().checked_sub(1)?;
    (!summary.paths.is_empty()).then(|| share_reaching(summary, last, rate))
}

/// Runs `scn` with the dimension at `x` and evaluates the goal.
fn evaluate(
    scn: &Scenario,
    dim: Dimension,
    goal: &Goal,
    x: f64,
    run: &mut dyn FnMut(&Scenario) -> Result<Summary, SimError>,
) -> Result<(Evaluation, bool, Summary), SimError> {
    let mut s = scn.clone();
    let added = dim.apply(&mut s, x, goal.by)?;
    s.validate()?;
    let summary = run(&s)?;
    if summary.paths.len() != s.replications as usize {
        return Err(SimError::Internal("goal seek needs every replication's path".into()));
    }
    let d = date_index(&summary, goal.by)?;
    let probability = share_reaching(&summary, d, goal.rate);
    let median_rate = summary.months[d].rate.median;
    Ok((Evaluation { value: dim.show(x), x, probability, median_rate }, added, summary))
}

/// The narrowest tolerance a search accepts (`--tol`): below it, the bracket is narrower than the
/// Monte Carlo noise of any answer, and floating point could not halve it forever.
pub const MIN_TOLERANCE: f64 = 1e-3;
/// The widest tolerance a search accepts.
pub const MAX_TOLERANCE: f64 = 1e6;
/// The most bisections a search may need (each is one run of every replication).
pub const MAX_BISECTIONS: u32 = 40;

/// Seeks the smallest value of `dim` in `range` that reaches `goal`, to within `tol`
/// ([`MIN_TOLERANCE`] to [`MAX_TOLERANCE`], and at most [`MAX_BISECTIONS`] halvings of the range).
/// `run` runs a scenario with every replication's path (`Summary::paths`).
pub fn seek(
    scn: &Scenario,
    dim: Dimension,
    goal: &Goal,
    range: (f64, f64),
    tol: f64,
    run: &mut dyn FnMut(&Scenario) -> Result<Summary, SimError>,
) -> Result<Answer, SimError> {
    goal.validate(scn)?;
    let (lo, hi) = range;
    if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
        return Err(SimError::refused("range", Reason::NotOrdered { lo, hi }));
    }
    if !(tol.is_finite() && tol > 0.0) {
        return Err(SimError::refused("tolerance", Reason::NotPositive { value: tol }));
    }
    if !(MIN_TOLERANCE..=MAX_TOLERANCE).contains(&tol) {
        return Err(SimError::range("tolerance", tol, MIN_TOLERANCE, MAX_TOLERANCE));
    }
    let steps = ((hi - lo) / tol).log2().ceil();
    if steps > MAX_BISECTIONS as f64 {
        return Err(SimError::invalid(
            "tolerance",
            format!(
                "{tol}: a range {lo} to {hi} this narrow needs about {steps} bisections (each a full run); at most \
                 {MAX_BISECTIONS}: raise the tolerance or narrow the range"
            ),
        ));
    }
    let mut scn = scn.clone();
    // The run must reach the goal's date.
    scn.end = scn.end.max(goal.by);
    let mut trace: Vec<Evaluation> = Vec::new();
    let (e_hi, lever_added, summary) = evaluate(&scn, dim, goal, hi, run)?;
    let d = date_index(&summary, goal.by)?;
    let runs = RunInfo {
        scenario: summary.header.scenario.clone(),
        strategy: summary.header.strategy.clone(),
        seed: summary.header.seed,
        replications: summary.header.replications,
        uncertainty: summary.header.uncertainty.clone(),
        date_used: summary.months[d].date.clone(),
    };
    drop(summary);
    let p_hi = e_hi.probability;
    trace.push(e_hi);
    let (e_lo, _, _) = evaluate(&scn, dim, goal, lo, run)?;
    let p_lo = e_lo.probability;
    trace.push(e_lo);
    let (mut a, mut b) = (lo, hi);
    let answer = if p_lo >= goal.prob {
        Some(lo)
    } else if p_hi < goal.prob {
        None
    } else {
        // Invariant: the goal fails at `a` and holds at `b`.
        while b - a > tol {
            let mut m = 0.5 * (a + b);
            if dim.integer() {
                m = m.floor();
            }
            // No midpoint strictly inside (the bracket is as narrow as numbers go): done.
            if m <= a || m >= b {
                break;
            }
            let (e, _, _) = evaluate(&scn, dim, goal, m, run)?;
            if e.probability >= goal.prob {
                b = m;
            } else {
                a = m;
            }
            trace.push(e);
        }
        Some(b)
    };
    trace.sort_by(|x, y| x.x.total_cmp(&y.x));
    let inversions = inversions(&trace);
    let monotone = inversions.is_empty();
    let best = trace.iter().map(|e| e.probability).fold(0.0, f64::max);
    let probability = match answer {
        Some(x) => trace.iter().find(|e| e.x == x).map_or(best, |e| e.probability),
        None => best,
    };
    let mut note = match answer {
        Some(x) if x == lo => "the goal is met at the low end of the range already".to_string(),
        Some(_) => format!(
            "bisection between the last failing and the first succeeding value, to within {}",
            if dim == Dimension::FreePassEnd { format!("{tol} days") } else { tol.to_string() }
        ),
        None => "out of reach with this lever in its range: `probability` is the best found".to_string(),
    };
    let moved = dim.moved_to_plan_start(&scn);
    for (from, to) in &moved {
        note.push_str(&format!(
            "; the training of {from} is before the plan's start (it is the region's history): the sized \
             training is held on {to}, the plan's start"
        ));
    }
    if !monotone {
        note.push_str(
            "; WARNING: the probability fell somewhere as the lever rose (see `inversions`): common random \
             numbers share networks, parameters and initial states but not every event, so the response is \
             monotone only up to sampling noise; near the answer a slightly smaller value may also reach the \
             goal: check with more replications or a grid (--check)",
        );
    }
    Ok(Answer {
        lever: dim.name().to_string(),
        value: answer.map(|x| dim.show(x)),
        probability,
        reachable: answer.is_some(),
        evaluations: trace.len(),
        goal: GoalOut { rate: goal.rate, by: goal.by.to_string(), prob: goal.prob },
        range: [dim.show(lo), dim.show(hi)],
        probability_at_low: p_lo,
        probability_at_high: p_hi,
        monotone,
        inversions,
        lever_added,
        moved_to_plan_start: moved.iter().map(|(a, b)| [a.to_string(), b.to_string()]).collect(),
        note,
        runs,
        trace,
    })
}

/// Neighbouring evaluations (sorted by lever value) where the probability fell.
pub fn inversions(sorted: &[Evaluation]) -> Vec<Inversion> {
    sorted
        .windows(2)
        .filter(|w| w[1].probability < w[0].probability)
        .map(|w| Inversion {
            from: w[0].value.clone(),
            to: w[1].value.clone(),
            drop: w[0].probability - w[1].probability,
        })
        .collect()
}

/// The response on a grid of `points` values across `range` (a check of monotonicity), in
/// lever order.
pub fn grid(
    scn: &Scenario,
    dim: Dimension,
    goal: &Goal,
    range: (f64, f64),
    points: usize,
    run: &mut dyn FnMut(&Scenario) -> Result<Summary, SimError>,
) -> Result<Vec<Evaluation>, SimError> {
    goal.validate(scn)?;
    let mut scn = scn.clone();
    scn.end = scn.end.max(goal.by);
    let n = points.max(2);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut x = range.0 + (range.1 - range.0) * i as f64 / (n - 1) as f64;
        if dim.integer() {
            x = x.round();
        }
        out.push(evaluate(&scn, dim, goal, x, run)?.0);
    }
    Ok(out)
}
