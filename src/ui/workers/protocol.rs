//! Messages between the page and the simulation workers.
//!
//! The page asks for work with a [`RunRequest`] (a run of one or more scenarios) or a [`Job`]
//! (tornado, calibration); the pool (`pool.rs`) turns them into [`Task`]s for its workers.
//! Every message is a JS array: its first element the JSON of a [`Task`] or a [`FromWorker`],
//! the rest ArrayBuffers handed over as transferables (not copied, not formatted as text):
//! a block's tally (`sim::blocks` layout), a summary (`sim::summary_bytes` layout), or a
//! batch's distances (f64 little-endian, in proposal order).

use super::engine::{CalibRequest, CalibResult, FitRow, Params, Range, Scenario, Summary, Tornado};
use crate::ui::shared::bridge_compare::{CostRequest, CostRow};
use crate::ui::shared::bridge_options::{GoalsRequest, OptionGoalOut, RankRequest, RankResult};
use crate::ui::shared::bridge_planning::{GoalAnswer, GoalRequest};
use renkei::sim::experiment::prefecture::Outcome;
use serde::{Deserialize, Serialize};

/// Path of the worker's loader script, relative to the page (Trunk writes it
/// next to index.html because of `data-loader-shim`).
pub const WORKER_PATH: &str = "./worker_loader.js";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunRequest {
    pub id: u32,
    /// One scenario per compared strategy, run in order.
    pub scenarios: Vec<Scenario>,
}

/// A research job (its JSON carries a `job` tag; a [`RunRequest`] has none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "job", rename_all = "snake_case")]
pub enum Job {
    /// One-at-a-time sensitivity of `scenario` over `ranges` (its scenarios spread over the pool).
    Tornado { id: u32, scenario: Box<Scenario>, ranges: Vec<Range> },
    /// ABC-SMC calibration, then the fit per region.
    Calibrate { id: u32, request: CalibRequest },
    /// Goal seek of the planner's goal panel (on one worker, `bridge_planning::run_goal`).
    Goal { id: u32, request: Box<GoalRequest> },
    /// Cost-effectiveness of the run on screen (on one worker, `bridge_compare::run_cost`).
    Cost { id: u32, request: Box<CostRequest> },
    /// Every option ranked (on one worker, `bridge_options::run_rank`).
    Rank { id: u32, request: Box<RankRequest> },
    /// Every option's goal (on one worker, `bridge_options::run_goals`).
    Goals { id: u32, request: Box<GoalsRequest> },
    /// A prefecture's runs (`prefecture::Work::runs`), spread over the pool whole
    /// (`pool_prefecture.rs`); the page assembles the view from their outcomes.
    Prefecture { id: u32, runs: Vec<Scenario> },
}

impl Job {
    pub fn id(&self) -> u32 {
        match self {
            Job::Tornado { id, .. }
            | Job::Calibrate { id, .. }
            | Job::Goal { id, .. }
            | Job::Cost { id, .. }
            | Job::Rank { id, .. }
            | Job::Goals { id, .. }
            | Job::Prefecture { id, .. } => *id,
        }
    }
}

