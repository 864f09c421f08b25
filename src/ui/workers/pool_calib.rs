//! A calibration over the pool: the page holds the one ABC-SMC state machine
//! (`engine::CalibDriver`); each batch is cut into contiguous slices, one per worker, and
//! the distances are handed back in proposal order once every slice has answered, so the
//! posterior is the one a single worker gives. While a generation surely stays open, the
//! next batch goes out before the last is back (`IN_FLIGHT`). Then one fit per region.

use super::pool::{now_ms, Pool, Step, Work};
use super::protocol::{f64s_of, FromWorker, Task};
use crate::ui::shared::bridge::{
    self as engine, CalibDriver, CalibRequest, CalibResult, FitRow, Posterior, Problem, Proposal, SimError,
};
use js_sys::Uint8Array;
use std::collections::VecDeque;
use wasm_bindgen::JsValue;

/// Batches out at once: the one being evaluated and one queued behind it in every worker, so
/// no worker waits for the round trip to the page (or for the slowest slice) between two
/// batches of a generation.
const IN_FLIGHT: usize = 2;

struct Calib {
    driver: CalibDriver,
    /// Batches sent and not yet accepted, oldest first.
    out: VecDeque<Batch>,
    /// The number of the next batch sent (it tags the workers' answers).
    next_seq: u32,
    parts: u32,
    posterior: Option<Posterior>,
    fits: Vec<Option<FitRow>>,
    /// When the calibration started (ms, the page's clock), for its time estimate.
    t0: f64,
}

/// A batch out in the workers: its proposals and each slice's distances as they come.
struct Batch {
    seq: u32,
    proposals: Vec<Proposal>,
    got: Vec<Option<Vec<f64>>>,
}

impl Calib {
    fn new(driver: CalibDriver, parts: u32) -> Calib {
        Calib { driver, out: VecDeque::new(), next_seq: 0, parts, posterior: None, fits: Vec::new(), t0: now_ms() }
    }

    /// Draws the batches that may go out now: one when none is out; another while the
    /// generation stays open whatever the batches out give (`open_after`), so drawing it early
    /// changes nothing. The tasks to send, or the posterior's fits once the ABC is finished.
    fn draw(&mut self, id: u32) -> Result<Vec<(usize, Task)>, String> {
        let mut sends = Vec::new();
        while self.out.len() < IN_FLIGHT {
            let pending: usize = self.out.iter().map(|b| b.proposals.len()).sum();
            if !self.out.is_empty() && !self.driver.open_after(pending) {
                break;
            }
            let Some(proposals) = self.driver.next_batch() else {
                if self.out.is_empty() {
                    sends = self.fit_tasks(id)?;
                }
                break;
            };
            let (parts, seq) = (self.parts as usize, self.next_seq);
            self.next_seq += 1;
            let mut got = vec![None; parts];
            for (p, g) in got.iter_mut().enumerate() {
                let slice: Vec<(u64, Vec<f64>)> = proposals[engine::slice(proposals.len(), p, parts)]
                    .iter()
                    .map(|x| (x.id, x.theta.clone()))
                    .collect();
                if slice.is_empty() {
                    *g = Some(Vec::new());
                } else {
                    let request = self.driver.request().clone();
                    sends.push((p, Task::Evaluate { id, batch: seq, request, proposals: slice }));
                }
            }
            self.out.push_back(Batch { seq, proposals, got });
        }
        Ok(sends)
    }

    /// The posterior, and one fit task per region at its medians.
    fn fit_tasks(&mut self, id: u32) -> Result<Vec<(usize, Task)>, String> {
        let (post, medians) = self.driver.posterior()?;
        let req = self.driver.request().clone();
        self.fits = vec![None; req.regions.len()];
        self.posterior = Some(post);
        Ok(req
            .regions
            .iter()
            .enumerate()
            .map(|(k, region)| {
                let task =
                    Task::Fit { id, index: k as u32, region: region.clone(), medians: medians.clone(), seed: req.seed };
                (k % self.parts as usize, task)
            })
            .collect())
    }

    /// Records a slice's distances; accepts every complete batch at the front, in order.
    /// The progress after the last one accepted, if any was.
    fn record(&mut self, seq: u32, slot: usize, d: Vec<f64>) -> Result<Option<(u32, u32)>, String> {
        if let Some(g) = self.out.iter_mut().find(|b| b.seq == seq).and_then(|b| b.got.get_mut(slot)) {
            *g = Some(d);
        }
        let mut progress = None;
        while self.out.front().is_some_and(|b| b.got.iter().all(Option::is_some)) {
            let Some(mut b) = self.out.pop_front() else { break };
            let all: Vec<f64> = b.got.iter_mut().flat_map(|g| g.take().unwrap_or_default()).collect();
            progress = Some(self.driver.accept(&b.proposals, &all)?);
        }
        Ok(progress)
    }
}

/// The bridge's calibration says its errors as English text: none is the user's to fix
/// (the page offers only what it can calibrate), so they cross as internal errors.
fn internal(message: String) -> Problem {
    Problem::Sim(SimError::Internal(message))
}

impl Calib {
    /// Sends the calibration's next batches, slice by slice; at the end, the fits.
    fn next(&mut self, id: u32) -> Vec<Step> {
        match self.draw(id) {
            Ok(sends) => sends.into_iter().map(|(p, t)| Step::Send(p, t, Vec::new())).collect(),
            Err(message) => vec![Step::Fail(internal(message))],
        }
    }

    /// A region's fit: once every region has one, the result.
    fn fitted(&mut self, index: u32, row: FitRow) -> Vec<Step> {
        if let Some(f) = self.fits.get_mut(index as usize) {
            *f = Some(row);
        }
        if !self.fits.iter().all(Option::is_some) {
            return Vec::new();
        }
        let fits = self.fits.iter_mut().filter_map(Option::take).collect();
        let regions = self.driver.request().regions.clone();
        match self.posterior.take() {
            Some(posterior) => vec![Step::Done(Box::new(CalibResult { regions, posterior, fits }))],
            None => Vec::new(),
        }
    }
}

/// Progress comes from the accepted batches (the workers' evaluations post none).
impl Work for Calib {
    fn answer(&mut self, id: u32, slot: usize, msg: FromWorker, buffers: Vec<JsValue>) -> Vec<Step> {
        match msg {
            // A worker's distances for its slice of batch `batch`.
            FromWorker::Distances { batch, .. } => {
                let Some(d) = buffers.first().and_then(|b| f64s_of(&Uint8Array::new(b).to_vec())) else {
                    return Vec::new();
                };
                match self.record(batch, slot, d) {
                    Ok(Some((done, total))) => {
                        let eta = self.driver.remaining(now_ms() - self.t0);
                        let mut steps = vec![Step::Progress(done, total, Some(eta))];
                        steps.extend(self.next(id));
                        steps
                    }
                    Ok(None) => Vec::new(),
                    Err(message) => vec![Step::Fail(internal(message))],
                }
            }
            FromWorker::Fitted { index, row, .. } => self.fitted(index, row),
            _ => Vec::new(),
        }
    }
}

impl Pool {
    /// A calibration over the pool: at most one worker per proposal of a batch.
    pub(super) fn start_calibration(&self, id: u32, request: &CalibRequest) {
        match CalibDriver::new(request) {
            Ok(driver) => {
                let parts = (self.size() as u32).min(engine::calib_config(request).batch as u32).max(1);
                let mut calib = Calib::new(driver, parts);
                let first = calib.next(id);
                self.begin(id, Box::new(calib), first);
            }
            Err(message) => self.refuse(id, internal(message)),
        }
    }
}
