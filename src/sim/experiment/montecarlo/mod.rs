//! Monte Carlo: N replications, each seeded from (seed, i), summarised per
//! reporting date as medians and 50%/90% bands. The result does not depend on the
//! order or the thread count in which replications run: [`Prepared::run_rep_with`] runs one
//! replication and [`Tally::add`] takes them in any order, so a caller may run them on
//! threads (the native shells do, with `renkei::parallel`) or in workers (the page).

use crate::sim::error::SimError;
use crate::sim::model::engine::{Buffers, Sim, STREAM_NETWORK};
use crate::sim::model::plan::{Model, Plan};
use crate::sim::model::population::World;
use crate::sim::rng;
use crate::sim::scenario::posterior::{self, Particles, Uncertainty};
use crate::sim::scenario::{Network, Population, Scenario};
use serde::{Deserialize, Serialize};

pub mod blocks;
pub mod network_pool;
mod summary;
pub mod summary_bytes;
mod tally;

pub use summary::*;
pub use tally::Tally;

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
    /// The networks of an earlier run, handed back by `recycle`: a run of the same population
    /// that resamples its networks redraws them in these instead of building its own (a
    /// calibration runs each region once per proposal; the layouts, clones' allocations and
    /// copies were a sixth of an evaluation). What a network holds does not depend on what it held.
    spare: Vec<World>,
    /// The population the spare networks were laid out for (`None`: not generated ones): a
    /// generated network's layout is a function of the population alone (`World::build`).
    spare_population: Option<Population>,
    /// A calibration target's pool of networks (`Prepared::pooled`).
    pool: network_pool::NetworkPool,
}

impl Workspace {
    /// Keeps a finished run's networks for the next run on this workspace.
    pub fn recycle(&mut self, prep: Prepared) {
        if !prep.picks.is_empty() {
            return self.return_pool(prep.networks);
        }
        if !generated(prep.scn) {
            self.spare_population = None;
        } else if self.spare_population.as_ref() != Some(&prep.scn.population) {
            // Cloned only when it changed: a calibration recycles the same region's run once per
            // proposal, and the national target's population holds 370 area names.
            self.spare_population = Some(prep.scn.population.clone());
        }
        self.spare = prep.networks;
    }

    /// A spare network laid out for `scn`, if there is one.
    fn spare_for(&mut self, scn: &Scenario) -> Option<World> {
        let fits = generated(scn) && self.spare_population.as_ref() == Some(&scn.population);
        fits.then(|| self.spare.pop()).flatten()
    }
}

/// Is the scenario's network generated (laid out from its population, then drawn)?
fn generated(scn: &Scenario) -> bool {
    matches!(scn.network, Network::Generated { .. })
}

/// At most this many distinct generated networks per run; replication i uses network
/// i mod the pool size, drawn from stream (seed, i mod pool, NETWORK). Structural
/// uncertainty stays in the bands while network generation is paid once per run.
pub const NETWORK_POOL: usize = 64;
/// Memory budget for the pool of networks.
const POOL_BYTES: usize = 256 << 20;

/// How many networks a pool holds when they are resampled: `NETWORK_POOL`, fewer when they
/// would not fit in `POOL_BYTES`. It depends on the first network only, so replication i always
/// gets the same network. `net_bytes` counts lengths, so a spare gives the size a fresh build
/// gives: it is `heap_bytes` of a fresh build (its arrays are allocated to size, but for arrays
/// under 4 elements, whose rounding cannot matter: up to POOL_BYTES / NETWORK_POOL bytes the
/// pool is full either way).
fn pool_cap(first: &World) -> usize {
    (POOL_BYTES / first.net_bytes().max(1)).clamp(1, NETWORK_POOL)
}

/// Home offices per role (the denominators of the per-role rates); roles are the layout's.
fn role_totals(w: &World) -> [u32; 3] {
    let mut totals = [0u32; 3];
    for o in 0..w.n_home {
        totals[w.role[o] as usize] += 1;
    }
    totals
}

