//! The plans a scenario can be compared under, as the page offers them: the scenario's own plan
//! (`actual`: what a region ran, continued; a town's national policy) and the library's
//! strategies, with the own plan's label in both languages.

use crate::sim::error::SimError;
use crate::sim::scenario::figures_text::FiguresText;
use crate::sim::scenario::municipality::{self, NATIONAL_POLICY_ONLY};
use crate::sim::scenario::{regions, strategies, Scenario};

/// Strategy id meaning "what the region actually ran" (the preset's plan).
pub const ACTUAL: &str = "actual";

/// A region's own plan, as the strategy lists name it (a town's: [`own_plan_label`]).
const REGION_PLAN: (&str, &str) =
    ("シナリオの取組(地域の実績、その後も継続)", "The scenario's own plan (what the region did, continued)");

/// Strategies offered for comparison: (id, Japanese, English), the own plan first.
pub fn strategy_options() -> Vec<(&'static str, &'static str, &'static str)> {
    let mut v = vec![(ACTUAL, REGION_PLAN.0, REGION_PLAN.1)];
    v.extend(strategies::LIBRARY.iter().map(|&(n, en, ja)| (n, ja, en)));
    v
}

/// The scenario with strategy `name` applied (`actual`: the scenario's own
/// plan, which for a preset is what the region ran); `None` for a name the library lacks.
pub fn with_strategy(scn: &Scenario, name: &str) -> Option<Scenario> {
    if name == ACTUAL {
        return Some(scn.clone());
    }
    let mut s = scn.clone();
    s.strategy = strategies::library(name, scn)?;
    Some(s)
}

/// A planner's own municipality from the form's fields, through the core's one constructor.
/// Kept unconditioned like a preset (so levers and the counterfactual view work as for a
/// region); the page plans it from its latest figure, which is `municipality::municipality`
/// exactly: it is built here first, so a town that could not be planned from today is refused
/// with the field named.
pub fn town_scenario(t: &FiguresText) -> Result<Scenario, SimError> {
    let f = t.figures()?;
    municipality::municipality(&f)?;
    f.scenario()
}

/// Whether the scenario is a municipality of its own figures still on its own plan name (the
/// national policy only, plus any levers the planner added), not a preset or an imported file.
pub fn is_town(region: &str, scn: &Scenario) -> bool {
    regions::preset(region).is_none() && scn.strategy.name == NATIONAL_POLICY_ONLY
}

/// The own plan's (Japanese, English) label: a town's is the national policy only until the
/// planner adds levers; a region's is what it ran, continued.
pub fn own_plan_label(scn: &Scenario) -> (&'static str, &'static str) {
    if scn.strategy.name != NATIONAL_POLICY_ONLY {
        return REGION_PLAN;
    }
    if scn.strategy.levers == municipality::national_policy().levers {
        ("国の施策のみ", "National policy only")
    } else {
        ("国の施策+追加した取組", "National policy + your levers")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_offered_strategy_applies_and_the_own_plan_is_the_scenario_itself() {
        let scn = regions::preset("okazaki").expect("preset");
        let offered = strategy_options();
        assert_eq!(offered[0].0, ACTUAL);
        assert_eq!(offered.len(), strategies::LIBRARY.len() + 1);
        for (id, ja, en) in &offered {
            assert!(!ja.is_empty() && !en.is_empty(), "{id}");
            assert!(with_strategy(&scn, id).is_some(), "{id}");
        }
        assert_eq!(with_strategy(&scn, ACTUAL).as_ref(), Some(&scn));
        assert!(with_strategy(&scn, "no_such_plan").is_none());
    }

    #[test]
    fn a_preset_is_no_town_and_is_labelled_as_its_region() {
        let scn = regions::preset("okazaki").expect("preset");
        assert!(!is_town("okazaki", &scn));
        assert_eq!(own_plan_label(&scn), REGION_PLAN);
    }
}
