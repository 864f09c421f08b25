//! A calibration as the page runs it: the request, the ABC-SMC driver (the core's `Abc`
//! asked for a batch at a time) and the evaluators the batches are spread over. The pool of
//! workers runs the driver on the page and one evaluator in each worker; `run_calibration_split`
//! runs the same on one thread, so natively the number of workers is shown to change nothing.

use crate::sim::error::{Reason, Requirement, SimError};
use crate::sim::experiment::calibrate::eta::{self, Tick};
use crate::sim::experiment::calibrate::{self, FitRow, Posterior, Proposal};
use crate::sim::experiment::eta::Eta;
use crate::sim::experiment::montecarlo;
use crate::sim::scenario::params::Params;

/// What the page asks the worker to calibrate.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CalibRequest {
    pub regions: Vec<String>,
    pub particles: usize,
    pub generations: usize,
    pub seed: u64,
}

/// Replications per region for the fit shown after a calibration.
pub const FIT_REPS: u32 = 20;

/// A finished calibration: the posterior and each region's fit at its medians.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CalibResult {
    pub regions: Vec<String>,
    pub posterior: Posterior,
    pub fits: Vec<FitRow>,
}

/// The ABC-SMC configuration of a request, the same on the page and in every worker.
pub fn calib_config(req: &CalibRequest) -> calibrate::Config {
    calibrate::Config {
        particles: req.particles,
        generations: req.generations,
        seed: req.seed,
        // Fixed, not tied to the pool's size: the batch shapes the result.
        batch: req.particles.clamp(1, 16),
        max_proposals_per_generation: (req.particles * 40).max(200),
        ..calibrate::Config::default()
    }
}

/// The `renkei calibrate` command that does the same work as `req` on the page (the same
/// proposals, the same posterior; `threads` changes only the time), for a researcher who
/// repeats or times a page calibration natively. The proposal budget is a cap per
/// generation (the run reports its total over all generations), so the command names it by
/// its long form.
pub fn native_command(req: &CalibRequest, threads: usize) -> String {
    let cfg = calib_config(req);
    format!(
        "renkei calibrate --regions {} --particles {} --generations {} --seed {} --batch {} \
         --max-proposals-per-generation {} --threads {threads}",
        req.regions.join(","),
        cfg.particles,
        cfg.generations,
        cfg.seed,
        cfg.batch,
        cfg.max_proposals_per_generation,
    )
}

fn calib_targets(req: &CalibRequest) -> Result<Vec<calibrate::Target>, SimError> {
    if req.regions.is_empty() {
        return Err(SimError::refused("regions", Reason::Needs(Requirement::NotEmpty)));
    }
    req.regions.iter().map(|r| calibrate::Target::preset(r, 1.0)).collect()
}

/// The page's side of a calibration: the core's ABC-SMC state machine (`Abc`), asked for a
/// batch at a time; the pool spreads each batch over its workers ([`CalibEvaluator`]) and
/// hands the distances back in proposal order, so any number of workers gives one result.
pub struct CalibDriver {
    req: CalibRequest,
    abc: calibrate::Abc,
    /// The state after each accepted batch, for the time estimate.
    ticks: Vec<Tick>,
}

impl CalibDriver {
    pub fn new(req: &CalibRequest) -> Result<CalibDriver, SimError> {
        calib_targets(req)?;
        let abc = calibrate::Abc::new(calib_config(req))?;
        Ok(CalibDriver { req: req.clone(), abc, ticks: Vec::new() })
    }

    /// The next batch to evaluate (`None` once the posterior is ready).
    pub fn next_batch(&mut self) -> Option<Vec<Proposal>> {
        self.abc.next_batch()
    }

    /// Whether the next batch may be drawn while `pending` proposals are still out
    /// (`Abc::open_after`: the result is the same).
    pub fn open_after(&self, pending: usize) -> bool {
        self.abc.open_after(pending)
    }

    /// The batch's distances, in proposal order; progress (accepted particles, all generations).
    pub fn accept(&mut self, batch: &[Proposal], distances: &[f64]) -> Result<(u32, u32), SimError> {
        self.abc.accept(batch, distances)?;
        let (done, total) = self.abc.progress();
        Ok((done as u32, total as u32))
    }

    /// Records the state after the batches accepted so far, `ms` after the start, and says
    /// how long the calibration still needs (`calibrate::eta`).
    pub fn remaining(&mut self, ms: f64) -> Eta {
        self.ticks.push(Tick::of(&self.abc, ms));
        eta::estimate(self.abc.config(), self.abc.history(), &self.ticks)
    }

