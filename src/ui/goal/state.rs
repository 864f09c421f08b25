//! The goal panel's slice (issue 14 §1): the goal as typed (rate, date, probability, one
//! lever dimension, an optional range) and the goal seek's job slot. Fields are kept as text
//! and read when the seek starts, so a half-typed value is never an error until then.

use crate::ui::shared::bridge::{Date, Problem, Reason, Scenario, SimError};
use crate::ui::shared::bridge_planning::{check_goal, GoalAnswer, GoalRequest, DIMENSIONS};
use crate::ui::shared::ids::Ids;
use crate::ui::workers::{JobEvent, JobSlot};

#[derive(Debug, Clone, PartialEq)]
pub struct GoalState {
    /// A name of [`DIMENSIONS`].
    pub lever: String,
    pub rate: String,
    pub by: String,
    pub prob: String,
    /// The search range's ends; both empty: the dimension's default range.
    pub low: String,
    pub high: String,
    pub job: JobSlot<GoalRequest, GoalAnswer>,
}

impl Default for GoalState {
    fn default() -> Self {
        GoalState {
            lever: DIMENSIONS[0].0.to_string(),
            rate: "30".into(),
            by: "2027-03-31".into(),
            prob: "80".into(),
            low: String::new(),
            high: String::new(),
            job: JobSlot::default(),
        }
    }
}

/// A field of the goal panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalField {
    Lever,
    Rate,
    By,
    Prob,
    Low,
    High,
}

#[derive(Debug, Clone)]
pub enum GoalAction {
    Set(GoalField, String),
    /// Seek the goal on the scenario on screen.
    Run,
    Cancel,
    /// Set the answer's value in the planner's plan and run it.
    Apply,
    /// The seek's worker (`jobs::GoalKind`).
    Job(JobEvent<GoalAnswer>),
}

/// A percentage field (0–100) as a share; the error names the field (`goal.rate`), typed so
/// the page says it in its language when it shows it (`i18n::errors::field_label`).
fn percent(field: &str, text: &str) -> Result<f64, SimError> {
    match text.trim().parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Ok(v / 100.0),
        Ok(v) => Err(SimError::range(field, v, 0.0, 100.0)),
        Err(_) => Err(SimError::refused(field, Reason::NotNumber { text: text.to_string() })),
    }
}

fn date(field: &str, text: &str) -> Result<Date, SimError> {
    Date::parse(text.trim()).ok_or_else(|| SimError::refused(field, Reason::NotDate { text: text.to_string() }))
}

impl GoalState {
    pub fn reduce(&mut self, action: GoalAction) -> bool {
        match action {
            GoalAction::Set(field, text) => {
                let slot = match field {
                    GoalField::Lever => &mut self.lever,
                    GoalField::Rate => &mut self.rate,
                    GoalField::By => &mut self.by,
                    GoalField::Prob => &mut self.prob,
                    GoalField::Low => &mut self.low,
                    GoalField::High => &mut self.high,
                };
                if *slot == text {
                    return false;
                }
                *slot = text;
                true
            }
            GoalAction::Cancel => self.job.cancel(),
            GoalAction::Job(e) => self.job.apply(e),
            // They need the planner: [`reduce`].
            GoalAction::Run | GoalAction::Apply => false,
        }
    }

    /// Whether the chosen lever is the free pass's end (its range is two dates).
    pub fn dated(&self) -> bool {
        self.lever == "free_pass.end"
    }

    /// The goal as typed: rate and probability as shares, the date; a field that cannot be read
    /// gives the core's typed error naming it (`goal.rate`, `goal.prob`, `goal.by`).
    pub fn goal(&self) -> Result<(f64, Date, f64), SimError> {
        let rate = percent("goal.rate", &self.rate)?;
        let prob = percent("goal.prob", &self.prob)?;
        let by = date("goal.by", &self.by)?;
        Ok((rate, by, prob))
    }

    /// The planner's target (rate, date) for the ranking, when the goal's fields read.
    pub fn target(&self) -> Option<(f64, Date)> {
        self.goal().ok().map(|(rate, by, _)| (rate, by))
    }

    /// The request for `scenario` (the scenario on screen, as it runs); a field that cannot be
    /// read gives the core's typed error naming it and what it allows.
    pub fn request(&self, scenario: Scenario) -> Result<GoalRequest, SimError> {
        if !DIMENSIONS.iter().any(|d| d.0 == self.lever) {
            let names: Vec<&str> = DIMENSIONS.iter().map(|d| d.0).collect();
            return Err(SimError::unknown("goal.lever", self.lever.clone(), &names));
        }
        let (rate, by, prob) = self.goal()?;
        let range = match (self.low.trim(), self.high.trim()) {
            ("", "") => None,
            (a, b) => {
                let end = |field: &str, t: &str| -> Result<f64, SimError> {
                    if self.dated() {
                        return date(field, t).map(|d| d.days() as f64);
                    }
                    match t.parse::<f64>() {
                        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
                        Ok(v) => Err(SimError::range(field, v, 0.0, f64::MAX)),
                        Err(_) => Err(SimError::refused(field, Reason::NotNumber { text: t.to_string() })),
                    }
                };
                let (lo, hi) = (end("goal.low", a)?, end("goal.high", b)?);
                if lo > hi {
                    // the low end may be at most the high end
                    return Err(SimError::range("goal.low", lo, 0.0, hi));
                }
                Some((lo, hi))
            }
        };
        let req = GoalRequest { scenario: Box::new(scenario), lever: self.lever.clone(), rate, by, prob, range };
        check_goal(&req)?;
        Ok(req)
    }

    /// Starts the seek for `scenario`, or refuses it with the field's typed error.
    pub fn start(&mut self, scenario: Scenario, ids: &mut Ids) {
        // A new search: the previous answer goes, so it never stands beside this one's error.
        self.job.result = None;
        match self.request(scenario) {
            Ok(request) => {
                let id = ids.fresh();
                self.job.start(id, request);
            }
            Err(e) => self.job.refuse_with(Problem::Sim(e)),
        }
    }
}

#[cfg(test)]
mod tests;
