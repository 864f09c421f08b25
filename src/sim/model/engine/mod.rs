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

use crate::sim::model::plan::{Model, Plan, DT};
use crate::sim::model::population::{World, NO_CENTRE};
use crate::sim::model::targeting::{self, Rule};
use crate::sim::rng::{self, SimRng};
use crate::sim::scenario::strategy::{Audience, Lever};
use crate::sim::scenario::tables::Role;
use crate::sim::scenario::Scenario;

// The replication's methods are split by concern over these files (`impl Sim` in each).
mod clock;
mod levers;
mod prefetch;
mod sampling;
mod start;
#[cfg(test)]
mod tests;
mod transitions;

use crate::sim::rng::sample;
use clock::{count_partners, first_week, mark_partners};
use sampling::{sample_ready, sample_where};

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
    /// Work the levers did so far (for `experiment::cost`): offices visited, planners
    /// supported, partner requests made, training attendees and sessions. Counting only.
    pub visits_made: u32,
    pub support_given: u32,
    pub requests_made: u32,
    pub trained: u32,
    pub training_sessions: u32,
}

/// A replication's working memory: every per-office and per-week array the engine writes.
/// A `Sim` owns it while it runs and hands it back whole (`into_buffers`), so the next
/// replication reuses the allocations; nothing in it is copied field by field.
#[derive(Default)]
pub struct Buffers {
    /// Per office: state, adopted-partner count and flags.
    office: Vec<Office>,
    /// Per office: the week of its next transition (`NEVER`: none inside the horizon).
    next: Vec<u32>,
    /// Per week: the offices whose transition falls in it (stale entries are skipped).
    buckets: Vec<Vec<u32>>,
    /// Offices to redraw: `dirty[..n_dirty]`, each flagged DIRTY. Sized to the population plus one
    /// (an office enters at most once) so that marking needs no branch (see `touch_if`).
    dirty: Vec<u32>,
    fired: Vec<(u32, State)>,
    /// Outreach rates per office (empty when the strategy has no outreach lever), and their
    /// values before the last change, to redraw only the offices whose outreach changed.
    out_na: Vec<f64>,
    out_plan: Vec<f64>,
    prev_na: Vec<f64>,
    prev_plan: Vec<f64>,
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
    /// Home offices in the order they adopted (a conditioned run only, empty otherwise): the
    /// most recent ones are returned to not adopted when the run is ahead of the observation.
    adoption_order: Vec<u32>,
}

