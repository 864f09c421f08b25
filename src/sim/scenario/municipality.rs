//! A municipality from its published figures: the one constructor behind the four presets,
//! the page's "Your municipality" form and `renkei scenario --new`.
//!
//! What a planner knows: the offices in the national database (the rate's denominator), the
//! centre areas, the adopted offices on a date (the latest figure), perhaps earlier figures, the
//! offices that take part in no care-plan exchange, the survey's group counts. Everything not
//! given takes the rule the presets use, from the same evidence (docs/regions.md), and the
//! scenario's `assumed` list names each value that was not given and the rule behind it.
//!
//! Time: the model's calendar starts at `MODEL_START` (brief §4's first observation, the
//! national 9.8%). A town whose earliest figure is later is taken back to that date on the
//! national path (`NATIONAL_RATE_AT_START`, or its own first count if lower; an assumption
//! the scenario records) so that at its latest figure it carries offices part-way through a
//! decision, as the presets do; `from_latest` then sets the run to the town's own count at the
//! latest figure (`forward.rs`). With survey counts, the run starts at the latest figure
//! itself: the survey's planning group is the model's state in the middle of a decision.

use crate::sim::date::{d, Date};
use crate::sim::error::{Reason, SimError};
use crate::sim::scenario::forward;
use crate::sim::scenario::params::Params;
use crate::sim::scenario::posterior::Uncertainty;
use crate::sim::scenario::strategies;
use crate::sim::scenario::strategy::Strategy;
use crate::sim::scenario::survey::SurveyArea;
use crate::sim::scenario::{Area, Assumed, CentreKind, Network, Observation, Population, Scenario};

/// The model's common start: brief §4's first observation of the regions, and the national
/// figure 9.8% (brief §6). Every municipality runs from here (or from its earlier first figure).
pub const MODEL_START: &str = "2025-08-31";
/// The earliest figure the model's calendar can take: the national series' first figure,
/// 2025-05-31 (brief §6); the free pass starts the next day.
pub const FIRST_FIGURE: &str = "2025-05-31";
/// The horizon every plan runs to: the end of the free pass and of the pay add-on's pledges
/// (brief §6).
pub const HORIZON: &str = "2027-03-31";
/// National adoption at `MODEL_START` (brief §6: 9.8%, 28,191 offices).
pub const NATIONAL_RATE_AT_START: f64 = 0.098;
/// Offices outside the care-plan exchange as a share of all offices: Chitose's 81 of 169 (brief
/// §4a, the only published composition), the rule of every preset without its own figure.
pub const OUT_OF_SCOPE_SHARE: (u32, u32) = (81, 169);
/// Care-management offices as a share of the in-scope offices (assumption, docs/regions.md).
pub const CARE_MANAGEMENT_SHARE: f64 = 0.25;
/// The name of a new municipality's own plan until the planner adds levers.
pub const NATIONAL_POLICY_ONLY: &str = "national policy only";

/// One centre area as given: its name and, optionally, its offices (the rest of the
/// municipality's offices are split evenly over the areas given without a count).
#[derive(Clone, Debug, PartialEq)]
pub struct AreaFigure {
    pub name: String,
    pub offices: Option<u32>,
}

/// `k` areas named 圏域1 … 圏域k (`prefix` + number), without office counts.
pub fn numbered(prefix: &str, k: u32) -> Vec<AreaFigure> {
    (1..=k).map(|i| AreaFigure { name: format!("{prefix}{i}"), offices: None }).collect()
}

/// Offices of neighbouring municipalities that trade with this one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct External {
    pub offices: u32,
    /// Share of a care manager's links that cross the border.
    pub cross_border: f64,
}

/// What a planner knows of a municipality. Field names are the ones errors name (the CLI
/// prints them as `--offices`, `--adopted`, …).
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    pub name: String,
    /// Offices in the national database (the rate's denominator); the model keeps this count.
    pub offices: u32,
    pub areas: Vec<AreaFigure>,
    pub centre_kind: Option<CentreKind>,
    /// The area (index into `areas`) whose centre is the core (基幹型) centre, if any.
    pub core_area: Option<usize>,
    /// The latest figure: adopted offices of its own office count on its date.
    pub latest: Observation,
    /// Earlier figures, shown as observed points (and the earliest one sets the start).
    pub earlier: Vec<Observation>,
    pub out_of_scope: Option<u32>,
    pub external: Option<External>,
    /// The survey's counts per area, taken on the latest figure's date.
    pub survey: Option<Vec<SurveyArea>>,
}

impl Figures {
    /// The figures of a town that knows only `offices`, `areas` areas and its latest count.
    pub fn new(name: &str, offices: u32, areas: Vec<AreaFigure>, adopted: u32, on: Date) -> Figures {
        Figures {
            name: name.to_string(),
            offices,
            areas,
            centre_kind: None,
            core_area: None,
            latest: Observation { date: on, adopters: adopted, offices },
            earlier: Vec::new(),
            out_of_scope: None,
            external: None,
            survey: None,
        }
    }

