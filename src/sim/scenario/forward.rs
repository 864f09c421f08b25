//! Plans from where a region stands (docs/forecasts.md, "Plans from today").
//!
//! A conditioned scenario (`"condition": {"date", "history"}`) runs from `start` with the
//! levers of `condition.history` (what the region did) up to the week that contains the
//! conditioning date, then sets the number of adopted home offices to the observed count at
//! that date (scaled to the modelled office count), and from the next week on runs the levers
//! of `strategy` (the plan). A lever that appears in both, unchanged, acts throughout, so the
//! region's own plan continued is the history plus nothing. The part before the date does not
//! depend on the plan: the plan's levers are silent before it and consume no random numbers.
//!
//! What-ifs (`WhatIf`) are modifiers that apply on top of any strategy, the region's own
//! included: the free pass ends on a date, an added training, added focus areas.

use crate::sim::date::Date;
use crate::sim::error::{Reason, SimError, WhatIfProblem};
use crate::sim::scenario::condition::Condition;
use crate::sim::scenario::strategy::{Audience, Groups, Lever, Strategy};
use crate::sim::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// The conditioning step that the engine applies, compiled from a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conditioning {
    /// The step count at which the state is set (the reporting week of the date).
    pub week: u32,
    pub adopters: u32,
    pub offices: u32,
}

/// Completed weeks at the end of day `d`, as `Plan` counts reporting weeks.
pub fn weeks_to(start: Date, d: Date) -> u32 {
    ((start.days_until(d) + 1) as f64 / 7.0).round().max(0.0) as u32
}

/// The first day the plan's levers act on: the first day of the week after the conditioning
/// date's week (`None` in an unconditioned run).
pub fn boundary(scn: &Scenario) -> Option<Date> {
    scn.condition.as_ref().map(|c| scn.start.add_days(7 * weeks_to(scn.start, c.date) as i32))
}

/// The first day a library strategy's levers act on: the day after "today" in a conditioned
/// run, otherwise 2025-09-01 (the counterfactual view: what the region could have done instead).
pub fn plan_start(scn: &Scenario) -> Date {
    boundary(scn).unwrap_or_else(|| crate::sim::date::d("2025-09-01").max(scn.start))
}

/// The observation the scenario is conditioned on.
pub fn observation(scn: &Scenario) -> Option<&crate::sim::scenario::Observation> {
    let c = scn.condition.as_ref()?;
    scn.observed.iter().find(|o| o.date == c.date)
}

/// The conditioning step, if the scenario has one.
pub fn conditioning(scn: &Scenario) -> Option<Conditioning> {
    let c = scn.condition.as_ref()?;
    let o = observation(scn)?;
    Some(Conditioning { week: weeks_to(scn.start, c.date), adopters: o.adopters, offices: o.offices })
}

/// The number of adopted home offices a conditioned run holds at the date: the observed
/// adopters scaled to the modelled office count (the model keeps the start's office count),
/// rounded half up.
pub fn target(adopters: u32, offices: u32, home: usize) -> u32 {
    if offices == 0 {
        return 0;
    }
    let t = (2 * adopters as u64 * home as u64 + offices as u64) / (2 * offices as u64);
    t.min(home as u64) as u32
}

/// `lever` restricted to the weeks that start on or after `lo` (when given) and before `hi`
/// (when given); `None` when it would not act at all. Weeks start on `start + 7k`, so cutting a
/// window at a week's first day keeps exactly the weeks on one side (see `Plan::new`).
pub fn clip(lever: &Lever, lo: Option<Date>, hi: Option<Date>) -> Option<Lever> {
    let mut l = lever.clone();
    let last = hi.map(|h| h.add_days(-1));
    match &mut l {
        Lever::Outreach { start, end, .. }
        | Lever::Visits { start, end, .. }
        | Lever::Support { start, end, .. }
        | Lever::PartnerRequest { start, end, .. } => {
            if let Some(lo) = lo {
                *start = (*start).max(lo);
            }
            if let Some(last) = last {
                *end = (*end).min(last);
            }
            (*start <= *end).then_some(l)
        }
        Lever::FeeWaiver { start, end } => {
            if let Some(lo) = lo {
                *start = (*start).max(lo);
            }
            if let Some(last) = last {
                *end = Some(end.map_or(last, |e| e.min(last)));
            }
            end.is_none_or(|e| *start <= e).then_some(l)
        }
        // In force for weeks starting in [announce, date).
        Lever::Deadline { announce, date, .. } => {
            if let Some(lo) = lo {
                *announce = (*announce).max(lo);
            }
            if let Some(hi) = hi {
                *date = (*date).min(hi);
            }
            (*announce < *date).then_some(l)
        }
        Lever::Training { date, .. } | Lever::CentreAdoption { date, .. } => {
            (lo.is_none_or(|lo| *date >= lo) && hi.is_none_or(|hi| *date < hi)).then_some(l)
        }
    }
}