impl Buffers {
    /// Sizes and clears every array for a replication of `plan` on `world`.
    fn prepare(&mut self, world: &World, plan: &Plan) {
        let n = world.len();
        let has_outreach = plan.outreach_active.iter().any(|v| !v.is_empty());
        let m = if has_outreach { n } else { 0 };
        reset(&mut self.office, n, Office::default());
        // Written before they are read in a replication (next-event weeks at the first draws,
        // outreach rates at week 0's outreach, which compares them with zero rather than with
        // the previous replication's: see `Sim::outreach`), so the previous replication's values
        // can stay: tests check that a replication does not depend on the one before.
        fit(&mut self.next, n, NEVER);
        fit(&mut self.out_na, m, 0.0);
        fit(&mut self.out_plan, m, 0.0);
        fit(&mut self.prev_na, m, 0.0);
        fit(&mut self.prev_plan, m, 0.0);
        self.buckets.resize_with(plan.weeks as usize, Vec::new);
        self.buckets.truncate(plan.weeks as usize);
        self.buckets.iter_mut().for_each(Vec::clear);
        fit(&mut self.dirty, n + 1, 0); // + 1: `touch_if` writes one past the marked ones
        self.fired.clear();
        let n_levers = plan.levers.len();
        self.candidates.resize_with(n_levers, Vec::new);
        reset(&mut self.candidates_ready, n_levers, false);
        self.planning.clear();
        fit(&mut self.planning_pos, n, 0);
        fit(&mut self.drawn_k, n, 0);
        self.ready_at.resize_with(plan.weeks as usize, Vec::new);
        self.ready_at.truncate(plan.weeks as usize);
        self.ready_at.iter_mut().for_each(Vec::clear);
        // Pledge weeks only when the plan has a pledge deadline.
        let pledges = plan.pledge_due.iter().any(|&d| d != NEVER);
        reset(&mut self.pledge, if pledges { n } else { 0 }, NEVER);
        self.adoption_order.clear();
    }
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
    /// The working arrays (see `Buffers`).
    buf: Buffers,
    /// The length of the redraw list `buf.dirty`.
    n_dirty: usize,
    pub counts: Counts,
    events: SimRng,
    levers: SimRng,
    /// The replication's index (a conditioned run draws from its stream (seed, rep)).
    rep: u64,
    /// Do the office loops prefetch (a population larger than the caches, see `prefetch`)?
    prefetch: bool,
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
        b.prepare(world, plan);
        let mut sim = Sim {
            scn,
            world,
            plan,
            model,
            week: 0,
            buf: b,
            n_dirty: 0,
            counts: Counts { adopted_by_area: vec![0; world.centre.len()], ..Counts::default() },
            events: rng::stream(scn.seed, rep, STREAM_EVENTS),
            levers: rng::stream(scn.seed, rep, STREAM_LEVERS),
            rep,
            prefetch: prefetch::worth_it(world.len()),
        };
        sim.initialise(rep);
        sim
    }

    /// Gives the working memory back for the next replication.
    pub fn into_buffers(self) -> Buffers {
        self.buf
    }

    /// Bytes of per-office working memory (the benchmark's "run state per office"), bucket
    /// lists included.
    pub fn state_bytes(&self) -> usize {
        fn b<T>(v: &[T]) -> usize {
            std::mem::size_of_val(v)
        }
        b(&self.buf.office)
            + b(&self.buf.next)
            + b(&self.buf.dirty)
            + b(&self.buf.out_na)
            + b(&self.buf.out_plan)
            + b(&self.buf.prev_na)
            + b(&self.buf.prev_plan)
            + b(&self.buf.planning_pos)
            + b(&self.buf.drawn_k)
            + b(&self.buf.pledge)
            + self.buf.buckets.iter().map(|v| v.capacity() * 4).sum::<usize>()
            + self.buf.ready_at.iter().map(|v| v.capacity() * 4).sum::<usize>()
    }

    /// Every office's state, in office order.
    pub fn states(&self) -> impl Iterator<Item = State> + '_ {
        self.buf.office.iter().map(|r| r.state)
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
        let r = &self.buf.office[c as usize];
        let active = if r.state == State::Adopted { r.count } else { 0 };
        Some((active, self.world.partners(c as usize).len() as u32))
    }

    /// Does office `o` have at least one active link (both ends adopted)?
    pub fn has_active_link(&self, o: usize) -> bool {
        self.buf.office[o].state == State::Adopted && self.buf.office[o].count > 0
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
        let f = self.buf.office[o].flags;
        let add = cond & (f & (DIRTY | BOOST) == 0);
        self.buf.dirty[self.n_dirty] = o as u32;
        self.n_dirty += add as usize;
        self.buf.office[o].flags = f | (DIRTY * cond as u8);
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
                // Every live office's first draw. A not-adopted office out of scope is left
                // out: its rates are zero (`ready`), so its redraw would draw no number and
                // leave it without a next week, as it is (no bucket of this replication holds it).
                for o in 0..self.buf.office.len() {
                    let r = self.buf.office[o];
                    let idle = r.state == State::NotAdopted && r.flags & OUT != 0;
                    if r.state != State::Stopped && !idle {
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
        let mut bucket = std::mem::take(&mut self.buf.buckets[ku]);
        let mut fired = std::mem::take(&mut self.buf.fired);
        fired.clear();
        // Read once: behind `&mut self` the flag would be reloaded at every entry.
        let prefetching = self.prefetching();
        for (i, &o) in bucket.iter().enumerate() {
            if prefetching {
                self.prefetch_due(&bucket, i);
            }
            let o = o as usize;
            if self.buf.next[o] != k {
                continue; // stale entry: the office was redrawn since
            }
            self.buf.next[o] = NEVER;
            // Only a planning office has competing transitions to choose between.
            let (r, u) = if self.buf.office[o].state == State::Planning {
                let r = self.rates(o);
                (r, rng::uniform(&mut self.events) * (r[0] + r[1] + r[2]))
            } else {
                ([0.0; 3], 0.0)
            };
            let to = match self.buf.office[o].state {
                // A decision in the week a pledge falls due is fulfilled at once (the week's
                // transitions apply at its end, too late for a pledge week).
                State::NotAdopted if self.model.params.setup_rate.is_some() && plan.pledge_due[ku] != k => {
                    State::Planning
                }
                State::NotAdopted => State::Adopted,
                State::Planning if u < r[0] || self.buf.pledge.get(o).is_some_and(|&pw| pw <= k) => State::Adopted,
                State::Planning if u < r[0] + r[1] => State::NotAdopted,
                State::Planning => State::Planning, // gets hands-on support
                State::Adopted => State::Stopped,
                State::Stopped => continue,
            };
            fired.push((o as u32, to));
        }
        for (i, &(o, to)) in fired.iter().enumerate() {
            if prefetching {
                self.prefetch_fired(&fired, i);
            }
            let o = o as usize;
            if to == self.buf.office[o].state {
                self.support(o);
            } else {
                if to == State::NotAdopted {
                    self.buf.office[o].flags &= !SUPPORTED;
                }
                self.set_state(o, to);
            }
        }
        bucket.clear();
        self.buf.buckets[ku] = bucket;
        self.buf.fired = fired;
        self.week += 1;
        if let Some(c) = self.plan.condition {
            if self.week == c.week {
                self.condition(c.adopters, c.offices);
            }
        }
        self.redraw_dirty(self.week);
    }
}
