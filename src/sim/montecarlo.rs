//! Monte Carlo: N replications, each seeded from (seed, i), summarised per
//! reporting date as medians and 50%/90% bands. The result does not depend on the
//! order or the thread count in which replications run.

use super::engine::{Buffers, Sim, STREAM_NETWORK};
use super::error::SimError;
use super::plan::{Model, Plan};
use super::population::World;
use super::posterior::{self, Particles, Uncertainty};
use super::rng;
use super::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// Progress of a long computation; returning `false` cancels it (argmin-style observer).
pub trait Progress {
    fn progress(&mut self, done: usize, total: usize) -> bool;
}

/// An observer that ignores progress.
pub struct Quiet;

impl Progress for Quiet {
    fn progress(&mut self, _: usize, _: usize) -> bool {
        true
    }
}

impl<F: FnMut(usize, usize) -> bool> Progress for F {
    fn progress(&mut self, done: usize, total: usize) -> bool {
        self(done, total)
    }
}

/// Metrics recorded at each reporting date of one replication.
pub const M_RATE: usize = 0;
pub const M_ACTIVE: usize = 1;
pub const M_CENTRES: usize = 2;
pub const M_STOPPED: usize = 3;
pub const M_PLANNING: usize = 4;
pub const M_CM: usize = 5;
pub const M_PROVIDER: usize = 6;
pub const M_CENTRE_RATE: usize = 7;
/// Per-area rates follow the fixed metrics.
pub const M_AREAS: usize = 8;

/// One replication's record: `values[date][metric]`.
#[derive(Clone, Debug, PartialEq)]
pub struct RepRecord {
    pub values: Vec<Vec<f64>>,
}

/// Per-thread memory reused across replications.
#[derive(Default)]
pub struct Workspace {
    pub buffers: Buffers,
}

/// At most this many distinct generated networks per run; replication i uses network
/// i mod the pool size, drawn from stream (seed, i mod pool, NETWORK). Structural
/// uncertainty stays in the bands while network generation is paid once per run.
pub const NETWORK_POOL: usize = 64;
/// Memory budget for the pool of networks.
const POOL_BYTES: usize = 256 << 20;

/// What a run is set up with, shared by all replications.
pub struct Prepared<'a> {
    pub scn: &'a Scenario,
    pub plan: Plan,
    /// The networks replications run on (one when the network is not resampled).
    pub networks: Vec<World>,
    role_totals: [u32; 3],
    /// The posterior replications draw their parameters from (`None`: fixed parameters).
    pub posterior: Option<&'static Particles>,
}

