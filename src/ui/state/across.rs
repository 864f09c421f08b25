//! Actions of one feature that read or change another's slice: the goal panel's answer
//! applied to the planner, the cost table pricing the planner's run, survey counts and
//! targeting rules set in the planner's scenario, the options ranked from the planner's plan
//! and the goal panel's target. They live here, at the page state, so that no feature's slice
//! imports another's (or the page state) back.

use super::AppState;
use crate::ui::cost::state::{cost_model, CostAction};
use crate::ui::goal::state::GoalAction;
use crate::ui::options::state::OptionsAction;
use crate::ui::planner::targeting_rule::{with_rule, Aim};
use crate::ui::shared::bridge::{FiguresText, Problem, MAX_COMPARE};
use crate::ui::shared::bridge_compare::{self, CostModel, CostRequest};
use crate::ui::shared::bridge_options::{check_goals, page_id, DeadlineStrength, GoalsRequest, RankRequest};
use crate::ui::shared::bridge_planning;
use crate::ui::survey::state::SurveyAction;
use renkei::sim::scenario::forward::WhatIf;
use renkei::sim::scenario::survey as survey_rules;
use std::rc::Rc;

/// The goal panel's part of the page's reducer (it reads and changes the planner).
pub fn goal(s: &mut AppState, action: GoalAction) -> bool {
    match action {
        GoalAction::Run => {
            if !s.planner.errors.is_empty() {
                return false;
            }
            s.goal.start(s.planner.run_base(), &mut s.ids);
            s.options.goals.result = None;
            true
        }
        GoalAction::Apply => {
            let Some(answer) = s.goal.job.result.clone() else { return false };
            match bridge_planning::apply_goal(&s.planner.scenario, &answer) {
                // out of reach: the panel offers nothing to apply
                Ok(None) => return false,
                Ok(Some(next)) => {
                    s.planner.set_params(next);
                    s.planner.start_run(&mut s.ids);
                }
                Err(e) => s.goal.job.refuse_with(Problem::Sim(e)),
            }
            true
        }
        other => s.goal.reduce(other),
    }
}

/// The cost model of the planner's scenario (the defaults when it has none).
fn model(s: &AppState) -> CostModel {
    cost_model(&s.planner.scenario)
}

/// Prices the run on screen: the scenarios it ran, each with the cost model on screen.
fn start_cost(s: &mut AppState) {
    let finished = s.planner.run.running_id().is_none();
    let (Some(_), Some(job), true) = (&s.planner.run.result, s.planner.run.job.clone(), finished) else {
        s.cost.job.refuse_with(Problem::NoRunToPrice);
        return;
    };
    let cost = s.planner.scenario.cost.clone();
    let scenarios = job.scenarios.iter().cloned().map(|mut scn| {
        scn.cost = cost.clone();
        scn
    });
    let request = CostRequest { run_key: job.key.clone(), scenarios: scenarios.collect() };
    let id = s.ids.fresh();
    s.cost.job.start(id, request);
}

/// A run finished: once the planner has asked for cost, every new run is priced too.
pub fn after_run(s: &mut AppState) {
    if s.cost.job.result.is_some() || s.cost.job.running_id().is_some() {
        start_cost(s);
    }
}

/// The cost table's part of the page's reducer (it reads the planner's run and keeps the
/// model in the planner's scenario).
pub fn cost(s: &mut AppState, action: CostAction) -> bool {
    let priced = s.cost.job.result.is_some() && s.cost.job.running_id().is_none();
    match action {
        CostAction::Set(field, text) => match bridge_compare::set_cost_field(&model(s), &field, &text) {
            Ok(next) => {
                s.cost.drafts.remove(&field);
                s.cost.error = None;
                set_model(s, next);
                if priced {
                    start_cost(s);
                }
            }
            Err(message) => {
                s.cost.drafts.insert(field, text);
                s.cost.error = Some(message);
            }
        },
        CostAction::Reset => {
            s.cost.drafts.clear();
            s.cost.error = None;
            set_model(s, CostModel::default());
            if priced {
                start_cost(s);
            }
        }
        CostAction::Run => start_cost(s),
        CostAction::Cancel => return s.cost.job.cancel(),
        CostAction::Job(e) => return s.cost.job.apply(e),
    }
    true
}

/// Stores `m` in the scenario (`None` for the defaults, so a preset's link stays short). The
/// cost model does not change a run's numbers, so the result on screen stays current.
fn set_model(s: &mut AppState, m: CostModel) {
    let mut scn = (*s.planner.scenario).clone();
    scn.cost = (m != CostModel::default()).then_some(m);
    s.planner.scenario = Rc::new(scn);
}

/// A town's counts (or none, `Clear`) go through its figures (`PlannerState::build_town`), so
/// the run starts on the latest figure's date from them; a refused count keeps the town.
fn town_survey(s: &mut AppState, apply: bool) -> bool {
    let counts = if apply {
        match s.survey.counts(&s.planner.scenario) {
            Ok(c) => FiguresText::survey_text(&c),
            Err(e) => {
                s.survey.error = Some(e);
                return true;
            }
        }
    } else {
        String::new()
    };
    let form = FiguresText { survey: counts, ..s.planner.town.clone() };
    match s.planner.build_town(form, &mut s.ids) {
        Ok(()) => {
            s.survey.cells.clear();
            s.survey.error = None;
        }
        Err(e) => s.survey.error = Some(e),
    }
    true
}

