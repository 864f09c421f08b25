//! One replication: offices change state week by week on the partner network.
//!
//! Waiting-time sampling: each office holds the week of its next transition,
//! drawn from its current total rate (a geometric waiting time is memoryless, so
//! redrawing after a change is exact). An office is redrawn only when one of its
//! inputs changes: a partner adopts or stops, its centre adopts, a lever reaches
//! it, or its outreach rate changes. The waiver and deadline multiplier M(t) is known
//! in advance, so a not-adopted office's clock runs in operational time (`Model::tau`)
//! and a change of M redraws nobody. Adopted-partner counts are updated when an office
//! changes state, never rescanned.

use super::plan::{Model, Plan, DT};
use super::population::{Role, World, NO_CENTRE};
use super::rng::{self, SimRng};
use super::scenario::Scenario;
use super::strategy::{Audience, Lever};
use super::targeting::{self, Rule};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum State {
    /// 未導入
    #[default]
    NotAdopted = 0,
    /// これから導入予定: decided, setting up.
    Planning = 1,
    /// 導入済み
    Adopted = 2,
    /// Adopted, then stopped.
    Stopped = 3,
}

/// An office's working record in a replication: the fields the partner loop reads and
/// writes, side by side.
#[derive(Clone, Copy, Debug, Default)]
struct Office {
    /// Partners in state Adopted.
    count: u32,
    state: State,
    flags: u8,
    /// What the calibration's figures need to know of an office (`REACHED`, `INITIAL`); kept
    /// apart from `flags`, which the engine's hot loops test (the record stays 8 bytes).
    marks: u8,
}

/// A lever reached the office before it adopted (training, visit, request, support, outreach):
/// brief §4a counts adopters "through the programme's work".
const REACHED: u8 = 1;
/// Adopted before the start (brief §4a: the previous year's adopters' continuation).
const INITIAL: u8 = 2;

const SUPPORTED: u8 = 1;
const WAIVER: u8 = 2;
const BARRIER: u8 = 4;
/// Marked for a redraw (listed in `dirty`).
const DIRTY: u8 = 8;
/// Already picked by the lever being applied (see `sample_where`).
const PICKED: u8 = 16;
/// Listed in `dirty` because partners adopted: its rate only rose (see `superpose`).
const BOOST: u8 = 32;
/// Out of scope: a home office that takes part in no care-plan exchange (no links, never
/// reached by a lever, never decides; `Population::out_of_scope`).
const OUT: u8 = 128;
const NEVER: u32 = u32::MAX;

/// Random streams of a replication, so that one purpose's draws do not shift another's.
pub const STREAM_NETWORK: u64 = 1;
const STREAM_INIT: u64 = 2;
const STREAM_EVENTS: u64 = 3;
const STREAM_LEVERS: u64 = 4;
/// The weeks at which barriers lift (stream 5 draws a replication's parameters, `posterior.rs`).
const STREAM_READY: u64 = 6;
/// Which offices a conditioned run changes at its date (the posterior's draw is stream 5, barriers 6).
const STREAM_CONDITION: u64 = 7;

/// Counters kept up to date at every transition (never rescanned).
#[derive(Clone, Debug, Default)]
pub struct Counts {
    pub adopted_home: u32,
    pub planning_home: u32,
    pub stopped_home: u32,
    pub centres_adopted: u32,
    /// Links whose two ends have both adopted.
    pub active_links: u64,
    pub adopted_by_area: Vec<u32>,
    pub adopted_by_role: [u32; 3],
    /// Adopted external offices (neighbouring municipalities' partners).
    pub adopted_external: u32,
    /// Adopted offices that a lever reached before they adopted, home and external.
    pub reached_adopted_home: u32,
    pub reached_adopted_external: u32,
    /// Home offices adopted at the start, and those of them that have stopped since.
    pub initial_home: u32,
    pub initial_stopped_home: u32,
    /// Work the levers did so far (issue 14 hook for `cost.rs`): offices visited, planners
    /// supported, partner requests made, training attendees and sessions. Counting only.
    pub visits_made: u32,
    pub support_given: u32,
    pub requests_made: u32,
    pub trained: u32,
    pub training_sessions: u32,
}

/// Per-office working memory, reused across replications to avoid reallocating.
#[derive(Default)]
pub struct Buffers {
    office: Vec<Office>,
    next: Vec<u32>,
    buckets: Vec<Vec<u32>>,
    dirty: Vec<u32>,
    fired: Vec<(u32, State)>,
    out_na: Vec<f64>,
    out_plan: Vec<f64>,
    prev_na: Vec<f64>,
    prev_plan: Vec<f64>,
    scratch: Vec<u32>,
    candidates: Vec<Vec<u32>>,
    candidates_ready: Vec<bool>,
    planning: Vec<u32>,
    planning_pos: Vec<u32>,
    drawn_k: Vec<u32>,
    ready_at: Vec<Vec<u32>>,
    pledge: Vec<u32>,
    adoption_order: Vec<u32>,
}

fn reset<T: Clone>(v: &mut Vec<T>, n: usize, x: T) {
    v.clear();
    v.resize(n, x);
}

/// Sizes `v` to `n`, keeping what it holds (for arrays written before they are read).
fn fit<T: Clone>(v: &mut Vec<T>, n: usize, x: T) {
    v.resize(n, x);
    v.truncate(n);
}

/// The simulation of one replication, steppable week by week (the workshop view animates it).
pub struct Sim<'a> {
    scn: &'a Scenario,
    world: &'a World,
    plan: &'a Plan,
    /// The parameters of this replication (drawn from the posterior, or the scenario's own).
    model: &'a Model,
    pub week: u32,
    /// Per office: state, adopted-partner count and flags.
    office: Vec<Office>,
    next: Vec<u32>,
    buckets: Vec<Vec<u32>>,
    /// Offices to redraw: `dirty[..n_dirty]`, each flagged DIRTY. Sized to the population plus one
    /// (an office enters at most once) so that marking needs no branch (see `touch_if`).
    dirty: Vec<u32>,
    n_dirty: usize,
    fired: Vec<(u32, State)>,
    /// Outreach rates per office (empty when the strategy has no outreach lever), and their
    /// values before the last change, to redraw only the offices whose outreach changed.
    out_na: Vec<f64>,
    out_plan: Vec<f64>,
    prev_na: Vec<f64>,
    prev_plan: Vec<f64>,
    pub counts: Counts,
    events: SimRng,
    levers: SimRng,
    scratch: Vec<u32>,
    /// Per monthly lever: the offices it can reach whatever their state, built at its first
    /// month in a replication (the network is fixed within one) and filtered by state monthly.
    candidates: Vec<Vec<u32>>,
    candidates_ready: Vec<bool>,
    /// The offices in planning, in no particular order, and each one's index there: support
    /// levers choose among them without scanning the population.
    planning: Vec<u32>,
    planning_pos: Vec<u32>,
    /// Per not-adopted office: the adopted-partner count its clock accounts for.
    drawn_k: Vec<u32>,
    /// Per week: the barrier offices whose barrier lifts at its start (`readiness_rate`).
    ready_at: Vec<Vec<u32>>,
    /// Per planning office that pledged (pay add-on, `Lever::Deadline::pledge`): the week by
    /// which it finishes setting up (`NEVER`: no pledge). Empty when the plan has no pledge.
    pledge: Vec<u32>,
    /// The replication's index (a conditioned run draws from its stream (seed, rep)).
    rep: u64,
    /// Home offices in the order they adopted (a conditioned run only, empty otherwise): the
    /// most recent ones are returned to not adopted when the run is ahead of the observation.
    adoption_order: Vec<u32>,
}