    /// Every figure, earliest first.
    fn all(&self) -> Vec<&Observation> {
        let mut v: Vec<&Observation> = self.earlier.iter().chain(std::iter::once(&self.latest)).collect();
        v.sort_by_key(|o| o.date);
        v
    }

    /// The scenario these figures describe, unconditioned (the counterfactual view), with the
    /// national policy as its plan: the presets replace the plan with what the region ran, a
    /// new town keeps it (see `municipality`).
    pub fn scenario(&self) -> Result<Scenario, SimError> {
        self.check()?;
        let mut assumed = Vec::new();
        let mut assume =
            |field: &str, basis: &str| assumed.push(Assumed { field: field.to_string(), basis: basis.to_string() });
        let first = *self.all().first().unwrap_or(&&self.latest);
        let kind = self.centre_kind.unwrap_or_else(|| {
            assume(
                "population.areas.centre",
                "commissioned (委託): most centres are run by a commissioned corporation (brief §2); assumption",
            );
            CentreKind::Commissioned
        });
        let areas = self.areas(kind)?;
        let max_adopted = self.all().iter().map(|o| scaled(o, self.offices)).max().unwrap_or(0);
        let out_of_scope = match self.out_of_scope {
            Some(n) => n,
            None => {
                assume(
                    "population.out_of_scope",
                    "Chitose's share, 81 of 169 offices (brief §4a), at most the offices the latest \
                     figures leave beside their adopters; assumption",
                );
                default_out_of_scope(self.offices, max_adopted.max(self.areas.len() as u32))
            }
        };
        let (start, initial) = if self.survey.is_some() {
            (self.latest.date, self.latest.adopters)
        } else if first.date <= d(MODEL_START) {
            (first.date, scaled(first, self.offices))
        } else {
            assume(
                "population.initial_adopted",
                "no figure on 2025-08-31: the national rate then, 9.8% (brief §6), or the first \
                 figure's count if lower, so the run reaches the latest figure mid-decision as the \
                 presets do; the run is set to the latest figure's count on its date; assumption",
            );
            (d(MODEL_START), national_start(self.offices).min(scaled(first, self.offices)))
        };
        let external = self.external.unwrap_or_else(|| {
            assume(
                "population.external_offices",
                "no partners outside the municipality (add them for a small town that trades across \
                 its border, as Higashisonogi does); assumption",
            );
            External { offices: 0, cross_border: 0.0 }
        });
        assume(
            "population.care_management_share",
            "25% of in-scope offices are care-management offices; assumption (no split is published)",
        );
        assume(
            "network",
            "generated: Poisson(12) partners per care-management office, 80% in the own area, \
             heavy-tailed providers (brief §6); assumption",
        );
        let mut observed: Vec<Observation> = self.all().into_iter().cloned().collect();
        observed.dedup_by_key(|o| o.date);
        Ok(Scenario {
            name: self.name.clone(),
            population: Population {
                areas,
                care_management_share: CARE_MANAGEMENT_SHARE,
                external_offices: external.offices,
                initial_adopted: initial,
                initial_external_adopted: 0,
                initial_centres_adopted: None,
                out_of_scope,
            },
            network: Network::generated(external.cross_border, true),
            params: Params::default(),
            uncertainty: Uncertainty::Posterior,
            pinned: Vec::new(),
            strategy: national_policy(),
            start,
            end: d(HORIZON).max(start),
            seed: 20250831,
            replications: 200,
            observed,
            condition: None,
            cost: None,
            targeting: None,
            survey: self.survey.clone(),
            assumed,
        })
    }