/// What the pool asks one worker to do.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "task", rename_all = "snake_case")]
pub enum Task {
    /// Block `part` of `parts` of every scenario (`sim::blocks::block`). Part 0 then waits for
    /// a [`Task::Merge`] with the other parts' tallies and posts the summaries; with one part it
    /// posts them at once. The others post [`FromWorker::BlockDone`].
    Block {
        id: u32,
        part: u32,
        parts: u32,
        scenarios: Vec<Scenario>,
        /// Test hook: panic instead of running (a crashed worker must give a message).
        #[serde(default)]
        fail: bool,
    },
    /// The tallies of parts 1.. for part 0, part by part, scenario by scenario.
    Merge {
        id: u32,
    },
    /// Scenarios run whole, one after the other (a slice of a tornado's scenarios); the
    /// worker posts [`FromWorker::ScenariosDone`] with their summaries.
    Scenarios {
        id: u32,
        part: u32,
        scenarios: Vec<Scenario>,
    },
    /// The distances of a slice of a calibration batch (`batch`: its number in the run).
    Evaluate {
        id: u32,
        batch: u32,
        request: CalibRequest,
        proposals: Vec<(u64, Vec<f64>)>,
    },
    /// A region's fit at the posterior medians.
    Fit {
        id: u32,
        index: u32,
        region: String,
        medians: Params,
        seed: u64,
    },
    Goal {
        id: u32,
        request: Box<GoalRequest>,
    },
    Cost {
        id: u32,
        request: Box<CostRequest>,
    },
    Rank {
        id: u32,
        request: Box<RankRequest>,
    },
    Goals {
        id: u32,
        request: Box<GoalsRequest>,
    },
    /// A prefecture's runs, each priced whole (`cost::run`) and reduced to its
    /// `prefecture::Outcome`; the worker posts [`FromWorker::OutcomesDone`]. Progress counts
    /// replications.
    Outcomes {
        id: u32,
        part: u32,
        scenarios: Vec<Scenario>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker has loaded its wasm and listens for tasks.
    Ready,
    /// Replications (or a tornado's scenarios) this worker has done of its share.
    Progress {
        id: u32,
        done: u32,
        total: u32,
    },
    /// A part's tallies follow, one buffer per scenario.
    BlockDone {
        id: u32,
        part: u32,
    },
    /// The run's summaries follow, one buffer per scenario.
    Done {
        id: u32,
    },
    /// The summaries of a [`Task::Scenarios`] follow, one buffer per scenario.
    ScenariosDone {
        id: u32,
        part: u32,
    },
    /// The distances of the worker's slice of batch `batch` follow in one buffer.
    Distances {
        id: u32,
        batch: u32,
    },
    Fitted {
        id: u32,
        index: u32,
        row: FitRow,
    },
    GoalDone {
        id: u32,
        answer: GoalAnswer,
    },
    CostDone {
        id: u32,
        rows: Vec<CostRow>,
    },
    RankDone {
        id: u32,
        result: Box<RankResult>,
    },
    GoalsDone {
        id: u32,
        answers: Vec<OptionGoalOut>,
    },
    /// The outcomes of a [`Task::Outcomes`] follow, one buffer per scenario ([`outcome_bytes`]).
    OutcomesDone {
        id: u32,
        part: u32,
    },
    Failed {
        id: u32,
        message: String,
    },
}

/// What the pool tells the page (the page's API: the same for one worker or many).
#[derive(Debug, Clone)]
pub enum PoolEvent {
    Progress { id: u32, done: u32, total: u32 },
    Finished { id: u32, summaries: Vec<Summary>, elapsed_ms: f64 },
    TornadoFinished { id: u32, tornado: Tornado, elapsed_ms: f64 },
    CalibrationFinished { id: u32, result: Box<CalibResult>, elapsed_ms: f64 },
    GoalFinished { id: u32, answer: GoalAnswer },
    CostFinished { id: u32, rows: Vec<CostRow> },
    RankFinished { id: u32, result: Box<RankResult> },
    GoalsFinished { id: u32, answers: Vec<OptionGoalOut> },
    PrefectureFinished { id: u32, outcomes: Vec<Outcome>, elapsed_ms: f64 }, // in the order of its runs
    Failed { id: u32, message: String },
}

/// An outcome as bytes: its three series one after the other ([`f64_bytes`]), so the numbers
/// cross to the page to the bit.
pub fn outcome_bytes(o: &Outcome) -> Vec<u8> {
    f64_bytes(&[o.adopted.as_slice(), &o.active_links, &o.city_yen].concat())
}

/// The outcome of [`outcome_bytes`]; `None` if the bytes are not three equal series.
pub fn outcome_of(bytes: &[u8]) -> Option<Outcome> {
    let v = f64s_of(bytes)?;
    let n = v.len() / 3;
    (v.len() == 3 * n).then(|| Outcome {
        adopted: v[..n].to_vec(),
        active_links: v[n..2 * n].to_vec(),
        city_yen: v[2 * n..].to_vec(),
    })
}

/// f64 values as little-endian bytes (a batch's distances).
pub fn f64_bytes(values: &[f64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// The f64 values of [`f64_bytes`]; `None` if the length is no multiple of 8.
pub fn f64s_of(bytes: &[u8]) -> Option<Vec<f64>> {
    bytes.len().is_multiple_of(8).then(|| {
        bytes.chunks_exact(8).map(|c| f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_come_back_from_bytes_to_the_bit() {
        let d = [0.5, f64::INFINITY, -0.0, 1e-300, f64::MAX];
        let back = f64s_of(&f64_bytes(&d)).unwrap_or_default();
        assert_eq!(
            back.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            d.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
        assert!(f64s_of(&[0u8; 7]).is_none());
    }

    #[test]
    fn outcomes_come_back_from_bytes_to_the_bit() {
        let o = Outcome { adopted: vec![1.0, 2.5], active_links: vec![0.1, 1e9], city_yen: vec![3.0, -0.0] };
        assert_eq!(outcome_of(&outcome_bytes(&o)), Some(o));
        assert_eq!(outcome_of(&f64_bytes(&[1.0, 2.0])), None, "two values are not three series");
    }

    #[test]
    fn tasks_round_trip_through_json() {
        let t = Task::Evaluate {
            id: 4,
            batch: 2,
            request: CalibRequest { regions: vec!["chitose".into()], particles: 4, generations: 1, seed: 1 },
            proposals: vec![(3, vec![0.1, 1.0 / 3.0])],
        };
        let text = serde_json::to_string(&t).unwrap_or_default();
        match serde_json::from_str::<Task>(&text) {
            Ok(Task::Evaluate { proposals, .. }) => assert_eq!(proposals, vec![(3, vec![0.1, 1.0 / 3.0])]),
            other => panic!("{other:?}"),
        }
    }
}