impl<'a> Sim<'a> {
    /// A replication with the scenario's own parameters.
    pub fn new(scn: &'a Scenario, world: &'a World, plan: &'a Plan, rep: u64) -> Sim<'a> {
        Sim::with_buffers(scn, world, plan, &plan.model, rep, Buffers::default())
    }

    /// A replication with the parameters of `model` that reuses the memory of an earlier one
    /// (see `into_buffers`).
    pub fn with_buffers(
        scn: &'a Scenario,
        world: &'a World,
        plan: &'a Plan,
        model: &'a Model,
        rep: u64,
        mut b: Buffers,
    ) -> Sim<'a> {
        let n = world.len();
        let n_areas = world.centre.len();
        let has_outreach = plan.outreach_active.iter().any(|v| !v.is_empty());
        let m = if has_outreach { n } else { 0 };
        reset(&mut b.office, n, Office::default());
        // Written before they are read in a replication (next-event weeks at the first draws,
        // outreach rates at week 0's outreach), so the previous replication's values can stay:
        // a test checks that a replication does not depend on the one before. Not `out_na`:
        // week 0 swaps it into `prev_na`, whose zeros decide which offices are listed first
        // for their first draw (the order of the draws).
        fit(&mut b.next, n, NEVER);
        reset(&mut b.out_na, m, 0.0);
        fit(&mut b.out_plan, m, 0.0);
        fit(&mut b.prev_na, m, 0.0);
        fit(&mut b.prev_plan, m, 0.0);
        b.buckets.resize_with(plan.weeks as usize, Vec::new);
        b.buckets.truncate(plan.weeks as usize);
        b.buckets.iter_mut().for_each(Vec::clear);
        fit(&mut b.dirty, n + 1, 0); // + 1: `touch_if` writes one past the marked ones
        b.fired.clear();
        let n_levers = plan.levers.len();
        b.candidates.resize_with(n_levers, Vec::new);
        reset(&mut b.candidates_ready, n_levers, false);
        b.planning.clear();
        fit(&mut b.planning_pos, n, 0);
        fit(&mut b.drawn_k, n, 0);
        b.ready_at.resize_with(plan.weeks as usize, Vec::new);
        b.ready_at.truncate(plan.weeks as usize);
        b.ready_at.iter_mut().for_each(Vec::clear);
        // Pledge weeks only when the plan has a pledge deadline.
        let pledges = plan.pledge_due.iter().any(|&d| d != NEVER);
        reset(&mut b.pledge, if pledges { n } else { 0 }, NEVER);
        b.adoption_order.clear();
        let mut sim = Sim {
            scn,
            world,
            plan,
            model,
            week: 0,
            office: b.office,
            next: b.next,
            buckets: b.buckets,
            dirty: b.dirty,
            n_dirty: 0,
            fired: b.fired,
            out_na: b.out_na,
            out_plan: b.out_plan,
            prev_na: b.prev_na,
            prev_plan: b.prev_plan,
            counts: Counts { adopted_by_area: vec![0; n_areas], ..Counts::default() },
            events: rng::stream(scn.seed, rep, STREAM_EVENTS),
            levers: rng::stream(scn.seed, rep, STREAM_LEVERS),
            scratch: b.scratch,
            candidates: b.candidates,
            candidates_ready: b.candidates_ready,
            planning: b.planning,
            planning_pos: b.planning_pos,
            drawn_k: b.drawn_k,
            ready_at: b.ready_at,
            pledge: b.pledge,
            rep,
            adoption_order: b.adoption_order,
        };
        sim.initialise(rep);
        sim
    }

    fn initialise(&mut self, rep: u64) {
        let w = self.world;
        let pop = &self.scn.population;
        let mut init = rng::stream(self.scn.seed, rep, STREAM_INIT);
        let share = self.model.params.barrier_share;
        for &o in &w.out_of_scope {
            self.office[o as usize].flags |= OUT;
        }
        // The software barrier concerns in-scope offices only.
        match &w.fixed_barrier {
            Some(b) => {
                for (r, &barrier) in self.office.iter_mut().zip(b) {
                    if barrier && r.flags & OUT == 0 {
                        r.flags |= BARRIER;
                    }
                }
            }
            // A share of 0 or 1 needs no draws.
            None if share <= 0.0 => {}
            None if share >= 1.0 => {
                self.office.iter_mut().filter(|r| r.flags & OUT == 0).for_each(|r| r.flags |= BARRIER)
            }
            None => {
                for r in self.office.iter_mut().filter(|r| r.flags & OUT == 0) {
                    if rng::chance(&mut init, share) {
                        r.flags |= BARRIER;
                    }
                }
            }
        }
        self.draw_readiness(rep);
        let mut adopters: Vec<u32> = Vec::new();
        if let Some(fixed) = &w.fixed_adopted {
            adopters.extend((0..w.len() as u32).filter(|&o| fixed[o as usize]));
        } else if let Some(survey) = &self.scn.survey {
            // Issue 14 hook (survey.rs): each area's adopters as its survey counts say (ready
            // offices first, as below), then the external ones as below.
            for (a, &(n, _)) in super::survey::counts(self.scn, survey).iter().enumerate() {
                adopters.extend(sample_ready(&mut init, &w.members[a], &mut self.office, n as usize));
            }
            let ext: Vec<u32> = (w.n_home as u32..w.len() as u32).collect();
            adopters.extend(sample(&mut init, &ext, pop.initial_external_adopted as usize));
        } else {
            // Adopters so far are offices without a barrier (their software was ready); barrier
            // offices come last, only when there are more adopters than ready offices.
            let home: Vec<u32> = (0..w.n_home as u32).collect();
            match pop.initial_centres_adopted {
                Some(c) => {
                    let centres: Vec<u32> = w.centre.iter().copied().filter(|&c| c != NO_CENTRE).collect();
                    adopters.extend(sample(&mut init, &centres, c as usize));
                    let rest: Vec<u32> = home.into_iter().filter(|&o| w.role[o as usize] != Role::Centre).collect();
                    adopters.extend(sample_ready(
                        &mut init,
                        &rest,
                        &mut self.office,
                        pop.initial_adopted.saturating_sub(c) as usize,
                    ));
                }
                None => adopters.extend(sample_ready(&mut init, &home, &mut self.office, pop.initial_adopted as usize)),
            }
            let ext: Vec<u32> = (w.n_home as u32..w.len() as u32).collect();
            adopters.extend(sample(&mut init, &ext, pop.initial_external_adopted as usize));
        }
        for o in adopters {
            self.set_state(o as usize, State::Adopted);
            self.office[o as usize].marks |= INITIAL;
            self.counts.initial_home += u32::from((o as usize) < w.n_home);
        }
        // Issue 14 hook (survey.rs): offices the survey lists as planning start setting up.
        let planners: Vec<u32> = match (&w.fixed_planning, &self.scn.survey) {
            (Some(fixed), _) => (0..w.len() as u32).filter(|&o| fixed[o as usize]).collect(),
            (None, Some(survey)) => {
                let mut p = Vec::new();
                for (a, &(_, n)) in super::survey::counts(self.scn, survey).iter().enumerate() {
                    let open: Vec<u32> = w.members[a]
                        .iter()
                        .copied()
                        .filter(|&o| self.office[o as usize].state == State::NotAdopted)
                        .collect();
                    p.extend(sample_ready(&mut init, &open, &mut self.office, n as usize));
                }
                p
            }
            (None, None) => Vec::new(),
        };
        for o in planners {
            self.set_state(o as usize, State::Planning);
        }
        // Offices that adopted before the start did not do so under this run's waiver.
        self.office.iter_mut().for_each(|r| r.flags &= !WAIVER);
        for k in 0..self.n_dirty {
            self.office[self.dirty[k] as usize].flags &= !(DIRTY | BOOST);
        }
        self.n_dirty = 0;
    }

