//! A strategy: a dated plan of levers (brief §3). Levers name areas by their
//! names; an empty `areas` list means every area of the municipality.

use crate::sim::date::Date;
use crate::sim::error::{Named, Reason, SimError};
use crate::sim::scenario::params::check_range;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub levers: Vec<Lever>,
}

/// Which office groups an outreach lever is aimed at (the ①–④ table, brief §3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Groups {
    /// ① nudges at local meetings to offices that have not adopted.
    #[serde(default = "yes")]
    pub not_adopted: bool,
    /// ③④ fee information and connection to support for offices planning to adopt.
    #[serde(default = "yes")]
    pub planning: bool,
}

fn yes() -> bool {
    true
}

impl Default for Groups {
    fn default() -> Groups {
        Groups { not_adopted: true, planning: true }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Centre staff (地域包括支援センター).
    Centres,
    /// Offices of the chosen areas.
    Offices,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "lever", rename_all = "snake_case", deny_unknown_fields)]
pub enum Lever {
    /// The centres of `areas` contact their offices (`contacts_per_month` per centre).
    /// With `centre_partners`, a centre contacts the offices it exchanges care plans
    /// with, inside and outside the municipality, instead of its area's offices.
    Outreach {
        #[serde(default)]
        areas: Vec<String>,
        start: Date,
        end: Date,
        contacts_per_month: f64,
        #[serde(default)]
        groups: Groups,
        #[serde(default)]
        centre_partners: bool,
    },
    /// A training session on `date`: `attendance` offices (or centres) of `areas` attend.
    Training {
        date: Date,
        audience: Audience,
        #[serde(default)]
        areas: Vec<String>,
        attendance: u32,
    },
    /// Individual visits: up to `per_month` offices not yet using it, with optional hands-on support.
    Visits {
        #[serde(default)]
        areas: Vec<String>,
        start: Date,
        end: Date,
        per_month: u32,
        #[serde(default)]
        hands_on: bool,
        /// Also visit out-of-municipality partners of the areas' offices.
        #[serde(default)]
        include_external: bool,
    },
    /// Hands-on support (伴走支援) from installation to first use for up to `per_month` planning offices.
    Support {
        #[serde(default)]
        areas: Vec<String>,
        start: Date,
        end: Date,
        per_month: u32,
    },
    /// Ask adopters which partners they want to link with; approach up to `per_month` of those.
    PartnerRequest { start: Date, end: Date, per_month: u32 },
    /// Licence fee waived from `start` to `end` (no end: waived for good).
    FeeWaiver {
        start: Date,
        #[serde(default)]
        end: Option<Date>,
    },
    /// A policy deadline: from `announce` to `date`, adopting before it is worth more (`weight` × deadline_boost).
    /// With `pledge`, an office that decides while it is open pledges and finishes setting up by
    /// `date` (the pay add-on, brief §6; docs/model.md §3).
    Deadline {
        #[serde(default)]
        name: String,
        announce: Date,
        date: Date,
        #[serde(default = "one")]
        weight: f64,
        #[serde(default, skip_serializing_if = "is_false")]
        pledge: bool,
    },
    /// Contract clause: the centres of `areas` start using the system on `date`.
    CentreAdoption {
        #[serde(default)]
        areas: Vec<String>,
        date: Date,
    },
}

