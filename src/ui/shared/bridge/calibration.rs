//! Calibration on the page: the request, the ABC-SMC driver and the workers' evaluators
//! (`sim::experiment::jobs::calibration`), with their errors as text until the workers carry
//! the core's typed errors.

use super::*;
use renkei::sim::experiment::jobs::calibration as core;

pub use renkei::sim::experiment::calibrate::all_regions as calibration_regions;
pub use renkei::sim::experiment::calibrate::{
    Identification, ParamSummary, Proposal, Stop, IDENTIFIED_WIDTH, WEAKLY_IDENTIFIED_WIDTH,
};
pub use renkei::sim::experiment::eta::{Eta, Words as EtaWords};
pub use renkei::sim::experiment::jobs::calibration::{
    calib_config, native_command, run_calibration, run_calibration_split, slice, CalibRequest, CalibResult, FIT_REPS,
};

/// The page's side of a calibration (`jobs::calibration::CalibDriver`), errors as text.
pub struct CalibDriver(core::CalibDriver);

impl CalibDriver {
    pub fn new(req: &CalibRequest) -> Result<CalibDriver, String> {
        core::CalibDriver::new(req).map(CalibDriver).map_err(sim_err)
    }

    /// The next batch to evaluate (`None` once the posterior is ready).
    pub fn next_batch(&mut self) -> Option<Vec<Proposal>> {
        self.0.next_batch()
    }

    /// Whether the next batch may be drawn while `pending` proposals are still out.
    pub fn open_after(&self, pending: usize) -> bool {
        self.0.open_after(pending)
    }

    /// The batch's distances, in proposal order; progress (accepted particles, all generations).
    pub fn accept(&mut self, batch: &[Proposal], distances: &[f64]) -> Result<(u32, u32), String> {
        self.0.accept(batch, distances).map_err(sim_err)
    }

    /// Records the state after the batches accepted so far, `ms` after the start: the time
    /// still needed.
    pub fn remaining(&mut self, ms: f64) -> Eta {
        self.0.remaining(ms)
    }

    /// The posterior and the parameters the fit runs at (its medians).
    pub fn posterior(&self) -> Result<(Posterior, Params), String> {
        self.0.posterior().map_err(sim_err)
    }

    pub fn request(&self) -> &CalibRequest {
        self.0.request()
    }
}

/// A worker's side of a calibration (`jobs::calibration::CalibEvaluator`), errors as text.
pub struct CalibEvaluator(core::CalibEvaluator);

impl CalibEvaluator {
    pub fn new(req: &CalibRequest) -> Result<CalibEvaluator, String> {
        core::CalibEvaluator::new(req).map(CalibEvaluator).map_err(sim_err)
    }

    pub fn request(&self) -> &CalibRequest {
        self.0.request()
    }

    /// The distances of `proposals`, in order.
    pub fn evaluate(&mut self, proposals: &[Proposal]) -> Result<Vec<f64>, String> {
        self.0.evaluate(proposals).map_err(sim_err)
    }
}

/// One region's fit at `medians` (the pool runs one region per task).
pub fn calib_fit(region: &str, medians: &Params, seed: u64) -> Result<FitRow, String> {
    core::calib_fit(region, medians, seed).map_err(sim_err)
}
