//! Calibration on the page: the request, the ABC-SMC driver and the workers' evaluators.

use super::*;

// ---------------------------------------------------------------------------
// Calibration

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

/// The calibration regions (`regions::REGIONS`).
pub fn calibration_regions() -> Vec<String> {
    renkei::sim::experiment::calibrate::all_regions()
}

pub use renkei::sim::experiment::calibrate::Proposal;

/// The ABC-SMC configuration of a request, the same on the page and in every worker.
pub fn calib_config(req: &CalibRequest) -> renkei::sim::experiment::calibrate::Config {
    renkei::sim::experiment::calibrate::Config {
        particles: req.particles,
        generations: req.generations,
        seed: req.seed,
        // Fixed, not tied to the pool's size: the batch shapes the result.
        batch: req.particles.clamp(1, 16),
        max_proposals_per_generation: (req.particles * 40).max(200),
        ..renkei::sim::experiment::calibrate::Config::default()
    }
}

/// The `renkei calibrate` command that does the same work as `req` on the page (the same
/// proposals, the same posterior; `threads` changes only the time), for a researcher who
/// repeats or times a page calibration natively.
pub fn native_command(req: &CalibRequest, threads: usize) -> String {
    let cfg = calib_config(req);
    format!(
        "renkei calibrate --regions {} --particles {} --generations {} --seed {} --batch {} \
         --max-proposals {} --threads {threads}",
        req.regions.join(","),
        cfg.particles,
        cfg.generations,
        cfg.seed,
        cfg.batch,
        cfg.max_proposals_per_generation,
    )
}

fn calib_targets(req: &CalibRequest) -> Result<Vec<renkei::sim::experiment::calibrate::Target>, String> {
    if req.regions.is_empty() {
        return Err("regions: choose at least one region".into());
    }
    req.regions
        .iter()
        .map(|r| renkei::sim::experiment::calibrate::Target::preset(r, 1.0))
        .collect::<Result<_, _>>()
        .map_err(sim_err)
}

/// The page's side of a calibration: the core's ABC-SMC state machine (`Abc`), asked for a
/// batch at a time; the pool spreads each batch over its workers ([`CalibEvaluator`]) and
/// hands the distances back in proposal order, so any number of workers gives one result.
pub struct CalibDriver {
    req: CalibRequest,
    abc: renkei::sim::experiment::calibrate::Abc,
}

impl CalibDriver {
    pub fn new(req: &CalibRequest) -> Result<CalibDriver, String> {
        calib_targets(req)?;
        let abc = renkei::sim::experiment::calibrate::Abc::new(calib_config(req)).map_err(sim_err)?;
        Ok(CalibDriver { req: req.clone(), abc })
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
    pub fn accept(&mut self, batch: &[Proposal], distances: &[f64]) -> Result<(u32, u32), String> {
        self.abc.accept(batch, distances).map_err(sim_err)?;
        let (done, total) = self.abc.progress();
        Ok((done as u32, total as u32))
    }

    /// The posterior and the parameters the fit runs at (its medians).
    pub fn posterior(&self) -> Result<(Posterior, Params), String> {
        let post = self.abc.posterior().map_err(sim_err)?;
        let medians = post.median_params(&Params::default()).map_err(sim_err)?;
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
    targets: Vec<renkei::sim::experiment::calibrate::Target>,
    ws: Vec<renkei::sim::experiment::montecarlo::Workspace>,
}

impl CalibEvaluator {
    pub fn new(req: &CalibRequest) -> Result<CalibEvaluator, String> {
        Ok(CalibEvaluator { req: req.clone(), targets: calib_targets(req)?, ws: Vec::new() })
    }

    pub fn request(&self) -> &CalibRequest {
        &self.req
    }

    /// The distances of `proposals`, in order.
    pub fn evaluate(&mut self, proposals: &[Proposal]) -> Result<Vec<f64>, String> {
        let cfg = calib_config(&self.req);
        renkei::sim::experiment::calibrate::evaluate_batch(
            &self.targets,
            &Params::default(),
            &cfg,
            proposals,
            &mut self.ws,
        )
        .map_err(sim_err)
    }
}

/// One region's fit at `medians` (the pool runs one region per task).
pub fn calib_fit(region: &str, medians: &Params, seed: u64) -> Result<FitRow, String> {
    renkei::sim::experiment::calibrate::fit_region(region, medians, FIT_REPS, seed).map_err(sim_err)
}

/// The contiguous slice of a batch of `n` proposals that worker `part` of `parts` evaluates.
pub fn slice(n: usize, part: usize, parts: usize) -> std::ops::Range<usize> {
    renkei::sim::experiment::montecarlo::blocks::block(n as u32, part, parts)
}

/// A whole calibration on this thread, as a pool of one worker runs it.
pub fn run_calibration(req: &CalibRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<CalibResult, String> {
    run_calibration_split(req, 1, progress)
}

/// A whole calibration on this thread, as the pool runs it with `parts` workers: each batch
/// cut into slices, each slice evaluated by an evaluator of its own. Native tests use it to
/// check that the number of workers changes nothing.
pub fn run_calibration_split(
    req: &CalibRequest,
    parts: usize,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<CalibResult, String> {
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
mod calib_tests {
    use super::*;

    #[test]
    fn a_calibration_spread_over_workers_equals_one_workers() -> Result<(), String> {
        let req = CalibRequest {
            regions: vec!["chitose".into(), "higashisonogi".into()],
            particles: 6,
            generations: 2,
            seed: 5,
        };
        let one = run_calibration(&req, &mut |_, _| {})?;
        for parts in [2, 3] {
            let many = run_calibration_split(&req, parts, &mut |_, _| {})?;
            assert_eq!(serde_json::to_string(&many).ok(), serde_json::to_string(&one).ok(), "{parts} workers");
        }
        Ok(())
    }
}
