//! Calibration of the shared behavioural parameters against the observed
//! regions (brief §4) by ABC-SMC: sequential Monte Carlo approximate Bayesian
//! computation (Toni et al. 2009; Beaumont et al. 2009).
//!
//! * Priors are uniform on sub-ranges of `PARAM_INFO` ([`default_priors`]); every
//!   parameter not listed keeps its value in the base `Params`.
//! * Generation 0 draws `particles` parameter sets from the prior and accepts
//!   them all. Generation t ≥ 1 uses the tolerance ε_t = the `quantile` of
//!   generation t−1's distances, resamples a particle by weight, perturbs it with
//!   a multivariate Gaussian kernel of twice the weighted covariance, redraws
//!   until it lies inside the prior, and accepts it when its distance is ≤ ε_t.
//!   Importance weights: w ∝ prior(θ) / Σ_j w_j K(θ | θ_j).
//! * The caller evaluates the particles ([`Evaluate`]): natively on threads, in
//!   the browser in a worker, chunk by chunk. The algorithm itself has no
//!   threads, files or clocks, and is a state machine ([`Abc::next_batch`] /
//!   [`Abc::accept`]) so that it can be driven one batch at a time.
//! * Deterministic: proposals come from `rng::stream(seed, generation, …)`;
//!   every proposal carries a unique id from which its simulation seed is
//!   derived ([`sim_seed`]), so the result does not depend on thread count or
//!   chunking (proposals are evaluated in fixed-size batches and accepted in
//!   order).
//!
//! The distance ([`distance`]) is the root mean square, over the chosen regions,
//! of (mean simulated rate − observed rate) / scale at 2026-02-28 (scale: the
//! smaller of the observed rate's binomial SD and 3 points), where the simulated
//! rate divides the simulated adopters by the number of offices in the database
//! at that date (brief §4: the denominator changes; the model keeps its office
//! count fixed, so offices that closed are assumed to be non-adopters).

use crate::sim::error::SimError;
use crate::sim::experiment::montecarlo::{Progress, Quantiles, Workspace};
use crate::sim::rng::{self, SimRng};
use crate::sim::scenario::params::{Params, PARAM_INFO};
use crate::sim::scenario::posterior::Particles;
use crate::sim::scenario::regions;
use serde::{Deserialize, Serialize};

/// The date the calibration compares (brief §4).
pub const TARGET_DATE: &str = "2026-02-28";

const STREAM_ABC: u64 = 0xABC0_5EED;

/// A uniform prior on [lo, hi] for one named parameter of `Params`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prior {
    pub name: String,
    pub lo: f64,
    pub hi: f64,
}

impl Prior {
    pub fn new(name: &str, lo: f64, hi: f64) -> Prior {
        Prior { name: name.to_string(), lo, hi }
    }

    pub fn width(&self) -> f64 {
        self.hi - self.lo
    }
}

/// The calibrated parameters and their priors (see docs/calibration.md for the reasons).
/// Rates are base rates: the engine multiplies the decision rate (p, q·g and outreach) by
/// (1 + waiver_boost) while the licence fee is waived and by (1 + deadline_boost) before a deadline.
pub fn default_priors() -> Vec<Prior> {
    vec![
        Prior::new("p", 0.0, 0.15),
        Prior::new("q", 0.0, 3.0),
        Prior::new("threshold", 0.05, 0.8),
        Prior::new("outreach_efficacy", 0.0, 1.0),
        Prior::new("training_efficacy", 0.0, 1.0),
        Prior::new("visit_efficacy", 0.0, 1.0),
        Prior::new("setup_rate", 2.0, 52.0),
        Prior::new("planning_dropout", 0.0, 4.0),
        Prior::new("stop_rate", 0.0, 0.05),
        Prior::new("barrier_share", 0.0, 0.9),
        Prior::new("barrier_decision", 0.0, 1.0),
        Prior::new("readiness_rate", 0.0, 1.0),
        // Brief §6: "about six times faster" under the free pass is a national figure mixing
        // other causes; kept wide around it so that plans ending the free pass show it.
        Prior::new("waiver_boost", 2.0, 8.0),
    ]
}

