//! A forecast on record (docs/forecasts.md): each region planned from its last observation under
//! its own plan, continued, posterior-predictive, summarised per month to 2027-03-31 with the
//! versions that produced it, so it can be scored when new official figures appear.

use crate::sim::date::Date;
use crate::sim::error::SimError;
use crate::sim::experiment::montecarlo::Summary;
use crate::sim::experiment::report::Manifest;
use crate::sim::scenario::forward;
use crate::sim::scenario::posterior;
use crate::sim::scenario::posterior::Uncertainty;
use crate::sim::scenario::regions;
use crate::sim::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// The forecast horizon (brief §6: pledges for the pay add-on are due then).
pub const HORIZON: &str = "2027-03-31";
/// Levels of the stored quantiles: 0.05, 0.10, …, 0.95 (enough for the CRPS, see `crps`).
pub const LEVELS: usize = 19;
/// The default seed of a forecast (the last observation's date).
pub const SEED: u64 = 20260228;

/// One month of a forecast: the adoption rate's distribution over replications.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForecastMonth {
    pub date: Date,
    pub median: f64,
    pub p05: f64,
    pub p95: f64,
    /// The rate's quantiles at levels 0.05, 0.10, …, 0.95.
    pub quantiles: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forecast {
    pub region: String,
    /// The date the forecast was made.
    pub issued: Date,
    /// The observation it starts from ("today" of the run): date, adopters, offices.
    pub from: Date,
    pub from_adopters: u32,
    pub from_offices: u32,
    /// The plan: the region's own plan, continued.
    pub plan: String,
    pub crate_version: String,
    /// The shipped posterior the parameters were drawn from (`posterior::shipped().version`).
    pub posterior_version: String,
    pub uncertainty: String,
    pub seed: u64,
    pub replications: u32,
    pub scenario_hash: String,
    /// What the rate is: the model's adopted home offices over its office count at the start,
    /// compared with official adopters / offices in the national database at the month's end.
    pub rate: String,
    pub months: Vec<ForecastMonth>,
}

/// The scenario a region's forecast runs: its preset, conditioned on its last observation,
/// its own plan continued, posterior-predictive, to the horizon.
pub fn scenario(region: &str, reps: u32, seed: u64) -> Result<Scenario, SimError> {
    let scn = regions::preset(region).ok_or_else(|| {
        SimError::invalid("region", format!("no region named `{region}`; known: {}", regions::REGIONS.join(", ")))
    })?;
    on_record(scn, reps, seed)
}

/// Any scenario's forecast on record (a planner's municipality as a preset): conditioned on its
/// last observation (a plan from today keeps its history), its own plan continued,
/// posterior-predictive, to the horizon.
pub fn on_record(mut scn: Scenario, reps: u32, seed: u64) -> Result<Scenario, SimError> {
    let region = scn.name.clone();
    let last = forward::last_observation(&scn)
        .ok_or_else(|| SimError::invalid("region", format!("`{region}` has no observation to forecast from")))?;
    scn.uncertainty = Uncertainty::Posterior;
    scn.end = crate::sim::date::d(HORIZON);
    scn.replications = reps;
    scn.seed = seed;
    forward::condition_on(&mut scn, last)?;
    scn.validate()?;
    Ok(scn)
}

/// Type-7 quantile of sorted values.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The forecast record of a run of `scenario(region, …)`, from its "today" to its end.
pub fn record(scn: &Scenario, summary: &Summary, issued: Date) -> Result<Forecast, SimError> {
    let obs = forward::observation(scn)
        .ok_or_else(|| SimError::invalid("condition", "a forecast needs a conditioned scenario"))?;
    let from = obs.date;
    let mut months = Vec::new();
    for (d, m) in summary.months.iter().enumerate() {
        let date = Date::parse(&m.date).ok_or_else(|| SimError::Internal(format!("bad report date {}", m.date)))?;
        if date < from {
            continue;
        }
        let mut v: Vec<f64> = summary.paths.iter().filter_map(|p| p.get(d)).map(|&x| x as f64).collect();
        v.sort_by(f64::total_cmp);
        // Six decimals: a tenth of an office in Sendai; the record stays readable.
        let r = |x: f64| (x * 1e6).round() / 1e6;
        months.push(ForecastMonth {
            date,
            median: r(m.rate.median),
            p05: r(m.rate.p05),
            p95: r(m.rate.p95),
            quantiles: (1..=LEVELS).map(|k| r(quantile(&v, k as f64 / (LEVELS + 1) as f64))).collect(),
        });
    }
    Ok(Forecast {
        region: scn.name.clone(),
        issued,
        from,
        from_adopters: obs.adopters,
        from_offices: obs.offices,
        plan: scn.strategy.name.clone(),
        crate_version: env!("CARGO_PKG_VERSION").to_string(),
        posterior_version: posterior::shipped().version.clone(),
        uncertainty: scn.uncertainty.as_str().to_string(),
        seed: scn.seed,
        replications: scn.replications,
        scenario_hash: scn.hash(),
        rate: "adopted offices / offices (model: home offices at the start; official: offices in the national \
               long-term-care database at the date)"
            .to_string(),
        months,
    })
}

