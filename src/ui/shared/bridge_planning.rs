//! The bridge to the core for the planner's questions (issue 14): the goal seek run in a
//! worker and its answer applied to the plan. Kept apart from `bridge.rs` (the runs, the
//! research jobs, the import), which is split by another piece of work.

use renkei::sim::date::Date;
use renkei::sim::error::SimError;
use renkei::sim::experiment::goal::{self, Dimension, Goal};
use renkei::sim::experiment::montecarlo;
use renkei::sim::scenario::Scenario;
use serde::{Deserialize, Serialize};

pub use renkei::sim::experiment::goal::DIMENSIONS;

/// What the goal panel asks a worker: the scenario on screen (as it runs), the goal and the
/// lever dimension (a name of [`DIMENSIONS`]), and an optional search range (dates as day
/// numbers for the free pass's end).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalRequest {
    pub scenario: Box<Scenario>,
    pub lever: String,
    pub rate: f64,
    pub by: Date,
    pub prob: f64,
    pub range: Option<(f64, f64)>,
}

/// The part of the core's [`goal::Answer`] the page shows and applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalAnswer {
    pub lever: String,
    /// The value found, as the search used it (dates as day numbers); `None`: out of reach.
    pub x: Option<f64>,
    /// The value as a person reads it (a date for the free pass).
    pub shown: Option<String>,
    /// At the value found, or the best found when out of reach.
    pub probability: f64,
    pub reachable: bool,
    pub evaluations: usize,
    /// Neighbouring evaluations where the probability fell as the lever rose.
    pub inversions: usize,
    /// The plan had no lever of this kind; applying the answer adds one.
    pub lever_added: bool,
    pub by: Date,
    pub range: (String, String),
    pub replications: u32,
}

/// The answer as a person reads it, on the lever's step (0.1 contacts; whole offices, areas,
/// days as dates), rounded up so the value read is at least the one found to reach the goal.
/// The answer's `x` stays the core's (the value applied, the same as `renkei target`'s).
fn shown_value(dim: Dimension, x: f64) -> String {
    if dim.integer() {
        return show(&dim.show(x));
    }
    let step = dim.default_tolerance();
    format!("{:.1}", ((x / step) - 1e-9).ceil() * step)
}

fn show(v: &serde_json::Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

/// Evaluations a bisection over `range` to the dimension's tolerance needs (for progress).
fn expected_evaluations(dim: Dimension, range: (f64, f64)) -> u32 {
    let steps = ((range.1 - range.0).max(0.0) / dim.default_tolerance()).max(1.0).log2().ceil();
    2 + steps as u32
}

/// The core's check of a goal (rate, probability, a date after the scenario's start), made on
/// the page before the seek is sent, so its message is said in the page's language.
pub fn check_goal(req: &GoalRequest) -> Result<(), SimError> {
    Goal { rate: req.rate, by: req.by, prob: req.prob }.validate(&req.scenario)
}

/// Runs the goal seek of `req`: every evaluation is the whole scenario with the same seed
/// (common random numbers), one evaluation after the other on this worker. Errors are typed
/// (the page says them in its language).
pub fn run_goal(req: &GoalRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<GoalAnswer, SimError> {
    let dim = Dimension::parse(&req.lever)?;
    check_goal(req)?;
    let g = Goal { rate: req.rate, by: req.by, prob: req.prob };
    let range = req.range.unwrap_or_else(|| dim.default_range(&req.scenario, req.by));
    let total = expected_evaluations(dim, range);
    let mut done = 0;
    progress(0, total);
    let mut run = |s: &Scenario| {
        let r = montecarlo::run(s, &mut montecarlo::Quiet);
        done += 1;
        progress(done.min(total), total.max(done));
        r
    };
    let a = goal::seek(&req.scenario, dim, &g, range, dim.default_tolerance(), &mut run)?;
    let x = a.value.as_ref().and_then(|v| a.trace.iter().find(|e| &e.value == v)).map(|e| e.x);
    let shown = x.map(|x| shown_value(dim, x));
    Ok(GoalAnswer {
        lever: a.lever.clone(),
        x,
        shown,
        probability: a.probability,
        reachable: a.reachable,
        evaluations: a.evaluations,
        inversions: a.inversions.len(),
        lever_added: a.lever_added,
        by: req.by,
        range: (show(&a.range[0]), show(&a.range[1])),
        replications: a.runs.replications,
    })
}

/// `scn` with the answer's value set in its plan (`Dimension::apply`); `None`: the answer is
/// out of reach and has nothing to apply.
pub fn apply_goal(scn: &Scenario, answer: &GoalAnswer) -> Result<Option<Scenario>, SimError> {
    let Some(x) = answer.x else { return Ok(None) };
    let dim = Dimension::parse(&answer.lever)?;
    let mut next = scn.clone();
    dim.apply(&mut next, x, answer.by)?;
    next.validate()?;
    Ok(Some(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_estimate_covers_a_bisection() {
        // 0..40 contacts to 0.1: 2 ends + ceil(log2(400)) = 9 midpoints.
        assert_eq!(expected_evaluations(Dimension::OutreachContacts, (0.0, 40.0)), 11);
        assert_eq!(expected_evaluations(Dimension::VisitsPerMonth, (3.0, 3.0)), 2);
    }

    #[test]
    fn an_answer_is_read_on_its_levers_step_never_below_the_value_found() {
        assert_eq!(shown_value(Dimension::OutreachContacts, 4.921875), "5.0");
        assert_eq!(shown_value(Dimension::OutreachContacts, 4.9), "4.9");
        assert_eq!(shown_value(Dimension::VisitsPerMonth, 7.0), "7");
        let d = renkei::sim::date::Date::parse("2026-05-31").expect("date");
        assert_eq!(shown_value(Dimension::FreePassEnd, d.days() as f64), "2026-05-31");
    }
}
