//! Every observed figure of brief §4 and §4a as a calibration target and a fit check:
//! the four 2026-02-28 rates, Chitose's programme adopters and its previous adopters'
//! continuation, Okazaki's centres, one centre's active links in Higashisonogi and Sendai,
//! and the national rate under the free pass. Each figure carries its observation noise
//! (a binomial SD for a share of n offices, a Poisson SD for a count), so 14/21 does not
//! weigh like 357/2104. docs/calibration.md lists them with their evidence.

use crate::sim::date::Date;
use crate::sim::error::SimError;
use crate::sim::experiment::montecarlo::{Prepared, Quantiles, Workspace};
use crate::sim::model::population::{World, NO_CENTRE};
use crate::sim::scenario::municipality::{AreaFigure, Figures};
use crate::sim::scenario::params::Params;
use crate::sim::scenario::posterior::{Particles, Uncertainty};
use crate::sim::scenario::regions;
use crate::sim::scenario::strategies;
use crate::sim::scenario::strategy::Strategy;
use crate::sim::scenario::{Observation, Scenario};
use serde::{Deserialize, Serialize};

/// What a figure measures in a replication at its date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Stat {
    /// Adopted home offices over the offices in the database at that date (brief §4: each
    /// date has its own denominator; offices that closed are assumed not to have adopted),
    /// at most 1.
    Rate { denominator: u32 },
    /// Adopted offices that a lever reached before they adopted: home (`external: false`) or
    /// of neighbouring municipalities (brief §4a, Chitose: "13 in the city and 5 outside").
    ProgrammeAdopters { external: bool },
    /// Share of the home offices adopted at the start that still use the system.
    InitialContinued,
    /// Share of the centres that have adopted.
    CentresAdopted,
    /// Active links of the centre of area `area`: a count, or a share of its partners.
    CentreLinks { area: usize, share: bool },
}

/// One observed figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub name: String,
    pub region: String,
    pub date: Date,
    pub observed: f64,
    /// Observation noise (same unit as `observed`): the distance's scale and the fit's yardstick.
    pub sd: f64,
    pub stat: Stat,
    /// Where the figure comes from, and any caveat (e.g. a figure the preset takes as input).
    pub source: String,
}

/// SD of a share k/n observed as a binomial draw; the share is kept inside [½/n, 1 − ½/n]
/// so that 51 of 51 (or 0 of n) still has a positive SD of about one office's worth.
pub fn binomial_sd(k: f64, n: f64) -> f64 {
    let n = n.max(1.0);
    let r = (k / n).clamp(0.5 / n, 1.0 - 0.5 / n);
    libm::sqrt(r * (1.0 - r) / n)
}

/// SD of a count observed as a Poisson draw (at least 1).
pub fn count_sd(k: f64) -> f64 {
    libm::sqrt(k.max(1.0))
}

/// The date of brief §4's second observation, the rate every region is fitted at.
pub const RATE_DATE: &str = "2026-02-28";
/// "By March 2026" (brief §4a).
pub const MARCH_2026: &str = "2026-03-31";

/// Model discrepancy of the national figure, in rate units: a synthetic population stands in
/// for some 1,700 municipalities, so the figure's binomial SD (0.06 points over 288,000
/// offices) would claim a precision the model cannot have. Assumption, docs/calibration.md.
pub const NATIONAL_SD: f64 = 0.005;

/// The national population that stands in for the country (brief §4a: 7.2% at 2025-05-31,
/// 9.8% at 2025-08-31 = 28,191 offices): 20,000 offices in areas of 54 (5,348 centres for
/// about 288,000 offices, brief §2), Chitose's share of offices outside the care-plan exchange
/// (as the cities' presets assume), the policy calendar alone.
pub fn national_scenario() -> Result<Scenario, SimError> {
    let names = (1..=370).map(|i| AreaFigure { name: format!("area{i}"), offices: None }).collect();
    // Through the municipality constructor: Chitose's out-of-scope share, as the cities' presets.
    let mut f = Figures::new("national", 20_000, names, 1_960, d("2025-08-31"));
    f.earlier = vec![Observation { date: d("2025-05-31"), adopters: 1_440, offices: 20_000 }];
    let mut s = f.scenario()?;
    s.end = d("2025-08-31");
    s.strategy = Strategy { name: "policy calendar".into(), levers: strategies::calendar(strategies::FREE_PASS_END) };
    Ok(s)
}