fn one() -> f64 {
    1.0
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Each kind of lever, named once: its name is the `"lever"` tag of its JSON (serde's
/// snake_case of the variant, checked by a test) and what the page's lever editor offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeverKind {
    Outreach,
    Training,
    Visits,
    Support,
    PartnerRequest,
    FeeWaiver,
    Deadline,
    CentreAdoption,
}

impl LeverKind {
    /// Every kind, in the order the page lists them.
    pub const ALL: [LeverKind; 8] = [
        LeverKind::Outreach,
        LeverKind::Training,
        LeverKind::Visits,
        LeverKind::Support,
        LeverKind::PartnerRequest,
        LeverKind::FeeWaiver,
        LeverKind::Deadline,
        LeverKind::CentreAdoption,
    ];

    /// The name in files and messages (`"fee_waiver"`).
    pub fn name(self) -> &'static str {
        match self {
            LeverKind::Outreach => "outreach",
            LeverKind::Training => "training",
            LeverKind::Visits => "visits",
            LeverKind::Support => "support",
            LeverKind::PartnerRequest => "partner_request",
            LeverKind::FeeWaiver => "fee_waiver",
            LeverKind::Deadline => "deadline",
            LeverKind::CentreAdoption => "centre_adoption",
        }
    }

    /// The kind with this name, if any.
    pub fn from_name(name: &str) -> Option<LeverKind> {
        LeverKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl std::fmt::Display for LeverKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Lever {
    /// This lever's kind.
    pub fn lever_kind(&self) -> LeverKind {
        match self {
            Lever::Outreach { .. } => LeverKind::Outreach,
            Lever::Training { .. } => LeverKind::Training,
            Lever::Visits { .. } => LeverKind::Visits,
            Lever::Support { .. } => LeverKind::Support,
            Lever::PartnerRequest { .. } => LeverKind::PartnerRequest,
            Lever::FeeWaiver { .. } => LeverKind::FeeWaiver,
            Lever::Deadline { .. } => LeverKind::Deadline,
            Lever::CentreAdoption { .. } => LeverKind::CentreAdoption,
        }
    }

    /// The kind's name (`LeverKind::name`), kept for the page's lever editor.
    pub fn kind(&self) -> &'static str {
        self.lever_kind().name()
    }

    /// Keeps only the named areas in `known`. Returns false when the lever named areas and
    /// none is left (an empty list would mean "all areas"), so the caller drops it.
    pub fn retain_areas(&mut self, known: &[String]) -> bool {
        if let Lever::Outreach { areas, .. }
        | Lever::Training { areas, .. }
        | Lever::Visits { areas, .. }
        | Lever::Support { areas, .. }
        | Lever::CentreAdoption { areas, .. } = self
        {
            if !areas.is_empty() {
                areas.retain(|a| known.contains(a));
                return !areas.is_empty();
            }
        }
        true
    }

    pub fn areas(&self) -> &[String] {
        match self {
            Lever::Outreach { areas, .. }
            | Lever::Training { areas, .. }
            | Lever::Visits { areas, .. }
            | Lever::Support { areas, .. }
            | Lever::CentreAdoption { areas, .. } => areas,
            _ => &[],
        }
    }
}

fn check_window(field: &str, start: Date, end: Date) -> Result<(), SimError> {
    if end < start {
        return Err(SimError::Invalid {
            field: format!("{field}.end"),
            reason: Reason::Before { date: end, limit: start, after: "start".into() },
        });
    }
    Ok(())
}

impl Strategy {
    /// Checks every lever; `area_names` are the scenario's areas, in order (a strategy is
    /// checked against them only, so it need not know the scenario document).
    pub fn validate(&self, area_names: &[&str]) -> Result<(), SimError> {
        for (i, lever) in self.levers.iter().enumerate() {
            let f = format!("strategy.levers[{i}]");
            for a in lever.areas() {
                if !area_names.contains(&a.as_str()) {
                    let reason = Reason::NoSuch { value: a.clone(), what: Named::Area };
                    return Err(SimError::refused(format!("{f}.areas"), reason));
                }
            }
            match lever {
                Lever::Outreach { start, end, contacts_per_month, .. } => {
                    check_window(&f, *start, *end)?;
                    check_range(&format!("{f}.contacts_per_month"), *contacts_per_month, 0.0, 10_000.0)?;
                }
                Lever::Training { attendance, .. } => {
                    if *attendance > 1_000_000 {
                        return Err(SimError::range(format!("{f}.attendance"), *attendance as f64, 0.0, 1e6));
                    }
                }
                Lever::Visits { start, end, per_month, .. } | Lever::Support { start, end, per_month, .. } => {
                    check_window(&f, *start, *end)?;
                    if *per_month > 1_000_000 {
                        return Err(SimError::range(format!("{f}.per_month"), *per_month as f64, 0.0, 1e6));
                    }
                }
                Lever::PartnerRequest { start, end, per_month } => {
                    check_window(&f, *start, *end)?;
                    if *per_month > 1_000_000 {
                        return Err(SimError::range(format!("{f}.per_month"), *per_month as f64, 0.0, 1e6));
                    }
                }
                Lever::FeeWaiver { start, end } => {
                    if let Some(end) = end {
                        check_window(&f, *start, *end)?;
                    }
                }
                Lever::Deadline { announce, date, weight, .. } => {
                    if date < announce {
                        return Err(SimError::Invalid {
                            field: format!("{f}.date"),
                            reason: Reason::Before { date: *date, limit: *announce, after: "announce".into() },
                        });
                    }
                    check_range(&format!("{f}.weight"), *weight, 0.0, 10.0)?;
                }
                Lever::CentreAdoption { .. } => {}
            }
        }
        Ok(())
    }
}