    /// Checks the figures, each message naming the figure (as the CLI's option).
    fn check(&self) -> Result<(), SimError> {
        use crate::sim::scenario::{MAX_AREAS, MAX_OFFICES};
        if self.name.trim().is_empty() {
            return Err(SimError::refused("name", Reason::Needs(crate::sim::error::Requirement::NotEmpty)));
        }
        if self.offices == 0 || self.offices > MAX_OFFICES {
            return Err(SimError::range("offices", self.offices as f64, 1.0, MAX_OFFICES as f64));
        }
        let max_areas = (self.offices as usize).min(MAX_AREAS);
        if self.areas.is_empty() || self.areas.len() > max_areas {
            return Err(SimError::range("areas", self.areas.len() as f64, 1.0, max_areas as f64));
        }
        let (first, last) = (d(FIRST_FIGURE), d(HORIZON));
        for (field, o) in std::iter::once(("adopted", &self.latest)).chain(self.earlier.iter().map(|o| ("observed", o)))
        {
            if o.date < first || o.date >= last {
                return Err(SimError::refused(
                    if field == "adopted" { "on" } else { field },
                    Reason::FigureDate { date: o.date, first, last: last.add_days(-1) },
                ));
            }
            if o.adopters > o.offices || o.offices == 0 || o.offices > MAX_OFFICES {
                return Err(SimError::refused(field, Reason::Adopters { adopters: o.adopters, offices: o.offices }));
            }
        }
        let mut dates: Vec<Date> = self.earlier.iter().map(|o| o.date).collect();
        dates.push(self.latest.date);
        dates.sort();
        if let Some(w) = dates.windows(2).find(|w| w[0] == w[1]) {
            return Err(SimError::refused(
                "observed",
                Reason::Duplicate { value: w[0].to_string(), what: crate::sim::error::Named::FigureDate },
            ));
        }
        if let Some(late) = self.earlier.iter().find(|o| o.date > self.latest.date) {
            return Err(SimError::refused(
                "observed",
                Reason::Before { date: self.latest.date, limit: late.date, after: "an earlier figure".into() },
            ));
        }
        if let Some(n) = self.out_of_scope {
            // In scope: every area's centre, and every adopter the figures observed.
            let max_adopted = self.all().iter().map(|o| scaled(o, self.offices)).max().unwrap_or(0);
            let max = self.offices.saturating_sub(max_adopted.max(self.areas.len() as u32));
            if n > max {
                return Err(SimError::range("out_of_scope", n as f64, 0.0, max as f64));
            }
        }
        if let Some(e) = self.external {
            if e.offices > MAX_OFFICES {
                return Err(SimError::range("external_offices", e.offices as f64, 0.0, MAX_OFFICES as f64));
            }
            if !(0.0..=1.0).contains(&e.cross_border) {
                return Err(SimError::range("cross_border", e.cross_border, 0.0, 1.0));
            }
        }
        if let Some(s) = &self.survey {
            let adopted: u32 = s.iter().map(|a| a.adopted).sum();
            if adopted != self.latest.adopters {
                return Err(SimError::refused(
                    "survey",
                    Reason::Disagree {
                        value: adopted as u64,
                        other: self.latest.adopters as u64,
                        tally: crate::sim::error::Tally::SurveyAdopted,
                    },
                ));
            }
        }
        Ok(())
    }

    /// The areas with their office counts: given counts kept, the rest split evenly (largest
    /// remainder first in list order); with survey counts, each area's offices are its counts'
    /// sum when not given.
    fn areas(&self, kind: CentreKind) -> Result<Vec<Area>, SimError> {
        let survey_total = |name: &str| {
            self.survey
                .as_ref()
                .and_then(|s| s.iter().find(|a| a.area.trim() == name.trim()))
                .map(|a| a.not_adopted + a.planning + a.adopted)
        };
        let given: Vec<Option<u32>> = self.areas.iter().map(|a| a.offices.or_else(|| survey_total(&a.name))).collect();
        let fixed: u64 = given.iter().flatten().map(|&n| n as u64).sum();
        let free = given.iter().filter(|g| g.is_none()).count() as u64;
        let n = self.offices as u64;
        if fixed > n || (free == 0 && fixed != n) || (free > 0 && n - fixed < free) {
            return Err(SimError::refused(
                "area",
                Reason::Disagree { value: fixed, other: n, tally: crate::sim::error::Tally::Areas },
            ));
        }
        let rest = n - fixed;
        let mut k = 0u64;
        Ok(self
            .areas
            .iter()
            .zip(given)
            .enumerate()
            .map(|(i, (a, g))| {
                let offices = g.unwrap_or_else(|| {
                    let share = (rest / free + u64::from(k < rest % free)) as u32;
                    k += 1;
                    share
                });
                Area { name: a.name.clone(), offices, centre: kind, core: self.core_area == Some(i) }
            })
            .collect())
    }
}

/// A figure's adopters scaled to the modelled office count (`forward::target`'s rounding).
fn scaled(o: &Observation, offices: u32) -> u32 {
    forward::target(o.adopters, o.offices, offices as usize)
}

/// The national rate at the model's start applied to `offices`.
fn national_start(offices: u32) -> u32 {
    (NATIONAL_RATE_AT_START * offices as f64).round() as u32
}

/// The out-of-scope offices the presets assume where no figure is published: Chitose's share,
/// but never so many that `in_scope` offices (the observed adopters, or one centre per area if
/// more) would not fit in scope.
pub fn default_out_of_scope(offices: u32, in_scope: u32) -> u32 {
    let (k, of) = OUT_OF_SCOPE_SHARE;
    let share = ((offices as u64 * k as u64 * 2 + of as u64) / (2 * of as u64)) as u32;
    share.min(offices.saturating_sub(in_scope))
}

/// A new municipality's own plan: the national policy calendar alone (brief §6), named so.
pub fn national_policy() -> Strategy {
    Strategy { name: NATIONAL_POLICY_ONLY.to_string(), levers: strategies::calendar(strategies::FREE_PASS_END) }
}

/// Plans `scn` from its latest figure (conditioned on it), when that figure lies after the start.
pub fn from_latest(scn: &mut Scenario) -> Result<(), SimError> {
    match forward::last_observation(scn) {
        Some(date) => forward::condition_on(scn, date),
        None => Ok(()),
    }
}

/// A planner's own municipality: the figures' scenario, its own plan the national policy only,
/// planned from its latest figure.
pub fn municipality(f: &Figures) -> Result<Scenario, SimError> {
    let mut scn = f.scenario()?;
    from_latest(&mut scn)?;
    scn.validate()?;
    Ok(scn)
}
