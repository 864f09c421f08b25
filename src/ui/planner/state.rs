//! The planner's state slice: the scenario on screen, the strategies compared, the fields
//! typed, and the run (one [`JobSlot`]); [`PlannerState::reduce`] is its sub-reducer.

use super::levers::{self, LeverInput};
use crate::ui::shared::bridge::{self as engine, FieldError, FiguresText, LeverKind, Scenario, SimError, Summary};
use crate::ui::shared::ids::Ids;
use crate::ui::shared::notice::Notice;
use crate::ui::shared::plan::{run_base, Plan};
use crate::ui::workers::{JobEvent, JobSlot};
use renkei::sim::date::Date;
use renkei::sim::scenario::forward;
use std::collections::BTreeMap;
use std::rc::Rc;

/// How many earlier results the page keeps (a Sendai run with 4 strategies is a few MB).
pub const CACHE_RUNS: usize = 8;

/// What a run sends to the worker: one scenario per compared strategy.
#[derive(Debug, Clone, PartialEq)]
pub struct RunJob {
    pub strategies: Vec<String>,
    pub scenarios: Vec<Scenario>,
    /// Hashes of the scenarios: the cache key.
    pub key: String,
}

/// The run's request is its scenarios (`workers::RunKind`).
impl std::borrow::Borrow<Vec<Scenario>> for RunJob {
    fn borrow(&self) -> &Vec<Scenario> {
        &self.scenarios
    }
}

pub use crate::ui::shared::plan::RunResult;

/// What a region switch replaced, kept so the switch can be undone.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    pub region: String,
    pub scenario: Rc<Scenario>,
    pub strategies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannerState {
    pub region: String,
    pub scenario: Rc<Scenario>,
    /// Strategies to compare (1 to `engine::MAX_COMPARE`, in the order chosen).
    pub strategies: Vec<String>,
    /// Text typed into fields (key: `replications`, `seed`, `params.q`, ...).
    pub drafts: BTreeMap<String, String>,
    /// Fields whose text was refused; runs wait until there are none.
    pub errors: BTreeMap<String, FieldError>,
    /// Results of earlier runs by [`RunJob::key`], newest last, at most `CACHE_RUNS`:
    /// running the same scenario again shows them at once.
    pub cache: Rc<Vec<(String, Rc<RunResult>)>>,
    pub run: JobSlot<RunJob, RunResult>,
    /// The result on screen no longer matches the inputs (an edit since the last run started).
    pub stale: bool,
    /// The last region switch that dropped edits, until the next edit or switch.
    pub undo: Option<Rc<Undo>>,
    /// The counterfactual view: library strategies run from 2025-09 in place of the region's
    /// plan. Off by default: a scenario with observations is planned from its last one
    /// (`forward::condition_on`), the region's own plan continued and library strategies from
    /// the day after.
    pub counterfactual: bool,
    /// What-if on top of every compared plan, the region's own included: the free pass ends on
    /// this date (`forward::WhatIf::FreePassEnd`); `None`: as published (to 2027-03-31).
    pub free_pass_end: Option<Date>,
    /// The "Your municipality" form as typed (`custom.rs`); refilled from a town's scenario
    /// when a share link or the autosave restores one. Refused fields: `errors["town.<field>"]`.
    pub town: FiguresText,
}

/// The form field (`town.offices`, ...) a core error about a town's figures belongs under: the
/// figures' own names, the constructor's names for the same inputs, else the whole form (`town`).
pub fn town_key(e: &SimError) -> String {
    let field = e.field().unwrap_or("");
    let base = field.split(['[', '.']).next().unwrap_or(field);
    let form = match base {
        "name" | "offices" | "areas" | "adopted" | "on" | "observed" | "out_of_scope" | "centre_kind" | "survey" => {
            base
        }
        "area" => "areas",
        "external" | "external_offices" | "cross_border" => "external",
        _ => return "town".into(),
    };
    format!("town.{form}")
}