impl<'a> Prepared<'a> {
    pub fn new(scn: &'a Scenario) -> Result<Prepared<'a>, SimError> {
        scn.validate()?;
        let plan = Plan::new(scn);
        let resample = matches!(scn.network, super::scenario::Network::Generated { resample: true, .. });
        let first = World::build(scn, &mut rng::stream(scn.seed, 0, STREAM_NETWORK))?;
        // The pool size depends on the scenario only, so replication i always gets the same network.
        let cap = (POOL_BYTES / first.heap_bytes().max(1)).clamp(1, NETWORK_POOL);
        let pool = if resample { cap.min(scn.replications as usize) } else { 1 };
        let mut networks = Vec::with_capacity(pool);
        networks.push(first);
        for j in 1..pool {
            let mut w = networks[0].clone();
            w.regenerate(scn, &mut rng::stream(scn.seed, j as u64, STREAM_NETWORK));
            networks.push(w);
        }
        let mut totals = [0u32; 3];
        for o in 0..networks[0].n_home {
            totals[networks[0].role[o] as usize] += 1;
        }
        let posterior = match scn.uncertainty {
            Uncertainty::Posterior => Some(posterior::shipped()),
            Uncertainty::Fixed => None,
        };
        Ok(Prepared { scn, plan, networks, role_totals: totals, posterior })
    }

    /// The parameters replication `rep` runs with: drawn from the posterior by (seed, rep), so
    /// strategies run with the same seed share them; `None` means the scenario's own.
    pub fn model(&self, rep: u64) -> Option<Model> {
        rep_model(self.scn, &self.plan, rep)
    }

    /// The network replication `rep` runs on.
    pub fn world(&self, rep: u64) -> &World {
        &self.networks[(rep % self.networks.len() as u64) as usize]
    }

    /// The order replications are run in: grouped by network, so that a network stays in the
    /// processor's cache for its replications instead of 64 networks taking turns (the
    /// partner loop was waiting on network memory; the Sendai benchmark ran about a tenth
    /// faster). Each replication depends only on its index, so the order changes no result.
    pub fn run_order(&self) -> Vec<usize> {
        let pool = self.networks.len().max(1);
        let mut order: Vec<usize> = (0..self.scn.replications as usize).collect();
        order.sort_by_key(|&r| (r % pool, r));
        order
    }

    /// Runs replication `rep` and records every reporting date.
    pub fn run_rep(&self, rep: u64) -> Result<RepRecord, SimError> {
        self.run_rep_with(rep, &mut Workspace::default())
    }

    /// As `run_rep`, reusing working memory across replications.
    pub fn run_rep_with(&self, rep: u64, ws: &mut Workspace) -> Result<RepRecord, SimError> {
        let world = self.world(rep);
        let buffers = &mut ws.buffers;
        let drawn = self.model(rep);
        let model = drawn.as_ref().unwrap_or(&self.plan.model);
        let mut sim = Sim::with_buffers(self.scn, world, &self.plan, model, rep, std::mem::take(buffers));
        let mut values = Vec::with_capacity(self.plan.reports.len());
        for &(_, at) in &self.plan.reports {
            while sim.week < at {
                sim.step();
            }
            values.push(self.record(&sim, world));
        }
        *buffers = sim.into_buffers();
        Ok(RepRecord { values })
    }

    /// Runs replication `rep` with `model`'s parameters (the scenario's own when `None`) and lets
    /// `look` read the engine at the reporting dates `at` (indices into `plan.reports`,
    /// ascending): the calibration's figures need more than the recorded metrics.
    pub fn observe_rep(
        &self,
        rep: u64,
        model: Option<&Model>,
        ws: &mut Workspace,
        at: &[usize],
        look: &mut dyn FnMut(usize, &Sim, &World),
    ) {
        let world = self.world(rep);
        let model = model.unwrap_or(&self.plan.model);
        let mut sim = Sim::with_buffers(self.scn, world, &self.plan, model, rep, std::mem::take(&mut ws.buffers));
        for &d in at {
            let Some(&(_, week)) = self.plan.reports.get(d) else { continue };
            while sim.week < week {
                sim.step();
            }
            look(d, &sim, world);
        }
        ws.buffers = sim.into_buffers();
    }

    fn record(&self, sim: &Sim, world: &World) -> Vec<f64> {
        let c = &sim.counts;
        let ratio = |a: u32, b: u32| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let links = world.links() as u64;
        let mut v = vec![
            sim.rate(),
            if links == 0 { 0.0 } else { c.active_links as f64 / links as f64 },
            c.centres_adopted as f64,
            c.stopped_home as f64,
            c.planning_home as f64,
            ratio(c.adopted_by_role[0], self.role_totals[0]),
            ratio(c.adopted_by_role[1], self.role_totals[1]),
            ratio(c.adopted_by_role[2], self.role_totals[2]),
        ];
        for (a, m) in world.members.iter().enumerate() {
            v.push(ratio(c.adopted_by_area[a], m.len() as u32));
        }
        v
    }
}

/// The parameters replication `rep` of `scn` runs with in a posterior run (drawn by (seed,
/// rep)); `None` in a fixed run, which uses `plan.model`.
pub fn rep_model(scn: &Scenario, plan: &Plan, rep: u64) -> Option<Model> {
    match scn.uncertainty {
        Uncertainty::Posterior => Some(posterior::shipped().model(&scn.params, &scn.pinned, plan, scn.seed, rep)),
        Uncertainty::Fixed => None,
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Quantiles {
    pub median: f64,
    pub p05: f64,
    pub p25: f64,
    pub p75: f64,
    pub p95: f64,
    pub mean: f64,
}

impl Quantiles {
    /// Quantiles by linear interpolation between order statistics (type 7).
    pub fn of(values: &mut [f64]) -> Quantiles {
        if values.is_empty() {
            return Quantiles::default();
        }
        values.sort_by(f64::total_cmp);
        let q = |p: f64| {
            let h = (values.len() - 1) as f64 * p;
            let lo = h.floor() as usize;
            let hi = h.ceil() as usize;
            if values[lo] == values[hi] {
                return values[lo]; // also keeps +inf (never reached) from turning into NaN
            }
            values[lo] + (h - lo as f64) * (values[hi] - values[lo])
        };
        Quantiles {
            median: q(0.5),
            p05: q(0.05),
            p25: q(0.25),
            p75: q(0.75),
            p95: q(0.95),
            mean: values.iter().sum::<f64>() / values.len() as f64,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ByRole {
    pub care_management: Quantiles,
    pub provider: Quantiles,
    pub centre: Quantiles,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MonthStats {
    pub date: String,
    /// Adoption rate of the municipality's offices.
    pub rate: Quantiles,
    /// Share of links whose two ends both use the system.
    pub active_link_share: Quantiles,
    pub centres_adopted: Quantiles,
    pub stopped: Quantiles,
    pub planning: Quantiles,
    pub by_role: ByRole,
    /// Adoption rate per area, in the order of `header.areas`.
    pub by_area: Vec<Quantiles>,
}

/// Months from the start until the rate first reaches a level, over replications.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub level: f64,
    /// Share of replications that reach the level within the horizon.
    pub reached: f64,
    /// Median months among all replications (`null` when fewer than half reach it).
    pub median_months: Option<f64>,
    pub p05_months: Option<f64>,
    pub p95_months: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub version: String,
    pub scenario: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub replications: u32,
    /// "posterior" (each replication draws the calibrated parameters) or "fixed".
    pub uncertainty: String,
    /// The calibration the parameters were drawn from (posterior runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posterior_version: Option<String>,
    /// Calibrated parameters drawn per replication (posterior runs; the rest are fixed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drawn: Vec<String>,
    pub home_offices: usize,
    pub external_offices: usize,
    pub links: usize,
    pub areas: Vec<String>,
    /// A conditioned run's conditioning date ("today"): dates before it are the region's history
    /// as the model runs it, its own value is the observed count, and milestones count from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub today: Option<String>,
    /// The name of the strategy (the plan) this run executed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub strategy: String,
    /// How to read the strategy: a plan from today or a counterfactual from the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ObservedPoint {
    pub date: String,
    pub rate: f64,
    pub adopters: u32,
    pub offices: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub header: Header,
    pub months: Vec<MonthStats>,
    pub milestones: Vec<Milestone>,
    pub observed: Vec<ObservedPoint>,
    /// The adoption rate of every replication at every reporting date (`paths[rep][date]`),
    /// for differences paired by seed between strategies.
    pub paths: Vec<Vec<f32>>,
}

/// How a metric's values are told apart: every metric but the active-link share of a run
/// over several networks is a whole number of offices, or such a number over a denominator
/// that does not change between replications, so it is kept as that number.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Scale {
    /// `k / den` (`ratio` in `Prepared::record`; 0 when `den` is 0), `k` in `0..=den`.
    Ratio(u64),
    /// `k` itself, `k` in `0..=max`.
    Count(u64),
    /// Any number (the active-link share when replications run on different networks).
    Any,
}

impl Scale {
    /// How many values `k` can take (`None`: any number).
    fn values(self) -> Option<u64> {
        match self {
            Scale::Ratio(d) => Some(d + 1),
            Scale::Count(m) => Some(m + 1),
            Scale::Any => None,
        }
    }

    /// The value of `k`, computed exactly as `Prepared::record` does.
    fn value(self, k: u32) -> f64 {
        match self {
            Scale::Ratio(0) => 0.0,
            Scale::Ratio(d) => k as f64 / d as f64,
            Scale::Count(_) | Scale::Any => k as f64,
        }
    }

    /// The `k` whose value is `v` to the last bit, if there is one.
    fn numerator(self, v: f64) -> Option<u32> {
        let k = match self {
            Scale::Ratio(d) => (v * d as f64).round(),
            Scale::Count(_) => v,
            Scale::Any => return None,
        };
        let max = self.values()? - 1;
        if !(0.0..=max as f64).contains(&k) || k > u32::MAX as f64 {
            return None;
        }
        let k = k as u32;
        (self.value(k).to_bits() == v.to_bits()).then_some(k)
    }
}

/// Where one metric's values are kept, in every reporting date's block.
#[derive(Clone, Copy, Debug)]
enum Keep {
    /// `counts[at + k]`: how many replications had numerator `k`. Used when the numerator
    /// takes fewer values than there are replications, so memory is bounded by the offices,
    /// not by the replications.
    Counts { at: usize },
    /// `counts[at + rep]`: replication `rep`'s numerator (fewer replications than values).
    Numerators { at: usize },
    /// `values[at + rep]`: replication `rep`'s value (`Scale::Any`).
    Values { at: usize },
}

/// The replications' values per reporting date and metric, kept so that the quantiles and
/// means of `Quantiles::of` come out exactly as from every value: the same values, so the
/// same sorted order and the same sums. Replications can be added in any order.
pub struct Tally {
    metrics: Vec<(Scale, Keep)>,
    reps: usize,
    /// `dates` blocks of `block` counters.
    counts: Vec<u32>,
    block: usize,
    /// `dates` blocks of `vblock` values.
    values: Vec<f64>,
    vblock: usize,
    /// Each replication's rate per date (`Summary::paths`).
    paths: Vec<Vec<f32>>,
}

impl Tally {
    pub fn new(prep: &Prepared) -> Tally {
        let world = prep.world(0);
        let reps = prep.scn.replications as usize;
        let dates = prep.plan.reports.len();
        let n = world.len() as u64;
        // Every network has its own link count; a count beyond u32 is kept as a value too.
        let links = match world.links() as u64 {
            l if prep.networks.len() == 1 && l < u32::MAX as u64 => Scale::Ratio(l),
            _ => Scale::Any,
        };
        let mut scales =
            vec![Scale::Ratio(world.n_home as u64), links, Scale::Count(n), Scale::Count(n), Scale::Count(n)];
        scales.extend(prep.role_totals.iter().map(|&t| Scale::Ratio(t as u64)));
        scales.extend(world.members.iter().map(|m| Scale::Ratio(m.len() as u64)));
        let (mut block, mut vblock) = (0, 0);
        let metrics = scales
            .into_iter()
            .map(|s| {
                let keep = match s.values() {
                    None => {
                        vblock += reps;
                        Keep::Values { at: vblock - reps }
                    }
                    Some(v) if v < reps as u64 => {
                        block += v as usize;
                        Keep::Counts { at: block - v as usize }
                    }
                    Some(_) => {
                        block += reps;
                        Keep::Numerators { at: block - reps }
                    }
                };
                (s, keep)
            })
            .collect();
        Tally {
            metrics,
            reps,
            counts: vec![0; dates * block],
            block,
            values: vec![0.0; dates * vblock],
            vblock,
            paths: vec![Vec::new(); reps],
        }
    }

    /// Adds replication `rep`'s record.
    pub fn add(&mut self, rep: usize, rec: &RepRecord) -> Result<(), SimError> {
        for (d, row) in rec.values.iter().enumerate() {
            for (&(scale, keep), &v) in self.metrics.iter().zip(row) {
                let k = || {
                    scale.numerator(v).ok_or_else(|| {
                        SimError::Internal(format!("replication {rep}: value {v} is not a whole number of {scale:?}"))
                    })
                };
                match keep {
                    Keep::Counts { at } => self.counts[d * self.block + at + k()? as usize] += 1,
                    Keep::Numerators { at } => self.counts[d * self.block + at + rep] = k()?,
                    Keep::Values { at } => self.values[d * self.vblock + at + rep] = v,
                }
            }
        }
        self.paths[rep] = rec.values.iter().map(|v| v[M_RATE] as f32).collect();
        Ok(())
    }

    /// The quantiles of metric `m` at date `d`; `col` is scratch space.
    fn quantiles(&self, d: usize, m: usize, col: &mut Vec<f64>) -> Quantiles {
        col.clear();
        let (scale, keep) = self.metrics[m];
        match keep {
            Keep::Counts { at } => {
                let counts = &self.counts[d * self.block + at..];
                let len = scale.values().unwrap_or(0) as usize;
                for (k, &c) in counts[..len].iter().enumerate() {
                    col.extend(std::iter::repeat_n(scale.value(k as u32), c as usize));
                }
            }
            Keep::Numerators { at } => {
                let ks = &self.counts[d * self.block + at..][..self.reps];
                col.extend(ks.iter().map(|&k| scale.value(k)));
            }
            Keep::Values { at } => col.extend_from_slice(&self.values[d * self.vblock + at..][..self.reps]),
        }
        Quantiles::of(col)
    }
}

/// Runs all replications in order on this thread, reporting progress.
pub fn run(scn: &Scenario, progress: &mut dyn Progress) -> Result<Summary, SimError> {
    let prep = Prepared::new(scn)?;
    let n = scn.replications as usize;
    let mut tally = Tally::new(&prep);
    let mut buffers = Workspace::default();
    for (done, rep) in prep.run_order().into_iter().enumerate() {
        tally.add(rep, &prep.run_rep_with(rep as u64, &mut buffers)?)?;
        if !progress.progress(done + 1, n) {
            return Err(SimError::Cancelled);
        }
    }
    summarise(&prep, tally)
}

/// Runs replications on `threads` native threads; the result is identical to `run`.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_threads(scn: &Scenario, threads: usize) -> Result<Summary, SimError> {
    let prep = Prepared::new(scn)?;
    let tally = run_reps_threads(&prep, threads)?;
    summarise(&prep, tally)
}

/// All replications, computed on `threads` threads and added to a tally as each finishes
/// (so a thread holds one replication's record at a time); the error of the first
/// replication in replication order that failed, if any.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_reps_threads(prep: &Prepared, threads: usize) -> Result<Tally, SimError> {
    let n = prep.scn.replications as usize;
    let threads = threads.clamp(1, n.max(1));
    let order = prep.run_order();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let tally = std::sync::Mutex::new(Tally::new(prep));
    let errors: Vec<(usize, SimError)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut errors = Vec::new();
                    let mut buffers = Workspace::default();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&rep) = order.get(i) else {
                            break;
                        };
                        let added = prep.run_rep_with(rep as u64, &mut buffers).and_then(|rec| match tally.lock() {
                            Ok(mut t) => t.add(rep, &rec),
                            Err(_) => Err(SimError::Internal("a worker thread failed".into())),
                        });
                        if let Err(e) = added {
                            errors.push((rep, e));
                        }
                    }
                    errors
                })
            })
            .collect();
        let failed = || vec![(0, SimError::Internal("a worker thread failed".into()))];
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|_| failed())).collect()
    });
    if let Some((_, e)) = errors.into_iter().min_by_key(|e| e.0) {
        return Err(e);
    }
    tally.into_inner().map_err(|_| SimError::Internal("a worker thread failed".into()))
}