/// Checks that every prior names a parameter and lies inside its allowed range.
pub fn validate_priors(priors: &[Prior]) -> Result<(), SimError> {
    if priors.is_empty() {
        return Err(SimError::invalid("priors", "at least one parameter to calibrate is needed"));
    }
    for (i, p) in priors.iter().enumerate() {
        let info = PARAM_INFO
            .iter()
            .find(|x| x.name == p.name)
            .ok_or_else(|| SimError::invalid(format!("priors[{i}].name"), format!("no parameter `{}`", p.name)))?;
        if !(p.lo.is_finite() && p.hi.is_finite() && p.lo < p.hi && p.lo >= info.min && p.hi <= info.max) {
            return Err(SimError::invalid(
                format!("priors[{i}]"),
                format!("{}: [{}, {}] must satisfy {} ≤ lo < hi ≤ {}", p.name, p.lo, p.hi, info.min, info.max),
            ));
        }
        if priors[..i].iter().any(|q| q.name == p.name) {
            return Err(SimError::invalid(format!("priors[{i}].name"), format!("`{}` is listed twice", p.name)));
        }
    }
    Ok(())
}

/// `base` with the named parameters set to `theta` (same order as `priors`).
pub fn params_with(base: &Params, priors: &[Prior], theta: &[f64]) -> Result<Params, SimError> {
    let mut p = base.clone();
    for (pr, &v) in priors.iter().zip(theta) {
        p.set(&pr.name, v)?;
    }
    Ok(p)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// Particles per generation.
    pub particles: usize,
    /// Generations, the prior generation included.
    pub generations: usize,
    /// The tolerance of generation t is this quantile of generation t−1's distances.
    pub quantile: f64,
    pub seed: u64,
    /// Proposals evaluated per batch (fixed, so that results do not depend on how they are run).
    pub batch: usize,
    /// Stop (keeping the last complete generation) when a generation needs more proposals than this.
    pub max_proposals_per_generation: usize,
    /// Stopping rule: stop after a generation whose acceptance rate fell below this (the
    /// tolerance has reached what the model and the noise allow) ...
    #[serde(default = "default_min_acceptance")]
    pub min_acceptance: f64,
    /// ... or whose tolerance fell by less than this share against the previous one.
    #[serde(default = "default_min_eps_drop")]
    pub min_eps_drop: f64,
    pub priors: Vec<Prior>,
}

fn default_min_acceptance() -> f64 {
    0.05
}

fn default_min_eps_drop() -> f64 {
    0.05
}

impl Default for Config {
    fn default() -> Config {
        Config {
            particles: 300,
            generations: 6,
            quantile: 0.5,
            seed: 20260228,
            batch: 64,
            max_proposals_per_generation: 20_000,
            min_acceptance: default_min_acceptance(),
            min_eps_drop: default_min_eps_drop(),
            priors: default_priors(),
        }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), SimError> {
        validate_priors(&self.priors)?;
        if self.particles < 2 || self.particles > 1_000_000 {
            return Err(SimError::invalid("particles", format!("{}: allowed 2 to 1000000", self.particles)));
        }
        if self.generations == 0 || self.generations > 100 {
            return Err(SimError::invalid("generations", format!("{}: allowed 1 to 100", self.generations)));
        }
        if !(self.quantile > 0.0 && self.quantile < 1.0) {
            return Err(SimError::invalid("quantile", format!("{}: must be strictly between 0 and 1", self.quantile)));
        }
        if self.batch == 0 || self.batch > 1_000_000 {
            return Err(SimError::invalid("batch", format!("{}: allowed 1 to 1000000", self.batch)));
        }
        if self.max_proposals_per_generation < self.particles {
            return Err(SimError::invalid("max_proposals_per_generation", "must be at least `particles`"));
        }
        Ok(())
    }
}

/// One parameter set to evaluate; `id` is unique within a calibration and seeds its simulations.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    pub id: u64,
    pub theta: Vec<f64>,
}

