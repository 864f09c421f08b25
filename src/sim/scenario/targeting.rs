//! Whom to approach first (issue 14 §3): the targeting rules a scenario names for its outreach
//! and visits levers. How each rule ranks offices is `model::targeting`.

use crate::sim::error::SimError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    #[default]
    Random,
    MostPartners,
    NearThreshold,
    LargeCareManagement,
    PartnerRequests,
}

/// Every rule's name, for messages and the CLI.
pub const RULES: &[(&str, Rule)] = &[
    ("random", Rule::Random),
    ("most_partners", Rule::MostPartners),
    ("near_threshold", Rule::NearThreshold),
    ("large_care_management", Rule::LargeCareManagement),
    ("partner_requests", Rule::PartnerRequests),
];

/// The share of a centre's outreach targets its contacts go to under a ranking rule.
pub const OUTREACH_TOP_SHARE: f64 = 0.25;

impl Rule {
    pub fn parse(name: &str) -> Result<Rule, SimError> {
        RULES
            .iter()
            .find(|r| r.0 == name)
            .map(|r| r.1)
            .ok_or_else(|| SimError::unknown("targeting", name, &RULES.iter().map(|r| r.0).collect::<Vec<_>>()))
    }

    pub fn name(self) -> &'static str {
        RULES.iter().find(|r| r.1 == self).map_or("", |r| r.0)
    }
}

/// The scenario's targeting: one rule per lever kind (absent: `random` for both).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targeting {
    #[serde(default)]
    pub outreach: Rule,
    #[serde(default)]
    pub visits: Rule,
}
