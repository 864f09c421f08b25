//! The options panel's jobs, each run whole on one worker: every option ranked, and every
//! option's goal.

use crate::ui::shared::bridge::Problem;
use crate::ui::shared::bridge_options::{run_goals, run_rank, GoalsRequest, OptionGoalOut, RankRequest, RankResult};
use crate::ui::workers::{job_kind, Single};

job_kind!(
    RankKind,
    "rank",
    RankRequest => RankResult
);

impl Single for RankKind {
    fn run(request: &RankRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<RankResult, Problem> {
        Ok(run_rank(request, progress, &js_sys::Date::now)?)
    }
}

job_kind!(
    GoalsKind,
    "goals",
    GoalsRequest => Vec<OptionGoalOut>
);

impl Single for GoalsKind {
    fn run(request: &GoalsRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<Vec<OptionGoalOut>, Problem> {
        Ok(run_goals(request, progress)?)
    }
}
