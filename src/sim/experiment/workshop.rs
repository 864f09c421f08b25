//! Workshop mode, the pure half: a drawing layout of the partner network
//! (offices clustered by area, the centre in the middle of its area), a
//! week-by-week player of one replication, and the guided demo's two scenarios
//! ("scattered adopters" vs "one clustered area whose centre leads") on the
//! same population and the same network. The page (`src/ui/workshop.rs`) only
//! draws what this module computes.

use crate::sim::date::Date;
use crate::sim::error::SimError;
use crate::sim::experiment::montecarlo::rep_model;
use crate::sim::model::engine::{Counts, Sim, State, STREAM_NETWORK};
use crate::sim::model::plan::{Model, Plan};
use crate::sim::model::population::{World, NO_CENTRE};
use crate::sim::rng;
use crate::sim::scenario::params::Params;
use crate::sim::scenario::posterior::Uncertainty;
use crate::sim::scenario::strategy::{Groups, Lever, Strategy};
use crate::sim::scenario::tables::Role;
use crate::sim::scenario::{Area, CentreKind, Network, Population, Scenario};

/// What the page shows after each week.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    pub week: u32,
    pub date: Option<Date>,
    pub adopted_home: u32,
    pub planning_home: u32,
    pub stopped_home: u32,
    pub centres_adopted: u32,
    pub active_links: u64,
}

/// One replication played week by week, with the state of every office visible.
///
/// The engine's `Sim` borrows its scenario, world and plan; to stay safe the
/// player keeps only the state after each week and re-runs the replication from
/// week 0 when it moves on (one replication of a few thousand offices takes well
/// under a millisecond per simulated year natively). Re-running with the same
/// seed gives the same states (the engine is deterministic), so the player can
/// also step backwards.
pub struct Player {
    pub scn: Scenario,
    pub world: World,
    pub plan: Plan,
    /// The replication's parameters (its posterior draw in a posterior run).
    pub model: Model,
    pub rep: u64,
    pub week: u32,
    pub state: Vec<State>,
    pub counts: Counts,
    /// Adopted home offices and active links after each week so far (index = week).
    pub history: Vec<(u32, u64)>,
}

impl Player {
    /// Replication `rep` of a scenario, on the network the Monte-Carlo run gives that replication.
    pub fn new(scn: Scenario, rep: u64) -> Result<Player, SimError> {
        scn.validate()?;
        let world = World::build(&scn, &mut rng::stream(scn.seed, rep, STREAM_NETWORK))?;
        Ok(Player::with_world(scn, world, rep))
    }

    /// Plays a scenario on a given world (the demo sets its initial adopters on it).
    pub fn with_world(scn: Scenario, world: World, rep: u64) -> Player {
        let plan = Plan::new(&scn);
        let model = rep_model(&scn, &plan, rep).unwrap_or_else(|| plan.model.clone());
        let mut p = Player {
            scn,
            world,
            plan,
            model,
            rep,
            week: 0,
            state: Vec::new(),
            counts: Counts::default(),
            history: Vec::new(),
        };
        p.seek(0);
        p
    }

    pub fn weeks(&self) -> u32 {
        self.plan.weeks
    }

    pub fn done(&self) -> bool {
        self.week >= self.plan.weeks
    }

    /// Re-runs the replication up to `week` (clamped to the horizon).
    pub fn seek(&mut self, week: u32) {
        let week = week.min(self.plan.weeks);
        let mut sim = Sim::with_buffers(&self.scn, &self.world, &self.plan, &self.model, self.rep, Default::default());
        let mut history = vec![(sim.counts.adopted_home, sim.counts.active_links)];
        while sim.week < week {
            sim.step();
            history.push((sim.counts.adopted_home, sim.counts.active_links));
        }
        self.week = sim.week;
        self.state.clear();
        self.state.extend(sim.states());
        self.counts = sim.counts.clone();
        self.history = history;
    }

    /// One week on; false at the end of the horizon.
    pub fn step(&mut self) -> bool {
        if self.done() {
            return false;
        }
        self.seek(self.week + 1);
        true
    }

    pub fn back(&mut self) {
        self.seek(self.week.saturating_sub(1));
    }

    pub fn reset(&mut self) {
        self.seek(0);
    }

    /// The first day of the current week (the end date once the run is over).
    pub fn date(&self) -> Date {
        self.plan.week_start.get(self.week as usize).copied().unwrap_or(self.scn.end)
    }

    pub fn frame(&self) -> Frame {
        let c = &self.counts;
        Frame {
            week: self.week,
            date: Some(self.date()),
            adopted_home: c.adopted_home,
            planning_home: c.planning_home,
            stopped_home: c.stopped_home,
            centres_adopted: c.centres_adopted,
            active_links: c.active_links,
        }
    }

    /// Is the link between `a` and `b` active (both ends adopted)?
    pub fn active(&self, a: u32, b: u32) -> bool {
        self.state[a as usize] == State::Adopted && self.state[b as usize] == State::Adopted
    }
}

/// The two scenarios of the guided demo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Demo {
    /// The first adopters spread over the whole city; no centre acts.
    Scattered,
    /// The first adopters are all in one area, whose centre uses the system itself
    /// and spends the whole outreach budget there.
    Clustered,
}

