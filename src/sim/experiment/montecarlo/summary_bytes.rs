//! A [`Summary`] as bytes, for the page's workers to hand results over as a transferable
//! ArrayBuffer instead of a JSON text of every number: the numbers (quantiles and every
//! replication's path) are raw little-endian floats, so nothing is formatted or parsed and
//! the decoded summary is the encoded one to the bit. Layout:
//!
//! ```text
//! offset  size         field
//! 0       4            magic "RKS1"
//! 4       4            u32 length J of the JSON part
//! 8       J            JSON {header, dates, milestones, observed} (UTF-8), then zero
//!                      padding to a multiple of 8
//! …       4            u32 months (M)
//! …       4            u32 quantile sets per month (Q = 8 + areas: rate, active-link share,
//!                      centres, stopped, planning, care management, provider, centre rate,
//!                      then each area)
//! …       4            u32 replications (R)
//! …       4            u32 dates per path (P)
//! …       8·6·M·Q      f64 median, p05, p25, p75, p95, mean of each set, month by month
//! …       4·R·P        f32 `paths`, replication by replication
//! ```

use super::{ByRole, Header, Milestone, MonthStats, ObservedPoint, Quantiles, Summary};
use crate::sim::error::SimError;
use serde::{Deserialize, Serialize};

const MAGIC: &[u8; 4] = b"RKS1";
/// The fixed quantile sets of a month before its areas.
const FIXED_SETS: usize = 8;

#[derive(Serialize, Deserialize)]
struct Frame {
    header: Header,
    dates: Vec<String>,
    milestones: Vec<Milestone>,
    observed: Vec<ObservedPoint>,
}

fn bad(why: impl Into<String>) -> SimError {
    SimError::Internal(format!("summary bytes: {}", why.into()))
}

fn sets(m: &MonthStats) -> impl Iterator<Item = &Quantiles> {
    [&m.rate, &m.active_link_share, &m.centres_adopted, &m.stopped, &m.planning]
        .into_iter()
        .chain([&m.by_role.care_management, &m.by_role.provider, &m.by_role.centre])
        .chain(m.by_area.iter())
}

fn u32_of(v: usize) -> Result<[u8; 4], SimError> {
    u32::try_from(v).map(u32::to_le_bytes).map_err(|_| bad("a size beyond u32"))
}

/// The bytes of `s` (layout in the module doc).
pub fn encode(s: &Summary) -> Result<Vec<u8>, SimError> {
    let frame = Frame {
        header: s.header.clone(),
        dates: s.months.iter().map(|m| m.date.clone()).collect(),
        milestones: s.milestones.clone(),
        observed: s.observed.clone(),
    };
    let json = serde_json::to_vec(&frame).map_err(|e| bad(e.to_string()))?;
    let q = s.months.first().map_or(FIXED_SETS, |m| FIXED_SETS + m.by_area.len());
    if s.months.iter().any(|m| FIXED_SETS + m.by_area.len() != q) {
        return Err(bad("months with different numbers of areas"));
    }
    let p = s.paths.first().map_or(0, Vec::len);
    if s.paths.iter().any(|x| x.len() != p) {
        return Err(bad("paths of different lengths"));
    }
    let mut out = Vec::with_capacity(32 + json.len() + 48 * s.months.len() * q + 4 * s.paths.len() * p);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&u32_of(json.len())?);
    out.extend_from_slice(&json);
    out.resize(out.len().next_multiple_of(8), 0);
    for v in [s.months.len(), q, s.paths.len(), p] {
        out.extend_from_slice(&u32_of(v)?);
    }
    for m in &s.months {
        for x in sets(m) {
            for v in [x.median, x.p05, x.p25, x.p75, x.p95, x.mean] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
    }
    s.paths.iter().flatten().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    Ok(out)
}

