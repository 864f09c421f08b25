//! A calibration's networks: each target draws one pool of networks per calibration, and each
//! replication of a proposal runs on a network picked from it, instead of every proposal drawing
//! its own networks (network generation was 47% of an evaluation).
//!
//! Why this keeps the calibration honest (docs/calibration.md, "networks"): a replication still
//! runs on a random network, now drawn from the pool's empirical distribution instead of from the
//! generator, exactly as every forecast run does with its pool of `NETWORK_POOL`. Proposals pick
//! independently (by their own seed), so two proposals share networks only as two replications
//! of one forecast run do, by landing on the same one. What the pool adds is a shift of each
//! figure's mean by the pool's own sampling error, about the between-network SD over √64, the
//! same for every proposal; docs/calibration.md measures it against the figures' observation SDs.

use super::{pool_cap, Prepared, Workspace};
use crate::sim::error::SimError;
use crate::sim::model::engine::STREAM_NETWORK;
use crate::sim::model::plan::Plan;
use crate::sim::model::population::World;
use crate::sim::rng;
use crate::sim::scenario::{Network, Population, Scenario};

/// One target's pool in a workspace. Networks are drawn when first picked (network j from
/// stream (pool seed, j, NETWORK), as a run's network j from its seed), so what a pool holds does
/// not depend on which proposals a thread happened to evaluate.
#[derive(Default)]
pub(super) struct NetworkPool {
    /// What the pool was drawn for: its seed, the population and the network's settings.
    seed: u64,
    population: Option<Population>,
    network: Option<Network>,
    /// Network j, or an empty world while no replication has picked it.
    nets: Vec<World>,
    built: Vec<bool>,
}

impl NetworkPool {
    /// Was the pool drawn for this seed and scenario, and is it whole? A run that stopped with
    /// an error before handing its networks back (`Workspace::recycle`) leaves it empty.
    fn holds(&self, seed: u64, scn: &Scenario) -> bool {
        self.seed == seed
            && !self.nets.is_empty()
            && self.nets.len() == self.built.len()
            && self.population.as_ref() == Some(&scn.population)
            && self.network.as_ref() == Some(&scn.network)
    }
}

/// The pool network replication `rep` of a run seeded `seed` runs on, out of `size`: a draw of
/// stream (seed, rep, NETWORK), the stream that would otherwise have drawn its own network.
pub fn pick(seed: u64, rep: u64, size: usize) -> usize {
    rng::below(&mut rng::stream(seed, rep, STREAM_NETWORK), size)
}