/// The number of native threads to use by default.
#[cfg(not(target_arch = "wasm32"))]
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// Turns the replications' tally into quantiles per reporting date.
pub fn summarise(prep: &Prepared, tally: Tally) -> Result<Summary, SimError> {
    let scn = prep.scn;
    let plan = &prep.plan;
    let world = prep.world(0);
    let n_areas = scn.population.areas.len();
    let mut col = Vec::with_capacity(tally.reps);
    let mut stat = |d: usize, m: usize| tally.quantiles(d, m, &mut col);
    let months = plan
        .reports
        .iter()
        .enumerate()
        .map(|(d, (date, _))| MonthStats {
            date: date.to_string(),
            rate: stat(d, M_RATE),
            active_link_share: stat(d, M_ACTIVE),
            centres_adopted: stat(d, M_CENTRES),
            stopped: stat(d, M_STOPPED),
            planning: stat(d, M_PLANNING),
            by_role: ByRole {
                care_management: stat(d, M_CM),
                provider: stat(d, M_PROVIDER),
                centre: stat(d, M_CENTRE_RATE),
            },
            by_area: (0..n_areas).map(|a| stat(d, M_AREAS + a)).collect(),
        })
        .collect();
    let paths = tally.paths;
    let today = scn.condition.as_ref().map(|c| c.date);
    let from = today.and_then(|t| plan.reports.iter().position(|r| r.0 == t)).unwrap_or(0);
    let milestones = [0.3, 0.5].iter().map(|&level| milestone(plan, &paths, level, from)).collect();
    Ok(Summary {
        header: Header {
            version: env!("CARGO_PKG_VERSION").to_string(),
            scenario: scn.name.clone(),
            scenario_hash: scn.hash(),
            seed: scn.seed,
            replications: scn.replications,
            uncertainty: scn.uncertainty.as_str().to_string(),
            posterior_version: prep.posterior.map(|p| p.version.clone()),
            drawn: scn.drawn_params(),
            home_offices: world.n_home,
            external_offices: world.len() - world.n_home,
            links: world.links(),
            areas: scn.population.areas.iter().map(|a| a.name.clone()).collect(),
            today: today.map(|t| t.to_string()),
            strategy: scn.strategy.name.clone(),
            view: Some(super::forward::view_label(scn).0),
        },
        months,
        milestones,
        observed: scn
            .observed
            .iter()
            .map(|o| ObservedPoint {
                date: o.date.to_string(),
                rate: o.rate(),
                adopters: o.adopters,
                offices: o.offices,
            })
            .collect(),
        paths,
    })
}

