//! Drawing k offices uniformly from a pool: by rejection when targets are common, by a
//! branch-free scan otherwise (both uniform over the qualifying offices).
use super::*;

/// `k` offices of `pool`, uniformly among the in-scope ones without a barrier, then among the
/// in-scope ones with a barrier, then among those out of scope.
pub(super) fn sample_ready(rng: &mut SimRng, pool: &[u32], offices: &mut [Office], k: usize) -> Vec<u32> {
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

/// Appends the items for which `keep` holds. Branch-free: office states are random, so a
/// branch per item would be mispredicted about half the time (this loop was a quarter of
/// the Sendai benchmark's time).
pub(super) fn extend_where(pool: &mut Vec<u32>, items: impl ExactSizeIterator<Item = u32>, keep: impl Fn(u32) -> bool) {
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
pub(super) fn sample_where(
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
