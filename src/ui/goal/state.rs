//! The goal panel's slice (issue 14 §1): the goal as typed (rate, date, probability, one
//! lever dimension, an optional range) and the goal seek's job slot. Fields are kept as text
//! and read when the seek starts, so a half-typed value is never an error until then.

use crate::ui::shared::bridge::{Date, Scenario};
use crate::ui::shared::bridge_planning::{check_goal, GoalAnswer, GoalRequest, DIMENSIONS};
use crate::ui::shared::i18n::{errors, Lang};
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

/// A percentage field (0–100) as a share; the message names the field.
fn percent(lang: Lang, name: &str, text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Ok(v / 100.0),
        _ => Err(lang.pick(
            format!("{name}: 「{text}」は 0〜100 の数ではありません"),
            format!("{name}: `{text}` is not a number from 0 to 100"),
        )),
    }
}

fn date(lang: Lang, name: &str, text: &str) -> Result<Date, String> {
    Date::parse(text.trim()).ok_or_else(|| {
        lang.pick(
            format!("{name}: 「{text}」は YYYY-MM-DD の日付ではありません"),
            format!("{name}: `{text}` is not a date YYYY-MM-DD"),
        )
    })
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
    /// gives a message naming it, in `lang`.
    pub fn goal(&self, lang: Lang) -> Result<(f64, Date, f64), String> {
        let rate = percent(lang, lang.pick("目標の導入率", "goal rate"), &self.rate)?;
        let prob = percent(lang, lang.pick("確率", "probability"), &self.prob)?;
        let by = date(lang, lang.pick("期日", "date"), &self.by)?;
        Ok((rate, by, prob))
    }

    /// The planner's target (rate, date) for the ranking, when the goal's fields read.
    pub fn target(&self) -> Option<(f64, Date)> {
        self.goal(Lang::En).ok().map(|(rate, by, _)| (rate, by))
    }

    /// The request for `scenario` (the scenario on screen, as it runs); a field that cannot be
    /// read gives a message naming it and what it allows, in `lang`.
    pub fn request(&self, scenario: Scenario, lang: Lang) -> Result<GoalRequest, String> {
        if !DIMENSIONS.iter().any(|d| d.0 == self.lever) {
            let names: Vec<&str> = DIMENSIONS.iter().map(|d| d.0).collect();
            return Err(format!("lever: `{}` ∉ {}", self.lever, names.join(", ")));
        }
        let (rate, by, prob) = self.goal(lang)?;
        let range = match (self.low.trim(), self.high.trim()) {
            ("", "") => None,
            (a, b) => {
                let name = lang.pick("範囲", "range");
                let end = |t: &str| -> Result<f64, String> {
                    if self.dated() {
                        return date(lang, name, t).map(|d| d.days() as f64);
                    }
                    t.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0).ok_or_else(|| {
                        lang.pick(
                            format!("{name}: 「{t}」は 0 以上の数ではありません"),
                            format!("{name}: `{t}` is not a number ≥ 0"),
                        )
                    })
                };
                let (a, b) = (end(a)?, end(b)?);
                if a > b {
                    return Err(lang.pick(
                        format!("{name}: 下端が上端を超えています"),
                        format!("{name}: the low end is above the high end"),
                    ));
                }
                Some((a, b))
            }
        };
        let req = GoalRequest { scenario: Box::new(scenario), lever: self.lever.clone(), rate, by, prob, range };
        check_goal(&req).map_err(|e| errors::sim_error(lang, &e))?;
        Ok(req)
    }

    /// Starts the seek for `scenario`, or refuses it with the field's message.
    pub fn start(&mut self, scenario: Scenario, lang: Lang, ids: &mut Ids) {
        // A new search: the previous answer goes, so it never stands beside this one's error.
        self.job.result = None;
        match self.request(scenario, lang) {
            Ok(request) => {
                let id = ids.fresh();
                self.job.start(id, request);
            }
            Err(m) => self.job.refuse(m),
        }
    }
}

#[cfg(test)]
mod tests;