impl<'a> Prepared<'a> {
    /// As `reusing`, but replication i runs on network `pick(scn.seed, i, size)` of the pool
    /// drawn with `pool_seed` (kept in `ws` for the next run of the same population, network and
    /// pool seed). The pool holds as many networks as a run's pool would (`pool_cap`), whatever
    /// the number of replications; a network that is not resampled is a pool of one.
    pub fn pooled(scn: &'a Scenario, ws: &mut Workspace, pool_seed: u64) -> Result<Prepared<'a>, SimError> {
        scn.validate()?;
        let plan = Plan::new(scn);
        let mut pool = std::mem::take(&mut ws.pool);
        if !pool.holds(pool_seed, scn) {
            let first = World::build(scn, &mut rng::stream(pool_seed, 0, STREAM_NETWORK))?;
            let resample = matches!(scn.network, Network::Generated { resample: true, .. });
            let size = if resample { pool_cap(&first) } else { 1 };
            pool.nets.clear();
            pool.nets.push(first);
            pool.nets.resize_with(size, World::default);
            pool.built.clear();
            pool.built.resize(size, false);
            pool.built[0] = true;
            pool.seed = pool_seed;
            pool.population = Some(scn.population.clone());
            pool.network = Some(scn.network.clone());
        }
        let size = pool.nets.len();
        let picks: Vec<u32> = (0..scn.replications as u64).map(|r| pick(scn.seed, r, size) as u32).collect();
        for &j in &picks {
            let j = j as usize;
            if !pool.built[j] {
                let mut w = pool.nets[0].clone();
                w.regenerate(scn, &mut rng::stream(pool_seed, j as u64, STREAM_NETWORK));
                w.shed_scratch();
                pool.nets[j] = w;
                pool.built[j] = true;
            }
        }
        let networks = std::mem::take(&mut pool.nets);
        ws.pool = pool;
        Ok(Prepared::assemble(scn, plan, networks, picks))
    }
}

impl Workspace {
    /// Hands a pooled run's networks back to the workspace's pool.
    pub(super) fn return_pool(&mut self, networks: Vec<World>) {
        self.pool.nets = networks;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::regions;

    fn scenario(seed: u64, reps: u32) -> Scenario {
        let mut s = regions::preset("chitose").expect("preset");
        s.seed = seed;
        s.replications = reps;
        s
    }

    /// Network j of a pool drawn with `pool_seed`, built afresh.
    fn fresh(scn: &Scenario, pool_seed: u64, j: u64) -> World {
        let mut w = World::build(scn, &mut rng::stream(pool_seed, 0, STREAM_NETWORK)).expect("builds");
        if j > 0 {
            w.regenerate(scn, &mut rng::stream(pool_seed, j, STREAM_NETWORK));
        }
        w
    }

    #[test]
    fn a_replication_runs_on_the_pool_network_its_seed_picks() {
        let scn = scenario(11, 24);
        let mut ws = Workspace::default();
        let prep = Prepared::pooled(&scn, &mut ws, 5).expect("prepares");
        let size = prep.networks.len();
        assert_eq!(size, crate::sim::experiment::montecarlo::NETWORK_POOL, "a region's networks fit a full pool");
        let mut picked = std::collections::BTreeSet::new();
        for rep in 0..24 {
            let j = pick(11, rep, size);
            picked.insert(j);
            let w = prep.world(rep);
            let f = fresh(&scn, 5, j as u64);
            assert_eq!((&w.offsets, &w.nbrs), (&f.offsets, &f.nbrs), "rep {rep} on network {j}");
        }
        assert!(picked.len() > 12, "picks spread over the pool: {picked:?}");
    }

    /// The links of the networks a pooled run's 8 replications run on, drawn in `ws`.
    fn links(scn: &Scenario, ws: &mut Workspace, pool_seed: u64) -> Vec<Vec<u32>> {
        let prep = Prepared::pooled(scn, ws, pool_seed).expect("prepares");
        (0..8).map(|r| prep.world(r).nbrs.clone()).collect()
    }

    #[test]
    fn a_pool_does_not_depend_on_what_its_workspace_ran_before() {
        let scn = scenario(11, 8);
        let alone = links(&scn, &mut Workspace::default(), 5);
        let mut ws = Workspace::default();
        // Other proposals' seeds build other networks of the pool first; another pool seed and
        // another region replace the pool.
        for (seed, pool_seed, region) in [(3, 5, "chitose"), (4, 6, "chitose"), (4, 5, "okazaki")] {
            let mut other = scenario(seed, 32);
            if region != "chitose" {
                other = regions::preset(region).expect("preset");
            }
            let prep = Prepared::pooled(&other, &mut ws, pool_seed).expect("prepares");
            ws.recycle(prep);
        }
        assert_eq!(links(&scn, &mut ws, 5), alone);
        assert_ne!(links(&scn, &mut Workspace::default(), 6), alone, "another pool seed draws other networks");
    }

    #[test]
    fn a_run_that_never_handed_its_networks_back_draws_the_pool_again() {
        // A run that fails after `pooled` (a figure's date not reported, say) drops its networks
        // without `recycle`: the next run must draw the pool again, not pick from an empty one.
        let scn = scenario(11, 8);
        let alone = links(&scn, &mut Workspace::default(), 5);
        let mut ws = Workspace::default();
        drop(Prepared::pooled(&scn, &mut ws, 5).expect("prepares"));
        assert_eq!(links(&scn, &mut ws, 5), alone);
    }
}
