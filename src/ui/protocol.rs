//! Messages between the page and the simulation worker (JSON strings).

use super::engine::{Scenario, Summary};
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
    Failed {
        id: u32,
        message: String,
    },
}