    /// The week at which each barrier lifts: an exponential waiting time at `readiness_rate` per
    /// year (in real weeks; software updates do not follow the fee calendar), from its own
    /// stream so that the other draws do not move when the rate changes.
    fn draw_readiness(&mut self, rep: u64) {
        let rate = self.model.params.readiness_rate * DT;
        if rate <= 0.0 {
            return;
        }
        let mut r = rng::stream(self.scn.seed, rep, STREAM_READY);
        let span = self.plan.weeks as f64;
        for o in 0..self.office.len() {
            if self.office[o].flags & BARRIER != 0 {
                if let Some(wk) = first_week(&mut r, rate, span) {
                    self.ready_at[wk as usize].push(o as u32);
                }
            }
        }
    }

    /// Barriers that lift at the start of week `k`: those offices decide (and set up) at full
    /// speed from now; a not-adopted or planning office is redrawn.
    fn lift_barriers(&mut self, k: usize) {
        let ready = std::mem::take(&mut self.ready_at[k]);
        for &o in &ready {
            let o = o as usize;
            self.office[o].flags &= !BARRIER;
            if matches!(self.office[o].state, State::NotAdopted | State::Planning) {
                self.touch(o);
            }
        }
        self.ready_at[k] = ready;
    }

    /// Gives the working memory back for the next replication.
    pub fn into_buffers(self) -> Buffers {
        Buffers {
            office: self.office,
            next: self.next,
            buckets: self.buckets,
            dirty: self.dirty,
            fired: self.fired,
            out_na: self.out_na,
            out_plan: self.out_plan,
            prev_na: self.prev_na,
            prev_plan: self.prev_plan,
            scratch: self.scratch,
            candidates: self.candidates,
            candidates_ready: self.candidates_ready,
            planning: self.planning,
            planning_pos: self.planning_pos,
            drawn_k: self.drawn_k,
            ready_at: self.ready_at,
            pledge: self.pledge,
            adoption_order: self.adoption_order,
        }
    }

    /// Bytes of per-office working memory (the benchmark's "run state per office"), bucket
    /// lists included.
    pub fn state_bytes(&self) -> usize {
        fn b<T>(v: &[T]) -> usize {
            std::mem::size_of_val(v)
        }
        b(&self.office)
            + b(&self.next)
            + b(&self.dirty)
            + b(&self.out_na)
            + b(&self.out_plan)
            + b(&self.prev_na)
            + b(&self.prev_plan)
            + b(&self.planning_pos)
            + b(&self.drawn_k)
            + b(&self.pledge)
            + self.buckets.iter().map(|v| v.capacity() * 4).sum::<usize>()
            + self.ready_at.iter().map(|v| v.capacity() * 4).sum::<usize>()
    }