impl Demo {
    pub fn id(self) -> &'static str {
        match self {
            Demo::Scattered => "scattered",
            Demo::Clustered => "clustered",
        }
    }

    pub fn from_id(id: &str) -> Option<Demo> {
        match id {
            "scattered" => Some(Demo::Scattered),
            "clustered" => Some(Demo::Clustered),
            _ => None,
        }
    }
}

/// Size and budget of the demo city.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoSpec {
    pub areas: u32,
    pub offices_per_area: u32,
    pub first_adopters: u32,
    /// Outreach contacts per month of the leading area's centre (clustered demo only).
    pub contacts_per_month: f64,
    /// Innovation rate p (per year) of the demo: low, so that few offices move alone.
    pub p: f64,
    /// Threshold θ and steepness n of the network response: offices wait until
    /// enough partners move ("in step", brief §1).
    pub threshold: f64,
    pub steepness: f64,
    pub seed: u64,
}

impl Default for DemoSpec {
    /// 2,000 offices in 20 areas, 40 first adopters (2%), 20 outreach contacts a month in the
    /// leading area, p = 0.01 and a steep threshold (θ = 0.3, n = 4); the other parameters
    /// are the calibrated defaults.
    fn default() -> DemoSpec {
        DemoSpec {
            areas: 20,
            offices_per_area: 100,
            first_adopters: 40,
            contacts_per_month: 20.0,
            p: 0.01,
            threshold: 0.3,
            steepness: 4.0,
            seed: 2025,
        }
    }
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap_or(Date::UNIX_EPOCH)
}

/// The demo city's scenario (without first adopters: see [`demo`]).
pub fn demo_scenario(spec: &DemoSpec, which: Demo) -> Scenario {
    let names: Vec<String> = (1..=spec.areas).map(|i| format!("圏域{i}")).collect();
    let start = date("2025-09-01");
    let end = date("2027-08-31");
    let lead = vec![names[0].clone()];
    let levers = match which {
        Demo::Scattered => Vec::new(),
        Demo::Clustered => vec![
            Lever::CentreAdoption { areas: lead.clone(), date: start },
            Lever::Outreach {
                areas: lead,
                start,
                end,
                contacts_per_month: spec.contacts_per_month,
                groups: Groups::default(),
                centre_partners: false,
            },
        ],
    };
    Scenario {
        name: format!("demo_{}", which.id()),
        population: Population {
            areas: names
                .into_iter()
                .map(|name| Area {
                    name,
                    offices: spec.offices_per_area,
                    centre: CentreKind::Commissioned,
                    core: false,
                })
                .collect(),
            care_management_share: 0.25,
            external_offices: 0,
            initial_adopted: spec.first_adopters,
            initial_external_adopted: 0,
            initial_centres_adopted: None,
            out_of_scope: 0,
        },
        network: Network::generated(0.0, false),
        // A stylised population: every office able to adopt (no software barriers), so the
        // demo shows density alone; the calibrated barrier share would hide it.
        params: Params {
            p: spec.p,
            threshold: spec.threshold,
            steepness: spec.steepness,
            barrier_share: 0.0,
            ..Params::default()
        },
        // The workshop shows the mechanism with the trainer's parameters.
        uncertainty: Uncertainty::Fixed,
        pinned: Vec::new(),
        strategy: Strategy { name: format!("demo_{}", which.id()), levers },
        start,
        end,
        seed: spec.seed,
        replications: 1,
        observed: Vec::new(),
        condition: None,
        cost: None,
        targeting: None,
        survey: None,
        assumed: Vec::new(),
    }
}

/// A demo scenario and its world: both demos get the same population, the same
/// network (same seed) and the same number of first adopters; in the clustered
/// one they are all in area 1, whose centre uses the system from the start
/// (`centre_adoption`) and reaches out to its offices (`outreach`).
pub fn demo(spec: &DemoSpec, which: Demo) -> Result<(Scenario, World), SimError> {
    let scn = demo_scenario(spec, which);
    scn.validate()?;
    let mut world = World::build(&scn, &mut rng::stream(scn.seed, 0, STREAM_NETWORK))?;
    let mut pick = rng::stream(scn.seed, 0, 0x5EED_DE30);
    let k = spec.first_adopters as usize;
    let mut adopted = vec![false; world.len()];
    match which {
        Demo::Scattered => {
            let pool: Vec<u32> = (0..world.n_home as u32).filter(|&o| world.role[o as usize] != Role::Centre).collect();
            for o in rng::sample(&mut pick, &pool, k) {
                adopted[o as usize] = true;
            }
        }
        Demo::Clustered => {
            let c = world.centre[0];
            if c != NO_CENTRE {
                adopted[c as usize] = true;
            }
            let pool: Vec<u32> = world.members[0].iter().copied().filter(|&o| o != c).collect();
            for o in rng::sample(&mut pick, &pool, k.saturating_sub(1)) {
                adopted[o as usize] = true;
            }
        }
    }
    world.fixed_adopted = Some(adopted);
    Ok((scn, world))
}

