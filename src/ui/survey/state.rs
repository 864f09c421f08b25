//! The survey table's slice (issue 14 §4): per-area counts of 未導入 / これから導入予定 /
//! 導入済み typed for a municipality without office-level data. Cells stay text until
//! applied; the core (`survey::with_counts`) checks the counts and names the field of a bad
//! one, and the scenario's `survey` (so the share link and the autosave) holds them.

use crate::ui::shared::bridge::{self as engine, Scenario};
use crate::ui::shared::bridge::{Reason, SimError};
use renkei::sim::scenario::survey::{self, SurveyArea};
use std::collections::BTreeMap;

/// The table's columns, in the brief's order (§3), as the core's field names.
pub const COLUMNS: [&str; 3] = ["not_adopted", "planning", "adopted"];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurveyState {
    /// Cells typed since the last apply, by (area name, column index).
    pub cells: BTreeMap<(String, usize), String>,
    /// The message for counts the core refused (the scenario keeps its previous counts).
    pub error: Option<SimError>,
}

#[derive(Debug, Clone)]
pub enum SurveyAction {
    Set {
        area: String,
        column: usize,
        text: String,
    },
    /// Start the runs from the counts on screen, and run.
    Apply,
    /// Start the runs without survey counts again, and run.
    Clear,
}

/// A count of the table.
fn cell(c: &SurveyArea, column: usize) -> u32 {
    match column {
        0 => c.not_adopted,
        1 => c.planning,
        _ => c.adopted,
    }
}

impl SurveyState {
    /// The table's values: the scenario's counts (or `survey::prefill`) with the typed cells over them.
    pub fn shown(&self, scn: &Scenario) -> Vec<(SurveyArea, [String; 3])> {
        prefill(scn)
            .into_iter()
            .map(|c| {
                let text =
                    |k: usize| self.cells.get(&(c.area.clone(), k)).cloned().unwrap_or_else(|| cell(&c, k).to_string());
                let texts = [text(0), text(1), text(2)];
                (c, texts)
            })
            .collect()
    }

    /// The counts on screen; a cell that is no whole number names its field (`survey[2].planning`).
    pub fn counts(&self, scn: &Scenario) -> Result<Vec<SurveyArea>, SimError> {
        self.shown(scn)
            .into_iter()
            .enumerate()
            .map(|(i, (c, texts))| {
                let mut n = [0u32; 3];
                for (k, t) in texts.iter().enumerate() {
                    n[k] = t.trim().parse().map_err(|_| SimError::Invalid {
                        field: format!("survey[{i}].{}", COLUMNS[k]),
                        reason: Reason::NotNumber { text: t.clone() },
                    })?;
                }
                Ok(SurveyArea { area: c.area, not_adopted: n[0], planning: n[1], adopted: n[2] })
            })
            .collect()
    }
}

/// The counts the table starts from (`survey::prefill`). A town's survey is one of its figures,
/// taken on its latest figure's date, so its adopted offices are that figure's, not the
/// assumed count at the model's start.
fn prefill(scn: &Scenario) -> Vec<SurveyArea> {
    let latest = scn.observed.iter().max_by_key(|o| o.date);
    match latest {
        Some(o) if scn.survey.is_none() && scn.strategy.name == engine::NATIONAL_POLICY_ONLY => {
            let mut at_latest = scn.clone();
            let home = at_latest.population.home_offices() as usize;
            at_latest.population.initial_adopted = renkei::sim::scenario::forward::target(o.adopters, o.offices, home);
            survey::prefill(&at_latest)
        }
        _ => survey::prefill(scn),
    }
}

#[cfg(test)]
mod tests;