    /// Every office's state, in office order.
    pub fn states(&self) -> impl Iterator<Item = State> + '_ {
        self.office.iter().map(|r| r.state)
    }

    /// Is the run over?
    pub fn done(&self) -> bool {
        self.week >= self.plan.weeks
    }

    /// The share of home offices adopted now.
    pub fn rate(&self) -> f64 {
        if self.world.n_home == 0 {
            0.0
        } else {
            self.counts.adopted_home as f64 / self.world.n_home as f64
        }
    }

    /// The centre of area `a`: its active links (partners adopted while it has adopted) and
    /// its partners (brief §4a reports one centre's links); `None` when the area has no centre.
    pub fn centre_links(&self, a: usize) -> Option<(u32, u32)> {
        let c = *self.world.centre.get(a)?;
        if c == NO_CENTRE {
            return None;
        }
        let r = &self.office[c as usize];
        let active = if r.state == State::Adopted { r.count } else { 0 };
        Some((active, self.world.partners(c as usize).len() as u32))
    }

    /// Does office `o` have at least one active link (both ends adopted)?
    pub fn has_active_link(&self, o: usize) -> bool {
        self.office[o].state == State::Adopted && self.office[o].count > 0
    }

    #[inline]
    fn touch(&mut self, o: usize) {
        self.touch_if(o, true);
    }

    /// Marks `o` for a redraw when `cond` holds, without branching on it: in the partner loop
    /// of `set_state` the condition depends on a random partner's state and a branch on it
    /// was mispredicted often enough to make that loop a fifth of the run time.
    #[inline]
    fn touch_if(&mut self, o: usize, cond: bool) {
        let f = self.office[o].flags;
        let add = cond & (f & (DIRTY | BOOST) == 0);
        self.dirty[self.n_dirty] = o as u32;
        self.n_dirty += add as usize;
        self.office[o].flags = f | (DIRTY * cond as u8);
    }

    /// Changes an office's state, keeping partner counts, active links and counters current.
    fn set_state(&mut self, o: usize, new: State) {
        let old = self.office[o].state;
        if old == new {
            return;
        }
        let w = self.world;
        let home = o < w.n_home;
        self.office[o].state = new;
        self.touch(o);
        if old == State::Planning {
            // Swap-remove from the planning list.
            let i = self.planning_pos[o] as usize;
            let last = self.planning.pop().unwrap_or(o as u32);
            if last as usize != o {
                self.planning[i] = last;
                self.planning_pos[last as usize] = i as u32;
            }
        } else if new == State::Planning {
            self.planning_pos[o] = self.planning.len() as u32;
            self.planning.push(o as u32);
        }
        if old == State::Planning {
            if let Some(p) = self.pledge.get_mut(o) {
                *p = NEVER;
            }
        } else if new == State::Planning {
            self.pledge_if_open(o);
        }
        if home {
            match old {
                State::Planning => self.counts.planning_home -= 1,
                State::Stopped => self.counts.stopped_home -= 1,
                _ => {}
            }
            match new {
                State::Planning => self.counts.planning_home += 1,
                State::Stopped => self.counts.stopped_home += 1,
                _ => {}
            }
        }
        if (new == State::Planning || new == State::Adopted) && old == State::NotAdopted && self.plan_waiver() {
            self.office[o].flags |= WAIVER;
        }
        let gained = new == State::Adopted;
        if gained == (old == State::Adopted) {
            return;
        }
        // Adoption status changed: partners' counts, active links, counters.
        let own = self.office[o].count as u64;
        if gained {
            self.counts.active_links += own;
        } else {
            self.counts.active_links -= own;
        }
        let (lo, hi) = (w.offsets[o] as usize, w.offsets[o + 1] as usize);
        let partners = &w.nbrs[lo..hi];
        self.n_dirty = if gained {
            mark_partners::<true>(partners, &mut self.office, &mut self.dirty, self.n_dirty)
        } else {
            mark_partners::<false>(partners, &mut self.office, &mut self.dirty, self.n_dirty)
        };
        let a = w.area[o] as usize;
        let role = w.role[o];
        let marks = self.office[o].marks;
        if marks != 0 {
            let d: i32 = if gained { 1 } else { -1 };
            if marks & REACHED != 0 {
                let c = if home {
                    &mut self.counts.reached_adopted_home
                } else {
                    &mut self.counts.reached_adopted_external
                };
                *c = (*c as i32 + d) as u32;
            }
            if marks & INITIAL != 0 && home && new == State::Stopped {
                self.counts.initial_stopped_home += 1;
            }
        }
        if !home {
            self.counts.adopted_external = (self.counts.adopted_external as i32 + if gained { 1 } else { -1 }) as u32;
        }
        if home {
            if gained && self.plan.condition.is_some() {
                self.adoption_order.push(o as u32);
            }
            let d: i32 = if gained { 1 } else { -1 };
            self.counts.adopted_home = (self.counts.adopted_home as i32 + d) as u32;
            self.counts.adopted_by_area[a] = (self.counts.adopted_by_area[a] as i32 + d) as u32;
            self.counts.adopted_by_role[role as usize] = (self.counts.adopted_by_role[role as usize] as i32 + d) as u32;
        }
        if role == Role::Centre && home && w.centre[a] == o as u32 {
            self.counts.centres_adopted = (self.counts.centres_adopted as i32 + if gained { 1 } else { -1 }) as u32;
            // The centre's own use makes its outreach stronger for the whole area.
            if !self.out_na.is_empty() && self.week >= self.plan.outreach_from {
                for k in 0..w.reachable(a).len() {
                    let m = w.members[a][k] as usize;
                    if self.office[m].state == State::NotAdopted {
                        self.touch(m);
                    }
                }
            }
        }
    }

    /// A decision while a pledge deadline is open is a pledge: the office finishes setting up at
    /// a week drawn uniformly from now to the deadline's week, or earlier by its setup clock
    /// (assumption, docs/model.md §3). It may still drop out, at the usual rate.
    fn pledge_if_open(&mut self, o: usize) {
        let k = self.week as usize;
        let due = self.plan.pledge_due.get(k).copied().unwrap_or(NEVER);
        if due != NEVER {
            let span = (due - self.week) as usize + 1;
            self.pledge[o] = self.week + rng::below(&mut self.events, span) as u32;
        }
    }

    fn plan_waiver(&self) -> bool {
        let k = (self.week as usize).min(self.plan.waiver.len().saturating_sub(1));
        self.plan.waiver.get(k).copied().unwrap_or(false)
    }

    /// Factor on decisions of an office with a barrier (no ready care software or ICT); 0 for an
    /// office out of scope (it never decides).
    #[inline]
    fn ready(&self, o: usize) -> f64 {
        let f = self.office[o].flags;
        if f & (BARRIER | OUT) == 0 {
            1.0
        } else if f & OUT != 0 {
            0.0
        } else {
            self.model.params.barrier_decision
        }
    }

    /// Marks an office not yet adopted as reached by a lever.
    #[inline]
    fn reach(&mut self, o: usize) {
        if (self.office[o].state as u8) <= State::Planning as u8 {
            self.office[o].marks |= REACHED;
        }
    }

    /// Does a lever with success probability `efficacy` convince office `o`?
    fn convinced(&mut self, o: usize, efficacy: f64) -> bool {
        self.reach(o);
        let pr = self.ready(o) * efficacy;
        rng::chance(&mut self.levers, pr)
    }

    /// Advocate factor: stronger outreach when the office's centre uses the system itself.
    #[inline]
    fn advocate(&self, o: usize) -> f64 {
        let c = self.world.centre[self.world.area[o] as usize];
        if c != NO_CENTRE && self.office[c as usize].state == State::Adopted {
            1.0 + self.model.params.advocate_boost
        } else {
            1.0
        }
    }

    /// A not-adopted office's decision rates (most redraws; kept apart from `rates` so a redraw
    /// of one needs no dispatch on the state): its own decisions p + q·g(s) per operational year
    /// (M(t) multiplies them, see `Model::tau`), and the outreach it receives per real year (a
    /// lever's effect is not multiplied by the fee calendar), both times the readiness factor.
    #[inline(always)]
    fn decision_rates(&self, o: usize) -> (f64, f64) {
        let p = &self.model.params;
        let out = match self.out_na.get(o) {
            Some(&x) if x > 0.0 => x * self.advocate(o),
            _ => 0.0,
        };
        let ready = self.ready(o);
        (ready * (p.p + p.q * self.response(o, self.office[o].count)), ready * out)
    }

    /// The network response g(k/deg) of office `o` with `k` partners adopted.
    #[inline]
    fn response(&self, o: usize, k: u32) -> f64 {
        if k == 0 {
            0.0
        } else {
            let deg = self.world.offsets[o + 1] - self.world.offsets[o];
            self.model.response.at(k, deg, &self.model.params)
        }
    }

    /// Competing rates (per year) out of the office's current state: [to_a, to_b, to_c]. A
    /// not-adopted office's own rate is per unit of operational time (times M(t), see
    /// `Model::tau`), its outreach rate per real year.
    #[inline]
    fn rates(&mut self, o: usize) -> [f64; 3] {
        let p = &self.model.params;
        match self.office[o].state {
            State::NotAdopted => {
                let (own, lever) = self.decision_rates(o);
                [own + lever, 0.0, 0.0]
            }
            State::Planning => {
                let supported = self.office[o].flags & SUPPORTED != 0;
                let boost = if supported { 1.0 + p.support_boost } else { 1.0 };
                let barrier = if self.office[o].flags & BARRIER != 0 { p.barrier_factor } else { 1.0 };
                let setup = p.setup_rate.unwrap_or(0.0) * barrier * boost;
                let get_support = if supported { 0.0 } else { self.out_plan.get(o).copied().unwrap_or(0.0) };
                [setup, p.planning_dropout / boost, get_support]
            }
            State::Adopted => {
                let iso = if self.office[o].count > 0 { 1.0 } else { p.isolation_factor };
                [p.stop_rate * iso, 0.0, 0.0]
            }
            State::Stopped => [0.0; 3],
        }
    }

    /// Draws the week of the office's next transition, counting from week `from`. A not-adopted
    /// office has two clocks, its own decisions in operational time and the outreach it receives
    /// in real weeks; the earlier event is its decision (exact for exponential clocks).
    fn redraw(&mut self, o: usize, from: u32) {
        self.next[o] = NEVER;
        let wk = if self.office[o].state == State::NotAdopted {
            self.drawn_k[o] = self.office[o].count;
            let (own, lever) = self.decision_rates(o);
            let a = self.draw_week(own, true, from);
            match self.draw_week(lever, false, from) {
                Some(b) if a.is_none_or(|a| b < a) => Some(b),
                _ => a,
            }
        } else {
            let r = self.rates(o);
            let wk = self.draw_week(r[0] + r[1] + r[2], false, from);
            match self.pledge.get(o).copied() {
                // A pledged planner whose setup clock runs past its pledge week adopts then.
                Some(pw) if pw != NEVER => {
                    let pw = pw.max(from);
                    self.pledge[o] = pw;
                    if pw < self.plan.weeks && wk.is_none_or(|w| pw <= w) {
                        Some(pw)
                    } else {
                        wk
                    }
                }
                _ => wk,
            }
        };
        if let Some(wk) = wk {
            self.next[o] = wk;
            self.buckets[wk as usize].push(o as u32);
        }
    }

    /// A not-adopted office whose partners adopted: its rate rose by Δ (the response term only),
    /// so an independent clock of rate Δ is drawn and the earlier of the two kept. The minimum
    /// of exponential clocks is exponential with the summed rate, so this is exact, and Δ is
    /// small: most draws are sure misses (cheaper than a full redraw).
    fn superpose(&mut self, o: usize, from: u32) {
        if self.office[o].state != State::NotAdopted {
            return self.redraw(o, from);
        }
        let (k_old, k) = (self.drawn_k[o], self.office[o].count);
        if k <= k_old {
            return;
        }
        self.drawn_k[o] = k;
        let delta = self.ready(o) * self.model.params.q * (self.response(o, k) - self.response(o, k_old));
        if let Some(wk) = self.draw_week(delta, true, from) {
            if wk < self.next[o] {
                self.next[o] = wk;
                self.buckets[wk as usize].push(o as u32);
            }
        }
    }

    /// The week of the first event of a clock with `rate` per year (per operational year when
    /// `scaled`) started at week `from`, if it falls inside the horizon.
    #[inline]
    fn draw_week(&mut self, rate: f64, scaled: bool, from: u32) -> Option<u32> {
        if rate <= 0.0 {
            return None;
        }
        // A not-adopted office's clock runs in operational time (M(t) folded in), the others' in weeks.
        let tau = &self.model.tau;
        let span =
            if scaled { tau[self.plan.weeks as usize] - tau[from as usize] } else { (self.plan.weeks - from) as f64 };
        // Waiting time E/(H·dt), E = -ln U (see `first_time`).
        let x = first_time(&mut self.events, rate * DT, span)?;
        let wk = if scaled {
            // The week in which operational time passes tau[from] + x: a short forward walk
            // (the draw is usually within a few weeks; cheaper than a binary search here).
            let target = tau[from as usize] + x;
            let mut j = from as usize + 1;
            while j < tau.len() && tau[j] <= target {
                j += 1;
            }
            (j - 1) as u32
        } else {
            from + x as u32
        };
        (wk < self.plan.weeks).then_some(wk)
    }

    fn redraw_dirty(&mut self, from: u32) {
        let dirty = std::mem::take(&mut self.dirty);
        for &o in &dirty[..self.n_dirty] {
            let f = self.office[o as usize].flags;
            self.office[o as usize].flags = f & !(DIRTY | BOOST);
            if f & DIRTY != 0 {
                self.redraw(o as usize, from);
            } else {
                self.superpose(o as usize, from);
            }
        }
        self.dirty = dirty;
        self.n_dirty = 0;
    }

    /// A decision to adopt: to planning, or straight to adopted when setup is instantaneous.
    fn decide(&mut self, o: usize) {
        if self.model.params.setup_rate.is_some() {
            self.set_state(o, State::Planning);
        } else {
            self.set_state(o, State::Adopted);
        }
    }

    fn support(&mut self, o: usize) {
        self.reach(o);
        if self.office[o].flags & SUPPORTED == 0 {
            self.office[o].flags |= SUPPORTED;
            self.touch(o);
        }
    }

    /// Recomputes outreach rates per office from the levers active this week and marks the
    /// offices whose outreach changed for a redraw.
    fn outreach(&mut self) {
        if self.out_na.is_empty() {
            return;
        }
        let w = self.world;
        std::mem::swap(&mut self.out_na, &mut self.prev_na);
        std::mem::swap(&mut self.out_plan, &mut self.prev_plan);
        self.out_na.iter_mut().for_each(|x| *x = 0.0);
        self.out_plan.iter_mut().for_each(|x| *x = 0.0);
        let eff = self.model.params.outreach_efficacy;
        let rule = self.scn.targeting.as_ref().map_or(Rule::Random, |t| t.outreach);
        let mut ranked = Vec::new();
        for &i in &self.plan.outreach_active[self.week as usize] {
            let Lever::Outreach { contacts_per_month, groups, centre_partners, .. } = &self.plan.levers[i] else {
                continue;
            };
            let mask = &self.plan.masks[i];
            for a in (0..w.members.len()).filter(|&a| mask[a]) {
                let targets: &[u32] = if *centre_partners {
                    let c = w.centre[a];
                    if c == NO_CENTRE {
                        continue;
                    }
                    w.partners(c as usize)
                } else {
                    w.reachable(a)
                };
                // Issue 14 hook (targeting.rs): a ranking rule sends the contacts to the top
                // share of the offices not yet using it instead of spreading them over all.
                let targets = if rule == Rule::Random {
                    targets
                } else {
                    let office = &self.office;
                    let open = |o: u32| (office[o as usize].state as u8) <= State::Planning as u8;
                    let count = |o: u32| office[o as usize].count;
                    let k = targeting::outreach_targets(targets.iter().filter(|&&o| open(o)).count());
                    targeting::top(rule, w, targets, k, open, count, &mut ranked);
                    &ranked[..]
                };
                if targets.is_empty() {
                    continue;
                }
                // Contacts per month spread over the targets, as a rate per year per office.
                let per_office = 12.0 * contacts_per_month / targets.len() as f64;
                for &t in targets {
                    let r = &mut self.office[t as usize];
                    if (r.state as u8) <= State::Planning as u8 {
                        r.marks |= REACHED;
                    }
                    if groups.not_adopted {
                        self.out_na[t as usize] += per_office * eff;
                    }
                    if groups.planning {
                        self.out_plan[t as usize] += per_office;
                    }
                }
            }
        }
        for o in 0..self.office.len() {
            let changed = match self.office[o].state {
                State::NotAdopted => self.out_na[o] != self.prev_na[o],
                State::Planning => self.out_plan[o] != self.prev_plan[o],
                _ => false,
            };
            if changed {
                self.touch(o);
            }
        }
    }

    fn centres_in(&self, mask: &[bool]) -> Vec<u32> {
        let w = self.world;
        (0..w.centre.len()).filter(|&a| mask[a] && w.centre[a] != NO_CENTRE).map(|a| w.centre[a]).collect()
    }

    fn pulse(&mut self, i: usize) {
        let p = self.model.params.clone();
        let mask = self.plan.masks[i].clone();
        match &self.plan.levers[i] {
            Lever::Training { audience, attendance, .. } => {
                let pool: Vec<u32> = match audience {
                    Audience::Centres => self.centres_in(&mask),
                    Audience::Offices => {
                        let w = self.world;
                        (0..w.members.len()).filter(|&a| mask[a]).flat_map(|a| w.reachable(a).iter().copied()).collect()
                    }
                };
                let attendees = sample(&mut self.levers, &pool, *attendance as usize);
                self.counts.training_sessions += 1; // cost.rs
                self.counts.trained += attendees.len() as u32;
                for o in attendees {
                    let o = o as usize;
                    let state = self.office[o].state;
                    match state {
                        State::NotAdopted if self.convinced(o, p.training_efficacy) => self.decide(o),
                        State::Planning => self.support(o),
                        _ => {}
                    }
                }
            }
            Lever::CentreAdoption { .. } => {
                for c in self.centres_in(&mask) {
                    if self.office[c as usize].state != State::Adopted {
                        self.set_state(c as usize, State::Adopted);
                    }
                }
            }
            _ => {}
        }
    }

    /// The offices monthly lever `i` can reach, whatever their state: the members of its
    /// areas (in area order), for visits sorted and with their external partners added.
    fn candidates(&mut self, i: usize) -> Vec<u32> {
        let mut c = std::mem::take(&mut self.candidates[i]);
        if self.candidates_ready[i] {
            return c;
        }
        c.clear();
        let w = self.world;
        let mask = &self.plan.masks[i];
        for a in (0..w.members.len()).filter(|&a| mask[a]) {
            c.extend_from_slice(w.reachable(a));
        }
        if let Lever::Visits { include_external, .. } = &self.plan.levers[i] {
            if *include_external && w.len() > w.n_home {
                let members = c.len();
                for k in 0..members {
                    let m = c[k] as usize;
                    c.extend(w.partners(m).iter().copied().filter(|&x| x as usize >= w.n_home));
                }
            }
            c.sort_unstable();
            c.dedup();
        }
        self.candidates_ready[i] = true;
        c
    }

    /// Up to `k` of monthly lever `i`'s candidates for which `keep` holds, into `pool`.
    fn targets(&mut self, i: usize, k: usize, pool: &mut Vec<u32>, keep: impl Fn(u32, &Office) -> bool) {
        let candidates = self.candidates(i);
        sample_where(&mut self.levers, &candidates, k, pool, &mut self.office, keep);
        self.candidates[i] = candidates;
    }

    fn monthly(&mut self, i: usize) {
        let p = self.model.params.clone();
        let w = self.world;
        let mut pool = std::mem::take(&mut self.scratch);
        pool.clear();
        let open = |s: State| (s as u8) <= State::Planning as u8;
        match &self.plan.levers[i] {
            Lever::Visits { per_month, hands_on, .. } => {
                // Issue 14 hook (targeting.rs): a ranking rule takes the top offices still open and
                // draws no random number; `random` (no `targeting`) draws exactly as before.
                match self.scn.targeting.as_ref().map_or(Rule::Random, |t| t.visits) {
                    Rule::Random => self.targets(i, *per_month as usize, &mut pool, |_, r| open(r.state)),
                    rule => {
                        let c = self.candidates(i);
                        let office = &self.office;
                        let (keep, count) =
                            (|o: u32| open(office[o as usize].state), |o: u32| office[o as usize].count);
                        targeting::top(rule, w, &c, *per_month as usize, keep, count, &mut pool);
                        self.candidates[i] = c;
                    }
                }
                self.counts.visits_made += pool.len() as u32; // cost.rs
                for &o in &pool {
                    let o = o as usize;
                    if self.office[o].state == State::NotAdopted && self.convinced(o, p.visit_efficacy) {
                        self.decide(o);
                    }
                    if *hands_on && self.office[o].state == State::Planning {
                        self.support(o);
                    }
                }
            }
            Lever::Support { per_month, .. } => {
                // Home offices in planning in the lever's areas: the planning list is short,
                // the population is not.
                let mask = &self.plan.masks[i];
                let (offices, area) = (&self.office, &w.area);
                pool.extend(self.planning.iter().copied().filter(|&o| {
                    let o = o as usize;
                    o < w.n_home && mask[area[o] as usize] && offices[o].flags & SUPPORTED == 0
                }));
                let chosen = sample(&mut self.levers, &pool, *per_month as usize);
                self.counts.support_given += chosen.len() as u32; // cost.rs
                for o in chosen {
                    self.support(o as usize);
                }
            }
            Lever::PartnerRequest { per_month, .. } => {
                self.targets(i, *per_month as usize, &mut pool, |_, r| (r.state == State::NotAdopted) & (r.count > 0));
                self.counts.requests_made += pool.len() as u32; // cost.rs
                for &o in &pool {
                    if self.convinced(o as usize, p.request_efficacy) {
                        self.decide(o as usize);
                    }
                }
            }
            _ => {}
        }
        self.scratch = pool;
    }

    /// Adopters who started under a waiver and have no active link may stop when it ends.
    fn waiver_end(&mut self) {
        let pr = self.model.params.waiver_end_stop;
        for o in 0..self.office.len() {
            if self.office[o].flags & WAIVER != 0 {
                self.office[o].flags &= !WAIVER;
                if self.office[o].state == State::Adopted
                    && self.office[o].count == 0
                    && rng::chance(&mut self.levers, pr)
                {
                    self.set_state(o, State::Stopped);
                }
            }
        }
    }

    /// Advances one weekly step.
    pub fn step(&mut self) {
        if self.done() {
            return;
        }
        let k = self.week;
        let ku = k as usize;
        let plan = self.plan;
        // 1. Outreach changes (and the first draws at week 0); M(t) needs none, see `Model::tau`.
        if plan.waiver_ends[ku] {
            self.waiver_end();
        }
        self.lift_barriers(ku);
        if plan.epoch[ku] {
            self.outreach();
            if k == 0 {
                // Every live office's first draw.
                for o in 0..self.office.len() {
                    if self.office[o].state != State::Stopped {
                        self.touch(o);
                    }
                }
            }
        }
        // 2. Pulses and monthly levers change states directly.
        for idx in 0..plan.pulses[ku].len() {
            self.pulse(plan.pulses[ku][idx]);
        }
        if plan.month_start[ku] {
            for idx in 0..plan.monthly[ku].len() {
                self.monthly(plan.monthly[ku][idx]);
            }
        }
        self.redraw_dirty(k);
        // 3. Transitions of this week, decided on the state at its start, then applied.
        let mut bucket = std::mem::take(&mut self.buckets[ku]);
        let mut fired = std::mem::take(&mut self.fired);
        fired.clear();
        for &o in &bucket {
            let o = o as usize;
            if self.next[o] != k {
                continue; // stale entry: the office was redrawn since
            }
            self.next[o] = NEVER;
            // Only a planning office has competing transitions to choose between.
            let (r, u) = if self.office[o].state == State::Planning {
                let r = self.rates(o);
                (r, rng::uniform(&mut self.events) * (r[0] + r[1] + r[2]))
            } else {
                ([0.0; 3], 0.0)
            };
            let to = match self.office[o].state {
                // A decision in the week a pledge falls due is fulfilled at once (the week's
                // transitions apply at its end, too late for a pledge week).
                State::NotAdopted if self.model.params.setup_rate.is_some() && plan.pledge_due[ku] != k => {
                    State::Planning
                }
                State::NotAdopted => State::Adopted,
                State::Planning if u < r[0] || self.pledge.get(o).is_some_and(|&pw| pw <= k) => State::Adopted,
                State::Planning if u < r[0] + r[1] => State::NotAdopted,
                State::Planning => State::Planning, // gets hands-on support
                State::Adopted => State::Stopped,
                State::Stopped => continue,
            };
            fired.push((o as u32, to));
        }
        for &(o, to) in &fired {
            let o = o as usize;
            if to == self.office[o].state {
                self.support(o);
            } else {
                if to == State::NotAdopted {
                    self.office[o].flags &= !SUPPORTED;
                }
                self.set_state(o, to);
            }
        }
        bucket.clear();
        self.buckets[ku] = bucket;
        self.fired = fired;
        self.week += 1;
        if let Some(c) = self.plan.condition {
            if self.week == c.week {
                self.condition(c.adopters, c.offices);
            }
        }
        self.redraw_dirty(self.week);
    }

    /// Sets the number of adopted home offices to the observed `adopters` of `offices`, scaled to
    /// the modelled office count (src/sim/forward.rs). Too few: planning offices adopt first
    /// (they had decided), then not-adopted offices without a barrier, then the others, each
    /// group in a random order from the replication's conditioning stream. Too many: the most
    /// recent adopters return to not adopted, centres last (earlier adopters, and adopters
    /// before the start, are the ones the observed 100% continuation speaks for, brief §4a).
    fn condition(&mut self, adopters: u32, offices: u32) {
        let w = self.world;
        let target = super::forward::target(adopters, offices, w.n_home);
        let have = self.counts.adopted_home;
        let mut rng = rng::stream(self.scn.seed, self.rep, STREAM_CONDITION);
        if have < target {
            let mut need = (target - have) as usize;
            let planning: Vec<u32> = self.planning.iter().copied().filter(|&o| (o as usize) < w.n_home).collect();
            let mut chosen = sample(&mut rng, &planning, need);
            need -= chosen.len();
            if need > 0 {
                let home: Vec<u32> = (0..w.n_home as u32).collect();
                let mut out = Vec::new();
                // Ready in-scope offices first, then in-scope ones with a barrier, and offices
                // outside the care-plan exchange only if the observation needs them.
                let groups: [fn(u8) -> bool; 3] =
                    [|f| f & (BARRIER | OUT) == 0, |f| f & BARRIER != 0 && f & OUT == 0, |f| f & OUT != 0];
                for group in groups {
                    sample_where(&mut rng, &home, need, &mut out, &mut self.office, |_, r| {
                        r.state == State::NotAdopted && group(r.flags)
                    });
                    need -= out.len();
                    chosen.extend_from_slice(&out);
                }
            }
            for o in chosen {
                self.set_state(o as usize, State::Adopted);
            }
        } else if have > target {
            let mut excess = (have - target) as usize;
            let order = std::mem::take(&mut self.adoption_order);
            for centres in [false, true] {
                for &o in order.iter().rev() {
                    if excess == 0 {
                        break;
                    }
                    let o = o as usize;
                    let is_centre = w.centre[w.area[o] as usize] == o as u32;
                    if self.office[o].state == State::Adopted && is_centre == centres {
                        self.office[o].flags &= !(WAIVER | SUPPORTED);
                        self.set_state(o, State::NotAdopted);
                        excess -= 1;
                    }
                }
            }
            self.adoption_order = order;
        }
    }
}