/// The simulation seed of a proposal (independent noise per proposal, reproducible).
pub fn sim_seed(seed: u64, id: u64) -> u64 {
    rng::mix64(seed ^ rng::mix64(id ^ 0x5151_5151))
}

/// Evaluates a batch of proposals, returning one distance each (in order).
pub trait Evaluate {
    fn evaluate(&mut self, batch: &[Proposal]) -> Result<Vec<f64>, SimError>;
}

impl<F: FnMut(&[Proposal]) -> Result<Vec<f64>, SimError>> Evaluate for F {
    fn evaluate(&mut self, batch: &[Proposal]) -> Result<Vec<f64>, SimError> {
        self(batch)
    }
}

/// One generation's bookkeeping.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Generation {
    /// Tolerance (infinite for the prior generation: serialised as null).
    pub epsilon: Option<f64>,
    pub proposals: usize,
    pub accepted: usize,
    pub acceptance: f64,
    /// Median distance of the accepted particles.
    pub median_distance: f64,
}

/// Posterior summary of one parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParamSummary {
    pub name: String,
    pub prior_lo: f64,
    pub prior_hi: f64,
    pub median: f64,
    pub p05: f64,
    pub p95: f64,
    /// Width of the 90% interval over the prior's width.
    pub width_ratio: f64,
    /// false when width_ratio > [`IDENTIFIED_WIDTH`]: the data do not pin this parameter down.
    pub identified: bool,
}

/// A 90% posterior interval wider than this share of the prior range counts as "not identified".
pub const IDENTIFIED_WIDTH: f64 = 0.7;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Posterior {
    pub names: Vec<String>,
    /// particles[i][k]: value of parameter k in particle i.
    pub particles: Vec<Vec<f64>>,
    /// Normalised importance weights.
    pub weights: Vec<f64>,
    pub distances: Vec<f64>,
    pub summary: Vec<ParamSummary>,
    pub generations: Vec<Generation>,
    /// Proposals evaluated (each is one distance, i.e. a few replications per region).
    pub proposals: usize,
    /// Why the algorithm stopped (the stopping rule that fired, or the proposal budget).
    pub stopped_early: Option<String>,
    pub config: Config,
}

impl Posterior {
    /// The particles and weights a posterior-predictive run draws from (`data/posterior.json`).
    pub fn to_particles(&self, version: &str) -> Particles {
        Particles {
            version: version.to_string(),
            names: self.names.clone(),
            weights: self.weights.clone(),
            particles: self.particles.clone(),
            not_identified: self.summary.iter().filter(|s| !s.identified).map(|s| s.name.clone()).collect(),
        }
    }

    /// The posterior medians written into `base` (the parameters not calibrated keep their values).
    pub fn median_params(&self, base: &Params) -> Result<Params, SimError> {
        let theta: Vec<f64> = self.summary.iter().map(|s| s.median).collect();
        params_with(base, &self.config.priors, &theta)
    }

    /// `k` particles drawn by weight (systematic resampling, deterministic given `seed`).
    pub fn resample(&self, k: usize, seed: u64) -> Vec<Vec<f64>> {
        let mut r = rng::stream(seed, 0, STREAM_ABC ^ 1);
        let n = self.particles.len();
        if n == 0 || k == 0 {
            return Vec::new();
        }
        let u0 = rng::uniform(&mut r) / k as f64;
        let mut out = Vec::with_capacity(k);
        let mut cum = self.weights[0];
        let mut i = 0;
        for j in 0..k {
            let u = u0 + j as f64 / k as f64;
            while u > cum && i + 1 < n {
                i += 1;
                cum += self.weights[i];
            }
            out.push(self.particles[i].clone());
        }
        out
    }
}

/// Weighted quantile (the smallest value whose cumulative weight reaches q of the total).
pub fn weighted_quantile(values: &[f64], weights: &[f64], q: f64) -> f64 {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let total: f64 = weights.iter().sum();
    if idx.is_empty() || total.is_nan() || total <= 0.0 {
        return f64::NAN;
    }
    let mut cum = 0.0;
    for &i in &idx {
        cum += weights[i];
        if cum >= q * total {
            return values[i];
        }
    }
    values[idx[idx.len() - 1]]
}

