//! The options panel's jobs, each run whole on one worker: every option ranked, and every
//! option's goal.

use crate::ui::shared::bridge::Problem;
use crate::ui::shared::bridge_options::{run_goals, run_rank, GoalsRequest, OptionGoalOut, RankRequest, RankResult};
use crate::ui::workers::{JobKind, Single};

pub struct RankKind;

impl JobKind for RankKind {
    const NAME: &'static str = "rank";
    type Request = RankRequest;
    type Reply = RankResult;
}

impl Single for RankKind {
    fn run(request: &RankRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<RankResult, Problem> {
        Ok(run_rank(request, progress, &js_sys::Date::now)?)
    }
}

pub struct GoalsKind;

impl JobKind for GoalsKind {
    const NAME: &'static str = "goals";
    type Request = GoalsRequest;
    type Reply = Vec<OptionGoalOut>;
}

impl Single for GoalsKind {
    fn run(request: &GoalsRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<Vec<OptionGoalOut>, Problem> {
        Ok(run_goals(request, progress)?)
    }
}