/// A demo's player, replication `rep` (the network is the same for every rep).
pub fn demo_player(spec: &DemoSpec, which: Demo, rep: u64) -> Result<Player, SimError> {
    let (scn, world) = demo(spec, which)?;
    Ok(Player::with_world(scn, world, rep))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end_counts(which: Demo, reps: u64) -> (f64, f64) {
        let spec = DemoSpec::default();
        let (mut adopted, mut links) = (0.0, 0.0);
        for rep in 0..reps {
            let mut p = demo_player(&spec, which, rep).unwrap();
            p.seek(u32::MAX);
            adopted += p.counts.adopted_home as f64;
            links += p.counts.active_links as f64;
        }
        (adopted / reps as f64, links / reps as f64)
    }

    #[test]
    fn demos_share_population_network_and_first_adopter_count() {
        let spec = DemoSpec::default();
        let (_, a) = demo(&spec, Demo::Scattered).unwrap();
        let (_, b) = demo(&spec, Demo::Clustered).unwrap();
        assert_eq!(a.len(), 2000);
        assert_eq!(a.offsets, b.offsets);
        assert_eq!(a.nbrs, b.nbrs);
        assert_eq!(a.role, b.role);
        let count = |w: &World| w.fixed_adopted.as_ref().unwrap().iter().filter(|&&x| x).count();
        assert_eq!(count(&a), 40);
        assert_eq!(count(&b), 40);
        // Clustered: all in area 0, its centre among them; scattered: no centre.
        let fb = b.fixed_adopted.as_ref().unwrap();
        assert!(fb[b.centre[0] as usize]);
        assert!((0..b.len()).filter(|&o| fb[o]).all(|o| b.area[o] == 0));
        let fa = a.fixed_adopted.as_ref().unwrap();
        assert!((0..a.len()).filter(|&o| fa[o]).all(|o| a.role[o] != Role::Centre));
        let areas_hit: std::collections::BTreeSet<u32> = (0..a.len()).filter(|&o| fa[o]).map(|o| a.area[o]).collect();
        assert!(areas_hit.len() >= 15, "scattered adopters cover {} areas", areas_hit.len());
    }

    #[test]
    fn clustered_start_with_a_leading_centre_beats_scattered() {
        let (sa, sl) = end_counts(Demo::Scattered, 12);
        let (ca, cl) = end_counts(Demo::Clustered, 12);
        eprintln!("scattered: adopted {sa:.1}, active links {sl:.1}; clustered: adopted {ca:.1}, active links {cl:.1}");
        assert!(cl > 1.5 * sl, "active links: clustered {cl} vs scattered {sl}");
        assert!(ca > sa, "adopters: clustered {ca} vs scattered {sa}");
    }

    #[test]
    fn the_leading_area_tips_and_no_scattered_area_does() {
        let spec = DemoSpec::default();
        let share = |p: &Player, a: usize| p.counts.adopted_by_area[a] as f64 / p.world.members[a].len() as f64;
        let mut c = demo_player(&spec, Demo::Clustered, 0).unwrap();
        assert!((share(&c, 0) - 0.4).abs() < 1e-9, "the leading area starts at 40%");
        c.seek(u32::MAX);
        assert!(share(&c, 0) > 0.8, "the leading area ends at {:.2}", share(&c, 0));
        let mut s = demo_player(&spec, Demo::Scattered, 0).unwrap();
        s.seek(u32::MAX);
        let best = (0..spec.areas as usize).map(|a| share(&s, a)).fold(0.0, f64::max);
        assert!(best < 0.5, "best scattered area ends at {best:.2}");
    }

    #[test]
    fn player_matches_a_continuous_run_and_steps_back() {
        let spec = DemoSpec::default();
        let (scn, world) = demo(&spec, Demo::Clustered).unwrap();
        let plan = Plan::new(&scn);
        let mut sim = Sim::new(&scn, &world, &plan, 3);
        let mut p = Player::with_world(scn.clone(), world.clone(), 3);
        for _ in 0..30 {
            sim.step();
            assert!(p.step());
            assert_eq!(p.state, sim.states().collect::<Vec<_>>());
            assert_eq!(p.counts.active_links, sim.counts.active_links);
        }
        let at30 = p.state.clone();
        p.step();
        p.back();
        assert_eq!(p.week, 30);
        assert_eq!(p.state, at30);
        assert_eq!(p.history.len(), 31);
        p.seek(u32::MAX);
        assert!(p.done());
        assert!(!p.step());
    }

    #[test]
    fn player_of_a_preset_is_the_monte_carlo_replication() {
        let mut scn = crate::sim::scenario::regions::preset("okazaki").unwrap();
        scn.replications = 2;
        let prep = crate::sim::experiment::montecarlo::Prepared::new(&scn).unwrap();
        let rec = prep.run_rep(1).unwrap();
        let mut p = Player::new(scn, 1).unwrap();
        let (_, at) = *p.plan.reports.last().unwrap();
        p.seek(at);
        let rate = p.counts.adopted_home as f64 / p.world.n_home as f64;
        assert_eq!(rate, rec.values.last().unwrap()[0]);
    }
}
