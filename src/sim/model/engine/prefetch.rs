//! Software prefetch for the loops that walk a list of offices in random order (the redraw
//! list, a week's bucket, the week's transitions). At the national size the per-office arrays
//! are many times the size of a core's L2 cache, so nearly every office such a loop visits
//! costs cache misses, and the loop body is long enough (random draws, a logarithm) that the
//! processor does not reach the next visits' loads in time by itself. The list is known ahead,
//! so each loop asks for the lines of the office a few entries on while it works on this one.
//! A prefetch is only a hint: it changes no value, so results stay byte-identical.
//!
//! A town's arrays stay in cache, where prefetching is pure cost (a fifth more instructions
//! in the core case), so a replication prefetches only from `PREFETCH_FROM` offices on, and
//! only on x86-64 (wasm has no prefetch instruction).

use super::{Sim, State};

/// How many entries ahead a loop prefetches: far enough for a load from L3 or memory to
/// arrive (an entry costs tens of nanoseconds), near enough that the line is still there.
pub(super) const AHEAD: usize = 8;

/// The population from which a replication prefetches: its hot arrays (about 70 bytes an
/// office with the network) then outgrow a core's 2 MB L2 cache.
const PREFETCH_FROM: usize = 1 << 15;

/// Does a replication on `offices` offices prefetch?
pub(super) fn worth_it(offices: usize) -> bool {
    cfg!(target_arch = "x86_64") && offices >= PREFETCH_FROM
}

/// Starts loading the cache line of `v[i]` (nothing if `i` is out of range).
#[inline(always)]
fn prefetch<T>(v: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(x) = v.get(i) {
        // SAFETY: the pointer comes from a reference to a live element, and a prefetch neither
        // reads it into the program nor faults; SSE (which provides it) is part of x86-64.
        unsafe { core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>((x as *const T).cast::<i8>()) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (v, i);
}

/// `prefetch(&v, o)` for each array `v` listed.
macro_rules! prefetch_at {
    ($o:expr; $($v:expr),+) => {
        $(prefetch(&$v, $o);)+
    };
}

impl Sim<'_> {
    /// Do this replication's office loops prefetch? Always no off x86-64, so that there
    /// (wasm) the prefetching loops are not even compiled in.
    #[inline(always)]
    pub(super) fn prefetching(&self) -> bool {
        cfg!(target_arch = "x86_64") && self.prefetch
    }

    /// Starts loading what a redraw of office `o` reads (`Sim::redraw_dirty`, `AHEAD` entries
    /// before its turn, when `prefetching`).
    #[inline(always)]
    pub(super) fn prefetch_redraw(&self, o: usize) {
        let (b, w) = (&self.buf, self.world);
        prefetch_at!(o; b.office, b.next, b.drawn_k, b.out_na, b.out_plan, b.pledge, w.offsets, w.area);
    }

    /// While `Sim::step` checks the week's bucket entry `bucket[i]`, starts loading a later
    /// entry's event week and state, and a planner's rates. Each caller checks `prefetching`.
    #[inline(always)]
    pub(super) fn prefetch_due(&self, bucket: &[u32], i: usize) {
        let Some(&o) = bucket.get(i + AHEAD) else {
            return;
        };
        let b = &self.buf;
        prefetch_at!(o as usize; b.next, b.office, b.out_plan, b.pledge);
    }

    /// While the week's transition `fired[i]` is applied, starts loading what a later one's
    /// `set_state` reads, in three stages because each address comes from the line before it:
    /// the office's own records three steps on, its partner list two steps on (its offsets are
    /// in cache by then), and its partners' records one step on (the list is in cache by then).
    /// A transition that neither gains nor loses adoption does not visit its partners.
    #[inline(always)]
    pub(super) fn prefetch_fired(&self, fired: &[(u32, State)], i: usize) {
        const STEP: usize = AHEAD / 2;
        let (b, w) = (&self.buf, self.world);
        if let Some(&(o, _)) = fired.get(i + 3 * STEP) {
            prefetch_at!(o as usize; w.offsets, b.office, b.planning_pos, b.pledge, w.area, w.role);
        }
        let moves = |o: u32, to: State| to == State::Adopted || b.office[o as usize].state == State::Adopted;
        if let Some(&(o, to)) = fired.get(i + 2 * STEP) {
            if moves(o, to) {
                prefetch(&w.nbrs, w.offsets[o as usize] as usize);
            }
        }
        if let Some(&(o, to)) = fired.get(i + STEP) {
            if moves(o, to) {
                for &j in w.partners(o as usize) {
                    prefetch(&b.office, j as usize);
                }
            }
        }
    }
}