/// Lower Cholesky factor of 2 × the weighted covariance of `particles` (plus a small ridge
/// of 1e-6 × prior width² on the diagonal, so that a collapsed parameter keeps moving).
fn kernel_cholesky(particles: &[Vec<f64>], weights: &[f64], priors: &[Prior]) -> Vec<f64> {
    let dim = priors.len();
    let mean: Vec<f64> = (0..dim).map(|k| particles.iter().zip(weights).map(|(t, w)| w * t[k]).sum::<f64>()).collect();
    let mut cov = vec![0.0; dim * dim];
    for a in 0..dim {
        for b in 0..=a {
            let c: f64 = particles.iter().zip(weights).map(|(t, w)| w * (t[a] - mean[a]) * (t[b] - mean[b])).sum();
            cov[a * dim + b] = 2.0 * c;
            cov[b * dim + a] = 2.0 * c;
        }
        cov[a * dim + a] += 1e-6 * priors[a].width().powi(2);
    }
    let mut l = vec![0.0; dim * dim];
    for i in 0..dim {
        for j in 0..=i {
            let mut s = cov[i * dim + j];
            for k in 0..j {
                s -= l[i * dim + k] * l[j * dim + k];
            }
            if i == j {
                // Not positive definite (rounding): fall back to the diagonal's own scale.
                l[i * dim + i] = if s > 0.0 { libm::sqrt(s) } else { libm::sqrt(cov[i * dim + i].max(1e-300)) };
            } else {
                l[i * dim + j] = s / l[j * dim + j];
            }
        }
    }
    l
}

/// The ABC-SMC state machine: ask for a batch, evaluate it, hand the distances back.
pub struct Abc {
    cfg: Config,
    gen: usize,
    eps: f64,
    // Previous generation (empty during generation 0).
    prev: Vec<Vec<f64>>,
    prev_w: Vec<f64>,
    prev_d: Vec<f64>,
    /// Lower Cholesky factor (row-major, dim × dim) of the kernel covariance.
    chol: Vec<f64>,
    // Current generation.
    cur: Vec<Vec<f64>>,
    cur_d: Vec<f64>,
    cur_proposals: usize,
    rng: SimRng,
    next_id: u64,
    total_proposals: usize,
    history: Vec<Generation>,
    stopped: Option<String>,
    finished: bool,
}