/// The engine's hottest loop: an office gained (`GAINED`) or lost adoption, so each partner's
/// adopted-partner count moves by one and the partners whose rates depend on it are listed
/// for a redraw: a not-adopted partner's rate rose (an extra clock suffices, BOOST, see
/// `Sim::superpose`) or fell (DIRTY); an adopter's only when it gains its first or loses
/// its last active link. Branch-free marking as in `Sim::touch_if`; one copy per direction
/// so that neither tests the direction per partner. Returns the new length of `dirty`.
fn mark_partners<const GAINED: bool>(
    partners: &[u32],
    offices: &mut [Office],
    dirty: &mut [u32],
    mut n_dirty: usize,
) -> usize {
    for &j in partners {
        let r = &mut offices[j as usize];
        let before = r.count;
        let after = if GAINED { before + 1 } else { before - 1 };
        r.count = after;
        let na = r.state == State::NotAdopted;
        let adopted = r.state == State::Adopted;
        let (boost, full) = if GAINED { (na, adopted & (before == 0)) } else { (false, na | (adopted & (after == 0))) };
        let f = r.flags;
        let add = (boost | full) & (f & (DIRTY | BOOST) == 0);
        r.flags = f | (DIRTY * full as u8) | (BOOST * boost as u8);
        dirty[n_dirty] = j;
        n_dirty += add as usize;
    }
    n_dirty
}