fn d(s: &str) -> Date {
    // Only literal dates of this module; `figures_have_reporting_dates` checks them.
    Date::parse(s).unwrap_or(Date::UNIX_EPOCH)
}

/// The 2026-02-28 rate of a preset as a figure.
fn rate(region: &str, scn: &Scenario, date: &str) -> Result<Figure, SimError> {
    let at = d(date);
    let obs = scn
        .observed
        .iter()
        .find(|o| o.date == at)
        .ok_or_else(|| SimError::invalid(format!("{region}.observed"), format!("no observation at {date}")))?;
    Ok(Figure {
        name: format!("{region} rate {date}"),
        region: region.into(),
        date: at,
        observed: obs.rate(),
        sd: binomial_sd(obs.adopters as f64, obs.offices as f64),
        stat: Stat::Rate { denominator: obs.offices },
        source: format!("brief §4: {}/{}", obs.adopters, obs.offices),
    })
}

fn figure(region: &str, name: &str, date: &str, observed: f64, sd: f64, stat: Stat, source: &str) -> Figure {
    Figure {
        name: format!("{region} {name}"),
        region: region.into(),
        date: d(date),
        observed,
        sd,
        stat,
        source: source.into(),
    }
}

/// The figures of a region (or `national`) given its scenario.
pub fn figures(region: &str, scn: &Scenario) -> Result<Vec<Figure>, SimError> {
    let mut f = Vec::new();
    match region {
        "national" => {
            let mut nat = rate(region, scn, "2025-08-31")?;
            nat.sd = nat.sd.max(NATIONAL_SD);
            nat.source = "brief §4a/§6: 9.8% (28,191 offices) at 2025-08-31 from 7.2% at 2025-05-31; SD: model discrepancy 0.5 pt (assumption)".into();
            f.push(nat);
        }
        "chitose" => {
            f.push(rate(region, scn, RATE_DATE)?);
            f.push(figure(
                region,
                "programme adopters in the city",
                MARCH_2026,
                13.0,
                count_sd(13.0),
                Stat::ProgrammeAdopters { external: false },
                "brief §4a: 13 offices in the city newly adopted through the programme by March 2026",
            ));
            f.push(figure(
                region,
                "programme adopters outside the city",
                MARCH_2026,
                5.0,
                count_sd(5.0),
                Stat::ProgrammeAdopters { external: true },
                "brief §4a: 5 offices outside the city",
            ));
            let n = scn.population.initial_adopted as f64;
            f.push(figure(
                region,
                "previous adopters continuing",
                MARCH_2026,
                1.0,
                binomial_sd(n, n),
                Stat::InitialContinued,
                "brief §1/§4a: the previous year's adopters continued at 100%",
            ));
        }
        "okazaki" => {
            f.push(rate(region, scn, RATE_DATE)?);
            let centres = scn.population.areas.len() as f64;
            f.push(figure(
                region,
                "centres set up",
                MARCH_2026,
                (centres - 1.0) / centres,
                binomial_sd(centres - 1.0, centres),
                Stat::CentresAdopted,
                "brief §4a: every centre but the core one set up by March 2026 (the preset's centre-adoption lever takes this as input, so it checks the lever, not the behaviour)",
            ));
        }
        "higashisonogi" => {
            f.push(rate(region, scn, RATE_DATE)?);
            f.push(figure(
                region,
                "centre linked with its partners",
                MARCH_2026,
                6.0 / 9.0,
                binomial_sd(6.0, 9.0),
                Stat::CentreLinks { area: 0, share: true },
                "brief §4a: the centre mutually linked with 6 of the 9 offices it exchanges care plans with",
            ));
        }
        "sendai" => {
            f.push(rate(region, scn, RATE_DATE)?);
            let area = scn
                .area_index("東仙台")
                .ok_or_else(|| SimError::invalid("sendai.population.areas", "no area 東仙台"))?;
            f.push(figure(
                region,
                "東仙台 centre's links",
                MARCH_2026,
                3.0,
                count_sd(3.0),
                Stat::CentreLinks { area, share: false },
                "brief §4a: the 東仙台 centre linked with 3 offices by March 2026",
            ));
        }
        _ => return Err(SimError::invalid("regions", format!("no figures for `{region}`"))),
    }
    Ok(f)
}

