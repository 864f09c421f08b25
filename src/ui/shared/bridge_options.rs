//! The bridge to the core for "which option, how sure, and why" (issue 21): the requests,
//! answers and run functions are the core's (`sim::experiment::jobs::options`); here only the
//! goal answers are said in both languages for the page.

use renkei::sim::error::SimError;
pub use renkei::sim::experiment::cost::Row as CostRow;
pub use renkei::sim::experiment::jobs::options::{
    check_goals, page_id, run_rank, DriversOut, GoalsRequest, RankRequest, RankResult, RankRow,
};
pub use renkei::sim::experiment::options::{Decisive, Dependence, Spread, Verdict};
pub use renkei::sim::scenario::forward::DeadlineStrength;
use serde::{Deserialize, Serialize};

/// One option's answer as the page shows it; an option that could not be sized carries its
/// reason in both languages (the core's typed error, said by `i18n::errors`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionGoalOut {
    pub strategy: String,
    pub lever: Option<String>,
    /// The value found, as a person reads it.
    pub value: Option<String>,
    pub probability: f64,
    pub reachable: bool,
    pub city_yen: Option<f64>,
    /// Levers dated before the plan's start, held at its start instead (from, to).
    pub moved: Vec<(String, String)>,
    /// (Japanese, English).
    pub problem: Option<(String, String)>,
}

/// Every option's main lever sized for the goal (`jobs::options::run_goals`), as the page
/// shows it.
pub fn run_goals(req: &GoalsRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<Vec<OptionGoalOut>, SimError> {
    use crate::ui::shared::i18n::{errors, Lang};
    let answers = renkei::sim::experiment::jobs::options::run_goals(req, progress)?;
    Ok(answers
        .into_iter()
        .map(|a| OptionGoalOut {
            value: a.value.as_ref().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)),
            strategy: a.strategy,
            lever: a.lever,
            probability: a.probability,
            reachable: a.reachable,
            city_yen: a.city_yen,
            moved: a.moved_to_plan_start.into_iter().map(|[f, t]| (f, t)).collect(),
            problem: a.problem.map(|e| (errors::sim_error(Lang::Ja, &e), errors::sim_error(Lang::En, &e))),
        })
        .collect())
}
