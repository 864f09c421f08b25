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
use crate::sim::scenario::params::Params;
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

/// Planners need the setup stage: with `setup_rate: null` (instant setup) the model has no
/// planning state to start them in.
pub fn check_setup(params: &Params) -> Result<(), SimError> {
    if params.setup_rate.is_none() {
        return Err(SimError::invalid(
            "params.setup_rate",
            "must not be null when the survey lists offices as planning (これから導入予定): they start setting up",
        ));
    }
    Ok(())
}