    /// The posterior and the parameters the fit runs at (its medians).
    pub fn posterior(&self) -> Result<(Posterior, Params), SimError> {
        let post = self.abc.posterior()?;
        let medians = post.median_params(&Params::default())?;
        Ok((post, medians))
    }

    pub fn request(&self) -> &CalibRequest {
        &self.req
    }
}

/// A worker's side of a calibration: the targets and their workspaces, kept from one batch
/// slice to the next of the same request (a workspace only saves allocations: results do not
/// depend on what it held before).
pub struct CalibEvaluator {
    req: CalibRequest,
    targets: Vec<calibrate::Target>,
    ws: Vec<montecarlo::Workspace>,
}

impl CalibEvaluator {
    pub fn new(req: &CalibRequest) -> Result<CalibEvaluator, SimError> {
        Ok(CalibEvaluator { req: req.clone(), targets: calib_targets(req)?, ws: Vec::new() })
    }

    pub fn request(&self) -> &CalibRequest {
        &self.req
    }

    /// The distances of `proposals`, in order.
    pub fn evaluate(&mut self, proposals: &[Proposal]) -> Result<Vec<f64>, SimError> {
        let cfg = calib_config(&self.req);
        calibrate::evaluate_batch(&self.targets, &Params::default(), &cfg, proposals, &mut self.ws)
    }
}

/// One region's fit at `medians` (the pool runs one region per task).
pub fn calib_fit(region: &str, medians: &Params, seed: u64) -> Result<FitRow, SimError> {
    calibrate::fit_region(region, medians, FIT_REPS, seed)
}

/// The contiguous slice of a batch of `n` proposals that worker `part` of `parts` evaluates.
pub fn slice(n: usize, part: usize, parts: usize) -> std::ops::Range<usize> {
    montecarlo::blocks::block(n as u32, part, parts)
}

/// A whole calibration on this thread, as a pool of one worker runs it.
pub fn run_calibration(req: &CalibRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<CalibResult, SimError> {
    run_calibration_split(req, 1, progress)
}

/// A whole calibration on this thread, as the pool runs it with `parts` workers: each batch
/// cut into slices, each slice evaluated by an evaluator of its own. Native tests use it to
/// check that the number of workers changes nothing.
pub fn run_calibration_split(
    req: &CalibRequest,
    parts: usize,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<CalibResult, SimError> {
    let mut driver = CalibDriver::new(req)?;
    let mut workers: Vec<CalibEvaluator> =
        (0..parts.max(1)).map(|_| CalibEvaluator::new(req)).collect::<Result<_, _>>()?;
    while let Some(batch) = driver.next_batch() {
        let mut d = Vec::with_capacity(batch.len());
        for (p, w) in workers.iter_mut().enumerate() {
            d.extend(w.evaluate(&batch[slice(batch.len(), p, parts.max(1))])?);
        }
        let (done, total) = driver.accept(&batch, &d)?;
        progress(done, total);
    }
    let (posterior, medians) = driver.posterior()?;
    let fits = req.regions.iter().map(|r| calib_fit(r, &medians, req.seed)).collect::<Result<Vec<_>, _>>()?;
    Ok(CalibResult { regions: req.regions.clone(), posterior, fits })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req() -> CalibRequest {
        CalibRequest { regions: vec!["chitose".into(), "higashisonogi".into()], particles: 6, generations: 2, seed: 5 }
    }

    #[test]
    fn the_native_command_does_the_pages_work() {
        let r = CalibRequest { particles: 100, ..req() };
        let cfg = calib_config(&r);
        assert_eq!((cfg.batch, cfg.max_proposals_per_generation), (16, 4000));
        assert_eq!(
            native_command(&r, 3),
            "renkei calibrate --regions chitose,higashisonogi --particles 100 --generations 2 --seed 5 --batch 16 \
             --max-proposals-per-generation 4000 --threads 3"
        );
        // a small request keeps the batch within its particles and at least 200 proposals
        let cfg = calib_config(&CalibRequest { particles: 3, ..req() });
        assert_eq!((cfg.batch, cfg.max_proposals_per_generation), (3, 200));
    }

    #[test]
    fn no_region_is_refused_naming_the_field() {
        let r = CalibRequest { regions: vec![], ..req() };
        assert_eq!(CalibEvaluator::new(&r).err().and_then(|e| e.field().map(str::to_string)), Some("regions".into()));
        assert!(CalibDriver::new(&r).is_err());
    }
}
