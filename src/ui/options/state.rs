//! The options panel's slice (issue 21): the ranking of every option and every option's goal,
//! each a job slot run in a worker, the deadline-strength what-if they run under, and the pair
//! of rows whose decisive unknown is shown.

use crate::ui::shared::bridge_options::{DeadlineStrength, GoalsRequest, OptionGoalOut, RankRequest, RankResult};
use crate::ui::workers::{JobEvent, JobSlot};

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

#[cfg(test)]
mod tests;
