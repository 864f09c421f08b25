//! Starting from the survey lists (issue 14 §4, brief §3): each area's offices sorted into
//! 未導入 (not adopted), これから導入予定 (planning to adopt) and 導入済み (adopted).
//!
//! Two forms: the office table's optional `survey` column (docs/network-import.md), or, for a
//! municipality without office-level data, a per-area count table in the scenario
//! (`"survey": [{"area", "not_adopted", "planning", "adopted"}]`). Offices listed as planning
//! start in the engine's planning state (decided, setting up; docs/model.md §2): the brief's
//! group is exactly the model's state 1, so the mapping is evidence; which offices of an area
//! are the planners, when only counts are given, is drawn (ready offices first, as for adopters:
//! assumption).

use crate::sim::error::SimError;
use crate::sim::scenario::{Network, Scenario};
use serde::{Deserialize, Serialize};

/// One area's survey counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyArea {
    /// The area's name (as in `population.areas`).
    pub area: String,
    /// 未導入
    pub not_adopted: u32,
    /// これから導入予定
    pub planning: u32,
    /// 導入済み
    pub adopted: u32,
}

/// A survey group, as the office table's `survey` column gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    NotAdopted,
    Planning,
    Adopted,
}

/// The values the `survey` column accepts, for messages.
pub const GROUP_VALUES: &str =
    "未導入 / not_adopted, これから導入予定 / planning, 導入済み / adopted (or empty: not adopted)";

/// Reads a `survey` cell (`None`: not a group).
pub fn parse_group(text: &str) -> Option<Group> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "未導入" | "not_adopted" | "0" => Some(Group::NotAdopted),
        "これから導入予定" | "導入予定" | "planning" | "1" => Some(Group::Planning),
        "導入済み" | "adopted" | "2" => Some(Group::Adopted),
        _ => None,
    }
}

/// Checks the per-area counts against the population, each message naming its field.
pub fn validate(scn: &Scenario, survey: &[SurveyArea]) -> Result<(), SimError> {
    if matches!(scn.network, Network::Table { .. }) {
        return Err(SimError::invalid(
            "survey",
            "must be absent with a table network: give the office table a `survey` column instead",
        ));
    }
    if scn.population.initial_centres_adopted.is_some() {
        return Err(SimError::invalid(
            "population.initial_centres_adopted",
            "must be null with survey counts: the counts say how many offices of each area use it",
        ));
    }
    let mut seen = vec![false; scn.population.areas.len()];
    let mut adopted = 0u64;
    for (i, s) in survey.iter().enumerate() {
        let Some(a) = scn.area_index(&s.area) else {
            return Err(SimError::invalid(format!("survey[{i}].area"), format!("no area named `{}`", s.area)));
        };
        if std::mem::replace(&mut seen[a], true) {
            return Err(SimError::invalid(format!("survey[{i}].area"), format!("`{}` is listed twice", s.area)));
        }
        let sum = s.not_adopted as u64 + s.planning as u64 + s.adopted as u64;
        let offices = scn.population.areas[a].offices as u64;
        if sum != offices {
            return Err(SimError::invalid(
                format!("survey[{i}]"),
                format!(
                    "not_adopted + planning + adopted = {sum}, but area `{}` has {offices} offices; they must agree",
                    s.area
                ),
            ));
        }
        adopted += s.adopted as u64;
    }
    if let Some(a) = seen.iter().position(|s| !s) {
        return Err(SimError::invalid(
            "survey",
            format!("area `{}` has no counts; list every area", scn.population.areas[a].name),
        ));
    }
    if adopted != scn.population.initial_adopted as u64 {
        return Err(SimError::invalid(
            "population.initial_adopted",
            format!(
                "{} but the survey counts {adopted} adopted offices; they must agree",
                scn.population.initial_adopted
            ),
        ));
    }
    if survey.iter().any(|s| s.planning > 0) {
        check_setup(scn)?;
    }
    Ok(())
}

/// Planners need the setup stage: with `setup_rate: null` (instant setup) the model has no
/// planning state to start them in.
pub fn check_setup(scn: &Scenario) -> Result<(), SimError> {
    if scn.params.setup_rate.is_none() {
        return Err(SimError::invalid(
            "params.setup_rate",
            "must not be null when the survey lists offices as planning (これから導入予定): they start setting up",
        ));
    }
    Ok(())
}

/// Per area (in `population.areas` order): (adopted, planning) counts of the survey.
pub fn counts(scn: &Scenario, survey: &[SurveyArea]) -> Vec<(u32, u32)> {
    scn.population
        .areas
        .iter()
        .map(|a| survey.iter().find(|s| s.area == a.name).map_or((0, 0), |s| (s.adopted, s.planning)))
        .collect()
}
