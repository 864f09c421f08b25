//! The scenario: one serde document holding everything a run needs
//! (population, network, parameters, strategy, dates, seed, replications).
//! Unknown fields are rejected; `validate` checks every range and reference.

use crate::sim::date::Date;
use crate::sim::error::SimError;
use crate::sim::scenario::condition::Condition;
use crate::sim::scenario::params::Params;
use crate::sim::scenario::posterior::{self, Uncertainty};
use crate::sim::scenario::strategy::Strategy;
use serde::{Deserialize, Serialize};

/// Hard limits that keep a run inside memory and time on an office PC.
pub const MAX_OFFICES: u32 = 400_000;
pub const MAX_AREAS: usize = 10_000;
pub const MAX_REPLICATIONS: u32 = 100_000;
/// The longest horizon, in years from `start` to `end` (calendar years, so the message and
/// the check agree whatever the leap days).
pub const MAX_YEARS: i32 = 30;
/// Weekly steps of the longest horizon: 30 calendar years are at most 10,958 days.
pub const MAX_WEEKS: u32 = 10_958 / 7 + 1;
/// Levers in a strategy: each monthly lever keeps a candidate list as long as the
/// population in every thread, so their number is bounded (and counted in the memory estimate).
pub const MAX_LEVERS: usize = 500;
/// Links in an imported edge table (a generated network is bounded by its parameters).
pub const MAX_TABLE_LINKS: usize = 20_000_000;
/// Bound on replications × offices × weeks (about a minute of work natively).
pub const MAX_WORK: f64 = 2.0e10;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Display name.
    #[serde(default)]
    pub name: String,
    pub population: Population,
    #[serde(default)]
    pub network: Network,
    #[serde(default, deserialize_with = "crate::sim::scenario::params::from_object")]
    pub params: Params,
    /// Whether replications draw the calibrated parameters from the shipped posterior (the
    /// default) or all use `params` (docs/calibration.md).
    #[serde(default)]
    pub uncertainty: Uncertainty,
    /// In a posterior run: calibrated parameters held at their value in `params` (set by the
    /// user) while the others keep their posterior.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pinned: Vec<String>,
    #[serde(default)]
    pub strategy: Strategy,
    pub start: Date,
    pub end: Date,
    #[serde(default)]
    pub seed: u64,
    #[serde(default = "default_reps")]
    pub replications: u32,
    /// Observed adoption (for charts and calibration; a `condition` sets the run to one of them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observed: Vec<Observation>,
    /// Plan from where the region stands: history up to this observation, then `strategy`
    /// (src/sim/scenario/forward.rs). Absent: the strategy acts from `start` (the counterfactual view).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// What lever work costs (issue 14; `scenario/cost.rs`, docs/model.md §9). Absent: the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<super::cost::CostModel>,
    /// Whom outreach and visits approach first (issue 14; `scenario/targeting.rs`). Absent: at random.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targeting: Option<super::targeting::Targeting>,
    /// The survey lists' counts per area (未導入 / これから導入予定 / 導入済み, brief §3; issue 14,
    /// `scenario/survey.rs`): the run starts from them. Absent: `population.initial_adopted` drawn over all areas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<Vec<super::survey::SurveyArea>>,
    /// The values the municipality's figures did not give, and the rule each one took
    /// (`scenario/municipality.rs`, docs/regions.md). A note for the reader: the values
    /// themselves are in their fields, where an edit counts like any other.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumed: Vec<Assumed>,
}

/// A value the municipality's figures did not give (`Scenario::assumed`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assumed {
    /// The scenario field that holds it, e.g. `population.out_of_scope`.
    pub field: String,
    /// The rule it took and its evidence, or "assumption".
    pub basis: String,
}

fn default_reps() -> u32 {
    200
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    pub date: Date,
    pub adopters: u32,
    pub offices: u32,
}

