//! One office changes state: counters, partner counts, links and the redraws it causes.
use super::*;

impl Sim<'_> {
    /// Changes an office's state, keeping partner counts, active links and counters current.
    pub(super) fn set_state(&mut self, o: usize, new: State) {
        self.change_state::<true>(o, new);
    }

    /// `set_state` before the first week (initial adopters and planners): the same counts, but
    /// no office is listed for a redraw, as week 0 draws every live office anyway (the list
    /// was cleared unread at the end of `initialise`; marking was a quarter of a Sendai
    /// replication's start).
    pub(super) fn set_initial_state(&mut self, o: usize, new: State) {
        self.change_state::<false>(o, new);
    }

    /// `set_state`; `MARK`: list the offices whose rates change for a redraw.
    fn change_state<const MARK: bool>(&mut self, o: usize, new: State) {
        let old = self.buf.office[o].state;
        if old == new {
            return;
        }
        let w = self.world;
        let home = o < w.n_home;
        self.buf.office[o].state = new;
        if MARK {
            self.touch(o);
        }
        if old == State::Planning {
            // Swap-remove from the planning list.
            let i = self.buf.planning_pos[o] as usize;
            let last = self.buf.planning.pop().unwrap_or(o as u32);
            if last as usize != o {
                self.buf.planning[i] = last;
                self.buf.planning_pos[last as usize] = i as u32;
            }
        } else if new == State::Planning {
            self.buf.planning_pos[o] = self.buf.planning.len() as u32;
            self.buf.planning.push(o as u32);
        }
        if old == State::Planning {
            if let Some(p) = self.buf.pledge.get_mut(o) {
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
            self.buf.office[o].flags |= WAIVER;
        }
        let gained = new == State::Adopted;
        if gained == (old == State::Adopted) {
            return;
        }
        // Adoption status changed: partners' counts, active links, counters.
        let own = self.buf.office[o].count as u64;
        if gained {
            self.counts.active_links += own;
        } else {
            self.counts.active_links -= own;
        }
        let (lo, hi) = (w.offsets[o] as usize, w.offsets[o + 1] as usize);
        let partners = &w.nbrs[lo..hi];
        self.n_dirty = if !MARK {
            count_partners(partners, &mut self.buf.office, gained);
            self.n_dirty
        } else if gained {
            mark_partners::<true>(partners, &mut self.buf.office, &mut self.buf.dirty, self.n_dirty)
        } else {
            mark_partners::<false>(partners, &mut self.buf.office, &mut self.buf.dirty, self.n_dirty)
        };
        let a = w.area[o] as usize;
        let role = w.role[o];
        let marks = self.buf.office[o].marks;
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
                self.buf.adoption_order.push(o as u32);
            }
            let d: i32 = if gained { 1 } else { -1 };
            self.counts.adopted_home = (self.counts.adopted_home as i32 + d) as u32;
            self.counts.adopted_by_area[a] = (self.counts.adopted_by_area[a] as i32 + d) as u32;
            self.counts.adopted_by_role[role as usize] = (self.counts.adopted_by_role[role as usize] as i32 + d) as u32;
        }
        if role == Role::Centre && home && w.centre[a] == o as u32 {
            self.counts.centres_adopted = (self.counts.centres_adopted as i32 + if gained { 1 } else { -1 }) as u32;
            // The centre's own use makes its outreach stronger for the whole area.
            if MARK && !self.buf.out_na.is_empty() && self.week >= self.plan.outreach_from {
                for k in 0..w.reachable(a).len() {
                    let m = w.members[a][k] as usize;
                    if self.buf.office[m].state == State::NotAdopted {
                        self.touch(m);
                    }
                }
            }
        }
    }
}
