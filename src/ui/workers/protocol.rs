//! Messages between the page's pool (`pool.rs`) and the simulation workers (`worker_main.rs`).
//!
//! Every message is a JS array: its first element the JSON of a [`Task`] or a [`FromWorker`],
//! the rest ArrayBuffers handed over as transferables (not copied, not formatted as text):
//! a block's tally (`sim::blocks` layout), a summary (`sim::summary_bytes` layout), a batch's
//! distances or a prefecture run's outcome (f64 little-endian, [`f64_bytes`]).
//! A job kind run on one worker (`kind::Single`) travels as [`Task::Single`] and
//! [`FromWorker::Reply`]: its name and its request's / reply's own JSON, so this file does
//! not change when a kind is added.

use crate::ui::shared::bridge::{CalibRequest, FitRow, Params, Problem};
use renkei::sim::experiment::prefecture::Outcome;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// Path of the worker's loader script, relative to the page (Trunk writes it
/// next to index.html because of `data-loader-shim`).
pub(super) const WORKER_PATH: &str = "./worker_loader.js";

/// What the pool asks one worker to do.
/// Externally tagged (`{"block": {...}}`): serde reads a [`RawValue`] inside such an enum,
/// not inside an internally tagged one (which buffers its content first).
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Task {
    /// Block `part` of `parts` of every scenario (`sim::blocks::block`). Part 0 then waits for
    /// a [`Task::Merge`] with the other parts' tallies and posts the summaries; with one part it
    /// posts them at once. The others post [`FromWorker::BlockDone`].
    Block {
        id: u32,
        part: u32,
        parts: u32,
        /// Test hook: panic instead of running (a crashed worker must give a message).
        #[serde(default)]
        fail: bool,
        /// The scenarios (`Vec<Scenario>`) as JSON, written once for every part of the run.
        scenarios: Box<RawValue>,
    },
    /// The tallies of parts 1.. for part 0, part by part, scenario by scenario.
    Merge { id: u32 },
    /// Scenarios run whole, one after the other (a slice of a tornado's scenarios); the
    /// worker posts [`FromWorker::ScenariosDone`] with their summaries.
    Scenarios { id: u32, part: u32, scenarios: Vec<renkei::sim::scenario::Scenario> },
    /// The distances of a slice of a calibration batch (`batch`: its number in the run).
    Evaluate { id: u32, batch: u32, request: CalibRequest, proposals: Vec<(u64, Vec<f64>)> },
    /// A region's fit at the posterior medians.
    Fit { id: u32, index: u32, region: String, medians: Params, seed: u64 },
    /// A prefecture's runs, each priced whole (`cost::run`) and reduced to its
    /// `prefecture::Outcome`; the worker posts [`FromWorker::OutcomesDone`]. Progress counts
    /// replications.
    Outcomes { id: u32, part: u32, scenarios: Vec<renkei::sim::scenario::Scenario> },
    /// A job of kind `kind` (a registered `Single`'s `NAME`) with its request's JSON; the
    /// worker posts [`FromWorker::Reply`].
    Single { id: u32, kind: String, request: Box<RawValue> },
}

impl Task {
    pub(super) fn id(&self) -> u32 {
        match self {
            Task::Block { id, .. }
            | Task::Merge { id }
            | Task::Scenarios { id, .. }
            | Task::Evaluate { id, .. }
            | Task::Fit { id, .. }
            | Task::Outcomes { id, .. }
            | Task::Single { id, .. } => *id,
        }
    }
}

/// Externally tagged, as [`Task`].
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum FromWorker {
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
    /// The outcomes of a [`Task::Outcomes`] follow, one buffer per scenario ([`outcome_bytes`]).
    OutcomesDone {
        id: u32,
        part: u32,
    },
    /// The reply of a [`Task::Single`], its kind's `Reply` as JSON.
    Reply {
        id: u32,
        reply: Box<RawValue>,
    },
    /// The task failed: the core's error or the worker's panic, typed for the page to say.
    Failed {
        id: u32,
        problem: Problem,
    },
}

impl FromWorker {
    /// The job the message is about (`None`: [`FromWorker::Ready`]).
    pub(super) fn id(&self) -> Option<u32> {
        match self {
            FromWorker::Ready => None,
            FromWorker::Progress { id, .. }
            | FromWorker::BlockDone { id, .. }
            | FromWorker::Done { id }
            | FromWorker::ScenariosDone { id, .. }
            | FromWorker::Distances { id, .. }
            | FromWorker::Fitted { id, .. }
            | FromWorker::OutcomesDone { id, .. }
            | FromWorker::Reply { id, .. }
            | FromWorker::Failed { id, .. } => Some(*id),
        }
    }
}

/// An outcome as bytes: its three series one after the other ([`f64_bytes`]), so the numbers
/// cross to the page to the bit.
pub(super) fn outcome_bytes(o: &Outcome) -> Vec<u8> {
    f64_bytes(&[o.adopted.as_slice(), &o.active_links, &o.city_yen].concat())
}

/// The outcome of [`outcome_bytes`]; `None` if the bytes are not three equal series.
pub(super) fn outcome_of(bytes: &[u8]) -> Option<Outcome> {
    let v = f64s_of(bytes)?;
    let n = v.len() / 3;
    (v.len() == 3 * n).then(|| Outcome {
        adopted: v[..n].to_vec(),
        active_links: v[n..2 * n].to_vec(),
        city_yen: v[2 * n..].to_vec(),
    })
}

/// f64 values as little-endian bytes (a batch's distances).
pub(super) fn f64_bytes(values: &[f64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// The f64 values of [`f64_bytes`]; `None` if the length is no multiple of 8.
pub(super) fn f64s_of(bytes: &[u8]) -> Option<Vec<f64>> {
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
    fn a_block_task_carries_the_scenarios_json_as_written() {
        let scenarios = RawValue::from_string(r#"[{"name":"x"}]"#.into()).unwrap_or_else(|_| unreachable!());
        let t = Task::Block { id: 2, part: 1, parts: 3, fail: false, scenarios };
        let text = serde_json::to_string(&t).unwrap_or_default();
        assert_eq!(text, r#"{"block":{"id":2,"part":1,"parts":3,"fail":false,"scenarios":[{"name":"x"}]}}"#);
        match serde_json::from_str::<Task>(&text) {
            Ok(Task::Block { part: 1, scenarios, .. }) => assert_eq!(scenarios.get(), r#"[{"name":"x"}]"#),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_failure_crosses_typed() {
        let problem = Problem::Sim(renkei::sim::error::SimError::range("params.q", 2.0, 0.0, 1.0));
        let text = serde_json::to_string(&FromWorker::Failed { id: 7, problem: problem.clone() }).unwrap_or_default();
        match serde_json::from_str::<FromWorker>(&text) {
            Ok(FromWorker::Failed { id: 7, problem: back }) => assert_eq!(back, problem),
            other => panic!("{other:?}"),
        }
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
