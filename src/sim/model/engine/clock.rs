//! Waiting times: an office's rates out of its state and the week of its next transition,
//! redrawn only when an input changes (docs/model.md §5).
use super::prefetch::AHEAD;
use super::*;

impl Sim<'_> {
    /// Factor on decisions of an office with a barrier (no ready care software or ICT); 0 for an
    /// office out of scope (it never decides).
    #[inline]
    pub(super) fn ready(&self, o: usize) -> f64 {
        let f = self.buf.office[o].flags;
        if f & (BARRIER | OUT) == 0 {
            1.0
        } else if f & OUT != 0 {
            0.0
        } else {
            self.model.params.barrier_decision
        }
    }

    /// A not-adopted office's decision rates (most redraws; kept apart from `rates` so a redraw
    /// of one needs no dispatch on the state): its own decisions p + q·g(s) per operational year
    /// (M(t) multiplies them, see `Model::tau`), and the outreach it receives per real year (a
    /// lever's effect is not multiplied by the fee calendar), both times the readiness factor.
    #[inline(always)]
    pub(super) fn decision_rates(&self, o: usize) -> (f64, f64) {
        let p = &self.model.params;
        let out = match self.buf.out_na.get(o) {
            Some(&x) if x > 0.0 => x * self.advocate(o),
            _ => 0.0,
        };
        let ready = self.ready(o);
        (ready * (p.p + p.q * self.response(o, self.buf.office[o].count)), ready * out)
    }

    /// The network response g(k/deg) of office `o` with `k` partners adopted. Always inlined:
    /// a call per redraw costs more in wasm (V8 does not inline it) than its table lookup.
    #[inline(always)]
    pub(super) fn response(&self, o: usize, k: u32) -> f64 {
        if k == 0 {
            0.0
        } else {
            let deg = self.world.offsets[o + 1] - self.world.offsets[o];
            self.model.response.at(k, deg, &self.model.params)
        }
    }

    /// Competing rates (per year) out of the office's current state: [to_a, to_b, to_c]. A
    /// not-adopted office's own rate is per unit of operational time (times M(t), see
    /// `Model::tau`), its outreach rate per real year. Always inlined, as `response`.
    #[inline(always)]
    pub(super) fn rates(&mut self, o: usize) -> [f64; 3] {
        let p = &self.model.params;
        match self.buf.office[o].state {
            State::NotAdopted => {
                let (own, lever) = self.decision_rates(o);
                [own + lever, 0.0, 0.0]
            }
            State::Planning => {
                let supported = self.buf.office[o].flags & SUPPORTED != 0;
                let boost = if supported { 1.0 + p.support_boost } else { 1.0 };
                let barrier = if self.buf.office[o].flags & BARRIER != 0 { p.barrier_factor } else { 1.0 };
                let setup = p.setup_rate.unwrap_or(0.0) * barrier * boost;
                let get_support = if supported { 0.0 } else { self.buf.out_plan.get(o).copied().unwrap_or(0.0) };
                [setup, p.planning_dropout / boost, get_support]
            }
            State::Adopted => {
                let iso = if self.buf.office[o].count > 0 { 1.0 } else { p.isolation_factor };
                [p.stop_rate * iso, 0.0, 0.0]
            }
            State::Stopped => [0.0; 3],
        }
    }

    /// Draws the week of the office's next transition, counting from week `from`. A not-adopted
    /// office has two clocks, its own decisions in operational time and the outreach it receives
    /// in real weeks; the earlier event is its decision (exact for exponential clocks).
    /// Always inlined: LLVM inlines it into `redraw_dirty` natively but not for wasm, where the
    /// call cost 6% of a Sendai replication's instructions (`scripts/wasm-instructions.sh`).
    #[inline(always)]
    pub(super) fn redraw(&mut self, o: usize, from: &Start, ev: &mut SimRng) {
        self.buf.next[o] = NEVER;
        let wk = if self.buf.office[o].state == State::NotAdopted {
            self.buf.drawn_k[o] = self.buf.office[o].count;
            let (own, lever) = self.decision_rates(o);
            let a = self.draw_week(own, true, from, ev);
            match self.draw_week(lever, false, from, ev) {
                Some(b) if a.is_none_or(|a| b < a) => Some(b),
                _ => a,
            }
        } else {
            let r = self.rates(o);
            let wk = self.draw_week(r[0] + r[1] + r[2], false, from, ev);
            // Only a planning office holds a pledge (`change_state` clears it when the office
            // leaves planning): an adopter's redraw skips the load, at the national size a cache
            // miss in a sixth of the redraw pass's time.
            let planning = self.buf.office[o].state == State::Planning;
            debug_assert!(planning || self.buf.pledge.get(o).is_none_or(|&pw| pw == NEVER));
            match self.buf.pledge.get(o).copied().filter(|_| planning) {
                // A pledged planner whose setup clock runs past its pledge week adopts then.
                Some(pw) if pw != NEVER => {
                    let pw = pw.max(from.week);
                    self.buf.pledge[o] = pw;
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
            self.buf.next[o] = wk;
            self.buf.buckets[wk as usize].push(o as u32);
        }
    }

    /// A not-adopted office whose partners adopted: its rate rose by Δ (the response term only),
    /// so an independent clock of rate Δ is drawn and the earlier of the two kept. The minimum
    /// of exponential clocks is exponential with the summed rate, so this is exact, and Δ is
    /// small: most draws are sure misses (cheaper than a full redraw). Natively always inlined,
    /// as into `redraw_dirty` before its prefetching loop became a second caller (wasm has no
    /// such loop, and there forcing it cost instructions).
    #[cfg_attr(target_arch = "x86_64", inline(always))]
    pub(super) fn superpose(&mut self, o: usize, from: &Start, ev: &mut SimRng) {
        if self.buf.office[o].state != State::NotAdopted {
            return self.redraw(o, from, ev);
        }
        let (k_old, k) = (self.buf.drawn_k[o], self.buf.office[o].count);
        if k <= k_old {
            return;
        }
        self.buf.drawn_k[o] = k;
        let delta = self.ready(o) * self.model.params.q * (self.response(o, k) - self.response(o, k_old));
        if let Some(wk) = self.draw_week(delta, true, from, ev) {
            if wk < self.buf.next[o] {
                self.buf.next[o] = wk;
                self.buf.buckets[wk as usize].push(o as u32);
            }
        }
    }

    /// The week of the first event of a clock with `rate` per year (per operational year when
    /// `scaled`) started at week `from`, if it falls inside the horizon. Always inlined into
    /// `redraw` and `superpose`, its two callers, for the same reason as `response`.
    #[inline(always)]
    pub(super) fn draw_week(&self, rate: f64, scaled: bool, from: &Start, ev: &mut SimRng) -> Option<u32> {
        if rate <= 0.0 {
            return None;
        }
        // A not-adopted office's clock runs in operational time (M(t) folded in), the others' in weeks.
        let tau = &self.model.tau;
        let span = if scaled { from.tau_left } else { from.weeks_left };
        // Waiting time E/(H·dt), E = -ln U (see `first_time`).
        let x = first_time(ev, rate * DT, span)?;
        let wk = if scaled {
            // The week in which operational time passes tau[from] + x: the last week g whose
            // start tau[g] is at or before it. Guessed from this week's multiplier (exact while
            // M stays constant, as it mostly does), then corrected step by step; `tau` never
            // decreases, so this is the week a forward walk from `from` finds (that walk took
            // about ten steps per draw, an eighth of the redraws' instructions).
            let f = from.week as usize;
            let target = from.tau + x;
            let m = tau[f + 1] - tau[f];
            let last = tau.len() - 1;
            let mut g = if m > 0.0 { (f as f64 + x / m).min(last as f64) as usize } else { f };
            while g < last && tau[g + 1] <= target {
                g += 1;
            }
            while g > f && tau[g] > target {
                g -= 1;
            }
            g as u32
        } else {
            from.week + x as u32
        };
        (wk < self.plan.weeks).then_some(wk)
    }

    pub(super) fn redraw_dirty(&mut self, from: u32) {
        let from = Start::at(from, self.model, self.plan);
        let dirty = std::mem::take(&mut self.buf.dirty);
        // The events stream as a local copy, written back after the pass: behind `&mut self`
        // its state went to memory after every draw (the bucket pushes may write anywhere).
        let mut ev = self.events.clone();
        if self.prefetching() {
            ev = self.redraw_prefetching(&dirty[..self.n_dirty], &from, ev);
        } else {
            for &o in &dirty[..self.n_dirty] {
                self.redraw_entry(o as usize, &from, &mut ev);
            }
        }
        self.events = ev;
        self.buf.dirty = dirty;
        self.n_dirty = 0;
    }

    /// `redraw_dirty`'s loop for a population larger than the caches, prefetching ahead (see
    /// `prefetch`). A function of its own so that the loop for a town stays as it was; it takes
    /// the events stream by value and gives it back, as a stream passed by reference would
    /// have to live in memory in the other loop too.
    #[inline(never)]
    fn redraw_prefetching(&mut self, list: &[u32], from: &Start, mut ev: SimRng) -> SimRng {
        for (i, &o) in list.iter().enumerate() {
            if let Some(&ahead) = list.get(i + AHEAD) {
                self.prefetch_redraw(ahead as usize);
            }
            self.redraw_entry(o as usize, from, &mut ev);
        }
        ev
    }

    /// Redraws office `o` of the redraw list: in full, or by an extra clock when its partners'
    /// adoptions only raised its rate (`superpose`).
    #[inline(always)]
    fn redraw_entry(&mut self, o: usize, from: &Start, ev: &mut SimRng) {
        let f = self.buf.office[o].flags;
        self.buf.office[o].flags = f & !(DIRTY | BOOST);
        if f & DIRTY != 0 {
            self.redraw(o, from, ev);
        } else {
            self.superpose(o, from, ev);
        }
    }
}

/// The start of the clocks one redraw pass draws: its week and what is left of the horizon from
/// it, in weeks and in operational time, worked out once per pass instead of once per draw.
pub(super) struct Start {
    week: u32,
    /// `tau[week]`.
    tau: f64,
    /// Operational time left: `tau[weeks] - tau[week]`.
    tau_left: f64,
    /// Weeks left: `weeks - week`.
    weeks_left: f64,
}

impl Start {
    fn at(week: u32, model: &Model, plan: &Plan) -> Start {
        let tau = &model.tau;
        Start {
            week,
            tau: tau[week as usize],
            tau_left: tau[plan.weeks as usize] - tau[week as usize],
            weeks_left: (plan.weeks - week) as f64,
        }
    }
}

/// The engine's hottest loop: an office gained (`GAINED`) or lost adoption, so each partner's
/// adopted-partner count moves by one and the partners whose rates depend on it are listed
/// for a redraw: a not-adopted partner's rate rose (an extra clock suffices, BOOST, see
/// `Sim::superpose`) or fell (DIRTY); an adopter's only when it gains its first or loses
/// its last active link. Branch-free marking as in `Sim::touch_if`; one copy per direction
/// so that neither tests the direction per partner. Returns the new length of `dirty`.
pub(super) fn mark_partners<const GAINED: bool>(
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

/// `mark_partners` before the first week: the counts only (see `Sim::set_initial_state`).
pub(super) fn count_partners(partners: &[u32], offices: &mut [Office], gained: bool) {
    for &j in partners {
        let r = &mut offices[j as usize];
        r.count = if gained { r.count + 1 } else { r.count - 1 };
    }
}

/// The time (in steps) of the first event of a clock with `rate` per step, if it falls within
/// `span` steps: E/rate with E = -ln U. It falls inside only if U > exp(-rate·span); since
/// exp(-x) ≥ 1 - x, U ≤ 1 - rate·span is a sure miss and needs no logarithm (most draws, for
/// slow rates).
#[inline]
pub(super) fn first_time(rng: &mut SimRng, rate: f64, span: f64) -> Option<f64> {
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
pub(super) fn first_week(rng: &mut SimRng, rate: f64, span: f64) -> Option<u32> {
    first_time(rng, rate, span).map(|x| x as u32)
}