/// `k` offices of `pool`, uniformly among the in-scope ones without a barrier, then among the
/// in-scope ones with a barrier, then among those out of scope.
fn sample_ready(rng: &mut SimRng, pool: &[u32], offices: &mut [Office], k: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(k);
    sample_where(rng, pool, k, &mut out, offices, |_, r| r.flags & (BARRIER | OUT) == 0);
    for group in [BARRIER, OUT] {
        if out.len() < k {
            let mut more = Vec::with_capacity(k - out.len());
            sample_where(rng, pool, k - out.len(), &mut more, offices, |_, r| r.flags & (BARRIER | OUT) == group);
            out.extend(more);
        }
    }
    out
}

/// The time (in steps) of the first event of a clock with `rate` per step, if it falls within
/// `span` steps: E/rate with E = -ln U. It falls inside only if U > exp(-rate·span); since
/// exp(-x) ≥ 1 - x, U ≤ 1 - rate·span is a sure miss and needs no logarithm (most draws, for
/// slow rates).
#[inline]
fn first_time(rng: &mut SimRng, rate: f64, span: f64) -> Option<f64> {
    // Off the critical path: the division overlaps with the draw and the logarithm.
    let inv_rate = 1.0 / rate;
    let u = rng::uniform_open0(rng);
    if u <= 1.0 - rate * span {
        return None;
    }
    let x = -rng::ln_unit(u) * inv_rate;
    (x < span).then_some(x)
}

