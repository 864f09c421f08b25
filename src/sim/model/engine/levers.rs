//! Levers acting on offices: dated pulses (trainings, centre adoption), monthly capacities
//! (visits, support, partner requests), the centres' outreach, the fee waiver's end.
use super::*;

impl Sim<'_> {
    /// A decision while a pledge deadline is open is a pledge: the office finishes setting up at
    /// a week drawn uniformly from now to the deadline's week, or earlier by its setup clock
    /// (assumption, docs/model.md §3). It may still drop out, at the usual rate.
    pub(super) fn pledge_if_open(&mut self, o: usize) {
        let k = self.week as usize;
        let due = self.plan.pledge_due.get(k).copied().unwrap_or(NEVER);
        if due != NEVER {
            let span = (due - self.week) as usize + 1;
            self.buf.pledge[o] = self.week + rng::below(&mut self.events, span) as u32;
        }
    }

    pub(super) fn plan_waiver(&self) -> bool {
        let k = (self.week as usize).min(self.plan.waiver.len().saturating_sub(1));
        self.plan.waiver.get(k).copied().unwrap_or(false)
    }

    /// Marks an office not yet adopted as reached by a lever.
    #[inline]
    pub(super) fn reach(&mut self, o: usize) {
        if (self.buf.office[o].state as u8) <= State::Planning as u8 {
            self.buf.office[o].marks |= REACHED;
        }
    }

    /// Does a lever with success probability `efficacy` convince office `o`?
    pub(super) fn convinced(&mut self, o: usize, efficacy: f64) -> bool {
        self.reach(o);
        let pr = self.ready(o) * efficacy;
        rng::chance(&mut self.levers, pr)
    }

    /// Advocate factor: stronger outreach when the office's centre uses the system itself.
    #[inline]
    pub(super) fn advocate(&self, o: usize) -> f64 {
        let c = self.world.centre[self.world.area[o] as usize];
        if c != NO_CENTRE && self.buf.office[c as usize].state == State::Adopted {
            1.0 + self.model.params.advocate_boost
        } else {
            1.0
        }
    }

    /// A decision to adopt: to planning, or straight to adopted when setup is instantaneous.
    pub(super) fn decide(&mut self, o: usize) {
        if self.model.params.setup_rate.is_some() {
            self.set_state(o, State::Planning);
        } else {
            self.set_state(o, State::Adopted);
        }
    }

    pub(super) fn support(&mut self, o: usize) {
        self.reach(o);
        if self.buf.office[o].flags & SUPPORTED == 0 {
            self.buf.office[o].flags |= SUPPORTED;
            self.touch(o);
        }
    }

    /// Recomputes outreach rates per office from the levers active this week and marks the
    /// offices whose outreach changed for a redraw.
    pub(super) fn outreach(&mut self) {
        if self.buf.out_na.is_empty() {
            return;
        }
        let w = self.world;
        std::mem::swap(&mut self.buf.out_na, &mut self.buf.prev_na);
        std::mem::swap(&mut self.buf.out_plan, &mut self.buf.prev_plan);
        self.buf.out_na.iter_mut().for_each(|x| *x = 0.0);
        self.buf.out_plan.iter_mut().for_each(|x| *x = 0.0);
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
                // A ranking rule (model/targeting.rs) sends the contacts to the top share of the
                // offices not yet using it instead of spreading them over all.
                let targets = if rule == Rule::Random {
                    targets
                } else {
                    let office = &self.buf.office;
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
                    let r = &mut self.buf.office[t as usize];
                    if (r.state as u8) <= State::Planning as u8 {
                        r.marks |= REACHED;
                    }
                    if groups.not_adopted {
                        self.buf.out_na[t as usize] += per_office * eff;
                    }
                    if groups.planning {
                        self.buf.out_plan[t as usize] += per_office;
                    }
                }
            }
        }
        // Before week 0's rates every office's were zero; `prev_*` then hold the previous
        // replication's last rates (not cleared, see `Buffers::prepare`). Which offices change
        // here decides which are listed first for their first draw, so it must not depend on them.
        let first = self.week == 0;
        let before = |prev: &[f64], o: usize| if first { 0.0 } else { prev[o] };
        for o in 0..self.buf.office.len() {
            let changed = match self.buf.office[o].state {
                State::NotAdopted => self.buf.out_na[o] != before(&self.buf.prev_na, o),
                State::Planning => self.buf.out_plan[o] != before(&self.buf.prev_plan, o),
                _ => false,
            };
            if changed {
                self.touch(o);
            }
        }
    }

    pub(super) fn centres_in(&self, mask: &[bool]) -> Vec<u32> {
        let w = self.world;
        (0..w.centre.len()).filter(|&a| mask[a] && w.centre[a] != NO_CENTRE).map(|a| w.centre[a]).collect()
    }

    pub(super) fn pulse(&mut self, i: usize) {
        // `model` and `plan` are shared borrows for the whole replication ('a): copying the
        // references lets the parameters and the mask be read while `self` is changed.
        let (model, plan) = (self.model, self.plan);
        let (p, mask) = (&model.params, &plan.masks[i]);
        match &plan.levers[i] {
            Lever::Training { audience, attendance, .. } => {
                let pool: Vec<u32> = match audience {
                    Audience::Centres => self.centres_in(mask),
                    Audience::Offices => {
                        let w = self.world;
                        (0..w.members.len()).filter(|&a| mask[a]).flat_map(|a| w.reachable(a).iter().copied()).collect()
                    }
                };
                let attendees = sample(&mut self.levers, &pool, *attendance as usize);
                self.counts.training_sessions += 1;
                self.counts.trained += attendees.len() as u32;
                for o in attendees {
                    let o = o as usize;
                    let state = self.buf.office[o].state;
                    match state {
                        State::NotAdopted if self.convinced(o, p.training_efficacy) => self.decide(o),
                        State::Planning => self.support(o),
                        _ => {}
                    }
                }
            }
            Lever::CentreAdoption { .. } => {
                for c in self.centres_in(mask) {
                    if self.buf.office[c as usize].state != State::Adopted {
                        self.set_state(c as usize, State::Adopted);
                    }
                }
            }
            // Not pulses (`Plan::new` lists only trainings and centre adoptions here): they act
            // through `outreach`, `monthly` and the model's rates.
            Lever::Outreach { .. }
            | Lever::Visits { .. }
            | Lever::Support { .. }
            | Lever::PartnerRequest { .. }
            | Lever::FeeWaiver { .. }
            | Lever::Deadline { .. } => {}
        }
    }

    /// The offices monthly lever `i` can reach, whatever their state: the members of its
    /// areas (in area order), for visits sorted and with their external partners added.
    pub(super) fn candidates(&mut self, i: usize) -> Vec<u32> {
        let mut c = std::mem::take(&mut self.buf.candidates[i]);
        if self.buf.candidates_ready[i] {
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
        self.buf.candidates_ready[i] = true;
        c
    }

    /// Up to `k` of monthly lever `i`'s candidates for which `keep` holds, into `pool`.
    pub(super) fn targets(&mut self, i: usize, k: usize, pool: &mut Vec<u32>, keep: impl Fn(u32, &Office) -> bool) {
        let candidates = self.candidates(i);
        sample_where(&mut self.levers, &candidates, k, pool, &mut self.buf.office, keep);
        self.buf.candidates[i] = candidates;
    }

    pub(super) fn monthly(&mut self, i: usize) {
        let (model, plan, w) = (self.model, self.plan, self.world);
        let p = &model.params;
        let mut pool = std::mem::take(&mut self.buf.scratch);
        pool.clear();
        let open = |s: State| (s as u8) <= State::Planning as u8;
        match &plan.levers[i] {
            Lever::Visits { per_month, hands_on, .. } => {
                // A ranking rule takes the top offices still open and draws no random number;
                // `random` (no `targeting`) draws exactly as before.
                match self.scn.targeting.as_ref().map_or(Rule::Random, |t| t.visits) {
                    Rule::Random => self.targets(i, *per_month as usize, &mut pool, |_, r| open(r.state)),
                    rule => {
                        let c = self.candidates(i);
                        let office = &self.buf.office;
                        let (keep, count) =
                            (|o: u32| open(office[o as usize].state), |o: u32| office[o as usize].count);
                        targeting::top(rule, w, &c, *per_month as usize, keep, count, &mut pool);
                        self.buf.candidates[i] = c;
                    }
                }
                self.counts.visits_made += pool.len() as u32;
                for &o in &pool {
                    let o = o as usize;
                    if self.buf.office[o].state == State::NotAdopted && self.convinced(o, p.visit_efficacy) {
                        self.decide(o);
                    }
                    if *hands_on && self.buf.office[o].state == State::Planning {
                        self.support(o);
                    }
                }
            }
            Lever::Support { per_month, .. } => {
                // Home offices in planning in the lever's areas: the planning list is short,
                // the population is not.
                let mask = &plan.masks[i];
                let (offices, area) = (&self.buf.office, &w.area);
                pool.extend(self.buf.planning.iter().copied().filter(|&o| {
                    let o = o as usize;
                    o < w.n_home && mask[area[o] as usize] && offices[o].flags & SUPPORTED == 0
                }));
                let chosen = sample(&mut self.levers, &pool, *per_month as usize);
                self.counts.support_given += chosen.len() as u32;
                for o in chosen {
                    self.support(o as usize);
                }
            }
            Lever::PartnerRequest { per_month, .. } => {
                self.targets(i, *per_month as usize, &mut pool, |_, r| (r.state == State::NotAdopted) & (r.count > 0));
                self.counts.requests_made += pool.len() as u32;
                for &o in &pool {
                    if self.convinced(o as usize, p.request_efficacy) {
                        self.decide(o as usize);
                    }
                }
            }
            // Not monthly (`Plan::new` lists only visits, support and partner requests here).
            Lever::Outreach { .. }
            | Lever::Training { .. }
            | Lever::FeeWaiver { .. }
            | Lever::Deadline { .. }
            | Lever::CentreAdoption { .. } => {}
        }
        self.buf.scratch = pool;
    }

    /// Adopters who started under a waiver and have no active link may stop when it ends.
    pub(super) fn waiver_end(&mut self) {
        let pr = self.model.params.waiver_end_stop;
        for o in 0..self.buf.office.len() {
            if self.buf.office[o].flags & WAIVER != 0 {
                self.buf.office[o].flags &= !WAIVER;
                if self.buf.office[o].state == State::Adopted
                    && self.buf.office[o].count == 0
                    && rng::chance(&mut self.levers, pr)
                {
                    self.set_state(o, State::Stopped);
                }
            }
        }
    }
}
