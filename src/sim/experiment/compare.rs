//! Differences between two strategies run with the same seeds, paired by
//! replication: replication i of one minus replication i of the reference.
//! Both runs draw replication i from the stream (seed, i), so the pair shares
//! its network and its chance events as far as the strategies allow, and the
//! band of the paired difference is much narrower than the two bands apart.

use crate::sim::error::SimError;
use crate::sim::experiment::montecarlo::{Quantiles, Summary};
use serde::{Deserialize, Serialize};

/// The paired difference of adoption rates at one reporting date (rates 0..1).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PairedDifference {
    pub date: String,
    /// Quantiles of `a[i] - reference[i]` over the replications i.
    pub difference: Quantiles,
    /// Share of replications where `a` is strictly ahead of the reference.
    pub share_ahead: f64,
    /// Number of pairs.
    pub pairs: usize,
}

/// The difference `a - reference` at reporting date `date_index`, pair by pair.
/// Both summaries must come from runs with the same seed, replication count and dates.
pub fn paired_difference(a: &Summary, reference: &Summary, date_index: usize) -> Result<PairedDifference, SimError> {
    if a.header.seed != reference.header.seed {
        return Err(SimError::invalid("seed", "the two runs must use the same seed to be paired"));
    }
    if a.paths.len() != reference.paths.len() || a.paths.is_empty() {
        return Err(SimError::invalid(
            "replications",
            format!(
                "the two runs must have the same number of replications (at least 1); got {} and {}",
                a.paths.len(),
                reference.paths.len()
            ),
        ));
    }
    let (Some(ma), Some(mr)) = (a.months.get(date_index), reference.months.get(date_index)) else {
        return Err(SimError::invalid(
            "date",
            format!("date index {date_index} is past the last reporting date ({} dates)", a.months.len()),
        ));
    };
    if ma.date != mr.date {
        return Err(SimError::invalid(
            "date",
            format!("the runs report different dates ({} and {})", ma.date, mr.date),
        ));
    }
    let mut diffs = Vec::with_capacity(a.paths.len());
    for (pa, pr) in a.paths.iter().zip(&reference.paths) {
        let (Some(&x), Some(&y)) = (pa.get(date_index), pr.get(date_index)) else {
            return Err(SimError::invalid("paths", "a replication's path is shorter than the reporting dates"));
        };
        diffs.push(x as f64 - y as f64);
    }
    let ahead = diffs.iter().filter(|&&d| d > 0.0).count();
    let pairs = diffs.len();
    Ok(PairedDifference {
        date: ma.date.clone(),
        difference: Quantiles::of(&mut diffs),
        share_ahead: ahead as f64 / pairs as f64,
        pairs,
    })
}

/// The reporting-date indices to compare at: those of `wanted` dates that the
/// summary reports, then the last date (each once, in date order).
pub fn date_indices(summary: &Summary, wanted: &[&str]) -> Vec<usize> {
    let mut out: Vec<usize> =
        summary.months.iter().enumerate().filter(|(_, m)| wanted.contains(&m.date.as_str())).map(|(i, _)| i).collect();
    if let Some(last) = summary.months.len().checked_sub(1) {
        if !out.contains(&last) {
            out.push(last);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::experiment::montecarlo::MonthStats;

    fn summary(seed: u64, paths: Vec<Vec<f32>>) -> Summary {
        let n = paths.first().map(Vec::len).unwrap_or(0);
        let mut s = Summary::default();
        s.header.seed = seed;
        s.months = (0..n).map(|d| MonthStats { date: format!("2026-{:02}-28", d + 1), ..Default::default() }).collect();
        s.paths = paths;
        s
    }

    #[test]
    fn identical_summaries_give_zero_with_zero_band() {
        let s = summary(7, vec![vec![0.1, 0.2], vec![0.15, 0.3], vec![0.12, 0.25]]);
        let d = paired_difference(&s, &s, 1).unwrap();
        assert_eq!(d.difference.median, 0.0);
        assert_eq!(d.difference.p05, 0.0);
        assert_eq!(d.difference.p95, 0.0);
        assert_eq!(d.share_ahead, 0.0);
        assert_eq!(d.pairs, 3);
        assert_eq!(d.date, "2026-02-28");
    }

    #[test]
    fn uniformly_better_strategy_is_ahead_in_every_pair() {
        let r = summary(7, vec![vec![0.1, 0.2], vec![0.4, 0.5], vec![0.2, 0.3], vec![0.3, 0.1]]);
        let a = summary(7, r.paths.iter().map(|p| p.iter().map(|x| x + 0.05).collect()).collect());
        let d = paired_difference(&a, &r, 1).unwrap();
        assert!(d.difference.median > 0.0);
        assert!((d.difference.p05 - 0.05).abs() < 1e-6 && (d.difference.p95 - 0.05).abs() < 1e-6);
        assert_eq!(d.share_ahead, 1.0);
        // The other way round: behind in every pair.
        let back = paired_difference(&r, &a, 1).unwrap();
        assert!(back.difference.median < 0.0);
        assert_eq!(back.share_ahead, 0.0);
    }

    #[test]
    fn pairing_is_by_replication_index() {
        // Unpaired the two look alike; paired, a is ahead by 0.1 every time.
        let r = summary(1, vec![vec![0.1], vec![0.5], vec![0.3]]);
        let a = summary(1, vec![vec![0.2], vec![0.6], vec![0.4]]);
        let d = paired_difference(&a, &r, 0).unwrap();
        assert!((d.difference.median - 0.1).abs() < 1e-6);
        assert!((d.difference.p95 - d.difference.p05).abs() < 1e-6);
    }

    #[test]
    fn mismatched_runs_are_errors() {
        let r = summary(1, vec![vec![0.1], vec![0.5]]);
        assert!(paired_difference(&summary(2, r.paths.clone()), &r, 0).is_err());
        assert!(paired_difference(&summary(1, vec![vec![0.1]]), &r, 0).is_err());
        assert_eq!(paired_difference(&r, &r, 1).unwrap_err().field(), Some("date"));
    }

    #[test]
    fn date_indices_keep_wanted_dates_and_the_last() {
        let s = summary(1, vec![vec![0.0; 4]]);
        assert_eq!(date_indices(&s, &["2026-02-28", "2030-01-01"]), vec![1, 3]);
        assert_eq!(date_indices(&s, &["2026-04-28"]), vec![3]);
    }
}
