//! A replication's start: initial adopters, barriers and the weeks they lift, and the
//! conditioning of a plan from today on the observed count (src/sim/scenario/forward.rs).
use super::*;
use crate::sim::scenario::survey::SurveyArea;

impl Sim<'_> {
    pub(super) fn initialise(&mut self, rep: u64) {
        let w = self.world;
        let pop = &self.scn.population;
        let mut init = rng::stream(self.scn.seed, rep, STREAM_INIT);
        let share = self.model.params.barrier_share;
        for &o in &w.out_of_scope {
            self.buf.office[o as usize].flags |= OUT;
        }
        // The software barrier concerns in-scope offices only.
        match &w.fixed_barrier {
            Some(b) => {
                for (r, &barrier) in self.buf.office.iter_mut().zip(b) {
                    if barrier && r.flags & OUT == 0 {
                        r.flags |= BARRIER;
                    }
                }
            }
            // A share of 0 or 1 needs no draws.
            None if share <= 0.0 => {}
            None if share >= 1.0 => {
                self.buf.office.iter_mut().filter(|r| r.flags & OUT == 0).for_each(|r| r.flags |= BARRIER)
            }
            None => {
                for r in self.buf.office.iter_mut().filter(|r| r.flags & OUT == 0) {
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
            // Each area's adopters as its survey counts say (ready offices first, as below),
            // then the external ones as below (scenario/survey.rs).
            for (a, &(n, _)) in survey_counts(self.scn, survey).iter().enumerate() {
                adopters.extend(sample_ready(&mut init, &w.members[a], &mut self.buf.office, n as usize));
            }
            let ext: Vec<u32> = (w.n_home as u32..w.len() as u32).collect();
            adopters.extend(sample(&mut init, &ext, pop.initial_external_adopted as usize));
        } else {
            // Adopters so far are offices without a barrier (their software was ready); barrier
            // offices come last, only when there are more adopters than ready offices. The lists
            // drawn from are built in the buffers' scratch list: a new one per replication was
            // freed again at once, and at 20,000 offices each free returned memory to the system.
            let mut pool = std::mem::take(&mut self.buf.scratch);
            pool.clear();
            match pop.initial_centres_adopted {
                Some(c) => {
                    let centres: Vec<u32> = w.centre.iter().copied().filter(|&c| c != NO_CENTRE).collect();
                    adopters.extend(sample(&mut init, &centres, c as usize));
                    pool.extend((0..w.n_home as u32).filter(|&o| w.role[o as usize] != Role::Centre));
                    adopters.extend(sample_ready(
                        &mut init,
                        &pool,
                        &mut self.buf.office,
                        pop.initial_adopted.saturating_sub(c) as usize,
                    ));
                }
                None => {
                    pool.extend(0..w.n_home as u32);
                    adopters.extend(sample_ready(&mut init, &pool, &mut self.buf.office, pop.initial_adopted as usize))
                }
            }
            self.buf.scratch = pool;
            let ext: Vec<u32> = (w.n_home as u32..w.len() as u32).collect();
            adopters.extend(sample(&mut init, &ext, pop.initial_external_adopted as usize));
        }
        for o in adopters {
            self.set_initial_state(o as usize, State::Adopted);
            self.buf.office[o as usize].marks |= INITIAL;
            self.counts.initial_home += u32::from((o as usize) < w.n_home);
        }
        // Offices the survey lists as planning start setting up (scenario/survey.rs).
        let planners: Vec<u32> = match (&w.fixed_planning, &self.scn.survey) {
            (Some(fixed), _) => (0..w.len() as u32).filter(|&o| fixed[o as usize]).collect(),
            (None, Some(survey)) => {
                let mut p = Vec::new();
                for (a, &(_, n)) in survey_counts(self.scn, survey).iter().enumerate() {
                    let open: Vec<u32> = w.members[a]
                        .iter()
                        .copied()
                        .filter(|&o| self.buf.office[o as usize].state == State::NotAdopted)
                        .collect();
                    p.extend(sample_ready(&mut init, &open, &mut self.buf.office, n as usize));
                }
                p
            }
            (None, None) => Vec::new(),
        };
        for o in planners {
            self.set_initial_state(o as usize, State::Planning);
        }
        // Offices that adopted before the start did not do so under this run's waiver.
        self.buf.office.iter_mut().for_each(|r| r.flags &= !WAIVER);
        // `set_initial_state` lists no office for a redraw: week 0 draws every live office.
        debug_assert_eq!(self.n_dirty, 0);
    }

    /// The week at which each barrier lifts: an exponential waiting time at `readiness_rate` per
    /// year (in real weeks; software updates do not follow the fee calendar), from its own
    /// stream so that the other draws do not move when the rate changes.
    pub(super) fn draw_readiness(&mut self, rep: u64) {
        let rate = self.model.params.readiness_rate * DT;
        if rate <= 0.0 {
            return;
        }
        let mut r = rng::stream(self.scn.seed, rep, STREAM_READY);
        let span = self.plan.weeks as f64;
        for o in 0..self.buf.office.len() {
            if self.buf.office[o].flags & BARRIER != 0 {
                if let Some(wk) = first_week(&mut r, rate, span) {
                    self.buf.ready_at[wk as usize].push(o as u32);
                }
            }
        }
    }

    /// Barriers that lift at the start of week `k`: those offices decide (and set up) at full
    /// speed from now; a not-adopted or planning office is redrawn.
    pub(super) fn lift_barriers(&mut self, k: usize) {
        let ready = std::mem::take(&mut self.buf.ready_at[k]);
        for &o in &ready {
            let o = o as usize;
            self.buf.office[o].flags &= !BARRIER;
            if matches!(self.buf.office[o].state, State::NotAdopted | State::Planning) {
                self.touch(o);
            }
        }
        self.buf.ready_at[k] = ready;
    }

    /// Sets the number of adopted home offices to the observed `adopters` of `offices`, scaled to
    /// the modelled office count (src/sim/scenario/forward.rs). Too few: planning offices adopt first
    /// (they had decided), then not-adopted offices without a barrier, then the others, each
    /// group in a random order from the replication's conditioning stream. Too many: the most
    /// recent adopters return to not adopted, centres last (earlier adopters, and adopters
    /// before the start, are the ones the observed 100% continuation speaks for, brief §4a).
    pub(super) fn condition(&mut self, adopters: u32, offices: u32) {
        let w = self.world;
        let target = crate::sim::scenario::forward::target(adopters, offices, w.n_home);
        let have = self.counts.adopted_home;
        let mut rng = rng::stream(self.scn.seed, self.rep, STREAM_CONDITION);
        if have < target {
            let mut need = (target - have) as usize;
            let planning: Vec<u32> = self.buf.planning.iter().copied().filter(|&o| (o as usize) < w.n_home).collect();
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
                    sample_where(&mut rng, &home, need, &mut out, &mut self.buf.office, |_, r| {
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
            let order = std::mem::take(&mut self.buf.adoption_order);
            for centres in [false, true] {
                for &o in order.iter().rev() {
                    if excess == 0 {
                        break;
                    }
                    let o = o as usize;
                    let is_centre = w.centre[w.area[o] as usize] == o as u32;
                    if self.buf.office[o].state == State::Adopted && is_centre == centres {
                        self.buf.office[o].flags &= !(WAIVER | SUPPORTED);
                        self.set_state(o, State::NotAdopted);
                        excess -= 1;
                    }
                }
            }
            self.buf.adoption_order = order;
        }
    }
}

/// Per area (in `population.areas` order): (adopted, planning) counts of the survey.
fn survey_counts(scn: &Scenario, survey: &[SurveyArea]) -> Vec<(u32, u32)> {
    scn.population
        .areas
        .iter()
        .map(|a| survey.iter().find(|s| s.area == a.name).map_or((0, 0), |s| (s.adopted, s.planning)))
        .collect()
}
