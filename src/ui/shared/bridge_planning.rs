//! The bridge to the core for the planner's goal seek (issue 14): the request, the answer
//! and the seek are the core's (`sim::experiment::jobs::goal`); here their errors are said in
//! both languages (`i18n::errors::both`), which the worker and the page's status line share.

use crate::ui::shared::i18n::errors::both;
use renkei::sim::experiment::goal::Dimension;
use renkei::sim::experiment::jobs::goal as core;
use renkei::sim::scenario::Scenario;

pub use renkei::sim::experiment::goal::DIMENSIONS;
pub use renkei::sim::experiment::jobs::goal::{check_goal, GoalAnswer, GoalRequest};

/// The lever dimension named `name` (the core's message names the allowed ones).
pub fn dimension(name: &str) -> Result<Dimension, String> {
    Dimension::parse(name).map_err(|e| both(&e))
}

/// Runs the goal seek of `req` (`jobs::goal::run_goal`) on this worker.
pub fn run_goal(req: &GoalRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<GoalAnswer, String> {
    core::run_goal(req, progress).map_err(|e| both(&e))
}

/// `scn` with the answer's value set in its plan (`jobs::goal::apply_goal`); an answer out of
/// reach has nothing to apply.
pub fn apply_goal(scn: &Scenario, answer: &GoalAnswer) -> Result<Scenario, String> {
    core::apply_goal(scn, answer).map_err(|e| both(&e))?.ok_or_else(|| {
        "目標に届かないため、適用する値がありません\nthe goal is out of reach: nothing to apply".to_string()
    })
}