/// The summary in `bytes` (from [`encode`]).
pub fn decode(bytes: &[u8]) -> Result<Summary, SimError> {
    let take = |at: usize, n: usize| {
        at.checked_add(n).and_then(|end| bytes.get(at..end)).ok_or_else(|| bad("bytes end early"))
    };
    let word = |at: usize| take(at, 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
    if take(0, 4)? != MAGIC {
        return Err(bad("not a summary (magic)"));
    }
    let j = word(4)?;
    let frame: Frame = serde_json::from_slice(take(8, j)?).map_err(|e| bad(e.to_string()))?;
    let mut at = (8 + j).next_multiple_of(8);
    let (m, q, r, p) = (word(at)?, word(at + 4)?, word(at + 8)?, word(at + 12)?);
    at += 16;
    if m != frame.dates.len() || q < FIXED_SETS {
        return Err(bad("month count or set count does not match"));
    }
    let need = m.checked_mul(q).and_then(|x| x.checked_mul(48)).ok_or_else(|| bad("sizes overflow"))?;
    let floats = take(at, need)?;
    at += need;
    let mut f64s = floats.chunks_exact(8).map(|c| f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
    let mut quant = || -> Quantiles {
        let mut v = [0.0; 6];
        v.iter_mut().for_each(|x| *x = f64s.next().unwrap_or(f64::NAN));
        Quantiles { median: v[0], p05: v[1], p25: v[2], p75: v[3], p95: v[4], mean: v[5] }
    };
    let months = frame
        .dates
        .into_iter()
        .map(|date| MonthStats {
            date,
            rate: quant(),
            active_link_share: quant(),
            centres_adopted: quant(),
            stopped: quant(),
            planning: quant(),
            by_role: ByRole { care_management: quant(), provider: quant(), centre: quant() },
            by_area: (FIXED_SETS..q).map(|_| quant()).collect(),
        })
        .collect();
    let need = r.checked_mul(p).and_then(|x| x.checked_mul(4)).ok_or_else(|| bad("sizes overflow"))?;
    let raw = take(at, need)?;
    if at + need != bytes.len() {
        return Err(bad("bytes left over"));
    }
    let f32s: Vec<f32> = raw.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
    let paths = if p == 0 { vec![Vec::new(); r] } else { f32s.chunks_exact(p).map(<[f32]>::to_vec).collect() };
    Ok(Summary { header: frame.header, months, milestones: frame.milestones, observed: frame.observed, paths })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::experiment::montecarlo::{fingerprint, reference_scenario, run, Quiet};

    #[test]
    fn a_summary_comes_back_from_its_bytes_to_the_bit() -> Result<(), SimError> {
        let mut scn = reference_scenario();
        scn.observed = crate::sim::scenario::regions::preset("okazaki").map(|s| s.observed).unwrap_or_default();
        let s = run(&scn, &mut Quiet)?;
        assert!(!s.paths.is_empty() && !s.months[0].by_area.is_empty());
        let bytes = encode(&s)?;
        let back = decode(&bytes)?;
        assert_eq!(back, s);
        assert_eq!(fingerprint(&back), fingerprint(&s));
        // the numbers are not sent as text: the bytes are mostly floats, smaller than the JSON
        assert!(bytes.len() < serde_json::to_vec(&s).map_err(|e| bad(e.to_string()))?.len());
        // odd values keep their bits
        let mut odd = s.clone();
        odd.months[0].rate.mean = -0.0;
        odd.months[0].rate.p95 = f64::INFINITY;
        let back = decode(&encode(&odd)?)?;
        assert_eq!(back.months[0].rate.mean.to_bits(), (-0.0f64).to_bits());
        assert_eq!(back.months[0].rate.p95, f64::INFINITY);
        Ok(())
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_wrong_summary() -> Result<(), SimError> {
        let s = run(&reference_scenario(), &mut Quiet)?;
        let bytes = encode(&s)?;
        for cut in [0, 3, 9, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_err());
        let mut ragged = s;
        ragged.paths[1].pop();
        assert!(encode(&ragged).is_err());
        Ok(())
    }
}