/// The value of `stat` in a replication's state.
fn measure(stat: &Stat, sim: &crate::sim::model::engine::Sim, world: &World) -> f64 {
    let c = &sim.counts;
    let share = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    match stat {
        Stat::Rate { denominator } => share(c.adopted_home as f64, *denominator as f64).min(1.0),
        Stat::ProgrammeAdopters { external: false } => c.reached_adopted_home as f64,
        Stat::ProgrammeAdopters { external: true } => c.reached_adopted_external as f64,
        Stat::InitialContinued => {
            if c.initial_home == 0 {
                1.0
            } else {
                1.0 - share(c.initial_stopped_home as f64, c.initial_home as f64)
            }
        }
        Stat::CentresAdopted => {
            let centres = world.centre.iter().filter(|&&x| x != NO_CENTRE).count();
            share(c.centres_adopted as f64, centres as f64)
        }
        Stat::CentreLinks { area, share: as_share } => match sim.centre_links(*area) {
            Some((active, partners)) if *as_share => share(active as f64, partners as f64),
            Some((active, _)) => active as f64,
            None => 0.0,
        },
    }
}

/// Where a replication's parameters come from.
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// Every replication uses these.
    Fixed(&'a Params),
    /// Replication i draws a particle by (seed, i) (posterior predictive).
    Posterior(&'a Particles),
}

/// Which networks a target's replications run on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Networks {
    /// The run's own, as a forecast's: replication i on network i of the run's seed.
    Own,
    /// A calibration's: picked from the target's pool drawn with this seed, once per calibration
    /// (`Prepared::pooled`, `montecarlo::network_pool`).
    Pool(u64),
}

/// A region's (or the nation's) figures with the scenario that produces them.
#[derive(Clone, Debug)]
pub struct Target {
    pub region: String,
    pub scn: Scenario,
    pub figures: Vec<Figure>,
    /// Replications per evaluation of a calibration.
    pub reps: u32,
}

/// Replications per evaluation: enough that the mean's Monte Carlo noise is small next to
/// each figure's observation SD (docs/calibration.md measures the distance's noise).
pub fn default_reps(region: &str) -> u32 {
    match region {
        "higashisonogi" => 32,
        "chitose" => 16,
        "okazaki" => 8,
        "national" => 2,
        _ => 4,
    }
}

impl Target {
    /// The target of a preset region or `national` (`reps_scale` multiplies `default_reps`).
    pub fn preset(region: &str, reps_scale: f64) -> Result<Target, SimError> {
        let mut scn = if region == "national" {
            national_scenario()?
        } else {
            regions::preset(region)
                .ok_or_else(|| SimError::invalid("regions", format!("no region preset named `{region}`")))?
        };
        let reps = ((default_reps(region) as f64 * reps_scale).ceil() as u32).max(1);
        Target::from_scenario(region, &mut scn, reps)
    }

    /// The target of a scenario, cut at its last figure's date.
    pub fn from_scenario(region: &str, scn: &mut Scenario, reps: u32) -> Result<Target, SimError> {
        Target::with_figures(region, scn, reps, figures(region, scn)?)
    }

    /// The target of a scenario and its figures, cut at the last figure's date.
    fn with_figures(region: &str, scn: &mut Scenario, reps: u32, figures: Vec<Figure>) -> Result<Target, SimError> {
        if let Some(last) = figures.iter().map(|f| f.date).max() {
            if scn.end > last {
                scn.end = last;
            }
        }
        scn.replications = reps.max(1);
        scn.validate()?;
        Ok(Target { region: region.to_string(), scn: scn.clone(), figures, reps })
    }

    /// The observed 2026-02-28 rate (the region's first figure).
    pub fn observed(&self) -> f64 {
        self.figures.first().map_or(0.0, |f| f.observed)
    }