#[derive(Debug, Clone)]
pub enum PlannerAction {
    /// Pick a preset region and run it (edits are kept for [`PlannerAction::UndoRegion`]).
    SelectRegion(String),
    /// Back to the region, scenario and strategies a switch replaced; runs again.
    UndoRegion,
    /// Text typed into a field of the "Your municipality" form (a `FiguresText` field name).
    TownField {
        field: String,
        text: String,
    },
    /// Build the town of the form's figures (`engine::town_scenario`) and run it from its
    /// latest figure; a refused field is named and the scenario on screen stays.
    CreateTown,
    /// Fill the form with a town's figures (a municipality of the prefecture view) and build it,
    /// as [`PlannerAction::CreateTown`].
    OpenTown(Box<FiguresText>),
    /// Run the current scenario (supersedes a run in progress).
    Run,
    Cancel,
    /// The run's workers (`workers::RunKind`): a finished run prices itself again when the
    /// cost table is in use (the page's reducer).
    Job(JobEvent<Vec<Summary>>),
    /// The counterfactual view (`true`) or plans from the last observation; runs again.
    SetCounterfactual(bool),
    /// The free-pass what-if for every compared plan (`None`: as published); runs again.
    SetFreePassEnd(Option<Date>),
    /// Add a strategy to the comparison, or remove it (one always stays).
    ToggleStrategy(String),
    /// The text of an imported scenario file: replaces the scenario and runs it.
    ImportText(String),
    /// Add a lever of this kind, at its declared defaults, to the scenario's own plan.
    AddLever(LeverKind),
    /// A lever field (a declared name) typed or picked: applied if the core accepts it, else
    /// named in `errors`.
    EditLever {
        index: usize,
        field: &'static str,
        input: LeverInput,
    },
    RemoveLever(usize),
    /// Text typed into a field: applied to the scenario if valid.
    SetField {
        field: String,
        text: String,
    },
}

impl Default for PlannerState {
    fn default() -> Self {
        PlannerState {
            region: engine::DEFAULT_REGION.to_string(),
            scenario: Rc::new(engine::default_scenario()),
            strategies: vec![engine::ACTUAL.to_string()],
            drafts: BTreeMap::new(),
            errors: BTreeMap::new(),
            cache: Rc::new(Vec::new()),
            run: JobSlot::default(),
            stale: false,
            undo: None,
            counterfactual: false,
            free_pass_end: None,
            town: FiguresText::default(),
        }
    }
}

impl PlannerState {
    /// The scenario a run starts from: planned from its last observation (the page's default),
    /// or as stored in the counterfactual view and when it has no observation to plan from.
    pub fn run_base(&self) -> Scenario {
        run_base(&self.scenario, self.counterfactual && self.offers_counterfactual())
    }

    /// The planner as the other features see it (`shared::plan`).
    pub fn plan(&self) -> Plan {
        let result = self.run.result.clone();
        Plan {
            region: self.region.clone(),
            scenario: self.scenario.clone(),
            strategies: self.strategies.clone(),
            fields_ok: self.errors.is_empty(),
            counterfactual: self.counterfactual && self.offers_counterfactual(),
            result_key: self.run.job.as_ref().filter(|_| result.is_some()).map(|j| j.key.clone()),
            result,
        }
    }

    /// Whether the counterfactual view has a past to stand on: a figure before the one runs are
    /// planned from (a preset's series, a town's earlier figure). A town known only by its
    /// latest figure starts from an assumed national rate; an alternative past of that would
    /// be an alternative past of an assumption, so it is not offered.
    pub fn offers_counterfactual(&self) -> bool {
        let scn = &self.scenario;
        forward::last_observation(scn).is_some_and(|last| scn.observed.iter().any(|o| o.date < last))
    }

    /// Builds the town of `form` and runs it; on error nothing changes. Rebuilding the town on
    /// screen (a changed assumption, survey counts) keeps the planner's own edits — levers,
    /// parameters, pins, the uncertainty mode, replications and seed — where they still fit.
    pub fn build_town(&mut self, form: FiguresText, ids: &mut Ids) -> Result<(), SimError> {
        let mut scenario = engine::town_scenario(&form)?;
        if self.is_town() && self.scenario.name == scenario.name {
            let p = &self.scenario;
            let mut kept = scenario.clone();
            kept.strategy = p.strategy.clone();
            kept.params = p.params.clone();
            kept.pinned = p.pinned.clone();
            kept.uncertainty = p.uncertainty;
            kept.replications = p.replications;
            kept.seed = p.seed;
            if kept.validate().is_ok() {
                scenario = kept;
            }
        }
        self.town = form;
        self.undo = None;
        self.adopt(scenario.name.clone(), scenario, ids);
        Ok(())
    }

    /// Whether the scenario on screen is a town of the form (`engine::is_town`).
    pub fn is_town(&self) -> bool {
        engine::is_town(&self.region, &self.scenario)
    }

    /// Whether runs are planned from an observation ("today").
    pub fn plans_from_today(&self) -> bool {
        self.run_base().condition.is_some()
    }

    /// The scenarios of a run: the current one (see [`PlannerState::run_base`]) under each chosen strategy.
    pub fn run_scenarios(&self) -> Vec<Scenario> {
        let base = self.run_base();
        let what_ifs: Vec<forward::WhatIf> =
            self.free_pass_end.map(|date| forward::WhatIf::FreePassEnd { date }).into_iter().collect();
        self.strategies
            .iter()
            .filter_map(|n| engine::with_strategy(&base, n))
            .map(|mut s| {
                // A plan without a free pass to end (a custom plan) runs as it is.
                let mut with = s.clone();
                if forward::apply_all(&mut with, &what_ifs).is_ok() {
                    s = with;
                }
                s
            })
            .collect()
    }

