//! The research slice: the tornado and the calibration, each one [`JobSlot`], and the
//! calibration's settings; [`ResearchState::reduce`] is its sub-reducer.

use crate::ui::shared::bridge::{self as engine, CalibRequest, CalibResult, Tornado};
use crate::ui::shared::ids::Ids;
use crate::ui::shared::plan::Plan;
use crate::ui::workers::{JobEvent, JobSlot, TornadoRequest};

/// Calibration budget bounds offered by the page.
pub const PARTICLES: std::ops::RangeInclusive<usize> = 4..=1000;
pub const GENERATIONS: std::ops::RangeInclusive<usize> = 1..=10;

/// Where a tornado's parameter ranges came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeSource {
    /// The posterior 90% intervals of the shipped calibration (data/calibration.json).
    Shipped,
    /// The posterior 90% intervals of the calibration run on this page.
    Calibrated,
}

/// A finished tornado.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoResult {
    pub id: u32,
    pub region: String,
    pub tornado: Tornado,
    pub source: RangeSource,
    pub elapsed_ms: f64,
}

/// A finished calibration, with the settings that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibDone {
    pub id: u32,
    pub request: CalibRequest,
    pub result: CalibResult,
    pub elapsed_ms: f64,
}

impl CalibDone {
    /// Regions whose observed rate lies outside the fit's band (the fit misses them).
    pub fn misses(&self) -> Vec<String> {
        self.result.fits.iter().filter(|r| !r.inside).map(|r| r.region.clone()).collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResearchState {
    pub tornado: JobSlot<TornadoRequest, TornadoResult>,
    pub tornado_source: RangeSource,
    /// Calibration: chosen regions and budget.
    pub calib_regions: Vec<String>,
    pub calib_particles: usize,
    pub calib_generations: usize,
    pub calib: JobSlot<CalibRequest, CalibDone>,
}

#[derive(Debug, Clone)]
pub enum ResearchAction {
    /// Tornado of the scenario on screen (posterior ranges: this page's calibration, else the shipped one).
    RunTornado,
    CancelTornado,
    ToggleCalibRegion(String),
    /// Calibration budget (clamped to [`PARTICLES`] and [`GENERATIONS`]).
    SetCalibBudget {
        particles: usize,
        generations: usize,
    },
    RunCalibration,
    CancelCalibration,
    /// The tornado's workers (`workers::TornadoKind`; boxed: a reply is large).
    TornadoJob(Box<JobEvent<Tornado>>),
    /// The calibration's workers (`workers::CalibrateKind`).
    CalibJob(Box<JobEvent<CalibResult>>),
}

impl Default for ResearchState {
    fn default() -> Self {
        ResearchState {
            tornado: JobSlot::default(),
            tornado_source: RangeSource::Shipped,
            calib_regions: engine::calibration_regions(),
            calib_particles: 60,
            calib_generations: 4,
            calib: JobSlot::default(),
        }
    }
}

impl ResearchState {
    /// The settings a calibration started now would use.
    pub fn calib_request(&self, seed: u64) -> CalibRequest {
        CalibRequest {
            regions: self.calib_regions.clone(),
            particles: self.calib_particles,
            generations: self.calib_generations,
            seed,
        }
    }

    /// The calibration on screen was produced with other settings than those now chosen,
    /// or a newer one was cancelled or failed.
    pub fn calib_stale(&self, seed: u64) -> bool {
        match &self.calib.result {
            Some(done) => done.request != self.calib_request(seed) || self.calib.id != Some(done.id),
            None => false,
        }
    }

    /// The sub-reducer: false when nothing changed.
    pub fn reduce(&mut self, action: ResearchAction, planner: &Plan, ids: &mut Ids) -> bool {
        use ResearchAction::*;
        match action {
            RunTornado => {
                if !planner.fields_ok {
                    return false;
                }
                let (summary, source) = match &self.calib.result {
                    Some(c) => (c.result.posterior.summary.clone(), RangeSource::Calibrated),
                    None => (engine::shipped_summary(), RangeSource::Shipped),
                };
                let ranges = engine::tornado_ranges(&planner.scenario, &summary);
                let id = ids.fresh();
                self.tornado.start(id, TornadoRequest { scenario: Box::new((*planner.scenario).clone()), ranges });
                self.tornado_source = source;
            }
            CancelTornado => return self.tornado.cancel(),
            ToggleCalibRegion(r) => {
                if let Some(i) = self.calib_regions.iter().position(|x| *x == r) {
                    self.calib_regions.remove(i);
                } else if engine::calibration_regions().contains(&r) {
                    self.calib_regions.push(r);
                    let order = engine::calibration_regions();
                    self.calib_regions.sort_by_key(|x| order.iter().position(|o| o == x));
                } else {
                    return false;
                }
            }
            SetCalibBudget { particles, generations } => {
                self.calib_particles = particles.clamp(*PARTICLES.start(), *PARTICLES.end());
                self.calib_generations = generations.clamp(*GENERATIONS.start(), *GENERATIONS.end());
            }
            RunCalibration => {
                if self.calib_regions.is_empty() {
                    return false;
                }
                let id = ids.fresh();
                self.calib.start(id, self.calib_request(planner.scenario.seed));
            }
            CancelCalibration => return self.calib.cancel(),
            TornadoJob(e) => {
                let e = *e;
                let (region, source) = (planner.region.clone(), self.tornado_source);
                return self.tornado.apply_map(e, |_, id, tornado, elapsed_ms| TornadoResult {
                    id,
                    region,
                    tornado,
                    source,
                    elapsed_ms,
                });
            }
            CalibJob(e) => {
                let e = *e;
                return self.calib.apply_map(e, |request, id, result, elapsed_ms| CalibDone {
                    id,
                    request: request.clone(),
                    result,
                    elapsed_ms,
                });
            }
        }
        true
    }
}