    /// Every figure's value in each replication: `values[figure][rep]`.
    pub fn simulate(
        &self,
        source: Source,
        seed: u64,
        reps: u32,
        networks: Networks,
        ws: &mut Workspace,
    ) -> Result<Vec<Vec<f64>>, SimError> {
        let mut scn = self.scn.clone();
        scn.seed = seed;
        scn.replications = reps.max(1);
        scn.uncertainty = Uncertainty::Fixed;
        if let Source::Fixed(p) = source {
            scn.params = p.clone();
        }
        let prep = match networks {
            Networks::Own => Prepared::reusing(&scn, ws)?,
            Networks::Pool(pool_seed) => Prepared::pooled(&scn, ws, pool_seed)?,
        };
        let at: Vec<usize> = self
            .figures
            .iter()
            .map(|f| {
                prep.plan.reports.iter().position(|r| r.0 == f.date).ok_or_else(|| {
                    SimError::invalid("calibration", format!("{}: {} is not a reporting date", f.name, f.date))
                })
            })
            .collect::<Result<_, _>>()?;
        let mut dates = at.clone();
        dates.sort_unstable();
        dates.dedup();
        let mut values = vec![Vec::with_capacity(reps as usize); self.figures.len()];
        for rep in 0..reps as u64 {
            let model = match source {
                Source::Posterior(post) => Some(post.model(&scn.params, &[], &prep.plan, seed, rep)),
                Source::Fixed(_) => None,
            };
            prep.observe_rep(rep, model.as_ref(), ws, &dates, &mut |d, sim, world| {
                for (k, f) in self.figures.iter().enumerate() {
                    if at[k] == d {
                        values[k].push(measure(&f.stat, sim, world));
                    }
                }
            });
        }
        ws.recycle(prep);
        Ok(values)
    }
}

/// Σ over a target's figures of ((mean simulated − observed) / SD)², and the number of figures.
pub fn squared_errors(t: &Target, values: &[Vec<f64>]) -> (f64, usize) {
    let mut sum = 0.0;
    for (f, v) in t.figures.iter().zip(values) {
        let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
        sum += ((mean - f.observed) / f.sd).powi(2);
    }
    (sum, t.figures.len())
}

/// One figure's fit: the simulated median and 90% band beside the observation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureFit {
    pub name: String,
    pub region: String,
    pub date: String,
    pub observed: f64,
    pub sd: f64,
    pub median: f64,
    pub p05: f64,
    pub p95: f64,
    pub in_band: bool,
    pub source: String,
}

impl FigureFit {
    pub fn new(f: &Figure, values: &mut [f64]) -> FigureFit {
        let q = Quantiles::of(values);
        FigureFit {
            name: f.name.clone(),
            region: f.region.clone(),
            date: f.date.to_string(),
            observed: f.observed,
            sd: f.sd,
            median: q.median,
            p05: q.p05,
            p95: q.p95,
            in_band: f.observed >= q.p05 && f.observed <= q.p95,
            source: f.source.clone(),
        }
    }
}

/// The posterior-predictive fit of every figure of a region.
pub fn fit_figures(region: &str, source: Source, reps: u32, seed: u64) -> Result<Vec<FigureFit>, SimError> {
    fit_target(&Target::preset(region, 1.0)?, source, reps, seed)
}

fn fit_target(t: &Target, source: Source, reps: u32, seed: u64) -> Result<Vec<FigureFit>, SimError> {
    let mut values = t.simulate(source, seed, reps, Networks::Own, &mut Workspace::default())?;
    Ok(t.figures.iter().zip(values.iter_mut()).map(|(f, v)| FigureFit::new(f, v)).collect())
}