impl Abc {
    pub fn new(cfg: Config) -> Result<Abc, SimError> {
        cfg.validate()?;
        let rng = rng::stream(cfg.seed, 0, STREAM_ABC);
        Ok(Abc {
            cfg,
            gen: 0,
            eps: f64::INFINITY,
            prev: Vec::new(),
            prev_w: Vec::new(),
            prev_d: Vec::new(),
            chol: Vec::new(),
            cur: Vec::new(),
            cur_d: Vec::new(),
            cur_proposals: 0,
            rng,
            next_id: 0,
            total_proposals: 0,
            history: Vec::new(),
            stopped: None,
            finished: false,
        })
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    pub fn done(&self) -> bool {
        self.finished
    }

    /// The generation being filled (0 = prior).
    pub fn generation(&self) -> usize {
        self.gen
    }

    /// The current tolerance (infinite in generation 0).
    pub fn epsilon(&self) -> f64 {
        self.eps
    }

    /// Proposals evaluated so far.
    pub fn proposals(&self) -> usize {
        self.total_proposals
    }

    /// Completed generations so far.
    pub fn history(&self) -> &[Generation] {
        &self.history
    }

    /// Progress in accepted particles: (done, total) over all generations.
    pub fn progress(&self) -> (usize, usize) {
        let n = self.cfg.particles;
        (self.gen * n + self.cur.len().min(n), self.cfg.generations * n)
    }

    fn prior_draw(&mut self) -> Vec<f64> {
        let r = &mut self.rng;
        self.cfg.priors.iter().map(|p| p.lo + rng::uniform(r) * p.width()).collect()
    }

    fn normal(r: &mut SimRng) -> f64 {
        let u1 = rng::uniform_open0(r);
        let u2 = rng::uniform(r);
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
    }

    fn perturbed(&mut self) -> Vec<f64> {
        // Resample a previous particle by weight, then perturb it until it lies inside the prior.
        let u = rng::uniform(&mut self.rng);
        let mut cum = 0.0;
        let mut pick = self.prev.len() - 1;
        for (i, w) in self.prev_w.iter().enumerate() {
            cum += w;
            if u < cum {
                pick = i;
                break;
            }
        }
        for _ in 0..1000 {
            let mut ok = true;
            let dim = self.cfg.priors.len();
            let z: Vec<f64> = (0..dim).map(|_| Abc::normal(&mut self.rng)).collect();
            let mut theta = Vec::with_capacity(dim);
            for k in 0..dim {
                let lz: f64 = (0..=k).map(|j| self.chol[k * dim + j] * z[j]).sum();
                let v = self.prev[pick][k] + lz;
                let p = &self.cfg.priors[k];
                ok &= v >= p.lo && v <= p.hi;
                theta.push(v);
            }
            if ok {
                return theta;
            }
        }
        self.prev[pick].clone()
    }

    /// The next batch to evaluate (`None` once the calibration is finished).
    pub fn next_batch(&mut self) -> Option<Vec<Proposal>> {
        if self.finished {
            return None;
        }
        let mut out = Vec::with_capacity(self.cfg.batch);
        for _ in 0..self.cfg.batch {
            let theta = if self.gen == 0 { self.prior_draw() } else { self.perturbed() };
            out.push(Proposal { id: self.next_id, theta });
            self.next_id += 1;
        }
        Some(out)
    }

    /// Hands back the distances of the batch last returned by `next_batch`.
    pub fn accept(&mut self, batch: &[Proposal], distances: &[f64]) -> Result<(), SimError> {
        if batch.len() != distances.len() {
            return Err(SimError::invalid("distances", "one distance per proposal is needed"));
        }
        if self.finished {
            return Ok(());
        }
        let n = self.cfg.particles;
        for (p, &d) in batch.iter().zip(distances) {
            if self.cur.len() >= n {
                break; // the rest of the batch is discarded (fixed batches keep runs reproducible)
            }
            self.cur_proposals += 1;
            self.total_proposals += 1;
            if d.is_finite() && d <= self.eps {
                self.cur.push(p.theta.clone());
                self.cur_d.push(d);
            }
        }
        if self.cur.len() >= n {
            self.close_generation();
        } else if self.cur_proposals >= self.cfg.max_proposals_per_generation {
            self.stopped = Some(format!(
                "generation {} accepted {} of {} proposals (ε = {:.4}); kept generation {}",
                self.gen,
                self.cur.len(),
                self.cur_proposals,
                self.eps,
                self.gen.saturating_sub(1)
            ));
            if self.gen == 0 {
                return Err(SimError::invalid("distances", "no finite distances in the prior generation"));
            }
            self.finished = true;
        }
        Ok(())
    }

    fn close_generation(&mut self) {
        let n = self.cur.len();
        let dim = self.cfg.priors.len();
        let weights: Vec<f64> = if self.gen == 0 {
            vec![1.0 / n as f64; n]
        } else {
            // w ∝ 1 / Σ_j w_j K(θ | θ_j); the uniform prior is constant inside its support.
            let mut w: Vec<f64> = self
                .cur
                .iter()
                .map(|th| {
                    let mut s = 0.0;
                    let mut y = vec![0.0; dim];
                    for (pj, &wj) in self.prev.iter().zip(&self.prev_w) {
                        // Mahalanobis distance by forward substitution L y = θ − θ_j.
                        let mut e = 0.0;
                        for k in 0..dim {
                            let mut r = th[k] - pj[k];
                            for (j, yj) in y.iter().enumerate().take(k) {
                                r -= self.chol[k * dim + j] * yj;
                            }
                            y[k] = r / self.chol[k * dim + k];
                            e += y[k] * y[k];
                        }
                        s += wj * libm::exp(-0.5 * e);
                    }
                    if s > 0.0 {
                        1.0 / s
                    } else {
                        0.0
                    }
                })
                .collect();
            let total: f64 = w.iter().sum();
            if total > 0.0 && total.is_finite() {
                w.iter_mut().for_each(|x| *x /= total);
            } else {
                w = vec![1.0 / n as f64; n];
            }
            w
        };
        let mut ds = self.cur_d.clone();
        self.history.push(Generation {
            epsilon: if self.eps.is_finite() { Some(self.eps) } else { None },
            proposals: self.cur_proposals,
            accepted: n,
            acceptance: n as f64 / self.cur_proposals.max(1) as f64,
            median_distance: Quantiles::of(&mut ds).median,
        });
        // Kernel: twice the weighted covariance (Beaumont et al. 2009), as a Cholesky factor.
        self.chol = kernel_cholesky(&self.cur, &weights, &self.cfg.priors);
        self.eps = weighted_quantile(&self.cur_d, &vec![1.0; n], self.cfg.quantile);
        self.prev = std::mem::take(&mut self.cur);
        self.prev_w = weights;
        self.prev_d = std::mem::take(&mut self.cur_d);
        self.cur_proposals = 0;
        let previous_eps = self.history.last().and_then(|g| g.epsilon);
        self.gen += 1;
        self.rng = rng::stream(self.cfg.seed, self.gen as u64, STREAM_ABC);
        let acceptance = self.history.last().map_or(1.0, |g| g.acceptance);
        if self.gen >= self.cfg.generations {
            self.finished = true;
            self.stopped = Some(format!("generation budget ({}) reached", self.cfg.generations));
        } else if self.gen >= 2 && acceptance < self.cfg.min_acceptance {
            self.finished = true;
            self.stopped = Some(format!(
                "acceptance {acceptance:.3} fell below {} in generation {}",
                self.cfg.min_acceptance,
                self.gen - 1
            ));
        } else if let Some(prev) = previous_eps.filter(|_| self.gen >= 3) {
            if self.eps > (1.0 - self.cfg.min_eps_drop) * prev {
                self.finished = true;
                self.stopped = Some(format!(
                    "the tolerance stalled: {:.4} after {prev:.4} (less than {:.0}% lower)",
                    self.eps,
                    100.0 * self.cfg.min_eps_drop
                ));
            }
        }
    }

    /// The last complete generation as a posterior (an error before generation 0 is complete).
    pub fn posterior(&self) -> Result<Posterior, SimError> {
        if self.prev.is_empty() {
            return Err(SimError::invalid("calibration", "no complete generation yet"));
        }
        let summary = self
            .cfg
            .priors
            .iter()
            .enumerate()
            .map(|(k, pr)| {
                let col: Vec<f64> = self.prev.iter().map(|t| t[k]).collect();
                let q = |x| weighted_quantile(&col, &self.prev_w, x);
                let (p05, median, p95) = (q(0.05), q(0.5), q(0.95));
                let width_ratio = (p95 - p05) / pr.width();
                ParamSummary {
                    name: pr.name.clone(),
                    prior_lo: pr.lo,
                    prior_hi: pr.hi,
                    median,
                    p05,
                    p95,
                    width_ratio,
                    identified: width_ratio <= IDENTIFIED_WIDTH,
                }
            })
            .collect();
        Ok(Posterior {
            names: self.cfg.priors.iter().map(|p| p.name.clone()).collect(),
            particles: self.prev.clone(),
            weights: self.prev_w.clone(),
            distances: self.prev_d.clone(),
            summary,
            generations: self.history.clone(),
            proposals: self.total_proposals,
            stopped_early: self.stopped.clone(),
            config: self.cfg.clone(),
        })
    }
}

/// Runs ABC-SMC to the end, evaluating batches with `eval`; `progress` may cancel.
pub fn calibrate(cfg: Config, eval: &mut dyn Evaluate, progress: &mut dyn Progress) -> Result<Posterior, SimError> {
    let mut abc = Abc::new(cfg)?;
    while let Some(batch) = abc.next_batch() {
        let d = eval.evaluate(&batch)?;
        abc.accept(&batch, &d)?;
        let (done, total) = abc.progress();
        if !progress.progress(done, total) {
            return Err(SimError::Cancelled);
        }
    }
    abc.posterior()
}

pub use crate::sim::experiment::targets::{default_reps, Source, Target};

/// The distance of one parameter set: root mean square, over every figure of every target, of
/// (mean simulated − observed) / the figure's observation SD (docs/calibration.md). A distance
/// near 1 means every figure is about one observation SD off, i.e. inside its noise.
/// `ws` holds one workspace per target (a workspace keeps its region's network layout).
pub fn distance(targets: &[Target], params: &Params, seed: u64, ws: &mut Vec<Workspace>) -> Result<f64, SimError> {
    if targets.is_empty() {
        return Err(SimError::invalid("regions", "at least one region is needed"));
    }
    if ws.len() != targets.len() {
        ws.clear();
        ws.resize_with(targets.len(), Workspace::default);
    }
    let (mut sum, mut n) = (0.0, 0);
    for (i, t) in targets.iter().enumerate() {
        let values = t.simulate(Source::Fixed(params), rng::mix64(seed ^ i as u64), t.reps, &mut ws[i])?;
        let (s, k) = crate::sim::experiment::targets::squared_errors(t, &values);
        sum += s;
        n += k;
    }
    Ok(libm::sqrt(sum / n.max(1) as f64))
}

/// Distances of a batch on this thread (the browser worker's evaluator; the CLI splits batches over threads).
pub fn evaluate_batch(
    targets: &[Target],
    base: &Params,
    cfg: &Config,
    batch: &[Proposal],
    ws: &mut Vec<Workspace>,
) -> Result<Vec<f64>, SimError> {
    batch
        .iter()
        .map(|p| {
            let params = params_with(base, &cfg.priors, &p.theta)?;
            distance(targets, &params, sim_seed(cfg.seed, p.id), ws)
        })
        .collect()
}

/// One region's fit at the target date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitRow {
    pub region: String,
    pub observed: f64,
    pub median: f64,
    pub p05: f64,
    pub p95: f64,
    pub inside: bool,
    /// |median − observed|.
    pub error: f64,
    pub replications: u32,
}

