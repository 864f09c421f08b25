//! "Which option, how sure, and why" (issue 21): every option ranked (`options::rank`, what
//! `renkei compare --strategies all` prints) and every option's goal (`options::seek_options`,
//! `renkei target --strategies all`), each on one thread. Per-replication data stays where
//! the ranking runs: the decisive unknown of every pair of rows is computed there
//! (`Ranking::pair`), so the page can show any pair without running again.

use crate::sim::date::Date;
use crate::sim::error::SimError;
use crate::sim::experiment::cost::{self, Row as CostRow};
use crate::sim::experiment::goal::Goal;
use crate::sim::experiment::montecarlo;
use crate::sim::experiment::options::{self, Decisive, OptionGoal, Spread, Target};
use crate::sim::scenario::forward::WhatIf;
use crate::sim::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// The page's id of the scenario's own plan (`plans::ACTUAL`) for the core's (`options::OWN`).
pub fn page_id(option: &str) -> &str {
    if option == options::OWN {
        crate::sim::scenario::plans::ACTUAL
    } else {
        option
    }
}

/// What the ranking asks a worker: the scenario a run starts from (`run_base`), the what-ifs
/// on top of every option, and the planner's target (rate, date), if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankRequest {
    pub base: Box<Scenario>,
    pub what_ifs: Vec<WhatIf>,
    pub target: Option<(f64, Date)>,
}

/// One row as the page shows it (the core's `Ranked` without its per-replication data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankRow {
    pub option: String,
    pub row: CostRow,
    pub gain: Spread,
    pub p_beats_plan: f64,
    pub p_target: Option<f64>,
}

/// The rise split in two (`options::Drivers` without its note).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriversOut {
    pub from_date: String,
    pub date: String,
    pub total: Spread,
    pub calendar: Spread,
    pub local: Spread,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankResult {
    pub date: String,
    /// The reporting date the target is read at.
    pub target_date: Option<String>,
    pub rows: Vec<RankRow>,
    /// Every pair of rows (i < j, in row order): the decisive unknown of i against j.
    pub pairs: Vec<Decisive>,
    pub drivers: DriversOut,
    pub runs: usize,
    pub elapsed_ms: f64,
}

impl RankResult {
    /// The decisive unknown of rows `a` against `b` (either order); `true`: stored as b against a.
    pub fn pair(&self, a: usize, b: usize) -> Option<(bool, &Decisive)> {
        let n = self.rows.len();
        match a.cmp(&b) {
            std::cmp::Ordering::Less => self.pairs.get(pair_index(n, a, b)).map(|d| (false, d)),
            std::cmp::Ordering::Greater => self.pairs.get(pair_index(n, b, a)).map(|d| (true, d)),
            std::cmp::Ordering::Equal => None,
        }
    }
}

/// Where pair (i, j), i < j, of `n` rows is in [`RankResult::pairs`] (row by row).
fn pair_index(n: usize, i: usize, j: usize) -> usize {
    (0..i).map(|k| n - 1 - k).sum::<usize>() + (j - i - 1)
}

/// The own plan, every option (name, scenario) and the target of a ranking.
type Options = (Scenario, Vec<(String, Scenario)>, Option<Target>);

