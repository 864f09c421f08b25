//! How a job kind is started on a pool: a [`Single`] kind goes whole to one worker; the
//! pooled kinds, declared here, are spread over the workers by their strategy (`pool_*.rs`).

use super::kind::{job_kind, JobKind, Single};
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

/// Declares a pooled kind: its [`JobKind`] and a `Launch` that calls the pool's `start`
/// method with the request (`pool_*.rs` spread it over the workers).
macro_rules! pooled_kind {
    ($(#[$doc:meta])* $kind:ident, $name:literal, $request:ty => $reply:ty, $start:ident) => {
        job_kind!($(#[$doc])* $kind, $name, $request => $reply);

        impl Launch for $kind {
            fn launch(pool: &Pool, id: u32, request: &$request) {
                pool.$start(id, request);
            }
        }
    };
}

pooled_kind!(
    /// A run of one or more scenarios (one per compared strategy, in order), split into blocks
    /// of replications over the pool; the summaries in the scenarios' order.
    RunKind,
    "run",
    Vec<Scenario> => Vec<Summary>,
    start_run
);

/// One-at-a-time sensitivity of `scenario` over `ranges`, its scenarios spread over the pool.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoRequest {
    pub scenario: Box<Scenario>,
    pub ranges: Vec<Range>,
}

pooled_kind!(
    TornadoKind,
    "tornado",
    TornadoRequest => Tornado,
    start_tornado
);

pooled_kind!(
    /// ABC-SMC calibration (its batches sliced over the pool), then the fit per region.
    CalibrateKind,
    "calibrate",
    CalibRequest => CalibResult,
    start_calibration
);

pooled_kind!(
    /// A prefecture's runs (`prefecture::Work::runs`), dealt whole to the workers; their
    /// outcomes in the order of the runs.
    PrefectureKind,
    "prefecture",
    Vec<Scenario> => Vec<Outcome>,
    start_prefecture
);