impl FitRow {
    pub fn new(region: &str, observed: f64, rates: &mut [f64]) -> FitRow {
        let q = Quantiles::of(rates);
        FitRow {
            region: region.to_string(),
            observed,
            median: q.median,
            p05: q.p05,
            p95: q.p95,
            inside: observed >= q.p05 && observed <= q.p95,
            error: (q.median - observed).abs(),
            replications: rates.len() as u32,
        }
    }
}

/// A region's 2026-02-28 rate with the given parameters (single thread; the CLI runs regions on threads).
pub fn fit_region(region: &str, params: &Params, reps: u32, seed: u64) -> Result<FitRow, SimError> {
    let t = Target::preset(region, 1.0)?;
    let mut values = t.simulate(Source::Fixed(params), seed, reps, &mut Workspace::default())?;
    Ok(FitRow::new(region, t.observed(), &mut values[0]))
}

/// The posterior predictive of a region's 2026-02-28 rate: replication i draws a particle by
/// weight (seeded from (seed, i)), as a default run does with the shipped posterior.
pub fn predict_region(region: &str, post: &Particles, reps: u32, seed: u64) -> Result<FitRow, SimError> {
    let t = Target::preset(region, 1.0)?;
    let mut values = t.simulate(Source::Posterior(post), seed, reps, &mut Workspace::default())?;
    Ok(FitRow::new(region, t.observed(), &mut values[0]))
}