/// The levers a run executes. Unconditioned: the strategy's. Conditioned: the history's levers
/// in their order (cut at the boundary unless the plan has the same lever, which then acts
/// throughout), then the plan's other levers from the boundary on. The history's part comes
/// first and is the same whatever the plan, so the run before the date is too.
pub fn levers(scn: &Scenario) -> Vec<Lever> {
    let (Some(c), Some(b)) = (&scn.condition, boundary(scn)) else {
        return scn.strategy.levers.clone();
    };
    let plan = &scn.strategy.levers;
    let mut out = Vec::with_capacity(c.history.levers.len() + plan.len());
    for l in &c.history.levers {
        if plan.contains(l) {
            out.push(l.clone());
        } else if let Some(x) = clip(l, None, Some(b)) {
            out.push(x);
        }
    }
    for l in plan {
        if !c.history.levers.contains(l) {
            out.extend(clip(l, Some(b), None));
        }
    }
    out
}

/// Checks the condition: its date, its observation, the history's levers, and that the plan
/// adds no one-day lever before the date (it could not act: the past is the history's).
pub fn validate(scn: &Scenario) -> Result<(), SimError> {
    let Some(c) = &scn.condition else {
        return Ok(());
    };
    if weeks_to(scn.start, c.date) == 0 || c.date > scn.end {
        return Err(SimError::refused(
            "condition.date",
            Reason::Outside { date: c.date, start: scn.start, end: scn.end },
        ));
    }
    if observation(scn).is_none() {
        let observed = scn.observed.iter().map(|o| o.date).collect();
        return Err(SimError::refused("condition.date", Reason::NotObserved { date: c.date, observed }));
    }
    c.history.validate(&scn.area_names()).map_err(|e| match e {
        SimError::Invalid { field, reason } => {
            SimError::Invalid { field: field.replacen("strategy.", "condition.history.", 1), reason }
        }
        other => other,
    })?;
    let b = boundary(scn).unwrap_or(c.date);
    for (i, l) in scn.strategy.levers.iter().enumerate() {
        if let Lever::Training { date, .. } | Lever::CentreAdoption { date, .. } = l {
            if *date < b && !c.history.levers.contains(l) {
                return Err(SimError::refused(
                    format!("strategy.levers[{i}].date"),
                    Reason::BeforeCondition { date: *date, first: b, condition: c.date },
                ));
            }
        }
    }
    Ok(())
}

/// Conditions `scn` on its observation at `date`: the current strategy becomes the history and
/// stays the plan (the region's own plan, continued). A scenario already conditioned keeps its
/// history and moves its date.
pub fn condition_on(scn: &mut Scenario, date: Date) -> Result<(), SimError> {
    let history = match scn.condition.take() {
        Some(c) => c.history,
        None => scn.strategy.clone(),
    };
    scn.condition = Some(Condition { date, history });
    validate(scn)
}

/// The latest observation after the start (a region's last observation), if any.
pub fn last_observation(scn: &Scenario) -> Option<Date> {
    scn.observed.iter().map(|o| o.date).filter(|&d| weeks_to(scn.start, d) > 0).max()
}

