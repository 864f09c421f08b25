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

use crate::sim::error::{Reason, Requirement, SimError};
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
        return Err(SimError::refused("params.setup_rate", Reason::Needs(Requirement::SetupRate)));
    }
    Ok(())
}

/// The counts a page's survey table starts from: the scenario's own, else every area with its
/// share of `population.initial_adopted` (largest remainders) adopted and nobody planning, so
/// that applying them unchanged keeps the scenario's adopted count.
pub fn prefill(scn: &crate::sim::scenario::Scenario) -> Vec<SurveyArea> {
    if let Some(s) = &scn.survey {
        return s.clone();
    }
    let areas = &scn.population.areas;
    let total: u64 = areas.iter().map(|a| a.offices as u64).sum();
    let adopted = (scn.population.initial_adopted as u64).min(total);
    let exact: Vec<(u64, u64)> = areas
        .iter()
        .map(|a| (adopted * a.offices as u64 / total.max(1), adopted * a.offices as u64 % total.max(1)))
        .collect();
    let mut share: Vec<u64> = exact.iter().map(|e| e.0).collect();
    let mut order: Vec<usize> = (0..areas.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(exact[i].1));
    let short = adopted - share.iter().sum::<u64>();
    for &i in order.iter().take(short as usize) {
        share[i] += 1;
    }
    areas
        .iter()
        .zip(share)
        .map(|(a, n)| SurveyArea {
            area: a.name.clone(),
            not_adopted: a.offices - n as u32,
            planning: 0,
            adopted: n as u32,
        })
        .collect()
}

/// `scn` starting from per-area counts: the survey, the adopted count it implies and no
/// separate count of adopted centres (the counts include them), checked by the core.
pub fn with_counts(
    scn: &crate::sim::scenario::Scenario,
    counts: Vec<SurveyArea>,
) -> Result<crate::sim::scenario::Scenario, SimError> {
    let mut next = scn.clone();
    next.population.initial_adopted = counts.iter().map(|c| c.adopted).sum();
    next.population.initial_centres_adopted = None;
    next.survey = Some(counts);
    next.validate()?;
    Ok(next)
}

/// Per area, in the order first seen: the survey groups of a parsed office table's home
/// offices (what the page shows after an import with a `survey` column).
pub fn table_counts(t: &crate::sim::scenario::tables::Tables) -> Vec<SurveyArea> {
    let mut out: Vec<SurveyArea> = Vec::new();
    for o in t.offices.iter().filter(|o| !o.external) {
        let i = match out.iter().position(|a| a.area == o.area) {
            Some(i) => i,
            None => {
                out.push(SurveyArea { area: o.area.clone(), not_adopted: 0, planning: 0, adopted: 0 });
                out.len() - 1
            }
        };
        let a = &mut out[i];
        match (o.adopted, o.planning) {
            (true, _) => a.adopted += 1,
            (false, true) => a.planning += 1,
            _ => a.not_adopted += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::regions;

    #[test]
    fn prefill_keeps_the_adopted_count_and_applies_unchanged() {
        let s = regions::preset("okazaki").expect("preset");
        let p = prefill(&s);
        assert_eq!(p.len(), s.population.areas.len());
        assert_eq!(p.iter().map(|c| c.adopted).sum::<u32>(), s.population.initial_adopted);
        for (c, a) in p.iter().zip(&s.population.areas) {
            assert_eq!(c.not_adopted + c.planning + c.adopted, a.offices, "{}", a.name);
        }
        let next = with_counts(&s, p.clone()).expect("valid");
        assert_eq!(prefill(&next), p, "a scenario with counts starts the table from them");
        let mut bad = p;
        bad[0].planning += 1;
        let e = with_counts(&s, bad).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.starts_with("survey[0]:") && e.contains("must agree"), "{e}");
    }
}