/// The targets: observed inside the 90% band and within 3 points of the median.
pub fn meets_target(row: &FitRow) -> bool {
    row.inside && row.error <= 0.03
}

/// Leave-one-out target: the prediction's median within 5 points.
pub fn meets_loo_target(row: &FitRow) -> bool {
    row.error <= 0.05
}

/// Names of the calibration regions.
pub fn all_regions() -> Vec<String> {
    regions::REGIONS.iter().map(|s| s.to_string()).collect()
}

/// A naive forecast of the held-out regions' 2026-02-28 rates and its mean absolute error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub name: String,
    pub mae: f64,
    /// (region, predicted rate).
    pub predictions: Vec<(String, f64)>,
}

/// National adoption, brief §6: 7.2% at 2025-05-31, 9.8% at 2025-08-31.
const NATIONAL_MAY: f64 = 0.072;
const NATIONAL_AUG: f64 = 0.098;

/// The naive forecasts leave-one-out must beat, on the same held-out regions (issue 9 item 5):
/// (i) the region's 2025-08-31 rate plus the national pace in points per month (+0.87 a month,
/// the latest pace the brief gives, since national figures for the window itself are not
/// published); (ii) the region's own growth before the window where known, else the national
/// pace: the brief gives no region's rate before 2025-08-31, so (ii) falls back to (i) for all
/// four; (iii) the national pace as a growth factor (×1.36 per three months).
pub fn baselines(held_out: &[String]) -> Result<Vec<Baseline>, SimError> {
    let months = 6.0;
    let per_month = (NATIONAL_AUG - NATIONAL_MAY) / 3.0;
    let factor = libm::pow(NATIONAL_AUG / NATIONAL_MAY, months / 3.0);
    // Each rule predicts r0 × factor + points from the region's 2025-08-31 rate r0.
    let rules = [
        ("(i) national pace, +0.87 points a month", 1.0, per_month * months),
        ("(ii) own pre-window growth where known (none published), else national pace", 1.0, per_month * months),
        ("(iii) national growth factor, ×1.36 per three months", factor, 0.0),
    ];
    let mut out = Vec::new();
    for (name, times, plus) in rules {
        let mut predictions = Vec::new();
        let mut sum = 0.0;
        for r in held_out {
            let scn = regions::preset(r).ok_or_else(|| SimError::invalid("regions", format!("no preset `{r}`")))?;
            let first = scn.observed.first().map_or(0.0, |o| o.rate());
            let last = scn.observed.iter().find(|o| o.date.to_string() == TARGET_DATE).map_or(0.0, |o| o.rate());
            let p = (first * times + plus).min(1.0);
            sum += (p - last).abs();
            predictions.push((r.clone(), p));
        }
        out.push(Baseline { name: name.into(), mae: sum / held_out.len().max(1) as f64, predictions });
    }
    Ok(out)
}