    pub fn start_run(&mut self, ids: &mut Ids) {
        let id = ids.fresh();
        let scenarios = self.run_scenarios();
        let key = scenarios.iter().map(|s| s.hash()).collect::<Vec<_>>().join("+");
        self.stale = false;
        let job = RunJob { strategies: self.strategies.clone(), scenarios, key };
        if let Some((_, hit)) = self.cache.iter().find(|(k, _)| *k == job.key) {
            // Same scenarios, seeds and strategies as an earlier run: the same numbers, at once.
            let result = RunResult { id, region: self.region.clone(), ..(**hit).clone() };
            self.run.start(id, job);
            self.run.finish(id, result);
            return;
        }
        // The worker runs the same checks; a run it could not finish is refused here, before it starts.
        if let Err(problem) = engine::check(&job.scenarios) {
            self.run.refuse_with(problem);
            return;
        }
        self.run.start(id, job);
    }

    /// The result of run `id`, if it is the one running: shown and cached.
    pub fn finish(&mut self, id: u32, summaries: Vec<Summary>, elapsed_ms: f64) -> bool {
        let Some(job) = self.run.running_job().filter(|_| self.run.running_id() == Some(id)) else { return false };
        let result =
            RunResult { id, region: self.region.clone(), strategies: job.strategies.clone(), summaries, elapsed_ms };
        let mut cache = (*self.cache).clone();
        cache.retain(|(k, _)| *k != job.key);
        cache.push((job.key.clone(), Rc::new(result.clone())));
        if cache.len() > CACHE_RUNS {
            cache.remove(0);
        }
        self.cache = Rc::new(cache);
        self.run.finish(id, result)
    }

    /// Replaces the scenario by one from a file, an import or a region, keeping the
    /// strategies that apply to it, and runs it.
    pub fn adopt(&mut self, region: String, scenario: Scenario, ids: &mut Ids) {
        self.region = region;
        self.strategies.retain(|n| engine::with_strategy(&scenario, n).is_some());
        if self.strategies.is_empty() {
            self.strategies.push(engine::ACTUAL.to_string());
        }
        self.scenario = Rc::new(scenario);
        self.drafts.clear();
        self.errors.clear();
        self.start_run(ids);
    }

    /// Parameters set from outside (a calibration applied): typed parameter text is dropped.
    pub fn set_params(&mut self, next: Scenario) {
        self.scenario = Rc::new(next);
        self.drafts.retain(|k, _| !k.starts_with("params."));
        self.errors.retain(|k, _| !k.starts_with("params."));
        self.edited();
    }

    /// An input changed without a run: the result on screen is out of date.
    fn edited(&mut self) {
        self.stale = self.run.result.is_some();
        self.undo = None;
    }

    /// Whether the scenario differs from its region's preset (edits a switch would drop).
    pub fn has_edits(&self) -> bool {
        engine::preset(&self.region).map(|p| p != *self.scenario).unwrap_or(true)
    }

