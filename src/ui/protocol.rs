//! Messages between the page and the simulation worker (JSON strings).

use super::engine::{CalibRequest, CalibResult, Range, Scenario, Summary, Tornado};
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
    /// One-at-a-time sensitivity of `scenario` over `ranges`.
    Tornado { id: u32, scenario: Box<Scenario>, ranges: Vec<Range> },
    /// ABC-SMC calibration, then the fit per region.
    Calibrate { id: u32, request: CalibRequest },
}

impl Job {
    pub fn id(&self) -> u32 {
        match self {
            Job::Tornado { id, .. } | Job::Calibrate { id, .. } => *id,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker has loaded its wasm and listens for requests.
    Ready,
    Progress {
        id: u32,
        done: u32,
        total: u32,
    },
    Done {
        id: u32,
        /// One summary per scenario of the request.
        summaries: Vec<Summary>,
        elapsed_ms: f64,
    },
    TornadoDone {
        id: u32,
        tornado: Tornado,
        elapsed_ms: f64,
    },
    CalibrationDone {
        id: u32,
        result: Box<CalibResult>,
        elapsed_ms: f64,
    },
    Failed {
        id: u32,
        message: String,
    },
}
