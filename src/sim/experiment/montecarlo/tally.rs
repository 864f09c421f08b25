//! The replications' values kept exactly (as whole numbers of offices where they are), so
//! quantiles and means come out the same in any order of replications.

use super::*;

/// How a metric's values are told apart: every metric but the active-link share of a run
/// over several networks is a whole number of offices, or such a number over a denominator
/// that does not change between replications, so it is kept as that number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Scale {
    /// `k / den` (`ratio` in `Prepared::record`; 0 when `den` is 0), `k` in `0..=den`.
    Ratio(u64),
    /// `k` itself, `k` in `0..=max`.
    Count(u64),
    /// Any number (the active-link share when replications run on different networks).
    Any,
}

impl Scale {
    /// How many values `k` can take (`None`: any number).
    fn values(self) -> Option<u64> {
        match self {
            Scale::Ratio(d) => Some(d + 1),
            Scale::Count(m) => Some(m + 1),
            Scale::Any => None,
        }
    }

    /// The value of `k`, computed exactly as `Prepared::record` does.
    fn value(self, k: u32) -> f64 {
        match self {
            Scale::Ratio(0) => 0.0,
            Scale::Ratio(d) => k as f64 / d as f64,
            Scale::Count(_) | Scale::Any => k as f64,
        }
    }

    /// The `k` whose value is `v` to the last bit, if there is one.
    fn numerator(self, v: f64) -> Option<u32> {
        let k = match self {
            Scale::Ratio(d) => (v * d as f64).round(),
            Scale::Count(_) => v,
            Scale::Any => return None,
        };
        let max = self.values()? - 1;
        if !(0.0..=max as f64).contains(&k) || k > u32::MAX as f64 {
            return None;
        }
        let k = k as u32;
        (self.value(k).to_bits() == v.to_bits()).then_some(k)
    }
}

/// Where one metric's values are kept, in every reporting date's block.
#[derive(Clone, Copy, Debug)]
pub(super) enum Keep {
    /// `counts[at + k]`: how many replications had numerator `k`. Used when the numerator
    /// takes fewer values than there are replications, so memory is bounded by the offices,
    /// not by the replications.
    Counts { at: usize },
    /// `counts[at + rep]`: replication `rep`'s numerator (fewer replications than values).
    Numerators { at: usize },
    /// `values[at + rep]`: replication `rep`'s value (`Scale::Any`).
    Values { at: usize },
}

/// The replications' values per reporting date and metric, kept so that the quantiles and
/// means of `Quantiles::of` come out exactly as from every value: the same values, so the
/// same sorted order and the same sums. Replications can be added in any order.
/// (Fields are visible in `montecarlo`: `blocks` merges tallies of blocks of replications.)
pub struct Tally {
    pub(super) metrics: Vec<(Scale, Keep)>,
    pub(super) reps: usize,
    /// `dates` blocks of `block` counters.
    pub(super) counts: Vec<u32>,
    pub(super) block: usize,
    /// `dates` blocks of `vblock` values.
    pub(super) values: Vec<f64>,
    pub(super) vblock: usize,
    /// Each replication's rate per date (`Summary::paths`).
    pub(super) paths: Vec<Vec<f32>>,
}

impl Tally {
    pub fn new(prep: &Prepared) -> Tally {
        let world = prep.world(0);
        let reps = prep.scn.replications as usize;
        let dates = prep.plan.reports.len();
        let n = world.len() as u64;
        // Every network has its own link count; a count beyond u32 is kept as a value too.
        let links = match world.links() as u64 {
            l if prep.networks.len() == 1 && l < u32::MAX as u64 => Scale::Ratio(l),
            _ => Scale::Any,
        };
        let mut scales =
            vec![Scale::Ratio(world.n_home as u64), links, Scale::Count(n), Scale::Count(n), Scale::Count(n)];
        scales.extend(prep.role_totals.iter().map(|&t| Scale::Ratio(t as u64)));
        scales.extend(world.members.iter().map(|m| Scale::Ratio(m.len() as u64)));
        let (mut block, mut vblock) = (0, 0);
        let metrics = scales
            .into_iter()
            .map(|s| {
                let keep = match s.values() {
                    None => {
                        vblock += reps;
                        Keep::Values { at: vblock - reps }
                    }
                    Some(v) if v < reps as u64 => {
                        block += v as usize;
                        Keep::Counts { at: block - v as usize }
                    }
                    Some(_) => {
                        block += reps;
                        Keep::Numerators { at: block - reps }
                    }
                };
                (s, keep)
            })
            .collect();
        Tally {
            metrics,
            reps,
            counts: vec![0; dates * block],
            block,
            values: vec![0.0; dates * vblock],
            vblock,
            paths: vec![Vec::new(); reps],
        }
    }