/// How a strategy's results read: (English, Japanese), for headers and menus.
pub fn view_label(scn: &Scenario) -> (String, String) {
    match (&scn.condition, observation(scn)) {
        (Some(c), Some(o)) => {
            // a new municipality had no levers of its own before: the national policy only
            let (before_en, before_ja) = if c.history.name == crate::sim::scenario::municipality::NATIONAL_POLICY_ONLY {
                ("the national policy only before", "それまでは国の施策のみ")
            } else {
                ("the region's own levers before", "それまでは地域の実績の取組")
            };
            (
                format!(
                    "Plan from {} (observed {}/{} offices): {before_en}, the plan's from then",
                    c.date, o.adopters, o.offices
                ),
                format!("{}時点(実績 {}/{} 事業所)からの計画:{before_ja}", c.date, o.adopters, o.offices),
            )
        }
        _ => (
            format!("Counterfactual from {}: what if the region had done this instead", scn.start),
            format!("{}からの反実仮想:地域がこの取組をしていたら", scn.start),
        ),
    }
}

/// A modifier applied on top of any strategy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "what_if", rename_all = "snake_case", deny_unknown_fields)]
pub enum WhatIf {
    /// The free pass (the fee waiver with an end date) ends on `date` instead.
    FreePassEnd { date: Date },
    /// An added training.
    Training {
        date: Date,
        audience: Audience,
        attendance: u32,
        #[serde(default)]
        areas: Vec<String>,
    },
    /// Outreach by the centres of the named areas (4 contacts a month per centre, the library's
    /// usual intensity) from the plan's start to 2027-03-31.
    Focus { areas: Vec<String> },
    /// How strongly the policy deadlines (wage-support pledge, pay add-on) move offices: an
    /// assumption (`deadline_boost` is not calibrated), shown as a range.
    Deadlines { strength: DeadlineStrength },
}

/// The strength of the policy deadlines (`WhatIf::Deadlines`): `none` removes the plan's deadline
/// levers (no boost, no pledges), `assumed` keeps them (the model's `deadline_boost`, 0.5 by
/// default), `strong` doubles their weight (as `deadline_boost` twice as large). In a plan from
/// today the change acts from the plan's start; the history keeps its deadlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStrength {
    None,
    Assumed,
    Strong,
}

/// The factor `deadlines=strong` multiplies every deadline's weight by.
pub const STRONG_DEADLINES: f64 = 2.0;

impl DeadlineStrength {
    pub const NAMES: [&'static str; 3] = ["none", "assumed", "strong"];

    pub fn parse(text: &str) -> Option<DeadlineStrength> {
        match text {
            "none" => Some(DeadlineStrength::None),
            "assumed" => Some(DeadlineStrength::Assumed),
            "strong" => Some(DeadlineStrength::Strong),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DeadlineStrength::None => "none",
            DeadlineStrength::Assumed => "assumed",
            DeadlineStrength::Strong => "strong",
        }
    }
}

/// The syntax `parse` accepts, for usage texts and error messages.
pub const WHAT_IF_SYNTAX: &str =
    "free_pass_end=YYYY-MM-DD | training=YYYY-MM-DD:centres|offices:ATTENDANCE[:AREA,AREA...] \
     | focus=AREA[,AREA...] | deadlines=none|assumed|strong";

impl WhatIf {
    /// Parses `free_pass_end=2026-05-31`, `training=2026-06-15:offices:100[:area,area]` or
    /// `focus=area,area`.
    pub fn parse(text: &str) -> Result<WhatIf, SimError> {
        let bad = |problem| SimError::refused("what_if", Reason::WhatIf { text: text.to_string(), problem });
        let date = |s: &str| Date::parse(s).ok_or_else(|| bad(WhatIfProblem::NotDate { text: s.to_string() }));
        let areas = |s: &str| s.split(',').map(str::trim).filter(|a| !a.is_empty()).map(String::from).collect();
        let Some((kind, value)) = text.split_once('=') else {
            return Err(bad(WhatIfProblem::NoEquals));
        };
        match kind.trim() {
            "free_pass_end" => Ok(WhatIf::FreePassEnd { date: date(value.trim())? }),
            "training" => {
                let parts: Vec<&str> = value.splitn(4, ':').collect();
                let [d, aud, n, rest @ ..] = parts.as_slice() else {
                    return Err(bad(WhatIfProblem::TrainingParts));
                };
                let audience = match aud.trim() {
                    "centres" => Audience::Centres,
                    "offices" => Audience::Offices,
                    other => return Err(bad(WhatIfProblem::Audience { value: other.to_string() })),
                };
                let attendance = n
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|&a| a <= 1_000_000)
                    .ok_or_else(|| bad(WhatIfProblem::Attendance { value: n.to_string() }))?;
                Ok(WhatIf::Training {
                    date: date(d.trim())?,
                    audience,
                    attendance,
                    areas: areas(rest.first().unwrap_or(&"")),
                })
            }
            "focus" => {
                let a: Vec<String> = areas(value);
                if a.is_empty() {
                    return Err(bad(WhatIfProblem::NoArea));
                }
                Ok(WhatIf::Focus { areas: a })
            }
            "deadlines" => DeadlineStrength::parse(value.trim())
                .map(|strength| WhatIf::Deadlines { strength })
                .ok_or_else(|| bad(WhatIfProblem::Deadlines { value: value.trim().to_string() })),
            other => Err(bad(WhatIfProblem::UnknownKind { value: other.to_string() })),
        }
    }