impl Observation {
    pub fn rate(&self) -> f64 {
        if self.offices == 0 {
            0.0
        } else {
            self.adopters as f64 / self.offices as f64
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CentreKind {
    /// Commissioned to a corporation (委託).
    Commissioned,
    /// Run directly by the municipality (直営).
    Direct,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Name of the daily-life area (日常生活圏域), used to aim levers.
    pub name: String,
    /// Offices in the area, its centre included.
    pub offices: u32,
    #[serde(default = "default_centre_kind")]
    pub centre: CentreKind,
    /// This area's centre is the core (基幹型) centre.
    #[serde(default)]
    pub core: bool,
}

fn default_centre_kind() -> CentreKind {
    CentreKind::Commissioned
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Population {
    pub areas: Vec<Area>,
    /// Share of offices that are care-management offices (居宅介護支援); the rest are providers.
    #[serde(default = "default_cm_share")]
    pub care_management_share: f64,
    /// Offices of neighbouring municipalities that trade with this one (agents, not in the rate).
    #[serde(default)]
    pub external_offices: u32,
    /// Home offices already adopted at the start.
    #[serde(default)]
    pub initial_adopted: u32,
    /// External offices already adopted at the start.
    #[serde(default)]
    pub initial_external_adopted: u32,
    /// Centres among the initial adopters (`null`: adopters drawn from all home offices).
    #[serde(default)]
    pub initial_centres_adopted: Option<u32>,
    /// Home offices that take part in no care-plan exchange (residential and facility services,
    /// offices with no service record; brief §4a): in the rate's denominator, but without
    /// partner links, never reached by a lever, and they do not decide (docs/model.md §1).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub out_of_scope: u32,
}

fn is_zero(x: &u32) -> bool {
    *x == 0
}

fn default_cm_share() -> f64 {
    0.25
}

impl Population {
    pub fn home_offices(&self) -> u32 {
        self.areas.iter().map(|a| a.offices).sum()
    }
}

/// Where the partner network comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Network {
    /// Generated from parameters (brief §6: provider degrees are heavy-tailed).
    Generated {
        /// Mean partners per care-management office (Poisson, at least 1).
        #[serde(default = "default_partners")]
        mean_partners: f64,
        /// Pareto shape of provider attractiveness (smaller = heavier tail).
        #[serde(default = "default_tail")]
        provider_tail: f64,
        /// Share of links inside the office's own area.
        #[serde(default = "default_in_area")]
        in_area: f64,
        /// Share of a care-management office's links that cross the municipal border.
        #[serde(default)]
        cross_border: f64,
        /// Draw a new network for every replication (structural uncertainty) or one for all.
        #[serde(default = "default_true")]
        resample: bool,
    },
    /// Every office linked to every other (the mean-field limit; small populations only).
    Complete,
    /// A real network: an office table and an edge list, as CSV text (see docs/network-import.md).
    Table { offices: String, edges: String },
}

fn default_partners() -> f64 {
    12.0
}
fn default_tail() -> f64 {
    1.5
}
fn default_in_area() -> f64 {
    0.8
}
fn default_true() -> bool {
    true
}

impl Default for Network {
    fn default() -> Network {
        Network::generated(0.0, true)
    }
}

impl Network {
    /// A generated network with the default partners, provider tail and in-area share
    /// (brief §6), `cross_border` of the links leaving the municipality.
    pub fn generated(cross_border: f64, resample: bool) -> Network {
        Network::Generated {
            mean_partners: default_partners(),
            provider_tail: default_tail(),
            in_area: default_in_area(),
            cross_border,
            resample,
        }
    }
}

impl Scenario {
    /// Parses and validates a scenario document.
    /// A scenario from its JSON, checked; in a posterior run, edited calibrated parameters are
    /// pinned ([`Scenario::pin_edited`]), so an edit in the file always counts.
    pub fn from_json(text: &str) -> Result<Scenario, SimError> {
        let mut s: Scenario = parse_json(text)?;
        s.pin_edited();
        s.validate()?;
        Ok(s)
    }

    /// The scenario as pretty JSON. `pinned` is always written (`[]` when none), so that a
    /// reader sees where to hold a calibrated parameter; the hash's compact JSON leaves an
    /// empty list out, as before.
    pub fn to_json(&self) -> String {
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        if !self.pinned.is_empty() {
            return text;
        }
        let key = "\n  \"uncertainty\": ";
        match text.find(key).and_then(|i| text[i + 1..].find('\n').map(|j| i + 1 + j)) {
            Some(end) => format!("{}\n  \"pinned\": [],{}", &text[..end], &text[end..]),
            None => text,
        }
    }

    /// In a posterior run, pins every calibrated parameter whose value in `params` differs from
    /// its default (the value a preset carries and the posterior replaces): the user edited it,
    /// so every replication holds it while the other calibrated parameters are drawn. Returns
    /// the parameters it pinned (docs/model.md, "Uncertainty"). The page pins an edit the same
    /// way as it is made.
    pub fn pin_edited(&mut self) -> Vec<String> {
        if self.uncertainty != Uncertainty::Posterior {
            return Vec::new();
        }
        let base = Params::default();
        let mut added = Vec::new();
        for name in &posterior::shipped().names {
            if self.params.get(name) != base.get(name) && !self.pinned.contains(name) {
                self.pinned.push(name.clone());
                added.push(name.clone());
            }
        }
        added
    }

    /// Calibrated parameters this run holds at their value in `params` (none in a fixed run).
    pub fn pinned_params(&self) -> Vec<String> {
        match self.uncertainty {
            Uncertainty::Fixed => Vec::new(),
            Uncertainty::Posterior => {
                posterior::shipped().names.iter().filter(|n| self.pinned.contains(n)).cloned().collect()
            }
        }
    }

    /// FNV-1a hash of the canonical JSON: identifies a scenario in result headers and caches.
    pub fn hash(&self) -> String {
        crate::sim::experiment::report::text_hash(&serde_json::to_string(self).unwrap_or_default())
    }

    /// Number of weekly steps from start to end (the end date is inside the last step).
    pub fn weeks(&self) -> u32 {
        (self.start.days_until(self.end).max(0) as u32) / 7 + 1
    }

    /// Sets a parameter and, in a posterior run, pins it (the others keep their posterior).
    pub fn set_param(&mut self, name: &str, v: f64) -> Result<(), SimError> {
        self.params.set(name, v)?;
        if self.uncertainty == Uncertainty::Posterior
            && posterior::shipped().calibrates(name)
            && !self.pinned.iter().any(|n| n == name)
        {
            self.pinned.push(name.to_string());
        }
        Ok(())
    }

    /// Calibrated parameters that this run draws from the posterior (none in a fixed run).
    pub fn drawn_params(&self) -> Vec<String> {
        match self.uncertainty {
            Uncertainty::Fixed => Vec::new(),
            Uncertainty::Posterior => {
                posterior::shipped().names.iter().filter(|n| !self.pinned.contains(n)).cloned().collect()
            }
        }
    }

    pub fn area_index(&self, name: &str) -> Option<usize> {
        self.population.areas.iter().position(|a| a.name == name)
    }

    /// The areas' names, in order.
    pub fn area_names(&self) -> Vec<&str> {
        self.population.areas.iter().map(|a| a.name.as_str()).collect()
    }

    /// Resolves a lever's `areas` list to a membership mask over the areas (empty: all).
    pub fn area_mask(&self, areas: &[String]) -> Vec<bool> {
        let n = self.population.areas.len();
        if areas.is_empty() {
            return vec![true; n];
        }
        let mut m = vec![false; n];
        for i in areas.iter().filter_map(|a| self.area_index(a)) {
            m[i] = true;
        }
        m
    }
}

/// Parses a JSON document (a scenario, a sweep, parameters) with the path of the field an
/// error is about (`population.areas[2].offices: invalid type ...`), not only its line and
/// column. A UTF-8 byte-order mark, as some Windows editors write, is skipped.
pub fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, SimError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(path_error)?;
    de.end().map_err(|e| SimError::Parse(e.to_string()))?;
    Ok(value)
}

/// Deserializes a document already parsed to JSON values (an inline sweep scenario, a sweep
/// point), with the field path in errors as `parse_json`.
pub fn from_value<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, SimError> {
    serde_path_to_error::deserialize(v).map_err(path_error)
}

fn path_error(e: serde_path_to_error::Error<serde_json::Error>) -> SimError {
    let path = e.path().to_string();
    let inner = e.into_inner();
    // The path of the value being read when it failed (also for a syntax error inside it, such
    // as `"centre": null` where a name was expected); at the document's top only the position.
    if path == "." {
        SimError::Parse(inner.to_string())
    } else {
        SimError::invalid(path, inner.to_string())
    }
}