    /// Adds replication `rep`'s record.
    pub fn add(&mut self, rep: usize, rec: &RepRecord) -> Result<(), SimError> {
        for (d, row) in rec.values.iter().enumerate() {
            for (&(scale, keep), &v) in self.metrics.iter().zip(row) {
                let k = || {
                    scale.numerator(v).ok_or_else(|| {
                        SimError::Internal(format!("replication {rep}: value {v} is not a whole number of {scale:?}"))
                    })
                };
                match keep {
                    Keep::Counts { at } => self.counts[d * self.block + at + k()? as usize] += 1,
                    Keep::Numerators { at } => self.counts[d * self.block + at + rep] = k()?,
                    Keep::Values { at } => self.values[d * self.vblock + at + rep] = v,
                }
            }
        }
        self.paths[rep] = rec.values.iter().map(|v| v[M_RATE] as f32).collect();
        Ok(())
    }

    /// The quantiles of metric `m` at date `d`; `col` is scratch space.
    pub(super) fn quantiles(&self, d: usize, m: usize, col: &mut Vec<f64>) -> Quantiles {
        col.clear();
        let (scale, keep) = self.metrics[m];
        match keep {
            Keep::Counts { at } => {
                let counts = &self.counts[d * self.block + at..];
                let len = scale.values().unwrap_or(0) as usize;
                for (k, &c) in counts[..len].iter().enumerate() {
                    col.extend(std::iter::repeat_n(scale.value(k as u32), c as usize));
                }
            }
            Keep::Numerators { at } => {
                let ks = &self.counts[d * self.block + at..][..self.reps];
                col.extend(ks.iter().map(|&k| scale.value(k)));
            }
            Keep::Values { at } => col.extend_from_slice(&self.values[d * self.vblock + at..][..self.reps]),
        }
        Quantiles::of(col)
    }
}

#[cfg(test)]
mod tally_tests {
    use super::*;

    /// The quantiles of every replication's values, as before the tally.
    fn from_records(prep: &Prepared, d: usize, m: usize) -> Quantiles {
        let n = prep.scn.replications as u64;
        let mut col: Vec<f64> =
            (0..n).map(|r| prep.run_rep(r).map(|rec| rec.values[d][m]).unwrap_or(f64::NAN)).collect();
        Quantiles::of(&mut col)
    }

    #[test]
    fn the_tally_gives_the_quantiles_and_means_of_every_value() -> Result<(), SimError> {
        // Counters (areas of 3 offices, 30 replications), numerators per replication (rate,
        // counts) and values per replication (the active-link share over a network pool).
        let mut scn = reference_scenario();
        scn.replications = 30;
        for a in scn.population.areas.iter_mut() {
            a.offices = 3;
        }
        scn.population.initial_adopted = 1;
        scn.population.initial_centres_adopted = None;
        scn.population.out_of_scope = 0;
        let prep = Prepared::new(&scn)?;
        let tally = Tally::new(&prep);
        let keeps: Vec<&str> = tally
            .metrics
            .iter()
            .map(|(_, k)| match k {
                Keep::Counts { .. } => "counts",
                Keep::Numerators { .. } => "numerators",
                Keep::Values { .. } => "values",
            })
            .collect();
        assert_eq!((keeps[M_ACTIVE], keeps[M_AREAS]), ("values", "counts"), "{keeps:?}");
        assert!(keeps.contains(&"numerators"), "{keeps:?}");
        let sum = run(&scn, &mut Quiet)?;
        let last = prep.plan.reports.len() - 1;
        for d in [0, last / 2, last] {
            let m = &sum.months[d];
            assert_eq!(m.rate, from_records(&prep, d, M_RATE));
            assert_eq!(m.active_link_share, from_records(&prep, d, M_ACTIVE));
            assert_eq!(m.stopped, from_records(&prep, d, M_STOPPED));
            for (a, q) in m.by_area.iter().enumerate() {
                let want = from_records(&prep, d, M_AREAS + a);
                assert_eq!((q.mean.to_bits(), q), (want.mean.to_bits(), &want), "date {d} area {a}");
            }
        }
        Ok(())
    }

    #[test]
    fn a_value_that_is_no_whole_number_of_offices_is_an_error_not_a_wrong_count() {
        assert_eq!(Scale::Ratio(3).numerator(2.0 / 3.0), Some(2));
        assert_eq!(Scale::Ratio(0).numerator(0.0), Some(0));
        assert_eq!(Scale::Count(5).numerator(5.0), Some(5));
        assert_eq!(Scale::Ratio(3).numerator(0.5), None);
        assert_eq!(Scale::Count(5).numerator(6.0), None);
        assert_eq!(Scale::Count(5).numerator(-0.0), None);
        assert_eq!(Scale::Any.numerator(1.0), None);
    }
}