/// Any scenario's own observed rates after its start (a planner's municipality, a preset file):
/// run without being told them (a conditioned scenario runs its history as the plan, from its
/// start), each figure beside its simulated median and 90% band. A town with one figure has
/// nothing after its start but that figure, so this checks the path assumed before it.
pub fn fit_scenario(scn: &Scenario, source: Source, reps: u32, seed: u64) -> Result<Vec<FigureFit>, SimError> {
    let mut s = scn.clone();
    if let Some(c) = s.condition.take() {
        s.strategy = c.history;
    }
    let name = if s.name.trim().is_empty() { "scenario".to_string() } else { s.name.clone() };
    let mut figures = Vec::new();
    for o in s.observed.iter().filter(|o| crate::sim::scenario::forward::weeks_to(s.start, o.date) > 0) {
        let mut f = rate(&name, &s, &o.date.to_string())?;
        f.source = format!("the scenario's observed figure {}/{}", o.adopters, o.offices);
        figures.push(f);
    }
    if figures.is_empty() {
        return Err(SimError::invalid(
            "observed",
            "no observed figure after the start: add an earlier figure (renkei scenario --new ... --observed DATE:A/N)",
        ));
    }
    let t = Target::with_figures(&name, &mut s, reps.max(1), figures)?;
    fit_target(&t, source, reps, seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_have_reporting_dates_and_positive_noise() {
        for r in ["chitose", "okazaki", "higashisonogi", "sendai", "national"] {
            let t = Target::preset(r, 0.25).expect("target");
            let v = t
                .simulate(Source::Fixed(&Params::default()), 3, 2, Networks::Own, &mut Workspace::default())
                .expect("runs");
            assert_eq!(v.len(), t.figures.len());
            for (f, x) in t.figures.iter().zip(&v) {
                assert!(f.sd > 0.0 && f.sd.is_finite(), "{}", f.name);
                assert_eq!(x.len(), 2, "{}", f.name);
                assert!(x.iter().all(|y| y.is_finite() && *y >= 0.0), "{}: {x:?}", f.name);
            }
        }
    }

    #[test]
    fn a_workspace_that_ran_other_regions_and_parameters_gives_the_same_figures() {
        // Recycled networks (`Workspace::recycle`) are redrawn in place: the figures must be
        // those of a fresh workspace, whatever ran on it before (another region's layout is
        // not reused; another mean partner count redraws every link).
        let t = Target::preset("chitose", 0.25).expect("target");
        let other = Target::preset("okazaki", 0.25).expect("target");
        let p = Params::default();
        let fresh = t.simulate(Source::Fixed(&p), 7, 4, Networks::Own, &mut Workspace::default()).expect("runs");
        let mut ws = Workspace::default();
        t.simulate(Source::Fixed(&p), 8, 4, Networks::Own, &mut ws).expect("runs");
        assert_eq!(t.simulate(Source::Fixed(&p), 7, 4, Networks::Own, &mut ws).expect("runs"), fresh);
        let mut denser = t.clone();
        if let crate::sim::scenario::Network::Generated { mean_partners, .. } = &mut denser.scn.network {
            *mean_partners += 3.0;
        }
        denser.simulate(Source::Fixed(&p), 7, 4, Networks::Own, &mut ws).expect("runs");
        other.simulate(Source::Fixed(&p), 7, 4, Networks::Own, &mut ws).expect("runs");
        assert_eq!(t.simulate(Source::Fixed(&p), 7, 4, Networks::Own, &mut ws).expect("runs"), fresh);
    }

    #[test]
    fn observation_noise_follows_the_counts() {
        // 14 of 21 is far noisier than 357 of 2,104.
        assert!(binomial_sd(14.0, 21.0) > 0.1 && binomial_sd(357.0, 2104.0) < 0.01);
        assert!(binomial_sd(51.0, 51.0) > 0.0, "a full share still has a positive SD");
        assert_eq!(count_sd(9.0), 3.0);
    }

    #[test]
    fn programme_adopters_are_offices_a_lever_reached() {
        // Without levers nobody is reached; Chitose's visits reach offices that then adopt.
        let mut t = Target::preset("chitose", 0.5).expect("target");
        let p = Params::default();
        let with = t.simulate(Source::Fixed(&p), 5, 8, Networks::Own, &mut Workspace::default()).expect("runs");
        t.scn.strategy = Strategy::default();
        let without = t.simulate(Source::Fixed(&p), 5, 8, Networks::Own, &mut Workspace::default()).expect("runs");
        let sum = |v: &Vec<f64>| v.iter().sum::<f64>();
        assert_eq!(sum(&without[1]) + sum(&without[2]), 0.0);
        assert!(sum(&with[1]) > 0.0, "visits and support reach offices that adopt");
    }
}