/// The own plan and every option's scenario of `req`, as `renkei compare --strategies all`
/// builds them (the target's date extends the run when it is later).
fn options_of(req: &RankRequest) -> Result<Options, SimError> {
    let mut base = (*req.base).clone();
    let target = req.target.map(|(rate, by)| Target { rate, by });
    if let Some(t) = &target {
        t.validate(&base)?;
        t.extend(&mut base);
    }
    let own = options::scenario(&base, options::OWN, &req.what_ifs)?;
    let names = options::names(&["all".to_string()])?;
    let all = names
        .into_iter()
        .map(|n| options::scenario(&base, &n, &req.what_ifs).map(|s| (n, s)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((own, all, target))
}

/// Every replication of `s`, priced, one after the other; progress counts replications.
fn priced_with(progress: &mut dyn FnMut(u32)) -> impl FnMut(&Scenario) -> Result<Vec<cost::RepCost>, SimError> + '_ {
    move |s: &Scenario| {
        let (prep, m, contacts) = cost::prepare(s)?;
        let mut ws = Default::default();
        let mut out = Vec::with_capacity(s.replications as usize);
        for rep in 0..s.replications as u64 {
            out.push(cost::run_rep(&prep, &m, &contacts, rep, &mut ws));
            progress(1);
        }
        Ok(out)
    }
}

/// Ranks every option of `req` (sorted by median paired gain over the own plan), with the
/// decisive unknown of every pair of rows.
pub fn run_rank(
    req: &RankRequest,
    progress: &mut dyn FnMut(u32, u32),
    now: &dyn Fn() -> f64,
) -> Result<RankResult, SimError> {
    let t0 = now();
    let (own, all, target) = options_of(req)?;
    // own, baseline and calendar at most, and each option: distinct plans run once
    let total = (all.len() as u32 + 2) * own.replications;
    let mut done = 0u32;
    progress(0, total);
    let mut tick = |n: u32| {
        done += n;
        progress(done.min(total), total.max(done));
    };
    let mut priced = priced_with(&mut tick);
    let ranking = options::rank(&own, &all, target, true, &mut priced)?;
    let n = ranking.rows.len();
    let mut pairs = Vec::with_capacity(n * n.saturating_sub(1) / 2);
    for i in 0..n {
        for j in i + 1..n {
            pairs.push(ranking.pair(i, j)?);
        }
    }
    let d = &ranking.drivers;
    Ok(RankResult {
        date: ranking.date.clone(),
        target_date: ranking.target.as_ref().map(|t| t.date_used.clone()),
        rows: ranking
            .rows
            .iter()
            .map(|r| RankRow {
                option: r.option.clone(),
                row: r.row.clone(),
                gain: r.gain_over_plan.clone(),
                p_beats_plan: r.p_beats_plan,
                p_target: r.p_target,
            })
            .collect(),
        pairs,
        drivers: DriversOut {
            from_date: d.from_date.clone(),
            date: d.date.clone(),
            total: d.total.clone(),
            calendar: d.calendar.clone(),
            local: d.local.clone(),
        },
        runs: ranking.runs,
        elapsed_ms: now() - t0,
    })
}

/// What the goal panel asks a worker for every option: the base, the what-ifs and the goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalsRequest {
    pub base: Box<Scenario>,
    pub what_ifs: Vec<WhatIf>,
    pub rate: f64,
    pub by: Date,
    pub prob: f64,
}

/// The core's check of the goal, made before the seek is sent.
pub fn check_goals(req: &GoalsRequest) -> Result<(), SimError> {
    Goal { rate: req.rate, by: req.by, prob: req.prob }.validate(&req.base)
}

/// Every option's main lever sized for the goal (`options::seek_options`), sorted by cost;
/// progress counts evaluations (about a dozen per option: a bisection and a priced run).
pub fn run_goals(req: &GoalsRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<Vec<OptionGoal>, SimError> {
    let g = Goal { rate: req.rate, by: req.by, prob: req.prob };
    let names = options::names(&["all".to_string()])?;
    let total = names.len() as u32 * 13;
    let done = std::cell::Cell::new(0u32);
    let step = |progress: &mut dyn FnMut(u32, u32)| {
        done.set(done.get() + 1);
        progress(done.get().min(total), total.max(done.get()));
    };
    progress(0, total);
    let progress = std::cell::RefCell::new(progress);
    let mut run = |s: &Scenario| {
        let r = montecarlo::run(s, &mut montecarlo::Quiet);
        step(&mut **progress.borrow_mut());
        r
    };
    let mut priced = |s: &Scenario| {
        let r = cost::run(s);
        step(&mut **progress.borrow_mut());
        r
    };
    options::seek_options(&req.base, &names, &req.what_ifs, &g, &mut run, &mut priced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_found_where_the_worker_stores_them() {
        let n = 5;
        let mut k = 0;
        for i in 0..n {
            for j in i + 1..n {
                assert_eq!(pair_index(n, i, j), k, "({i}, {j})");
                k += 1;
            }
        }
    }
}
