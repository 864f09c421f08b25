//! A prefecture's view (issue 26; docs/prefecture.md): many municipalities at once, each built
//! from its row of the prefecture file by the municipality constructor and run under the
//! national policy only and under each chosen strategy, from its latest figure to the horizon.
//!
//! Pairing: every run of every municipality uses the one seed, so replication i draws the same
//! posterior parameters everywhere (the calibrated parameters are national unknowns, one value
//! for the whole prefecture) and, within a municipality, the same network and events for every
//! option (common random numbers). So the prefecture total of replication i is one plausible
//! world, and its band is read from the sums over municipalities of replication i (the joint
//! replications), never from a sum of medians or of bands.
//!
//! The work is split so that a page can spread it over workers: [`prepare`] sets up and checks
//! every run before any (`Work::runs`), each run's priced replications become an [`Outcome`]
//! (three numbers a replication), and [`Work::assemble`] reads everything from them. [`evaluate`]
//! does all three with a callback that prices a run (the CLI: `parallel::cost_reps`).

pub mod allocate;
pub mod file;
pub mod render;

use crate::sim::error::SimError;
use crate::sim::experiment::cost::{self, RepCost};
use crate::sim::experiment::options::{self, Spread};
use crate::sim::model::plan::Plan;
use crate::sim::scenario::{forward, Scenario, MAX_REPLICATIONS, MAX_WORK};
use serde::Serialize;

pub use file::{read, Town};

/// The most yen a budget may be (¥10 trillion: far above any prefecture's programme).
pub const MAX_BUDGET: f64 = 1e13;
/// The most work one prefecture may take: replications × offices × weeks over every distinct
/// run, ten runs at the bound of one (as `renkei compare`).
pub const MAX_PREFECTURE_WORK: f64 = 10.0 * MAX_WORK;

/// One run's replications reduced to what the view reads, each in replication order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Adopting offices of the municipality at the horizon.
    pub adopted: Vec<f64>,
    /// Active links at the horizon.
    pub active_links: Vec<f64>,
    /// The city's cost from today to the horizon (`cost::RepCost::city`).
    pub city_yen: Vec<f64>,
}

impl Outcome {
    /// The outcome of `scn`'s priced replications.
    pub fn of(scn: &Scenario, reps: &[RepCost]) -> Outcome {
        let from = cost::from_index(scn, &Plan::new(scn));
        let last = |r: &RepCost| r.at.last().copied().unwrap_or_default();
        Outcome {
            adopted: reps.iter().map(|r| last(r).adopted as f64).collect(),
            active_links: reps.iter().map(|r| last(r).active_links as f64).collect(),
            city_yen: cost::totals(reps, from, |r, d| r.city(d)),
        }
    }
}

/// Every run of a prefecture, set up and checked: per municipality its options (name, index
/// into `runs`), the national policy only first; a plan two options share runs once.
#[derive(Clone, Debug)]
pub struct Work {
    pub towns: Vec<Town>,
    pub options: Vec<Vec<(String, usize)>>,
    pub runs: Vec<Scenario>,
    pub budget: Option<f64>,
}

/// The plan a scenario runs, without its display name.
fn plan_key(s: &Scenario) -> String {
    let mut k = s.clone();
    k.strategy.name.clear();
    k.to_json()
}