/// The survey table's part of the page's reducer (it changes the planner's scenario and runs it).
pub fn survey(s: &mut AppState, action: SurveyAction) -> bool {
    if s.planner.is_town() && !matches!(action, SurveyAction::Set { .. }) {
        return town_survey(s, matches!(action, SurveyAction::Apply));
    }
    let next = match action {
        SurveyAction::Set { area, column, text } => {
            s.survey.cells.insert((area, column), text);
            return true;
        }
        SurveyAction::Apply => {
            s.survey.counts(&s.planner.scenario).and_then(|c| survey_rules::with_counts(&s.planner.scenario, c))
        }
        SurveyAction::Clear => {
            let mut next = (*s.planner.scenario).clone();
            next.survey = None;
            next.validate().map(|_| next)
        }
    };
    match next {
        Ok(next) => {
            s.survey.cells.clear();
            s.survey.error = None;
            s.planner.set_params(next);
            s.planner.start_run(&mut s.ids);
        }
        Err(m) => s.survey.error = Some(m),
    }
    true
}

/// The what-ifs on top of every option: the planner's free-pass end and the deadline strength
/// (`assumed` is the plan as it is).
fn what_ifs(s: &AppState) -> Vec<WhatIf> {
    let mut w: Vec<WhatIf> = s.planner.free_pass_end.map(|date| WhatIf::FreePassEnd { date }).into_iter().collect();
    if s.options.deadlines != DeadlineStrength::Assumed {
        w.push(WhatIf::Deadlines { strength: s.options.deadlines });
    }
    w
}

fn start_rank(s: &mut AppState) {
    let request = RankRequest { base: Box::new(s.planner.run_base()), what_ifs: what_ifs(s), target: s.goal.target() };
    let id = s.ids.fresh();
    s.options.pair = None;
    s.options.rank.start(id, request);
}

fn start_goals(s: &mut AppState) {
    // A new search: no earlier answer (of this panel or the one-lever seek) stays on screen.
    s.options.goals.result = None;
    s.goal.job.result = None;
    let (rate, by, prob) = match s.goal.goal() {
        Ok(g) => g,
        Err(e) => return s.options.goals.refuse_with(Problem::Sim(e)),
    };
    let request = GoalsRequest { base: Box::new(s.planner.run_base()), what_ifs: what_ifs(s), rate, by, prob };
    if let Err(e) = check_goals(&request) {
        return s.options.goals.refuse_with(Problem::Sim(e));
    }
    let id = s.ids.fresh();
    s.options.goals.start(id, request);
}

/// The options panel's part of the page's reducer (it reads the planner and the goal panel).
pub fn options(s: &mut AppState, action: OptionsAction) -> bool {
    match action {
        OptionsAction::Rank => {
            if !s.planner.errors.is_empty() {
                return false;
            }
            start_rank(s);
        }
        OptionsAction::CancelRank => return s.options.rank.cancel(),
        OptionsAction::RankJob(e) => return s.options.rank.apply(e),
        OptionsAction::SetDeadlines(name) => {
            let strength = match name.as_str() {
                "none" => DeadlineStrength::None,
                "strong" => DeadlineStrength::Strong,
                _ => DeadlineStrength::Assumed,
            };
            if strength == s.options.deadlines {
                return false;
            }
            s.options.deadlines = strength;
            if s.options.rank.result.is_some() && s.planner.errors.is_empty() {
                start_rank(s);
            }
        }
        OptionsAction::Pair(a, b) => {
            if a == b || s.options.pair == Some((a, b)) {
                return false;
            }
            s.options.pair = Some((a, b));
        }
        OptionsAction::Chart(option) => {
            let id = page_id(&option).to_string();
            let p = &mut s.planner;
            if p.strategies.contains(&id) {
                return false;
            }
            // at most MAX_COMPARE lines: the oldest makes room
            if p.strategies.len() >= MAX_COMPARE {
                p.strategies.remove(0);
            }
            p.strategies.push(id);
            p.start_run(&mut s.ids);
        }
        OptionsAction::Goals => {
            if !s.planner.errors.is_empty() {
                return false;
            }
            start_goals(s);
        }
        OptionsAction::CancelGoals => return s.options.goals.cancel(),
        OptionsAction::GoalsJob(e) => return s.options.goals.apply(e),
    }
    true
}

/// The page's reducer arm: sets the rule in the planner's scenario (an edit: the result on
/// screen becomes out of date until the next run).
pub fn targeting(s: &mut AppState, aim: Aim, name: &str) -> bool {
    match with_rule(&s.planner.scenario, aim, name) {
        Some(next) if next != *s.planner.scenario => {
            s.planner.set_params(next);
            true
        }
        _ => false,
    }
}
