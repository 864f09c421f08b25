//! How a job kind is started on a pool: a [`Single`] kind goes whole to one worker; the
//! pooled kinds, declared here, are spread over the workers by their strategy (`pool_*.rs`).

use super::kind::{JobKind, Single};
use super::pool::Pool;
use crate::ui::shared::bridge::{CalibRequest, CalibResult, Range, Scenario, Summary, Tornado};
use renkei::sim::experiment::prefecture::Outcome;

/// A kind the page can start (every [`Single`] kind, and the pooled kinds below).
pub trait Launch: JobKind {
    #[doc(hidden)]
    fn launch(pool: &Pool, id: u32, request: &Self::Request);
}

impl<K: Single> Launch for K {
    fn launch(pool: &Pool, id: u32, request: &K::Request) {
        pool.start_single::<K>(id, request);
    }
}

/// A run of one or more scenarios (one per compared strategy, in order), split into blocks
/// of replications over the pool; the summaries in the scenarios' order.
pub struct RunKind;

impl JobKind for RunKind {
    const NAME: &'static str = "run";
    type Request = Vec<Scenario>;
    type Reply = Vec<Summary>;
}

impl Launch for RunKind {
    fn launch(pool: &Pool, id: u32, scenarios: &Vec<Scenario>) {
        pool.start_run(id, scenarios);
    }
}

/// One-at-a-time sensitivity of `scenario` over `ranges`, its scenarios spread over the pool.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoRequest {
    pub scenario: Box<Scenario>,
    pub ranges: Vec<Range>,
}

pub struct TornadoKind;

impl JobKind for TornadoKind {
    const NAME: &'static str = "tornado";
    type Request = TornadoRequest;
    type Reply = Tornado;
}

impl Launch for TornadoKind {
    fn launch(pool: &Pool, id: u32, r: &TornadoRequest) {
        pool.start_tornado(id, &r.scenario, &r.ranges);
    }
}

/// ABC-SMC calibration (its batches sliced over the pool), then the fit per region.
pub struct CalibrateKind;

impl JobKind for CalibrateKind {
    const NAME: &'static str = "calibrate";
    type Request = CalibRequest;
    type Reply = CalibResult;
}

impl Launch for CalibrateKind {
    fn launch(pool: &Pool, id: u32, request: &CalibRequest) {
        pool.start_calibration(id, request);
    }
}

/// A prefecture's runs (`prefecture::Work::runs`), dealt whole to the workers; their
/// outcomes in the order of the runs.
pub struct PrefectureKind;

impl JobKind for PrefectureKind {
    const NAME: &'static str = "prefecture";
    type Request = Vec<Scenario>;
    type Reply = Vec<Outcome>;
}

impl Launch for PrefectureKind {
    fn launch(pool: &Pool, id: u32, runs: &Vec<Scenario>) {
        pool.start_prefecture(id, runs);
    }
}