/// Months from reporting date `from` (the start, or "today" in a conditioned run) until the
/// rate first reaches `level` at or after it.
fn milestone(plan: &Plan, paths: &[Vec<f32>], level: f64, from: usize) -> Milestone {
    let start = plan.reports.get(from).map(|r| r.0);
    let months_at = |d: usize| -> f64 {
        match start {
            Some(s) => s.days_until(plan.reports[d].0) as f64 / (365.25 / 12.0),
            None => 0.0,
        }
    };
    // Unreached replications count as +infinity so the quantiles stay honest.
    let mut times: Vec<f64> = paths
        .iter()
        .map(|p| {
            let first = p.iter().skip(from).position(|&r| r as f64 >= level);
            first.map(|i| months_at(i + from)).unwrap_or(f64::INFINITY)
        })
        .collect();
    let reached = times.iter().filter(|t| t.is_finite()).count() as f64 / times.len().max(1) as f64;
    let q = Quantiles::of(&mut times);
    let fin = |x: f64| {
        if x.is_finite() {
            Some((x * 10.0).round() / 10.0)
        } else {
            None
        }
    };
    Milestone { level, reached, median_months: fin(q.median), p05_months: fin(q.p05), p95_months: fin(q.p95) }
}

/// A short hash of a summary's JSON: equal fingerprints mean equal numbers to the last bit.
/// Native and wasm builds are checked against the same fingerprint (tests/fixtures).
pub fn fingerprint(summary: &Summary) -> String {
    let text = serde_json::to_string(summary).unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The run whose fingerprint native and wasm builds must share: a fixed scenario that
/// exercises every lever kind, threshold response, stopping and a resampled network.
pub fn reference_scenario() -> Scenario {
    use super::params::Params;
    use super::strategy::Strategy;
    let mut s = super::regions::preset("example").unwrap_or_else(|| Scenario {
        name: String::new(),
        population: super::scenario::Population {
            areas: vec![],
            care_management_share: 0.25,
            external_offices: 0,
            initial_adopted: 0,
            initial_external_adopted: 0,
            initial_centres_adopted: None,
            out_of_scope: 0,
        },
        network: Default::default(),
        params: Params::default(),
        uncertainty: Default::default(),
        pinned: vec![],
        strategy: Strategy::default(),
        start: super::date::Date::UNIX_EPOCH,
        end: super::date::Date::UNIX_EPOCH,
        seed: 0,
        replications: 1,
        observed: vec![],
        condition: None,
        cost: None,
        targeting: None,
        survey: None,
    });
    // Fixed parameters (not the calibrated defaults, which change when recalibrated).
    s.uncertainty = super::posterior::Uncertainty::Fixed;
    s.params = Params {
        p: 0.05,
        q: 1.2,
        response: super::params::Response::Threshold,
        threshold: 0.3,
        steepness: 2.5,
        outreach_efficacy: 0.3,
        advocate_boost: 1.0,
        training_efficacy: 0.3,
        visit_efficacy: 0.4,
        request_efficacy: 0.3,
        setup_rate: Some(8.0),
        barrier_share: 0.2,
        barrier_factor: 0.3,
        barrier_decision: 0.5,
        readiness_rate: 0.3,
        support_boost: 2.0,
        planning_dropout: 0.5,
        stop_rate: 0.1,
        isolation_factor: 3.0,
        waiver_end_stop: 0.2,
        waiver_boost: 1.0,
        deadline_boost: 0.5,
    };
    s.population.external_offices = 30;
    s.population.out_of_scope = 60;
    s.network = super::scenario::Network::Generated {
        mean_partners: 10.0,
        provider_tail: 1.5,
        in_area: 0.7,
        cross_border: 0.2,
        resample: true,
    };
    let mut levers = Vec::new();
    for name in ["area_by_area", "focus_training", "centre_partners", "visits_support", "partner_request"] {
        if let Some(st) = super::strategies::library(name, &s) {
            levers.extend(st.levers);
        }
    }
    levers.extend(super::strategies::calendar("2026-05-31"));
    s.strategy = Strategy { name: "reference".into(), levers };
    s.seed = 12345;
    s.replications = 24;
    s
}

#[cfg(test)]
mod order_tests {
    use super::*;

    #[test]
    fn a_replication_does_not_depend_on_the_one_before() -> Result<(), SimError> {
        let scn = reference_scenario();
        let prep = Prepared::new(&scn)?;
        let mut ws = Workspace::default();
        let fresh: Vec<RepRecord> = (0..6).map(|r| prep.run_rep(r)).collect::<Result<_, _>>()?;
        for r in [5u64, 2, 0, 4, 1, 3] {
            assert_eq!(prep.run_rep_with(r, &mut ws)?, fresh[r as usize], "rep {r}");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tally_tests {
    use super::*;

    /// The quantiles of every replication's values, as before the tally.
    fn from_records(prep: &Prepared, d: usize, m: usize) -> Quantiles {
        let n = prep.scn.replications as u64;
        let mut col: Vec<f64> =
            (0..n).map(|r| prep.run_rep(r).map(|rec| rec.values[d][m]).unwrap_or(f64::NAN)).collect();
        Quantiles::of(&mut col)
    }

    #[test]
    fn the_tally_gives_the_quantiles_and_means_of_every_value() -> Result<(), SimError> {
        // Counters (areas of 3 offices, 30 replications), numerators per replication (rate,
        // counts) and values per replication (the active-link share over a network pool).
        let mut scn = reference_scenario();
        scn.replications = 30;
        for a in scn.population.areas.iter_mut() {
            a.offices = 3;
        }
        scn.population.initial_adopted = 1;
        scn.population.initial_centres_adopted = None;
        scn.population.out_of_scope = 0;
        let prep = Prepared::new(&scn)?;
        let tally = Tally::new(&prep);
        let keeps: Vec<&str> = tally
            .metrics
            .iter()
            .map(|(_, k)| match k {
                Keep::Counts { .. } => "counts",
                Keep::Numerators { .. } => "numerators",
                Keep::Values { .. } => "values",
            })
            .collect();
        assert_eq!((keeps[M_ACTIVE], keeps[M_AREAS]), ("values", "counts"), "{keeps:?}");
        assert!(keeps.contains(&"numerators"), "{keeps:?}");
        let sum = run(&scn, &mut Quiet)?;
        let last = prep.plan.reports.len() - 1;
        for d in [0, last / 2, last] {
            let m = &sum.months[d];
            assert_eq!(m.rate, from_records(&prep, d, M_RATE));
            assert_eq!(m.active_link_share, from_records(&prep, d, M_ACTIVE));
            assert_eq!(m.stopped, from_records(&prep, d, M_STOPPED));
            for (a, q) in m.by_area.iter().enumerate() {
                let want = from_records(&prep, d, M_AREAS + a);
                assert_eq!((q.mean.to_bits(), q), (want.mean.to_bits(), &want), "date {d} area {a}");
            }
        }
        Ok(())
    }

    #[test]
    fn a_value_that_is_no_whole_number_of_offices_is_an_error_not_a_wrong_count() {
        assert_eq!(Scale::Ratio(3).numerator(2.0 / 3.0), Some(2));
        assert_eq!(Scale::Ratio(0).numerator(0.0), Some(0));
        assert_eq!(Scale::Count(5).numerator(5.0), Some(5));
        assert_eq!(Scale::Ratio(3).numerator(0.5), None);
        assert_eq!(Scale::Count(5).numerator(6.0), None);
        assert_eq!(Scale::Count(5).numerator(-0.0), None);
        assert_eq!(Scale::Any.numerator(1.0), None);
    }
}
