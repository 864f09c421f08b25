//! The comparison's cost table (issue 14 §2): every strategy of the run on screen priced
//! against the baseline (`cost::compare`, what `renkei compare` prints).

use crate::sim::error::{Reason, Requirement, SimError};
use crate::sim::experiment::cost::{self, Row};
use crate::sim::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// What the cost table asks a worker: the scenarios of the run on screen (one per strategy,
/// each carrying the cost model) and the run's key (its scenarios' hashes: a cached result
/// shown again has the same), so the page knows which run it prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostRequest {
    pub run_key: String,
    pub scenarios: Vec<Scenario>,
}

/// The comparison `renkei compare` prints (`cost::compare`: the baseline of the first
/// scenario, then each scenario against it), one scenario after the other on this thread;
/// progress counts the baseline's and every scenario's replications.
pub fn run_cost(req: &CostRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<Vec<Row>, SimError> {
    let first =
        req.scenarios.first().ok_or_else(|| SimError::refused("scenarios", Reason::Needs(Requirement::NotEmpty)))?;
    let total = req.scenarios.iter().map(|s| s.replications).sum::<u32>() + first.replications;
    let mut done = 0;
    progress(0, total);
    let mut priced = |s: &Scenario| {
        let r = cost::run(s);
        done += s.replications;
        progress(done.min(total), total);
        r
    };
    cost::compare(first, &req.scenarios, &mut priced)
}