/// Sets up every run: each town with `replications` and `seed`, its own plan (the national
/// policy only, `options::OWN`) and the options `names` (from `options::names`). Refuses, before
/// any run, a budget outside 0 to [`MAX_BUDGET`], replications outside 1 to the maximum, and
/// work beyond [`MAX_PREFECTURE_WORK`].
pub fn prepare(
    towns: Vec<Town>,
    names: &[String],
    replications: u32,
    seed: u64,
    budget: Option<f64>,
) -> Result<Work, SimError> {
    if let Some(b) = budget {
        if !(b.is_finite() && (0.0..=MAX_BUDGET).contains(&b)) {
            return Err(SimError::range("budget", b, 0.0, MAX_BUDGET));
        }
    }
    if !(1..=MAX_REPLICATIONS).contains(&replications) {
        return Err(SimError::range("replications", replications as f64, 1.0, MAX_REPLICATIONS as f64));
    }
    let mut names: Vec<String> = names.iter().filter(|n| n.as_str() != options::OWN).cloned().collect();
    names.insert(0, options::OWN.to_string());
    let (mut runs, mut keys, mut all) = (Vec::new(), Vec::new(), Vec::new());
    let mut work = 0.0;
    for t in &towns {
        let mut base = t.scenario.clone();
        base.replications = replications;
        base.seed = seed;
        let mut mine = Vec::with_capacity(names.len());
        for name in &names {
            let s = options::scenario(&base, name, &[]).map_err(|e| match e {
                SimError::Invalid { field, reason } => SimError::Invalid {
                    field: format!("{} (row {}), strategy {name}: {field}", t.figures.name, t.line),
                    reason,
                },
                e => e,
            })?;
            let key = plan_key(&s);
            let index = match keys.iter().position(|k| *k == key) {
                Some(i) => i,
                None => {
                    work += s.replications as f64
                        * (s.population.home_offices() + s.population.external_offices) as f64
                        * s.weeks() as f64;
                    keys.push(key);
                    runs.push(s);
                    runs.len() - 1
                }
            };
            mine.push((name.clone(), index));
        }
        all.push(mine);
    }
    if work > MAX_PREFECTURE_WORK {
        return Err(SimError::Work { work, max: MAX_PREFECTURE_WORK });
    }
    Ok(Work { towns, options: all, runs, budget })
}

/// A municipality's figure today.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Today {
    pub adopted: u32,
    pub offices: u32,
    pub date: String,
}

/// One option of one municipality at the horizon. Counts are offices of the municipality;
/// `additional_*` are paired with the national policy only (replication by replication) and,
/// like the costs, are means over replications: the expectations the ranking and the
/// allocation compare.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OptionOut {
    /// `own` (the national policy only) or the library strategy's name.
    pub strategy: String,
    /// The plan's full name (`area_by_area from 2026-02-28`).
    pub plan: String,
    /// Adopting offices at the horizon: median and 90% band.
    pub median: f64,
    pub p05: f64,
    pub p95: f64,
    /// The same as a share of the municipality's offices.
    pub rate: Spread,
    pub additional_adopters: f64,
    /// The paired gain's median and 90% band.
    pub additional_adopters_band: Spread,
    pub additional_active_links: f64,
    /// The city's cost from today to the horizon.
    pub city_yen: f64,
    /// The city's cost beyond the national policy only's (its licence-fee support, if any).
    pub additional_city_yen: f64,
    /// `additional_city_yen / additional_adopters` (`null`: no expected gain).
    pub yen_per_additional_adopter: Option<f64>,
    pub yen_per_additional_active_link: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MunicipalityOut {
    pub municipality: String,
    /// The file's line.
    pub line: usize,
    pub today: Today,
    pub options: Vec<OptionOut>,
}

/// A prefecture total at the horizon: adopting offices over all the municipalities' offices,
/// its band from the joint replications.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Total {
    pub offices: u64,
    /// Today's adopters, each municipality's latest figure scaled to its offices.
    pub adopted_today: u64,
    pub median: f64,
    pub p05: f64,
    pub p95: f64,
    pub rate: Spread,
}

/// A (municipality, strategy) pair with an expected gain, ranked by yen per additional adopter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankedPair {
    pub rank: usize,
    pub municipality: String,
    pub strategy: String,
    pub additional_adopters: f64,
    pub additional_active_links: f64,
    pub additional_city_yen: f64,
    pub yen_per_additional_adopter: Option<f64>,
    pub yen_per_additional_active_link: Option<f64>,
}

/// A municipality's share of a budget.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Choice {
    pub municipality: String,
    pub strategy: String,
    /// The option's expected additional city cost.
    pub city_yen: f64,
    pub additional_adopters: f64,
}

/// The allocated plan: every municipality on its chosen option, the rest on the national
/// policy only.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AllocationTotal {
    pub budget: f64,
    /// Expected additional city cost of the chosen options (at most `budget`).
    pub city_yen: f64,
    /// Its band over the joint replications (what it may cost).
    pub city_yen_band: Spread,
    /// Expected additional adopters over the national policy only.
    pub additional_adopters: f64,
    pub additional_adopters_band: Spread,
    /// The prefecture total under the allocated plan.
    pub total: Total,
}