    /// Applies the modifier to `strategy` (the plan of `scn`). Area names and dates are checked
    /// when the scenario is validated.
    pub fn apply(&self, strategy: &mut Strategy, scn: &Scenario) -> Result<(), SimError> {
        match self {
            WhatIf::FreePassEnd { date } => {
                let mut found = false;
                for l in strategy.levers.iter_mut() {
                    if let Lever::FeeWaiver { end: Some(end), .. } = l {
                        *end = *date;
                        found = true;
                    }
                }
                if !found {
                    let reason = Reason::NoFreePass { date: *date, strategy: strategy.name.clone() };
                    return Err(SimError::refused("what_if", reason));
                }
            }
            WhatIf::Training { date, audience, attendance, areas } => {
                // a training before the run starts would never act: refused, not ignored
                if *date < scn.start {
                    let reason = Reason::Before { date: *date, limit: scn.start, after: "start".into() };
                    return Err(SimError::refused("what_if", reason));
                }
                strategy.levers.push(Lever::Training {
                    date: *date,
                    audience: *audience,
                    areas: areas.clone(),
                    attendance: *attendance,
                })
            }
            WhatIf::Focus { areas } => {
                let start = plan_start(scn);
                strategy.levers.push(Lever::Outreach {
                    areas: areas.clone(),
                    start,
                    end: crate::sim::date::d("2027-03-31").max(start),
                    contacts_per_month: 4.0,
                    groups: Groups::default(),
                    centre_partners: false,
                });
            }
            WhatIf::Deadlines { strength } => match strength {
                DeadlineStrength::None => strategy.levers.retain(|l| !matches!(l, Lever::Deadline { .. })),
                DeadlineStrength::Assumed => {}
                DeadlineStrength::Strong => {
                    for l in strategy.levers.iter_mut() {
                        if let Lever::Deadline { weight, .. } = l {
                            *weight *= STRONG_DEADLINES;
                        }
                    }
                }
            },
        }
        Ok(())
    }

    /// A short label for strategy names.
    pub fn label(&self) -> String {
        match self {
            WhatIf::FreePassEnd { date } => format!("free pass ends {date}"),
            WhatIf::Training { date, audience, attendance, .. } => {
                format!(
                    "+ training {date} ({attendance} {})",
                    if *audience == Audience::Centres { "centres" } else { "offices" }
                )
            }
            WhatIf::Focus { areas } => format!("+ focus {}", areas.join(",")),
            WhatIf::Deadlines { strength } => format!("deadlines {}", strength.name()),
        }
    }
}

/// Applies `what_ifs` in order to the scenario's plan and names the result after them.
pub fn apply_all(scn: &mut Scenario, what_ifs: &[WhatIf]) -> Result<(), SimError> {
    let mut st = scn.strategy.clone();
    for w in what_ifs {
        w.apply(&mut st, scn)?;
        st.name = format!("{}; {}", st.name, w.label());
    }
    scn.strategy = st;
    scn.validate()
}