/// The step of the first event of a clock with `rate` per step, within `span` steps.
fn first_week(rng: &mut SimRng, rate: f64, span: f64) -> Option<u32> {
    first_time(rng, rate, span).map(|x| x as u32)
}

/// Appends the items for which `keep` holds. Branch-free: office states are random, so a
/// branch per item would be mispredicted about half the time (this loop was a quarter of
/// the Sendai benchmark's time).
fn extend_where(pool: &mut Vec<u32>, items: impl ExactSizeIterator<Item = u32>, keep: impl Fn(u32) -> bool) {
    let mut n = pool.len();
    pool.resize(n + items.len(), 0);
    for x in items {
        pool[n] = x;
        n += keep(x) as usize;
    }
    pool.truncate(n);
}

/// Up to `k` distinct items of `candidates` for which `keep` holds, uniformly, into `out`.
/// A monthly lever's targets are usually common among its candidates, so they are drawn by
/// rejection (no scan of the population, which was a sixth of the Sendai benchmark's time);
/// when a bounded number of trials does not find `k`, the whole list is filtered instead.
/// Both routes are symmetric in the qualifying offices, so the chosen set is uniform either way.
fn sample_where(
    rng: &mut SimRng,
    candidates: &[u32],
    k: usize,
    out: &mut Vec<u32>,
    offices: &mut [Office],
    keep: impl Fn(u32, &Office) -> bool,
) {
    out.clear();
    if k == 0 || candidates.is_empty() {
        return;
    }
    let trials = 4 * k + 64;
    for _ in 0..trials {
        if out.len() == k {
            break;
        }
        let o = candidates[rng::below(rng, candidates.len())];
        let r = &mut offices[o as usize];
        if r.flags & PICKED == 0 && keep(o, r) {
            r.flags |= PICKED;
            out.push(o);
        }
    }
    for &o in out.iter() {
        offices[o as usize].flags &= !PICKED;
    }
    if out.len() < k {
        out.clear();
        extend_where(out, candidates.iter().copied(), |o| keep(o, &offices[o as usize]));
        let n = k.min(out.len());
        for i in 0..n {
            let j = i + rng::below(rng, out.len() - i);
            out.swap(i, j);
        }
        out.truncate(n);
    }
}