/// What produced a forecast file, in the format of every output's manifest (`report`): the
/// run's scenario, hash, seed and replications, and the posterior the parameters came from.
pub fn manifest(f: &Forecast) -> Manifest {
    Manifest::new()
        .text("forecast", &f.region)
        .word("hash", &f.scenario_hash)
        .word("seed", f.seed)
        .word("replications", f.replications)
        .text("posterior", &f.posterior_version)
}

impl Forecast {
    /// A forecast read back from a file is an input like any other: at least one month, months
    /// in increasing order (each once), [`LEVELS`] quantiles per month in increasing order,
    /// 0 ≤ p05 ≤ median ≤ p95 ≤ 1, at least one replication. The field of the first problem is
    /// named (`months[3].quantiles`).
    pub fn validate(&self) -> Result<(), SimError> {
        if self.replications < 1 {
            return Err(SimError::range("replications", self.replications as f64, 1.0, f64::from(u32::MAX)));
        }
        if self.months.is_empty() {
            return Err(SimError::invalid("months", "a forecast has at least one month"));
        }
        let unit = |field: String, x: f64| {
            if (0.0..=1.0).contains(&x) {
                Ok(())
            } else {
                Err(SimError::range(field, x, 0.0, 1.0))
            }
        };
        for (i, m) in self.months.iter().enumerate() {
            if i > 0 && m.date <= self.months[i - 1].date {
                return Err(SimError::invalid(
                    format!("months[{i}].date"),
                    format!(
                        "{} is not after the month before ({}); each month once, in order",
                        m.date,
                        self.months[i - 1].date
                    ),
                ));
            }
            unit(format!("months[{i}].p05"), m.p05)?;
            unit(format!("months[{i}].median"), m.median)?;
            unit(format!("months[{i}].p95"), m.p95)?;
            if !(m.p05 <= m.median && m.median <= m.p95) {
                return Err(SimError::invalid(
                    format!("months[{i}]"),
                    format!("need p05 ≤ median ≤ p95; found {} , {}, {}", m.p05, m.median, m.p95),
                ));
            }
            if m.quantiles.len() != LEVELS {
                return Err(SimError::invalid(
                    format!("months[{i}].quantiles"),
                    format!("{} values; a forecast stores {LEVELS} (levels 0.05 to 0.95)", m.quantiles.len()),
                ));
            }
            for (k, &q) in m.quantiles.iter().enumerate() {
                unit(format!("months[{i}].quantiles[{k}]"), q)?;
                if k > 0 && q < m.quantiles[k - 1] {
                    return Err(SimError::invalid(
                        format!("months[{i}].quantiles[{k}]"),
                        format!("{q} is below the level before ({}); quantiles increase", m.quantiles[k - 1]),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// A forecast's file name: region and issue date.
pub fn file_name(f: &Forecast) -> String {
    file_name_for(&f.region, f.issued)
}

/// The file name of `region`'s forecast issued on `issued`.
pub fn file_name_for(region: &str, issued: Date) -> String {
    // A municipality's own name may hold characters a file name cannot (a slash, a colon).
    let safe: String =
        region.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    let safe = if safe.is_empty() { "scenario".to_string() } else { safe };
    format!("{safe}-{issued}.json")
}

/// The score of a forecast against one official figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub date: Date,
    pub observed: f64,
    pub median: f64,
    pub p05: f64,
    pub p95: f64,
    /// Is the observed rate inside the 90% band?
    pub inside: bool,
    /// |median − observed|.
    pub abs_error: f64,
    /// Interval score of the 90% band (smaller is better, in rate units).
    pub interval_score: f64,
    /// Continuous ranked probability score from the stored quantiles (rate units).
    pub crps: f64,
}

/// Interval score of the central (1 − α) interval [l, u] for outcome y (Gneiting & Raftery
/// 2007): (u − l) + (2/α)(l − y)·1{y < l} + (2/α)(y − u)·1{y > u}.
pub fn interval_score(l: f64, u: f64, y: f64, alpha: f64) -> f64 {
    (u - l) + (2.0 / alpha) * (l - y).max(0.0) + (2.0 / alpha) * (y - u).max(0.0)
}

/// CRPS = 2 ∫₀¹ QS_τ(q_τ, y) dτ with the quantile (pinball) score QS_τ(q, y) = (1{y < q} − τ)(q − y),
/// approximated by the mean over the stored levels τ = 0.05, …, 0.95 (the tails beyond are left
/// out, so this slightly understates the CRPS of a wide forecast; the same for every forecast).
pub fn crps(quantiles: &[f64], y: f64) -> f64 {
    if quantiles.is_empty() {
        return 0.0;
    }
    let n = quantiles.len();
    let sum: f64 = quantiles
        .iter()
        .enumerate()
        .map(|(k, &q)| {
            let tau = (k + 1) as f64 / (n + 1) as f64;
            ((y < q) as u8 as f64 - tau) * (q - y)
        })
        .sum();
    2.0 * sum / n as f64
}

/// Scores a forecast against official figures (date, adopters, offices). A figure at a date the
/// forecast does not hold is an error naming it.
pub fn score(f: &Forecast, observed: &[(Date, u32, u32)]) -> Result<Vec<Score>, SimError> {
    f.validate()?;
    for (i, o) in observed.iter().enumerate() {
        if observed[..i].iter().any(|p| p.0 == o.0) {
            return Err(SimError::invalid(
                "observed",
                format!("{} is given twice; give each date's official figure once", o.0),
            ));
        }
    }
    observed
        .iter()
        .map(|&(date, adopters, offices)| {
            if offices == 0 || adopters > offices {
                return Err(SimError::invalid(
                    "observed",
                    format!("{date}: {adopters}/{offices}: need 0 ≤ adopters ≤ offices and offices ≥ 1"),
                ));
            }
            let m = f.months.iter().find(|m| m.date == date).ok_or_else(|| {
                SimError::invalid(
                    "observed",
                    format!(
                        "{date} is not a month of the forecast ({} to {})",
                        f.months.first().map(|m| m.date.to_string()).unwrap_or_default(),
                        f.months.last().map(|m| m.date.to_string()).unwrap_or_default()
                    ),
                )
            })?;
            let y = adopters as f64 / offices as f64;
            Ok(Score {
                date,
                observed: y,
                median: m.median,
                p05: m.p05,
                p95: m.p95,
                inside: m.p05 <= y && y <= m.p95,
                abs_error: (m.median - y).abs(),
                interval_score: interval_score(m.p05, m.p95, y, 0.1),
                crps: crps(&m.quantiles, y),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_score_is_the_width_inside_and_penalised_outside() {
        assert!((interval_score(0.2, 0.3, 0.25, 0.1) - 0.1).abs() < 1e-12);
        assert!((interval_score(0.2, 0.3, 0.35, 0.1) - (0.1 + 20.0 * 0.05)).abs() < 1e-12);
    }

    #[test]
    fn crps_is_smallest_at_the_centre_and_grows_with_the_miss() {
        let q: Vec<f64> = (1..=19).map(|k| 0.3 + 0.01 * (k as f64 - 10.0)).collect();
        let (c, near, far) = (crps(&q, 0.3), crps(&q, 0.33), crps(&q, 0.5));
        assert!(c < near && near < far, "{c} {near} {far}");
        // Against the energy form E|X − y| − ½E|X − X'| with the quantiles as a sample.
        let n = q.len() as f64;
        let e1 = q.iter().map(|x| (x - 0.5f64).abs()).sum::<f64>() / n;
        let e2 = q.iter().flat_map(|a| q.iter().map(move |b| (a - b).abs())).sum::<f64>() / (n * n);
        assert!((far - (e1 - 0.5 * e2)).abs() < 0.005, "{far} vs {}", e1 - 0.5 * e2);
    }
}