    /// The sub-reducer: false when nothing changed.
    pub fn reduce(&mut self, action: PlannerAction, ids: &mut Ids, notice: &mut Option<Notice>) -> bool {
        use PlannerAction::*;
        match action {
            SelectRegion(region) => {
                let Some(scenario) = engine::preset(&region) else { return false };
                let undo = self.has_edits().then(|| {
                    Rc::new(Undo {
                        region: self.region.clone(),
                        scenario: self.scenario.clone(),
                        strategies: self.strategies.clone(),
                    })
                });
                self.adopt(region, scenario, ids);
                self.undo = undo;
            }
            UndoRegion => {
                let Some(u) = self.undo.take() else { return false };
                self.strategies = u.strategies.clone();
                self.adopt(u.region.clone(), (*u.scenario).clone(), ids);
            }
            TownField { field, text } => {
                let t = &mut self.town;
                let slot = match field.as_str() {
                    "name" => &mut t.name,
                    "offices" => &mut t.offices,
                    "areas" => &mut t.areas,
                    "adopted" => &mut t.adopted,
                    "on" => &mut t.on,
                    "observed" => &mut t.observed,
                    "out_of_scope" => &mut t.out_of_scope,
                    "external" => &mut t.external,
                    "centre_kind" => &mut t.centre_kind,
                    "survey" => &mut t.survey,
                    _ => return false,
                };
                *slot = text;
            }
            OpenTown(form) => {
                self.town = *form;
                return self.reduce(CreateTown, ids, notice);
            }
            CreateTown => {
                self.errors.retain(|k, _| k != "town" && !k.starts_with("town."));
                if let Err(e) = self.build_town(self.town.clone(), ids) {
                    self.errors.insert(town_key(&e), FieldError::from(e));
                }
            }
            Run => {
                if !self.errors.is_empty() {
                    return false;
                }
                self.start_run(ids)
            }
            Cancel => return self.run.cancel(),
            Job(JobEvent::Finished { id, reply, elapsed_ms }) => return self.finish(id, reply, elapsed_ms),
            Job(JobEvent::Progress { id, done, total, .. }) => return self.run.progress(id, done, total),
            Job(JobEvent::Failed { id, problem }) => return self.run.fail(id, problem),
            SetCounterfactual(on) => {
                if self.counterfactual == on {
                    return false;
                }
                self.counterfactual = on;
                self.rerun_or_mark(ids);
            }
            SetFreePassEnd(date) => {
                if self.free_pass_end == date {
                    return false;
                }
                self.free_pass_end = date;
                self.rerun_or_mark(ids);
            }
            ToggleStrategy(name) => {
                if let Some(i) = self.strategies.iter().position(|n| n == &name) {
                    if self.strategies.len() == 1 {
                        return false;
                    }
                    self.strategies.remove(i);
                } else {
                    if self.strategies.len() >= engine::MAX_COMPARE
                        || engine::with_strategy(&self.scenario, &name).is_none()
                    {
                        return false;
                    }
                    self.strategies.push(name);
                }
                self.edited();
            }
            ImportText(text) => match engine::parse_scenario(&text) {
                Ok(scenario) => {
                    let region =
                        if scenario.name.trim().is_empty() { "imported".into() } else { scenario.name.clone() };
                    *notice = None;
                    self.undo = None;
                    self.adopt(region, scenario, ids);
                }
                Err(e) => *notice = Some(Notice::ImportFailed(engine::Problem::Sim(e))),
            },
            AddLever(kind) => {
                let Some(next) = levers::added(&self.scenario, kind) else { return false };
                self.scenario = Rc::new(next);
                self.forget_levers();
                self.edited();
            }
            EditLever { index, field, input } => {
                if index >= self.scenario.strategy.levers.len() {
                    return false;
                }
                self.edit_lever(index, field, input);
                self.edited();
            }
            RemoveLever(index) => {
                let Some(next) = levers::removed(&self.scenario, index) else { return false };
                self.scenario = Rc::new(next);
                self.forget_levers();
                self.edited();
            }
            SetField { field, text } => {
                self.errors.remove(&field);
                match engine::apply_field(&self.scenario, &field, &text) {
                    Ok(mut next) => {
                        if let Some(base) = engine::preset(&self.region) {
                            engine::unpin_if_default(&mut next, &base, &field);
                        }
                        self.scenario = Rc::new(next);
                        // another field blamed earlier may be fine now
                        self.errors.retain(|f, e| !matches!(e, FieldError::Sim(_)) || f == &field);
                        self.edited();
                    }
                    Err((blamed, e)) => {
                        self.errors.insert(blamed, e);
                    }
                }
                self.drafts.insert(field, text);
            }
        }
        true
    }

    /// Forgets what was typed into (and refused in) lever fields: indices shift on add/remove.
    fn forget_levers(&mut self) {
        self.drafts.retain(|k, _| !k.starts_with("strategy."));
        self.errors.retain(|k, _| !k.starts_with("strategy."));
    }

    /// A lever field edited: applied if the core accepts it, else the scenario stays and the
    /// message goes under the blamed field; typed text stays in the field either way.
    fn edit_lever(&mut self, index: usize, field: &str, input: LeverInput) {
        let k = levers::key(index, field);
        self.errors.remove(&k);
        match levers::edited(&self.scenario, index, field, &input) {
            Ok(next) => {
                self.scenario = Rc::new(next);
                // messages of the core about other fields may be stale now
                let prefix = levers::key(index, "");
                self.errors.retain(|f, e| !(matches!(e, FieldError::Sim(_)) && f.starts_with("strategy.")));
                self.drafts.retain(|f, _| !f.starts_with(&prefix) || *f == k);
            }
            Err((blamed, e)) => {
                self.errors.insert(blamed, e);
            }
        }
        match input {
            LeverInput::Typed(text) => self.drafts.insert(k, text),
            LeverInput::Picked(_) => self.drafts.remove(&k),
        };
    }

    /// A view switch runs again at once when it can; with refused fields it only marks the result.
    fn rerun_or_mark(&mut self, ids: &mut Ids) {
        if self.errors.is_empty() {
            self.start_run(ids)
        } else {
            self.edited()
        }
    }
}