/// Up to `k` distinct items of `pool`, uniformly (partial Fisher–Yates on a copy).
fn sample(rng: &mut SimRng, pool: &[u32], k: usize) -> Vec<u32> {
    let mut v = pool.to_vec();
    let k = k.min(v.len());
    for i in 0..k {
        let j = i + rng::below(rng, v.len() - i);
        v.swap(i, j);
    }
    v.truncate(k);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_lever_reaches_an_out_of_scope_office() {
        let mut scn = crate::sim::regions::preset("chitose").expect("preset");
        scn.uncertainty = crate::sim::posterior::Uncertainty::Fixed;
        // Outreach to areas and to the centres' partners, visits, support, partner requests.
        for name in ["area_by_area", "centre_partners", "visits_support", "partner_request"] {
            let s = crate::sim::strategies::library(name, &scn).expect("library strategy");
            let skip = crate::sim::strategies::calendar(crate::sim::strategies::FREE_PASS_END).len();
            scn.strategy.levers.extend(s.levers.into_iter().skip(skip));
        }
        let plan = Plan::new(&scn);
        let world = crate::sim::population::World::build(&scn, &mut rng::stream(1, 0, STREAM_NETWORK)).expect("world");
        let mut sim = Sim::new(&scn, &world, &plan, 0);
        for _ in 0..8 {
            sim.step();
        }
        assert_eq!(world.out_of_scope.len(), 81);
        for &o in &world.out_of_scope {
            let o = o as usize;
            assert!(sim.office[o].flags & OUT != 0);
            assert_eq!((sim.out_na[o], sim.out_plan[o]), (0.0, 0.0), "outreach reached office {o}");
        }
        assert!(sim.out_na.iter().any(|&x| x > 0.0), "outreach reaches the others");
        for (i, c) in sim.candidates.iter().enumerate() {
            assert!(sim.candidates_ready[i] || c.is_empty());
            assert!(
                c.iter().all(|o| sim.office[*o as usize].flags & OUT == 0),
                "lever {i} can reach an out-of-scope office"
            );
        }
        assert!(sim.candidates.iter().any(|c| !c.is_empty()), "monthly levers have candidates");
    }

    /// Frequency with which each candidate is chosen by `sample_where` over many draws.
    fn frequencies(n: u32, k: usize, keep: impl Fn(u32) -> bool + Copy) -> Vec<f64> {
        let keep2 = move |o: u32, _: &Office| keep(o);
        let candidates: Vec<u32> = (0..n).collect();
        let mut offices = vec![Office::default(); n as usize];
        let mut rng = rng::stream(7, 0, 0);
        let mut out = Vec::new();
        let mut count = vec![0.0; n as usize];
        let draws = 20_000;
        for _ in 0..draws {
            sample_where(&mut rng, &candidates, k, &mut out, &mut offices, keep2);
            let mut seen = out.clone();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), out.len(), "a candidate was chosen twice");
            assert!(out.iter().all(|&o| keep(o)), "a candidate that does not qualify was chosen");
            for &o in &out {
                count[o as usize] += 1.0;
            }
        }
        assert!(offices.iter().all(|r| r.flags == 0), "PICKED marks left behind");
        count.iter().map(|c| c / draws as f64).collect()
    }

    #[test]
    fn sample_where_is_uniform_when_targets_are_common() {
        // Rejection route: 5 of 10 qualify, 2 chosen: each qualifying one with probability 2/5.
        let f = frequencies(10, 2, |o| o % 2 == 0);
        for (o, x) in f.iter().enumerate() {
            let want = if o % 2 == 0 { 0.4 } else { 0.0 };
            assert!((x - want).abs() < 0.02, "office {o}: {x} vs {want}");
        }
    }

    #[test]
    fn sample_where_falls_back_to_a_scan_when_targets_are_rare() {
        // 3 of 2,000 qualify and 2 are asked for: rejection cannot find them in its trials.
        let f = frequencies(2000, 2, |o| o == 5 || o == 900 || o == 1999);
        for (o, x) in f.iter().enumerate() {
            let want = if o == 5 || o == 900 || o == 1999 { 2.0 / 3.0 } else { 0.0 };
            assert!((x - want).abs() < 0.02, "office {o}: {x} vs {want}");
        }
        // Fewer qualify than asked: all of them.
        let f = frequencies(50, 10, |o| o < 3);
        assert!(f[..3].iter().all(|&x| x == 1.0) && f[3..].iter().all(|&x| x == 0.0));
    }
}
