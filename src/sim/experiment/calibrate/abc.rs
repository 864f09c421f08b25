//! ABC-SMC, generic over the model: uniform priors on named parameters, a Gaussian
//! perturbation kernel, importance weights and adaptive tolerances (Toni et al. 2009; Beaumont
//! et al. 2009). The caller evaluates proposals ([`Evaluate`]) and may watch ([`Observe`]);
//! the algorithm has no threads, files or clocks. Drive it with [`calibrate`], or batch by
//! batch with [`Abc::next_batch`] and [`Abc::accept`] (the page's worker pool does).

use super::config::{Config, STREAM_ABC};
use super::priors::Prior;
use super::result::{weighted_quantile, Generation, ParamSummary, Posterior, IDENTIFIED_WIDTH};
use crate::sim::error::SimError;
use crate::sim::experiment::montecarlo::{Progress, Quantiles};
use crate::sim::rng::{self, SimRng};

/// One parameter set to evaluate; `id` is unique within a calibration and seeds its simulations.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Proposal {
    pub id: u64,
    pub theta: Vec<f64>,
}

/// The simulation seed of a proposal (independent noise per proposal, reproducible).
pub fn sim_seed(seed: u64, id: u64) -> u64 {
    rng::mix64(seed ^ rng::mix64(id ^ 0x5151_5151))
}

/// The seed of a calibration's pools of networks (one per target, drawn once per calibration;
/// `montecarlo::network_pool`), apart from every proposal's `sim_seed`.
pub fn pool_seed(seed: u64) -> u64 {
    rng::mix64(seed ^ 0x4E45_5453)
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

    /// The generation being filled: (particles accepted, proposals evaluated) so far.
    pub fn current(&self) -> (usize, usize) {
        (self.cur.len(), self.cur_proposals)
    }

    /// Completed generations so far.
    pub fn history(&self) -> &[Generation] {
        &self.history
    }

    /// Whether the generation being filled stays open after `pending` more proposals, whatever
    /// their distances: it cannot reach its particles or its proposal budget with them. Then
    /// the batch after them is the same whether or not they have been accepted (`accept` only
    /// touches the generation's draws when it closes), so a pool of workers may draw it and
    /// evaluate it while they are still out, and the calibration does not change.
    pub fn open_after(&self, pending: usize) -> bool {
        !self.finished
            && self.cur.len() + pending < self.cfg.particles
            && self.cur_proposals + pending < self.cfg.max_proposals_per_generation
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
            let z: Vec<f64> = (0..dim).map(|_| rng::normal(&mut self.rng)).collect();
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

/// Watches a calibration after each accepted batch, as argmin's `Observe`: it sees the whole
/// state (generation, tolerance, proposals) and returns `false` to cancel. Any [`Progress`]
/// observer is one (it sees accepted particles of the total).
pub trait Observe {
    fn observe(&mut self, abc: &Abc) -> bool;
}

impl<P: Progress + ?Sized> Observe for P {
    fn observe(&mut self, abc: &Abc) -> bool {
        let (done, total) = abc.progress();
        self.progress(done, total)
    }
}

/// Runs ABC-SMC to the end: the one loop over the state machine for callers that can block
/// (the CLI, with a threaded evaluator; tests). The page's worker pool cannot block, so it
/// drives [`Abc::next_batch`] / [`Abc::accept`] itself, batch by batch, to the same result.
pub fn calibrate(cfg: Config, eval: &mut dyn Evaluate, observer: &mut dyn Observe) -> Result<Posterior, SimError> {
    let mut abc = Abc::new(cfg)?;
    while let Some(batch) = abc.next_batch() {
        let d = eval.evaluate(&batch)?;
        abc.accept(&batch, &d)?;
        if !observer.observe(&abc) {
            return Err(SimError::Cancelled);
        }
    }
    abc.posterior()
}
