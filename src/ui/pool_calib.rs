//! A calibration over the pool: the page holds the one ABC-SMC state machine
//! (`engine::CalibDriver`); each batch is cut into contiguous slices, one per worker, and
//! the distances are handed back in proposal order once every slice has answered, so the
//! posterior is the one a single worker gives. Then one fit per region, spread likewise.

use super::engine::{self, CalibDriver, CalibResult, FitRow, Posterior, Proposal};
use super::pool::{now_ms, Active, Pool, Work};
use super::protocol::{f64s_of, PoolEvent, Task};
use js_sys::Uint8Array;
use wasm_bindgen::JsValue;

pub(super) struct Calib {
    pub(super) driver: CalibDriver,
    pub(super) batch: Vec<Proposal>,
    pub(super) parts: u32,
    pub(super) got: Vec<Option<Vec<f64>>>,
    pub(super) posterior: Option<Posterior>,
    pub(super) fits: Vec<Option<FitRow>>,
}

impl Calib {
    pub(super) fn new(driver: CalibDriver, parts: u32) -> Calib {
        Calib { driver, batch: Vec::new(), parts, got: Vec::new(), posterior: None, fits: Vec::new() }
    }
}

impl Pool {
    /// Sends the calibration's next batch, slice by slice; at the end, the fits.
    pub(super) fn next_batch(&self, id: u32) {
        let mut sends = Vec::new();
        let mut result = None;
        {
            let mut i = self.inner.borrow_mut();
            let Some(Active { work: Work::Calib(c), .. }) = i.job.as_mut() else { return };
            if let Some(batch) = c.driver.next_batch() {
                let parts = c.parts as usize;
                c.got = vec![None; parts];
                for p in 0..parts {
                    let slice: Vec<(u64, Vec<f64>)> =
                        batch[engine::slice(batch.len(), p, parts)].iter().map(|x| (x.id, x.theta.clone())).collect();
                    if slice.is_empty() {
                        c.got[p] = Some(Vec::new());
                    } else {
                        sends.push((p, Task::Evaluate { id, request: c.driver.request().clone(), proposals: slice }));
                    }
                }
                c.batch = batch;
            } else {
                match c.driver.posterior() {
                    Ok((post, medians)) => {
                        let req = c.driver.request().clone();
                        c.fits = vec![None; req.regions.len()];
                        c.posterior = Some(post);
                        for (k, region) in req.regions.iter().enumerate() {
                            let task = Task::Fit {
                                id,
                                index: k as u32,
                                region: region.clone(),
                                medians: medians.clone(),
                                seed: req.seed,
                            };
                            sends.push((k % c.parts as usize, task));
                        }
                    }
                    Err(message) => result = Some(message),
                }
            }
        }
        if let Some(message) = result {
            return self.fail(id, message);
        }
        sends.into_iter().for_each(|(p, t)| self.send_task(p, &t, Vec::new()));
    }

    pub(super) fn distances(&self, id: u32, slot: usize, buffers: Vec<JsValue>) {
        let d = buffers.first().and_then(|b| f64s_of(&Uint8Array::new(b).to_vec()));
        let step = {
            let mut i = self.inner.borrow_mut();
            let Some(Active { work: Work::Calib(c), .. }) = i.job.as_mut() else { return };
            match (d, c.got.get_mut(slot)) {
                (Some(d), Some(g)) => *g = Some(d),
                _ => return,
            }
            if !c.got.iter().all(Option::is_some) {
                return;
            }
            let all: Vec<f64> = c.got.iter_mut().flat_map(|g| g.take().unwrap_or_default()).collect();
            let batch = std::mem::take(&mut c.batch);
            c.driver.accept(&batch, &all)
        };
        match step {
            Ok((done, total)) => {
                self.emit(vec![PoolEvent::Progress { id, done, total }]);
                self.next_batch(id);
            }
            Err(message) => self.fail(id, message),
        }
    }

    pub(super) fn fitted(&self, id: u32, index: u32, row: FitRow) {
        let result = {
            let mut i = self.inner.borrow_mut();
            let Some(Active { t0, work: Work::Calib(c), .. }) = i.job.as_mut() else { return };
            if let Some(f) = c.fits.get_mut(index as usize) {
                *f = Some(row);
            }
            if !c.fits.iter().all(Option::is_some) {
                return;
            }
            let fits = c.fits.iter_mut().filter_map(Option::take).collect();
            let (t0, posterior) = (*t0, c.posterior.take());
            let regions = c.driver.request().regions.clone();
            i.job = None;
            posterior.map(|posterior| (Box::new(CalibResult { regions, posterior, fits }), t0))
        };
        if let Some((result, t0)) = result {
            self.emit(vec![PoolEvent::CalibrationFinished { id, result, elapsed_ms: now_ms() - t0 }]);
        }
    }
}