/// The prefecture's view.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prefecture {
    /// The horizon the forecasts are read at.
    pub date: String,
    pub municipalities: Vec<MunicipalityOut>,
    /// Under the national policy only.
    pub total: Total,
    pub ranking: Vec<RankedPair>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocation: Option<Vec<Choice>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocation_total: Option<AllocationTotal>,
    pub note: &'static str,
}

pub const NOTE: &str = "Counts are offices; median and 90% band over replications. Every municipality runs with one \
    seed: replication i shares the posterior draw everywhere, so the prefecture total's band is read from the sums of \
    replication i (joint), not from summed medians. additional_* and city costs are means over replications, paired \
    with the national policy only; yen per additional adopter is the ratio of the means. The allocation is greedy on \
    marginal expected gain per yen, one option per municipality (docs/prefecture.md).";

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

/// `a − b`, element by element.
fn minus(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x - y).collect()
}

/// Yen per unit of gain, whole yen (`None` without an expected gain).
fn per(yen: f64, gain: f64) -> Option<f64> {
    (gain > 0.0).then(|| (yen / gain).round())
}

/// The total of per-municipality adopters per replication (`adopted[m][i]`) over `offices`:
/// replication i summed across municipalities, then its quantiles.
pub fn joint_total(adopted: &[&[f64]], offices: u64, adopted_today: u64) -> Total {
    let n = adopted.iter().map(|a| a.len()).min().unwrap_or(0);
    let sums: Vec<f64> = (0..n).map(|i| adopted.iter().map(|a| a[i]).sum()).collect();
    let denominator = offices.max(1) as f64;
    let s = Spread::of(sums.clone());
    Total {
        offices,
        adopted_today,
        median: s.median,
        p05: s.p05,
        p95: s.p95,
        rate: Spread::of(sums.iter().map(|x| x / denominator).collect()),
    }
}

