//! Whom outreach and visits approach first, as a rule set in the scenario (`scenario.targeting`):
//! the pure part of the targeting panel (`targeting.rs`), used by the page state's reducer.

use crate::ui::shared::bridge::Scenario;
use renkei::sim::scenario::targeting::{Targeting, RULES};

/// Which lever kind a rule is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aim {
    Outreach,
    Visits,
}

/// `scn` with the rule of `aim` set to the rule named `name` (unknown names: unchanged).
pub fn with_rule(scn: &Scenario, aim: Aim, name: &str) -> Option<Scenario> {
    let rule = RULES.iter().find(|r| r.0 == name)?.1;
    let mut t = scn.targeting.clone().unwrap_or_default();
    match aim {
        Aim::Outreach => t.outreach = rule,
        Aim::Visits => t.visits = rule,
    }
    let mut next = scn.clone();
    next.targeting = (t != Targeting::default()).then_some(t);
    Some(next)
}
