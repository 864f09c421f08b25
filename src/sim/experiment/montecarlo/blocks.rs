//! A run split into contiguous blocks of replications (the page's pool of workers runs one
//! block each), and the blocks merged back into the summary a single run gives, to the byte.
//!
//! Why it is exact: a replication depends only on (seed, index), and the tally keeps every
//! replication's value by index (or counts of whole numbers), so a tally filled from blocks
//! holds the same numbers as one filled in one pass, and `montecarlo::summarise` sorts and
//! sums them the same way.
//!
//! A block's tally travels as bytes (a transferable ArrayBuffer on the page), laid out
//! little-endian as:
//!
//! ```text
//! offset  size              field
//! 0       4                 magic "RKT1"
//! 4       4                 u32 replications of the whole run
//! 8       4                 u32 first replication of the block
//! 12      4                 u32 end of the block (exclusive)
//! 16      4                 u32 counters (C)
//! 20      4                 u32 values (V)
//! 24      4                 u32 reporting dates (D)
//! 28      4                 u32 0 (reserved)
//! 32      4·C               u32 counters (whole array: other blocks' slots are 0)
//! …       8·V               f64 values (whole array; only the block's slots are read)
//! …       4·D·(end−start)   f32 each replication's rate per date, in replication order
//! ```

use super::tally::Keep;
use super::{summarise, Prepared, Progress, Summary, Tally, Workspace};
use crate::sim::error::SimError;
use std::ops::Range;

const TALLY_MAGIC: &[u8; 4] = b"RKT1";
const TALLY_HEAD: usize = 32;

/// Replications `part` of `parts` contiguous blocks of a run of `reps`, as even as possible.
pub fn block(reps: u32, part: usize, parts: usize) -> Range<usize> {
    let (n, parts) = (reps as usize, parts.max(1));
    let part = part.min(parts);
    (n * part / parts)..(n * (part + 1).min(parts) / parts)
}

/// Runs the replications of `range` (in the run's order: grouped by network) into a tally of
/// the whole run; `progress(done, len)` counts this block's replications.
pub fn run_block(prep: &Prepared, range: Range<usize>, progress: &mut dyn Progress) -> Result<Tally, SimError> {
    let mut tally = Tally::new(prep);
    let mut ws = Workspace::default();
    let order: Vec<usize> = prep.run_order().into_iter().filter(|r| range.contains(r)).collect();
    let n = order.len();
    for (done, rep) in order.into_iter().enumerate() {
        tally.add(rep, &prep.run_rep_with(rep as u64, &mut ws)?)?;
        if !progress.progress(done + 1, n) {
            return Err(SimError::Cancelled);
        }
    }
    Ok(tally)
}

fn bad(why: impl Into<String>) -> SimError {
    SimError::Internal(format!("block of replications: {}", why.into()))
}

fn dates(tally: &Tally) -> usize {
    tally.counts.len().checked_div(tally.block).or(tally.values.len().checked_div(tally.vblock)).unwrap_or(0)
}

/// The bytes of `tally`'s block `range` (layout in the module doc).
pub fn encode_block(tally: &Tally, range: Range<usize>) -> Result<Vec<u8>, SimError> {
    let d = dates(tally);
    if range.end > tally.reps || range.start > range.end {
        return Err(bad(format!("{range:?} is outside 0..{}", tally.reps)));
    }
    let mut out =
        Vec::with_capacity(TALLY_HEAD + 4 * tally.counts.len() + 8 * tally.values.len() + 4 * d * range.len());
    out.extend_from_slice(TALLY_MAGIC);
    for v in [tally.reps, range.start, range.end, tally.counts.len(), tally.values.len(), d, 0] {
        out.extend_from_slice(&u32::try_from(v).map_err(|_| bad("a size beyond u32"))?.to_le_bytes());
    }
    tally.counts.iter().for_each(|c| out.extend_from_slice(&c.to_le_bytes()));
    tally.values.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    for rep in range {
        let path = &tally.paths[rep];
        if path.len() != d {
            return Err(bad(format!("replication {rep} has {} dates, not {d}", path.len())));
        }
        path.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    }
    Ok(out)
}

/// Reads little-endian words from a byte slice, failing on a short one.
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], SimError> {
        let end = self.at.checked_add(N).filter(|&e| e <= self.bytes.len()).ok_or_else(|| bad("bytes end early"))?;
        let mut a = [0u8; N];
        a.copy_from_slice(&self.bytes[self.at..end]);
        self.at = end;
        Ok(a)
    }
    fn u32(&mut self) -> Result<u32, SimError> {
        self.take::<4>().map(u32::from_le_bytes)
    }
    fn size(&mut self) -> Result<usize, SimError> {
        self.u32().map(|v| v as usize)
    }
    fn f64(&mut self) -> Result<f64, SimError> {
        self.take::<8>().map(f64::from_le_bytes)
    }
    fn f32(&mut self) -> Result<f32, SimError> {
        self.take::<4>().map(f32::from_le_bytes)
    }
}