impl Work {
    /// Reads the view from each run's outcome (`outcomes[k]` of `runs[k]`).
    pub fn assemble(&self, outcomes: &[Outcome]) -> Result<Prefecture, SimError> {
        let reps = self.runs.first().map_or(0, |s| s.replications as usize);
        if outcomes.len() != self.runs.len() || outcomes.iter().any(|o| o.adopted.len() != reps) {
            return Err(SimError::Internal("a prefecture needs every run with every replication".into()));
        }
        let mut municipalities = Vec::with_capacity(self.towns.len());
        let mut ranking = Vec::new();
        let mut candidates = Vec::new();
        for (m, (t, opts)) in self.towns.iter().zip(&self.options).enumerate() {
            let own = &outcomes[opts[0].1];
            let home = t.scenario.population.home_offices().max(1) as f64;
            let mut out = Vec::with_capacity(opts.len());
            for (k, (name, run)) in opts.iter().enumerate() {
                let o = &outcomes[*run];
                let gain = minus(&o.adopted, &own.adopted);
                let (g, links) = (mean(&gain), mean(&minus(&o.active_links, &own.active_links)));
                // Whole yen: the allocation adds these, so its spend is what the table shows.
                let extra = mean(&minus(&o.city_yen, &own.city_yen)).round();
                let at = Spread::of(o.adopted.clone());
                let row = OptionOut {
                    strategy: name.clone(),
                    plan: self.runs[*run].strategy.name.clone(),
                    median: at.median,
                    p05: at.p05,
                    p95: at.p95,
                    rate: Spread::of(o.adopted.iter().map(|a| a / home).collect()),
                    additional_adopters: g,
                    additional_adopters_band: Spread::of(gain),
                    additional_active_links: links,
                    city_yen: mean(&o.city_yen).round(),
                    additional_city_yen: extra,
                    yen_per_additional_adopter: per(extra, g),
                    yen_per_additional_active_link: per(extra, links),
                };
                if *run != opts[0].1 && g > 0.0 {
                    candidates.push(allocate::Candidate { town: m, option: k, gain: g, cost: extra });
                    ranking.push(RankedPair {
                        rank: 0,
                        municipality: t.figures.name.clone(),
                        strategy: name.clone(),
                        additional_adopters: g,
                        additional_active_links: links,
                        additional_city_yen: extra,
                        yen_per_additional_adopter: row.yen_per_additional_adopter,
                        yen_per_additional_active_link: row.yen_per_additional_active_link,
                    });
                }
                out.push(row);
            }
            let l = &t.figures.latest;
            municipalities.push(MunicipalityOut {
                municipality: t.figures.name.clone(),
                line: t.line,
                today: Today { adopted: l.adopters, offices: l.offices, date: l.date.to_string() },
                options: out,
            });
        }
        // Cheapest additional adopter first (gain per yen highest); ties: the larger gain, then
        // file and option order (a stable sort).
        ranking.sort_by(|a, b| {
            let key = |r: &RankedPair| r.additional_city_yen / r.additional_adopters;
            key(a).total_cmp(&key(b)).then(b.additional_adopters.total_cmp(&a.additional_adopters))
        });
        for (i, r) in ranking.iter_mut().enumerate() {
            r.rank = i + 1;
        }
        let offices: u64 = self.towns.iter().map(|t| t.scenario.population.home_offices() as u64).sum();
        let today: u64 = self
            .towns
            .iter()
            .map(|t| {
                let l = &t.figures.latest;
                forward::target(l.adopters, l.offices, t.scenario.population.home_offices() as usize) as u64
            })
            .sum();
        let chosen_total = |choice: &[Option<usize>]| {
            let runs: Vec<usize> = self.options.iter().zip(choice).map(|(o, c)| o[c.unwrap_or(0)].1).collect();
            let adopted: Vec<&[f64]> = runs.iter().map(|&r| outcomes[r].adopted.as_slice()).collect();
            (runs, joint_total(&adopted, offices, today))
        };
        let (base_runs, total) = chosen_total(&vec![None; self.towns.len()]);
        let (allocation, allocation_total) = match self.budget {
            None => (None, None),
            Some(budget) => {
                let choice = allocate::greedy(self.towns.len(), &candidates, budget);
                let (runs, total) = chosen_total(&choice);
                let joint = |f: &dyn Fn(&Outcome) -> &Vec<f64>| -> Vec<f64> {
                    (0..reps)
                        .map(|i| {
                            runs.iter().zip(&base_runs).map(|(&r, &b)| f(&outcomes[r])[i] - f(&outcomes[b])[i]).sum()
                        })
                        .collect()
                };
                let picked: Vec<Choice> = choice
                    .iter()
                    .enumerate()
                    .filter_map(|(m, c)| {
                        let o = &municipalities[m].options[(*c)?];
                        Some(Choice {
                            municipality: municipalities[m].municipality.clone(),
                            strategy: o.strategy.clone(),
                            city_yen: o.additional_city_yen,
                            additional_adopters: o.additional_adopters,
                        })
                    })
                    .collect();
                let at = AllocationTotal {
                    budget,
                    city_yen: picked.iter().map(|c| c.city_yen).sum(),
                    city_yen_band: Spread::of(joint(&|o| &o.city_yen)),
                    additional_adopters: picked.iter().map(|c| c.additional_adopters).sum(),
                    additional_adopters_band: Spread::of(joint(&|o| &o.adopted)),
                    total,
                };
                (Some(picked), Some(at))
            }
        };
        let date = self.runs.first().map(Plan::new).and_then(|p| p.reports.last().map(|r| r.0.to_string()));
        Ok(Prefecture {
            date: date.unwrap_or_default(),
            municipalities,
            total,
            ranking,
            allocation,
            allocation_total,
            note: NOTE,
        })
    }
}

/// Every run priced through `priced` (every replication in order: `cost::run` on one thread,
/// `parallel::cost_reps` on several, the same numbers), then the view.
pub fn evaluate(
    work: &Work,
    priced: &mut dyn FnMut(&Scenario) -> Result<Vec<RepCost>, SimError>,
) -> Result<Prefecture, SimError> {
    let mut outcomes = Vec::with_capacity(work.runs.len());
    for s in &work.runs {
        let reps = priced(s)?;
        if reps.len() != s.replications as usize {
            return Err(SimError::Internal("a prefecture needs every replication, priced".into()));
        }
        outcomes.push(Outcome::of(s, &reps));
    }
    work.assemble(&outcomes)
}
