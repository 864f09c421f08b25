//! What a Monte Carlo run reports: quantiles per reporting date and metric, milestones, the
//! run's header, and the fingerprint that pins the engine's numbers.

use super::*;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Quantiles {
    pub median: f64,
    pub p05: f64,
    pub p25: f64,
    pub p75: f64,
    pub p95: f64,
    pub mean: f64,
}

impl Quantiles {
    /// Quantiles by linear interpolation between order statistics (type 7).
    pub fn of(values: &mut [f64]) -> Quantiles {
        if values.is_empty() {
            return Quantiles::default();
        }
        values.sort_by(f64::total_cmp);
        let q = |p: f64| {
            let h = (values.len() - 1) as f64 * p;
            let lo = h.floor() as usize;
            let hi = h.ceil() as usize;
            if values[lo] == values[hi] {
                return values[lo]; // also keeps +inf (never reached) from turning into NaN
            }
            values[lo] + (h - lo as f64) * (values[hi] - values[lo])
        };
        Quantiles {
            median: q(0.5),
            p05: q(0.05),
            p25: q(0.25),
            p75: q(0.75),
            p95: q(0.95),
            mean: values.iter().sum::<f64>() / values.len() as f64,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ByRole {
    pub care_management: Quantiles,
    pub provider: Quantiles,
    pub centre: Quantiles,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MonthStats {
    pub date: String,
    /// Adoption rate of the municipality's offices.
    pub rate: Quantiles,
    /// Share of links whose two ends both use the system.
    pub active_link_share: Quantiles,
    pub centres_adopted: Quantiles,
    pub stopped: Quantiles,
    pub planning: Quantiles,
    pub by_role: ByRole,
    /// Adoption rate per area, in the order of `header.areas`.
    pub by_area: Vec<Quantiles>,
}

/// Months from the start until the rate first reaches a level, over replications.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub level: f64,
    /// Share of replications that reach the level within the horizon.
    pub reached: f64,
    /// Median months among all replications (`null` when fewer than half reach it).
    pub median_months: Option<f64>,
    pub p05_months: Option<f64>,
    pub p95_months: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub version: String,
    pub scenario: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub replications: u32,
    /// "posterior" (each replication draws the calibrated parameters) or "fixed".
    pub uncertainty: String,
    /// The calibration the parameters were drawn from (posterior runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posterior_version: Option<String>,
    /// Calibrated parameters drawn per replication (posterior runs; the rest are fixed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drawn: Vec<String>,
    /// Calibrated parameters held at the scenario's value in every replication (posterior
    /// runs: those listed in `pinned` and those whose value was edited, `Scenario::pin_edited`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pinned: Vec<String>,
    pub home_offices: usize,
    pub external_offices: usize,
    pub links: usize,
    pub areas: Vec<String>,
    /// A conditioned run's conditioning date ("today"): dates before it are the region's history
    /// as the model runs it, its own value is the observed count, and milestones count from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub today: Option<String>,
    /// The name of the strategy (the plan) this run executed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub strategy: String,
    /// How to read the strategy: a plan from today or a counterfactual from the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ObservedPoint {
    pub date: String,
    pub rate: f64,
    pub adopters: u32,
    pub offices: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub header: Header,
    pub months: Vec<MonthStats>,
    pub milestones: Vec<Milestone>,
    pub observed: Vec<ObservedPoint>,
    /// The adoption rate of every replication at every reporting date (`paths[rep][date]`),
    /// for differences paired by seed between strategies.
    pub paths: Vec<Vec<f32>>,
}

/// Turns the replications' tally into quantiles per reporting date.
pub fn summarise(prep: &Prepared, tally: Tally) -> Result<Summary, SimError> {
    let scn = prep.scn;
    let plan = &prep.plan;
    let world = prep.world(0);
    let n_areas = scn.population.areas.len();
    let mut col = Vec::with_capacity(tally.reps);
    let mut stat = |d: usize, m: usize| tally.quantiles(d, m, &mut col);
    let months = plan
        .reports
        .iter()
        .enumerate()
        .map(|(d, (date, _))| MonthStats {
            date: date.to_string(),
            rate: stat(d, M_RATE),
            active_link_share: stat(d, M_ACTIVE),
            centres_adopted: stat(d, M_CENTRES),
            stopped: stat(d, M_STOPPED),
            planning: stat(d, M_PLANNING),
            by_role: ByRole {
                care_management: stat(d, M_CM),
                provider: stat(d, M_PROVIDER),
                centre: stat(d, M_CENTRE_RATE),
            },
            by_area: (0..n_areas).map(|a| stat(d, M_AREAS + a)).collect(),
        })
        .collect();
    let paths = tally.paths;
    let today = scn.condition.as_ref().map(|c| c.date);
    let from = today.and_then(|t| plan.reports.iter().position(|r| r.0 == t)).unwrap_or(0);
    let milestones = [0.3, 0.5].iter().map(|&level| milestone(plan, &paths, level, from)).collect();
    Ok(Summary {
        header: Header {
            version: env!("CARGO_PKG_VERSION").to_string(),
            scenario: scn.name.clone(),
            scenario_hash: scn.hash(),
            seed: scn.seed,
            replications: scn.replications,
            uncertainty: scn.uncertainty.as_str().to_string(),
            posterior_version: prep.posterior.map(|p| p.version.clone()),
            drawn: scn.drawn_params(),
            pinned: scn.pinned_params(),
            home_offices: world.n_home,
            external_offices: world.len() - world.n_home,
            links: world.links(),
            areas: scn.population.areas.iter().map(|a| a.name.clone()).collect(),
            today: today.map(|t| t.to_string()),
            strategy: scn.strategy.name.clone(),
            view: Some(crate::sim::scenario::forward::view_label(scn).0),
        },
        months,
        milestones,
        observed: scn
            .observed
            .iter()
            .map(|o| ObservedPoint {
                date: o.date.to_string(),
                rate: o.rate(),
                adopters: o.adopters,
                offices: o.offices,
            })
            .collect(),
        paths,
    })
}

/// Months from reporting date `from` (the start, or "today" in a conditioned run) until the
/// rate first reaches `level` at or after it.
fn milestone(plan: &Plan, paths: &[Vec<f32>], level: f64, from: usize) -> Milestone {
    let start = plan.reports.get(from).map(|r| r.0);
    let months_at = |d: usize| -> f64 {
        match start {
            Some(s) => s.days_until(plan.reports[d].0) as f64 / (365.25 / 12.0),
            None => 0.0,
        }
    };
    // Unreached replications count as +infinity so the quantiles stay honest.
    let mut times: Vec<f64> = paths
        .iter()
        .map(|p| {
            let first = p.iter().skip(from).position(|&r| r as f64 >= level);
            first.map(|i| months_at(i + from)).unwrap_or(f64::INFINITY)
        })
        .collect();
    let reached = times.iter().filter(|t| t.is_finite()).count() as f64 / times.len().max(1) as f64;
    let q = Quantiles::of(&mut times);
    let fin = |x: f64| {
        if x.is_finite() {
            Some((x * 10.0).round() / 10.0)
        } else {
            None
        }
    };
    Milestone { level, reached, median_months: fin(q.median), p05_months: fin(q.p05), p95_months: fin(q.p95) }
}

/// A short hash of a summary's JSON: equal fingerprints mean equal numbers to the last bit.
/// Native and wasm builds are checked against the same fingerprint (tests/fixtures).
pub fn fingerprint(summary: &Summary) -> String {
    crate::sim::experiment::report::text_hash(&serde_json::to_string(summary).unwrap_or_default())
}
