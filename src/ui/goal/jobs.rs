//! The goal panel's job: the goal seek, run whole on one worker.

use crate::ui::shared::bridge::Problem;
use crate::ui::shared::bridge_planning::{run_goal, GoalAnswer, GoalRequest};
use crate::ui::workers::{job_kind, Single};

job_kind!(
    GoalKind,
    "goal",
    GoalRequest => GoalAnswer
);

impl Single for GoalKind {
    fn run(request: &GoalRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<GoalAnswer, Problem> {
        Ok(run_goal(request, progress)?)
    }
}
