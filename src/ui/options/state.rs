//! The options panel's slice (issue 21): the ranking of every option and every option's goal,
//! each a job slot run in a worker, the deadline-strength what-if they run under, and the pair
//! of rows whose decisive unknown is shown.

use crate::ui::shared::bridge::Problem;
use crate::ui::shared::bridge::MAX_COMPARE;
use crate::ui::shared::bridge_options::{
    check_goals, page_id, DeadlineStrength, GoalsRequest, OptionGoalOut, RankRequest, RankResult,
};
use crate::ui::state::AppState;
use crate::ui::workers::{JobEvent, JobSlot};
use renkei::sim::scenario::forward::WhatIf;

#[derive(Debug, Clone, PartialEq)]
pub struct OptionsState {
    pub rank: JobSlot<RankRequest, RankResult>,
    pub goals: JobSlot<GoalsRequest, Vec<OptionGoalOut>>,
    /// How strongly the policy deadlines move offices (an assumption; `assumed` is the model's).
    pub deadlines: DeadlineStrength,
    /// The rows (indices into the ranking) compared for the decisive unknown; `None`: the top two.
    pub pair: Option<(usize, usize)>,
}

impl Default for OptionsState {
    fn default() -> Self {
        OptionsState {
            rank: JobSlot::default(),
            goals: JobSlot::default(),
            deadlines: DeadlineStrength::Assumed,
            pair: None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum OptionsAction {
    /// Rank every option (the planner's scenario as it runs, the goal panel's rate and date as
    /// the target).
    Rank,
    CancelRank,
    /// The ranking's worker (`jobs::RankKind`).
    RankJob(JobEvent<RankResult>),
    /// `none`, `assumed` or `strong`: ranks again when a ranking is shown.
    SetDeadlines(String),
    /// The rows compared for the decisive unknown.
    Pair(usize, usize),
    /// Put a ranked option on the chart (the oldest line makes room beyond four) and run.
    Chart(String),
    /// Every option's goal (the goal panel's fields).
    Goals,
    CancelGoals,
    /// The goals' worker (`jobs::GoalsKind`).
    GoalsJob(JobEvent<Vec<OptionGoalOut>>),
}

/// The what-ifs on top of every option: the planner's free-pass end and the deadline strength
/// (`assumed` is the plan as it is).
fn what_ifs(s: &AppState) -> Vec<WhatIf> {
    let mut w: Vec<WhatIf> = s.planner.free_pass_end.map(|date| WhatIf::FreePassEnd { date }).into_iter().collect();
    if s.options.deadlines != DeadlineStrength::Assumed {
        w.push(WhatIf::Deadlines { strength: s.options.deadlines });
    }
    w
}

fn start_rank(s: &mut AppState) {
    let request = RankRequest { base: Box::new(s.planner.run_base()), what_ifs: what_ifs(s), target: s.goal.target() };
    let id = s.ids.fresh();
    s.options.pair = None;
    s.options.rank.start(id, request);
}

fn start_goals(s: &mut AppState) {
    // A new search: no earlier answer (of this panel or the one-lever seek) stays on screen.
    s.options.goals.result = None;
    s.goal.job.result = None;
    let (rate, by, prob) = match s.goal.goal(s.lang) {
        Ok(g) => g,
        Err(m) => return s.options.goals.refuse(m),
    };
    let request = GoalsRequest { base: Box::new(s.planner.run_base()), what_ifs: what_ifs(s), rate, by, prob };
    if let Err(e) = check_goals(&request) {
        return s.options.goals.refuse_with(Problem::Sim(e));
    }
    let id = s.ids.fresh();
    s.options.goals.start(id, request);
}

/// The options panel's part of the page's reducer (it reads the planner and the goal panel).
pub fn reduce(s: &mut AppState, action: OptionsAction) -> bool {
    match action {
        OptionsAction::Rank => {
            if !s.planner.errors.is_empty() {
                return false;
            }
            start_rank(s);
        }
        OptionsAction::CancelRank => return s.options.rank.cancel(),
        OptionsAction::RankJob(e) => return s.options.rank.apply(e),
        OptionsAction::SetDeadlines(name) => {
            let strength = match name.as_str() {
                "none" => DeadlineStrength::None,
                "strong" => DeadlineStrength::Strong,
                _ => DeadlineStrength::Assumed,
            };
            if strength == s.options.deadlines {
                return false;
            }
            s.options.deadlines = strength;
            if s.options.rank.result.is_some() && s.planner.errors.is_empty() {
                start_rank(s);
            }
        }
        OptionsAction::Pair(a, b) => {
            if a == b || s.options.pair == Some((a, b)) {
                return false;
            }
            s.options.pair = Some((a, b));
        }
        OptionsAction::Chart(option) => {
            let id = page_id(&option).to_string();
            let p = &mut s.planner;
            if p.strategies.contains(&id) {
                return false;
            }
            // at most MAX_COMPARE lines: the oldest makes room
            if p.strategies.len() >= MAX_COMPARE {
                p.strategies.remove(0);
            }
            p.strategies.push(id);
            p.start_run(&mut s.ids);
        }
        OptionsAction::Goals => {
            if !s.planner.errors.is_empty() {
                return false;
            }
            start_goals(s);
        }
        OptionsAction::CancelGoals => return s.options.goals.cancel(),
        OptionsAction::GoalsJob(e) => return s.options.goals.apply(e),
    }
    true
}

#[cfg(test)]
mod tests;