/// What a run is set up with, shared by all replications.
pub struct Prepared<'a> {
    pub scn: &'a Scenario,
    pub plan: Plan,
    /// The networks replications run on (one when the network is not resampled).
    pub networks: Vec<World>,
    /// A calibration's run (`pooled`): replication i runs on `networks[picks[i]]`; empty
    /// otherwise (replication i on network i mod the pool's size).
    picks: Vec<u32>,
    role_totals: [u32; 3],
    /// The posterior replications draw their parameters from (`None`: fixed parameters).
    pub posterior: Option<&'static Particles>,
}

impl<'a> Prepared<'a> {
    pub fn new(scn: &'a Scenario) -> Result<Prepared<'a>, SimError> {
        Prepared::reusing(scn, &mut Workspace::default())
    }

    /// As `new`, drawing the resampled networks into the spare networks of `ws` that have the
    /// first network's layout (the same networks as `new`; see `Workspace::recycle`).
    pub fn reusing(scn: &'a Scenario, ws: &mut Workspace) -> Result<Prepared<'a>, SimError> {
        scn.validate()?;
        let plan = Plan::new(scn);
        let resample = matches!(scn.network, Network::Generated { resample: true, .. });
        let seed0 = &mut rng::stream(scn.seed, 0, STREAM_NETWORK);
        // The first network is drawn in a spare laid out for this population when there is one
        // (the same network as a fresh build), else built afresh.
        let first = match ws.spare_for(scn) {
            Some(mut w) => {
                w.regenerate(scn, seed0);
                w
            }
            None => World::build(scn, seed0)?,
        };
        let pool = if resample { pool_cap(&first).min(scn.replications as usize) } else { 1 };
        let mut networks = Vec::with_capacity(pool);
        networks.push(first);
        // The spares are one run's networks, which share a layout, so one comparison settles them.
        let mut spare = std::mem::take(&mut ws.spare);
        if !spare.first().is_some_and(|w| w.same_layout(&networks[0])) {
            spare.clear();
        }
        for j in 1..pool {
            let mut w = spare.pop().unwrap_or_else(|| networks[0].clone());
            w.regenerate(scn, &mut rng::stream(scn.seed, j as u64, STREAM_NETWORK));
            networks.push(w);
        }
        Ok(Prepared::assemble(scn, plan, networks, Vec::new()))
    }

    /// A run's set-up from its networks (`picks`: see the field), whichever way they were drawn.
    fn assemble(scn: &'a Scenario, plan: Plan, networks: Vec<World>, picks: Vec<u32>) -> Prepared<'a> {
        let role_totals = role_totals(&networks[0]);
        let posterior = match scn.uncertainty {
            Uncertainty::Posterior => Some(posterior::shipped()),
            Uncertainty::Fixed => None,
        };
        Prepared { scn, plan, networks, picks, role_totals, posterior }
    }

    /// The parameters replication `rep` runs with: drawn from the posterior by (seed, rep), so
    /// strategies run with the same seed share them; `None` means the scenario's own.
    pub fn model(&self, rep: u64) -> Option<Model> {
        rep_model(self.scn, &self.plan, rep)
    }

    /// The network replication `rep` runs on.
    pub fn world(&self, rep: u64) -> &World {
        &self.networks[self.network_index(rep)]
    }

    fn network_index(&self, rep: u64) -> usize {
        match self.picks.get(rep as usize) {
            Some(&j) => j as usize,
            None => (rep % self.networks.len() as u64) as usize,
        }
    }

    /// The order replications are run in: grouped by network, so that a network stays in the
    /// processor's cache for its replications instead of 64 networks taking turns (the
    /// partner loop was waiting on network memory; the Sendai benchmark ran about a tenth
    /// faster). Each replication depends only on its index, so the order changes no result.
    pub fn run_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.scn.replications as usize).collect();
        order.sort_by_key(|&r| (self.network_index(r as u64), r));
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
        // Sized once: growing from the fixed metrics to the areas' reallocated three times.
        let mut v = Vec::with_capacity(M_AREAS + world.members.len());
        v.extend_from_slice(&[
            sim.rate(),
            if links == 0 { 0.0 } else { c.active_links as f64 / links as f64 },
            c.centres_adopted as f64,
            c.stopped_home as f64,
            c.planning_home as f64,
            ratio(c.adopted_by_role[0], self.role_totals[0]),
            ratio(c.adopted_by_role[1], self.role_totals[1]),
            ratio(c.adopted_by_role[2], self.role_totals[2]),
        ]);
        v.extend(world.members.iter().enumerate().map(|(a, m)| ratio(c.adopted_by_area[a], m.len() as u32)));
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

/// The run whose fingerprint native and wasm builds must share: a fixed scenario that
/// exercises every lever kind, threshold response, stopping and a resampled network.
pub fn reference_scenario() -> Scenario {
    use crate::sim::scenario::params::Params;
    use crate::sim::scenario::strategy::Strategy;
    let mut s = crate::sim::scenario::regions::preset("example").unwrap_or_else(|| Scenario {
        name: String::new(),
        population: crate::sim::scenario::Population {
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
        start: crate::sim::date::Date::UNIX_EPOCH,
        end: crate::sim::date::Date::UNIX_EPOCH,
        seed: 0,
        replications: 1,
        observed: vec![],
        condition: None,
        cost: None,
        targeting: None,
        survey: None,
        assumed: Vec::new(),
    });
    // Fixed parameters (not the calibrated defaults, which change when recalibrated).
    s.uncertainty = crate::sim::scenario::posterior::Uncertainty::Fixed;
    s.params = Params {
        p: 0.05,
        q: 1.2,
        response: crate::sim::scenario::params::Response::Threshold,
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
    s.network = crate::sim::scenario::Network::Generated {
        mean_partners: 10.0,
        provider_tail: 1.5,
        in_area: 0.7,
        cross_border: 0.2,
        resample: true,
    };
    let mut levers = Vec::new();
    for name in ["area_by_area", "focus_training", "centre_partners", "visits_support", "partner_request"] {
        if let Some(st) = crate::sim::scenario::strategies::library(name, &s) {
            levers.extend(st.levers);
        }
    }
    levers.extend(crate::sim::scenario::strategies::calendar("2026-05-31"));
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
mod reuse_tests {
    use super::*;

    /// Each network's links, to compare runs.
    fn links(prep: &Prepared) -> Vec<(Vec<u32>, Vec<u32>)> {
        prep.networks.iter().map(|w| (w.offsets.clone(), w.nbrs.clone())).collect()
    }

    #[test]
    fn networks_redrawn_in_spares_are_those_of_a_fresh_run() -> Result<(), SimError> {
        let scn = reference_scenario();
        let fresh = Prepared::new(&scn)?;
        assert_eq!(fresh.networks[0].net_bytes(), fresh.networks[0].heap_bytes(), "a fresh network is sized to fit");
        let mut ws = Workspace::default();
        // Spares from another seed (the first network among them), then from another population.
        let mut other = scn.clone();
        other.seed += 1;
        let prep = Prepared::reusing(&other, &mut ws)?;
        ws.recycle(prep);
        let reused = Prepared::reusing(&scn, &mut ws)?;
        assert_eq!(links(&reused), links(&fresh));
        ws.recycle(reused);
        let mut bigger = scn.clone();
        bigger.population.external_offices += 5;
        let prep = Prepared::reusing(&bigger, &mut ws)?;
        assert_eq!(links(&prep), links(&Prepared::new(&bigger)?), "another population's spares are not used");
        ws.recycle(prep);
        let again = Prepared::reusing(&scn, &mut ws)?;
        assert_eq!(links(&again), links(&fresh));
        Ok(())
    }
}