/// Every calibration target: the four regions and the national figure.
pub fn all_targets() -> Vec<String> {
    let mut t = all_regions();
    t.push("national".into());
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_quantiles() {
        let v = [3.0, 1.0, 2.0, 4.0];
        let w = [1.0, 1.0, 1.0, 1.0];
        assert_eq!(weighted_quantile(&v, &w, 0.5), 2.0);
        assert_eq!(weighted_quantile(&v, &[0.0, 0.0, 0.0, 1.0], 0.05), 4.0);
    }

    #[test]
    fn abc_recovers_a_mean() {
        // Toy model: distance |θ − 0.3| + noise-free; the posterior must concentrate near 0.3.
        let cfg = Config {
            particles: 100,
            generations: 5,
            batch: 50,
            priors: vec![Prior::new("p", 0.0, 1.0)],
            ..Config::default()
        };
        let mut eval =
            |b: &[Proposal]| -> Result<Vec<f64>, SimError> { Ok(b.iter().map(|p| (p.theta[0] - 0.3).abs()).collect()) };
        let post = calibrate(cfg, &mut eval, &mut crate::sim::experiment::montecarlo::Quiet).expect("runs");
        let s = &post.summary[0];
        assert!((s.median - 0.3).abs() < 0.03, "{s:?}");
        assert!(s.identified);
        assert!((post.weights.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }
}