/// Adds the block in `bytes` (from [`encode_block`] on a tally of the same run) to `into`;
/// returns the block's range. Blocks must not overlap ([`summarise_blocks`] checks).
pub fn merge_block(into: &mut Tally, bytes: &[u8]) -> Result<Range<usize>, SimError> {
    let mut r = Reader { bytes, at: 0 };
    if &r.take::<4>()? != TALLY_MAGIC {
        return Err(bad("not a tally (magic)"));
    }
    let (reps, start, end, nc, nv, d, _) = (r.size()?, r.size()?, r.size()?, r.size()?, r.size()?, r.size()?, r.u32()?);
    if reps != into.reps || nc != into.counts.len() || nv != into.values.len() || d != dates(into) {
        return Err(bad("from a run of another shape"));
    }
    if start > end || end > reps {
        return Err(bad(format!("range {start}..{end} outside 0..{reps}")));
    }
    for c in into.counts.iter_mut() {
        *c = c.checked_add(r.u32()?).ok_or_else(|| bad("a counter overflows"))?;
    }
    let values: Vec<f64> = (0..nv).map(|_| r.f64()).collect::<Result<_, _>>()?;
    for &(_, keep) in &into.metrics {
        if let Keep::Values { at } = keep {
            for day in 0..d {
                let slots = day * into.vblock + at + start..day * into.vblock + at + end;
                into.values[slots.clone()].copy_from_slice(&values[slots]);
            }
        }
    }
    for rep in start..end {
        into.paths[rep] = (0..d).map(|_| r.f32()).collect::<Result<_, _>>()?;
    }
    if r.at != bytes.len() {
        return Err(bad("bytes left over"));
    }
    Ok(start..end)
}

/// Merges the blocks (bytes from [`encode_block`], in any order) into the run's summary;
/// every replication must be in exactly one block.
pub fn summarise_blocks(prep: &Prepared, own: Tally, blocks: &[&[u8]]) -> Result<Summary, SimError> {
    let mut tally = own;
    let mut seen: Vec<bool> = tally.paths.iter().map(|p| !p.is_empty()).collect();
    for b in blocks {
        for rep in merge_block(&mut tally, b)? {
            if std::mem::replace(&mut seen[rep], true) {
                return Err(bad(format!("replication {rep} is in two blocks")));
            }
        }
    }
    if let Some(rep) = seen.iter().position(|s| !s) {
        return Err(bad(format!("replication {rep} is in no block")));
    }
    summarise(prep, tally)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::experiment::montecarlo::{fingerprint, reference_scenario, run, Quiet};

    #[test]
    fn blocks_cover_every_replication_once() {
        for (reps, parts) in [(24, 1), (24, 5), (3, 7), (1000, 3)] {
            let all: Vec<usize> = (0..parts).flat_map(|p| block(reps, p, parts)).collect();
            assert_eq!(all, (0..reps as usize).collect::<Vec<_>>(), "{reps} in {parts}");
        }
    }

    #[test]
    fn merged_blocks_give_the_single_run_to_the_byte() -> Result<(), SimError> {
        let scn = reference_scenario();
        let want = fingerprint(&run(&scn, &mut Quiet)?);
        let prep = Prepared::new(&scn)?;
        for parts in [1, 2, 3, 7] {
            let mut bytes = Vec::new();
            for p in 1..parts {
                let range = block(scn.replications, p, parts);
                bytes.push(encode_block(&run_block(&prep, range.clone(), &mut Quiet)?, range)?);
            }
            let own = run_block(&prep, block(scn.replications, 0, parts), &mut Quiet)?;
            let slices: Vec<&[u8]> = bytes.iter().rev().map(|b| b.as_slice()).collect();
            assert_eq!(fingerprint(&summarise_blocks(&prep, own, &slices)?), want, "{parts} parts");
        }
        Ok(())
    }

    #[test]
    fn a_missing_twice_given_or_damaged_block_is_an_error() -> Result<(), SimError> {
        let scn = reference_scenario();
        let prep = Prepared::new(&scn)?;
        let (a, b) = (block(scn.replications, 0, 2), block(scn.replications, 1, 2));
        let second = encode_block(&run_block(&prep, b.clone(), &mut Quiet)?, b)?;
        let own = || run_block(&prep, a.clone(), &mut Quiet);
        let msg = |r: Result<Summary, SimError>| r.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg(summarise_blocks(&prep, own()?, &[])).contains("in no block"));
        assert!(msg(summarise_blocks(&prep, own()?, &[&second, &second])).contains("two blocks"));
        assert!(msg(summarise_blocks(&prep, own()?, &[&second[..second.len() - 1]])).contains("end early"));
        let mut other = scn.clone();
        other.replications = 25;
        let prep2 = Prepared::new(&other)?;
        let full = block(25, 0, 1);
        let foreign = encode_block(&run_block(&prep2, full.clone(), &mut Quiet)?, full)?;
        assert!(msg(summarise_blocks(&prep, own()?, &[&foreign])).contains("another shape"));
        Ok(())
    }
}
