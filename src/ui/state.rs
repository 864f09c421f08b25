//! Page state: a pure reducer over [`Action`], held in a yew context.
//! Side effects (the worker) watch [`AppState::running_id`].

use super::engine::{self, FieldError, Scenario, Summary};
use super::engine::{CalibRequest, CalibResult, Preview, Tornado};
use super::i18n::Lang;
use super::protocol::Job;
use super::share::{self, Shared};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// A message shown above the results until dismissed or replaced.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// An imported file was refused (the core's message names the field).
    ImportFailed(String),
    /// The share link in the address bar could not be read; `text` is the link's `#...` part,
    /// offered as a download (the address bar is rewritten with the state shown).
    ShareFailed { message: String, text: String },
    /// The autosave could not be read; `text` is what was saved, offered as a download
    /// (the next autosave overwrites it).
    AutosaveFailed { message: String, text: String },
    /// A file over [`engine::MAX_IMPORT_BYTES`], refused before it was read.
    TooLarge { name: String, bytes: f64 },
}

impl Notice {
    /// The unreadable text behind the notice, if any, and a file name to save it under.
    pub fn unreadable(&self) -> Option<(&'static str, &str)> {
        match self {
            Notice::ShareFailed { text, .. } => Some(("renkei-unreadable-link.txt", text)),
            Notice::AutosaveFailed { text, .. } => Some(("renkei-unreadable-autosave.txt", text)),
            Notice::ImportFailed(_) | Notice::TooLarge { .. } => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum RunStatus {
    Idle,
    Running { id: u32, done: u32, total: u32 },
    Cancelled,
    Failed(String),
}

/// A finished run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResult {
    pub id: u32,
    pub region: String,
    /// Strategy ids, one per summary.
    pub strategies: Vec<String>,
    pub summaries: Vec<Summary>,
    /// Time spent inside the worker.
    pub elapsed_ms: f64,
}

/// Where a tornado's parameter ranges came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeSource {
    /// The posterior 90% intervals of the shipped calibration (data/calibration.json).
    Shipped,
    /// The posterior 90% intervals of the calibration run on this page.
    Calibrated,
}

/// A finished tornado.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoResult {
    pub id: u32,
    pub region: String,
    pub tornado: Tornado,
    pub source: RangeSource,
    pub elapsed_ms: f64,
}

/// A finished calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibDone {
    pub id: u32,
    pub result: CalibResult,
    pub elapsed_ms: f64,
}

/// One uploaded CSV table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableFile {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Offices,
    Edges,
}

/// The network being imported: the two files, the column mapping and the check.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportState {
    pub offices: Option<TableFile>,
    pub edges: Option<TableFile>,
    /// Required column (`id`, `area`, `role`) → header cell of the office table.
    pub mapping: BTreeMap<String, String>,
    /// `None` until both files are in (and every missing column is mapped).
    pub preview: Option<Result<Rc<Preview>, String>>,
    /// The last file refused for its size (name, bytes); the tables read before are kept.
    pub too_large: Option<(String, f64)>,
}

impl ImportState {
    /// Header cells of the office table.
    pub fn headers(&self) -> Vec<String> {
        self.offices.as_ref().map(|f| engine::csv_headers(&f.text)).unwrap_or_default()
    }

    /// Required columns the office table lacks (the page offers a select for each).
    pub fn missing(&self) -> Vec<&'static str> {
        match &self.offices {
            Some(_) => engine::missing_columns(&self.headers()),
            None => Vec::new(),
        }
    }

    /// The office table with its header rewritten by the mapping, once every missing column is mapped.
    pub fn mapped_offices(&self) -> Option<String> {
        let f = self.offices.as_ref()?;
        let missing = self.missing();
        let mapping: Vec<(String, String)> = missing
            .iter()
            .filter_map(|c| self.mapping.get(*c).filter(|h| !h.is_empty()).map(|h| (c.to_string(), h.clone())))
            .collect();
        (mapping.len() == missing.len()).then(|| engine::remap_header(&f.text, &mapping))
    }

    /// Name of the imported network: the office file's name without its extension.
    pub fn network_name(&self) -> String {
        let n = self.offices.as_ref().map(|f| f.name.as_str()).unwrap_or("imported");
        n.rsplit_once('.').map(|(a, _)| a).filter(|a| !a.is_empty()).unwrap_or(n).to_string()
    }

    fn check(&self, base: &Scenario) -> Option<Result<Rc<Preview>, String>> {
        let edges = self.edges.as_ref()?;
        let offices = self.mapped_offices()?;
        Some(engine::import_tables(base, &offices, &edges.text, &self.network_name()).map(Rc::new))
    }
}

/// Calibration budget bounds offered by the page.
pub const PARTICLES: std::ops::RangeInclusive<usize> = 4..=1000;
pub const GENERATIONS: std::ops::RangeInclusive<usize> = 1..=10;

/// How many earlier results the page keeps (a Sendai run with 4 strategies is a few MB).
pub const CACHE_RUNS: usize = 8;

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub lang: Lang,
    pub region: String,
    pub scenario: Rc<Scenario>,
    pub status: RunStatus,
    pub result: Option<Rc<RunResult>>,
    /// Strategies to compare (1 to `engine::MAX_COMPARE`, in the order chosen).
    pub strategies: Vec<String>,
    /// Strategies of the run in progress.
    pub run_strategies: Vec<String>,
    pub notice: Option<Notice>,
    /// Text typed into fields (key: `replications`, `seed`, `params.q`, ...).
    pub drafts: BTreeMap<String, String>,
    /// Fields whose text was refused; runs wait until there are none.
    pub errors: BTreeMap<String, FieldError>,
    /// Results of earlier runs by the key of what was run (scenario hashes and strategies),
    /// newest last, at most `CACHE_RUNS`: running the same scenario again shows them at once.
    pub cache: Rc<Vec<(String, Rc<RunResult>)>>,
    /// The key of the run in progress.
    pub run_key: String,
    /// Id the next run will get; ids only grow, so late messages of a
    /// cancelled or superseded run are recognised and dropped.
    pub next_id: u32,
    /// Sensitivity: the job sent to the worker, its status and the last result.
    pub tornado_job: Option<Rc<Job>>,
    pub tornado_status: RunStatus,
    pub tornado: Option<Rc<TornadoResult>>,
    pub tornado_source: RangeSource,
    /// Calibration: chosen regions and budget, the job, its status and the last result.
    pub calib_regions: Vec<String>,
    pub calib_particles: usize,
    pub calib_generations: usize,
    pub calib_job: Option<Rc<Job>>,
    pub calib_status: RunStatus,
    pub calibration: Option<Rc<CalibDone>>,
    /// Network import.
    pub import: ImportState,
    /// The counterfactual view: library strategies run from 2025-09 in place of the region's
    /// plan. Off by default: a scenario with observations is planned from its last one
    /// (`forward::condition_on`), the region's own plan continued and library strategies from
    /// the day after.
    pub counterfactual: bool,
    /// What-if on top of every compared plan, the region's own included: the free pass ends on
    /// this date (`forward::WhatIf::FreePassEnd`); `None`: as published (to 2027-03-31).
    pub free_pass_end: Option<renkei::sim::date::Date>,
}

#[derive(Debug, Clone)]
pub enum Action {
    /// Tornado of the scenario on screen (posterior ranges: this page's calibration, else the shipped one).
    RunTornado,
    CancelTornado,
    TornadoFinished {
        id: u32,
        tornado: Tornado,
        elapsed_ms: f64,
    },
    ToggleCalibRegion(String),
    /// Calibration budget (clamped to [`PARTICLES`] and [`GENERATIONS`]).
    SetCalibBudget {
        particles: usize,
        generations: usize,
    },
    RunCalibration,
    CancelCalibration,
    CalibrationFinished {
        id: u32,
        result: Box<CalibResult>,
        elapsed_ms: f64,
    },
    /// Sets the planner's calibrated parameters to the posterior medians
    /// (`best`: to the particle with the smallest distance).
    ApplyCalibration {
        best: bool,
    },
    /// A CSV file chosen for the network import.
    ImportTable {
        kind: TableKind,
        name: String,
        text: String,
    },
    /// The office-table header cell used for a required column.
    MapColumn {
        column: String,
        header: String,
    },
    /// Replace the scenario with the imported network and run it.
    RunImported,
    /// A file over [`engine::MAX_IMPORT_BYTES`] chosen for a table (`table`) or as a scenario
    /// (`None`): refused before it is read.
    FileTooLarge {
        table: Option<TableKind>,
        name: String,
        bytes: f64,
    },
    ToggleLang,
    SetLang(Lang),
    /// Pick a preset region and run it.
    SelectRegion(String),
    /// A custom municipality from its three fields (offices, areas, partners per office).
    Custom {
        offices: String,
        areas: String,
        partners: String,
    },
    /// Run the current scenario (supersedes a run in progress).
    Run,
    /// The counterfactual view (`true`) or plans from the last observation; runs again.
    SetCounterfactual(bool),
    /// The free-pass what-if for every compared plan (`None`: as published); runs again.
    SetFreePassEnd(Option<renkei::sim::date::Date>),
    Cancel,
    /// Add a strategy to the comparison, or remove it (one always stays).
    ToggleStrategy(String),
    /// Restore a share link or the autosave (does not start a run).
    Load(Box<Shared>),
    /// The text of an imported scenario file: replaces the scenario and runs it.
    ImportText(String),
    SetNotice(Option<Notice>),
    /// Add a lever of this kind to the scenario's own plan (`levers::new_lever`).
    AddLever(String),
    /// A lever field's text: applied if the core accepts it, else named in `errors`.
    EditLever {
        index: usize,
        field: String,
        value: String,
    },
    RemoveLever(usize),
    /// Text typed into a field: applied to the scenario if valid.
    SetField {
        field: String,
        text: String,
    },
    Progress {
        id: u32,
        done: u32,
        total: u32,
    },
    Finished {
        id: u32,
        summaries: Vec<Summary>,
        elapsed_ms: f64,
    },
    Failed {
        id: u32,
        message: String,
    },
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            lang: Lang::Ja,
            region: engine::DEFAULT_REGION.to_string(),
            scenario: Rc::new(engine::default_scenario()),
            status: RunStatus::Idle,
            result: None,
            strategies: vec![engine::ACTUAL.to_string()],
            run_strategies: Vec::new(),
            notice: None,
            drafts: BTreeMap::new(),
            errors: BTreeMap::new(),
            cache: Rc::new(Vec::new()),
            run_key: String::new(),
            next_id: 1,
            tornado_job: None,
            tornado_status: RunStatus::Idle,
            tornado: None,
            tornado_source: RangeSource::Shipped,
            calib_regions: engine::calibration_regions(),
            calib_particles: 60,
            calib_generations: 4,
            calib_job: None,
            calib_status: RunStatus::Idle,
            calibration: None,
            import: ImportState::default(),
            counterfactual: false,
            free_pass_end: None,
        }
    }
}

impl AppState {
    /// Id of the run the worker should be doing now, if any.
    pub fn running_id(&self) -> Option<u32> {
        match self.status {
            RunStatus::Running { id, .. } => Some(id),
            _ => None,
        }
    }

    pub fn tornado_running_id(&self) -> Option<u32> {
        match self.tornado_status {
            RunStatus::Running { id, .. } => Some(id),
            _ => None,
        }
    }

    pub fn calib_running_id(&self) -> Option<u32> {
        match self.calib_status {
            RunStatus::Running { id, .. } => Some(id),
            _ => None,
        }
    }

    /// The status (main run, tornado or calibration) that is running job `id`.
    fn status_of(&mut self, id: u32) -> Option<&mut RunStatus> {
        [&mut self.status, &mut self.tornado_status, &mut self.calib_status]
            .into_iter()
            .find(|s| matches!(s, RunStatus::Running { id: i, .. } if *i == id))
    }

    fn fresh_id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The first state: the share link (`hash`) if there is one, else the autosave, else the
    /// defaults. An unreadable link or autosave leaves the defaults and a notice that keeps
    /// its text, so it can be downloaded.
    pub fn initial(hash: Option<String>, autosave: Option<String>) -> AppState {
        let base = Rc::new(AppState::default());
        let (text, failed): (String, fn(String, String) -> Notice) = match (hash, autosave) {
            (Some(h), _) => (h, |message, text| Notice::ShareFailed { message, text }),
            (None, Some(a)) => (a, |message, text| Notice::AutosaveFailed { message, text }),
            (None, None) => return (*base).clone(),
        };
        match share::decode(&text) {
            Ok(shared) => (*base.reduce(Action::Load(Box::new(shared)))).clone(),
            Err(message) => {
                let mut s = (*base).clone();
                s.notice = Some(failed(message, text));
                s
            }
        }
    }

    /// The state as a share text (address-bar hash and autosave).
    pub fn share_text(&self) -> String {
        let text = share::encode(&self.region, &self.scenario, &self.strategies, self.lang);
        if self.counterfactual {
            format!("{text}&view=cf")
        } else {
            text
        }
    }

    /// The scenario a run starts from: planned from its last observation (the page's default),
    /// or as stored in the counterfactual view and when it has no observation to plan from.
    pub fn run_base(&self) -> Scenario {
        let mut scn = (*self.scenario).clone();
        if self.counterfactual || scn.condition.is_some() {
            return scn;
        }
        if let Some(date) = renkei::sim::forward::last_observation(&scn) {
            let mut conditioned = scn.clone();
            if renkei::sim::forward::condition_on(&mut conditioned, date).is_ok() {
                scn = conditioned;
            }
        }
        scn
    }

    /// Whether runs are planned from an observation ("today").
    pub fn plans_from_today(&self) -> bool {
        self.run_base().condition.is_some()
    }

    /// The scenarios of a run: the current one (see [`AppState::run_base`]) under each chosen strategy.
    pub fn run_scenarios(&self) -> Vec<Scenario> {
        let base = self.run_base();
        let what_ifs: Vec<renkei::sim::forward::WhatIf> =
            self.free_pass_end.map(|date| renkei::sim::forward::WhatIf::FreePassEnd { date }).into_iter().collect();
        self.run_strategies
            .iter()
            .filter_map(|n| engine::with_strategy(&base, n))
            .map(|mut s| {
                // A plan without a free pass to end (a custom plan) runs as it is.
                let mut with = s.clone();
                if renkei::sim::forward::apply_all(&mut with, &what_ifs).is_ok() {
                    s = with;
                }
                s
            })
            .collect()
    }

    fn start_run(&mut self) {
        self.run_strategies = self.strategies.clone();
        let id = self.fresh_id();
        self.run_key = self.run_scenarios().iter().map(|s| s.hash()).collect::<Vec<_>>().join("+");
        if let Some((_, hit)) = self.cache.iter().find(|(k, _)| *k == self.run_key) {
            // Same scenarios, seeds and strategies as an earlier run: the same numbers, at once.
            self.result = Some(Rc::new(RunResult { id, region: self.region.clone(), ..(**hit).clone() }));
            self.status = RunStatus::Idle;
            return;
        }
        // The worker runs the same checks; a run it could not finish is refused here, before it starts.
        if let Err(message) = engine::check_run(&self.run_scenarios()) {
            self.status = RunStatus::Failed(message);
            return;
        }
        self.status = RunStatus::Running { id, done: 0, total: 0 };
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::ToggleLang => s.lang = s.lang.other(),
            Action::SetLang(lang) => s.lang = lang,
            Action::SelectRegion(region) => match engine::preset(&region) {
                Some(scenario) => {
                    s.region = region;
                    s.scenario = Rc::new(scenario);
                    s.drafts.clear();
                    s.errors.clear();
                    s.start_run();
                }
                None => return self,
            },
            Action::Custom { offices, areas, partners } => {
                for f in ["custom.offices", "custom.areas", "custom.partners"] {
                    s.errors.remove(f);
                }
                match engine::custom_scenario(&offices, &areas, &partners) {
                    Ok(scenario) => {
                        s.region = "custom".into();
                        s.scenario = Rc::new(scenario);
                        s.drafts.clear();
                        s.errors.clear();
                        s.start_run();
                    }
                    Err((field, e)) => {
                        s.errors.insert(field, e);
                    }
                }
            }
            Action::Run => {
                if !s.errors.is_empty() {
                    return self;
                }
                s.start_run()
            }
            Action::SetCounterfactual(on) => {
                if s.counterfactual == on {
                    return self;
                }
                s.counterfactual = on;
                if s.errors.is_empty() {
                    s.start_run()
                }
            }
            Action::SetFreePassEnd(date) => {
                if s.free_pass_end == date {
                    return self;
                }
                s.free_pass_end = date;
                if s.errors.is_empty() {
                    s.start_run()
                }
            }
            Action::SetField { field, text } => {
                s.errors.remove(&field);
                match engine::apply_field(&s.scenario, &field, &text) {
                    Ok(mut next) => {
                        if let Some(base) = engine::preset(&s.region) {
                            engine::unpin_if_default(&mut next, &base, &field);
                        }
                        s.scenario = Rc::new(next);
                        // another field blamed earlier may be fine now
                        s.errors.retain(|f, e| !matches!(e, FieldError::Core(_)) || f == &field);
                    }
                    Err((blamed, e)) => {
                        s.errors.insert(blamed, e);
                    }
                }
                s.drafts.insert(field, text);
            }
            Action::AddLever(kind) => {
                if !super::levers::add(&mut s, &kind) {
                    return self;
                }
            }
            Action::EditLever { index, field, value } => {
                if !super::levers::edit(&mut s, index, &field, &value) {
                    return self;
                }
            }
            Action::RemoveLever(index) => {
                if !super::levers::remove(&mut s, index) {
                    return self;
                }
            }
            Action::Cancel => {
                if s.running_id().is_none() {
                    return self;
                }
                s.status = RunStatus::Cancelled;
            }
            Action::Progress { id, done, total } => match s.status_of(id) {
                Some(st) => *st = RunStatus::Running { id, done, total },
                None => return self,
            },
            Action::Finished { id, summaries, elapsed_ms } => {
                if s.running_id() != Some(id) {
                    return self;
                }
                s.status = RunStatus::Idle;
                let result = Rc::new(RunResult {
                    id,
                    region: s.region.clone(),
                    strategies: s.run_strategies.clone(),
                    summaries,
                    elapsed_ms,
                });
                let mut cache = (*s.cache).clone();
                cache.retain(|(k, _)| *k != s.run_key);
                cache.push((s.run_key.clone(), result.clone()));
                if cache.len() > CACHE_RUNS {
                    cache.remove(0);
                }
                s.cache = Rc::new(cache);
                s.result = Some(result);
            }
            Action::Load(shared) => {
                let Shared { region, scenario, strategies, lang, counterfactual } = *shared;
                s.counterfactual = counterfactual;
                s.region = region;
                s.scenario = Rc::new(scenario);
                s.strategies = strategies;
                if let Some(l) = lang {
                    s.lang = l;
                }
                s.drafts.clear();
                s.errors.clear();
            }
            Action::ImportText(text) => match engine::parse_scenario(&text) {
                Ok(scenario) => {
                    s.region = if scenario.name.trim().is_empty() { "imported".into() } else { scenario.name.clone() };
                    s.strategies.retain(|n| engine::with_strategy(&scenario, n).is_some());
                    if s.strategies.is_empty() {
                        s.strategies.push(engine::ACTUAL.to_string());
                    }
                    s.scenario = Rc::new(scenario);
                    s.drafts.clear();
                    s.errors.clear();
                    s.notice = None;
                    s.start_run();
                }
                Err(message) => s.notice = Some(Notice::ImportFailed(message)),
            },
            Action::SetNotice(n) => s.notice = n,
            Action::ToggleStrategy(name) => {
                if let Some(i) = s.strategies.iter().position(|n| n == &name) {
                    if s.strategies.len() == 1 {
                        return self;
                    }
                    s.strategies.remove(i);
                } else {
                    if s.strategies.len() >= engine::MAX_COMPARE || engine::with_strategy(&s.scenario, &name).is_none()
                    {
                        return self;
                    }
                    s.strategies.push(name);
                }
            }
            Action::Failed { id, message } => match s.status_of(id) {
                Some(st) => *st = RunStatus::Failed(message),
                None => return self,
            },
            Action::RunTornado => {
                if !s.errors.is_empty() {
                    return self;
                }
                let (summary, source) = match &s.calibration {
                    Some(c) => (c.result.posterior.summary.clone(), RangeSource::Calibrated),
                    None => (engine::shipped_summary(), RangeSource::Shipped),
                };
                let ranges = engine::tornado_ranges(&s.scenario, &summary);
                let id = s.fresh_id();
                s.tornado_job = Some(Rc::new(Job::Tornado { id, scenario: Box::new((*s.scenario).clone()), ranges }));
                s.tornado_status = RunStatus::Running { id, done: 0, total: 0 };
                s.tornado_source = source;
            }
            Action::CancelTornado => {
                if s.tornado_running_id().is_none() {
                    return self;
                }
                s.tornado_status = RunStatus::Cancelled;
            }
            Action::TornadoFinished { id, tornado, elapsed_ms } => {
                if s.tornado_running_id() != Some(id) {
                    return self;
                }
                s.tornado_status = RunStatus::Idle;
                s.tornado = Some(Rc::new(TornadoResult {
                    id,
                    region: s.region.clone(),
                    tornado,
                    source: s.tornado_source,
                    elapsed_ms,
                }));
            }
            Action::ToggleCalibRegion(r) => {
                if let Some(i) = s.calib_regions.iter().position(|x| *x == r) {
                    s.calib_regions.remove(i);
                } else if engine::calibration_regions().contains(&r) {
                    s.calib_regions.push(r);
                    let order = engine::calibration_regions();
                    s.calib_regions.sort_by_key(|x| order.iter().position(|o| o == x));
                } else {
                    return self;
                }
            }
            Action::SetCalibBudget { particles, generations } => {
                s.calib_particles = particles.clamp(*PARTICLES.start(), *PARTICLES.end());
                s.calib_generations = generations.clamp(*GENERATIONS.start(), *GENERATIONS.end());
            }
            Action::RunCalibration => {
                if s.calib_regions.is_empty() {
                    return self;
                }
                let id = s.fresh_id();
                let request = CalibRequest {
                    regions: s.calib_regions.clone(),
                    particles: s.calib_particles,
                    generations: s.calib_generations,
                    seed: s.scenario.seed,
                };
                s.calib_job = Some(Rc::new(Job::Calibrate { id, request }));
                s.calib_status = RunStatus::Running { id, done: 0, total: 0 };
            }
            Action::CancelCalibration => {
                if s.calib_running_id().is_none() {
                    return self;
                }
                s.calib_status = RunStatus::Cancelled;
            }
            Action::CalibrationFinished { id, result, elapsed_ms } => {
                if s.calib_running_id() != Some(id) {
                    return self;
                }
                s.calib_status = RunStatus::Idle;
                s.calibration = Some(Rc::new(CalibDone { id, result: *result, elapsed_ms }));
            }
            Action::ApplyCalibration { best } => {
                let Some(c) = s.calibration.clone() else { return self };
                let applied = if best {
                    engine::apply_best(&s.scenario, &c.result.posterior)
                } else {
                    engine::apply_posterior(&s.scenario, &c.result.posterior)
                };
                match applied {
                    Ok(next) => {
                        s.scenario = Rc::new(next);
                        s.drafts.retain(|k, _| !k.starts_with("params."));
                        s.errors.retain(|k, _| !k.starts_with("params."));
                    }
                    Err(m) => s.calib_status = RunStatus::Failed(m),
                }
            }
            Action::FileTooLarge { table, name, bytes } => match table {
                Some(_) => s.import.too_large = Some((name, bytes)),
                None => s.notice = Some(Notice::TooLarge { name, bytes }),
            },
            Action::ImportTable { kind, name, text } => {
                s.import.too_large = None;
                let f = Some(TableFile { name, text });
                match kind {
                    TableKind::Offices => {
                        s.import.offices = f;
                        s.import.mapping.clear();
                    }
                    TableKind::Edges => s.import.edges = f,
                }
                s.import.preview = s.import.check(&s.scenario);
            }
            Action::MapColumn { column, header } => {
                s.import.mapping.insert(column, header);
                s.import.preview = s.import.check(&s.scenario);
            }
            Action::RunImported => {
                // rebuilt on the current scenario, so parameters changed since the check are kept
                let Some(Ok(p)) = s.import.check(&s.scenario) else { return self };
                let scenario = p.scenario.clone();
                s.region = scenario.name.clone();
                s.strategies.retain(|n| engine::with_strategy(&scenario, n).is_some());
                if s.strategies.is_empty() {
                    s.strategies.push(engine::ACTUAL.to_string());
                }
                s.scenario = Rc::new(scenario);
                s.import.preview = Some(Ok(p));
                s.drafts.clear();
                s.errors.clear();
                s.notice = None;
                s.start_run();
            }
        }
        Rc::new(s)
    }
}

/// The context every component reads and dispatches to.
pub type AppContext = UseReducerHandle<AppState>;

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(s: Rc<AppState>, a: Action) -> Rc<AppState> {
        s.reduce(a)
    }

    fn summary() -> Summary {
        let s = engine::default_scenario();
        engine::run(&s, &mut |_, _| {}).expect("default scenario runs")
    }

    #[test]
    fn starts_in_japanese_with_the_default_region_idle() {
        let s = AppState::default();
        assert_eq!(s.lang, Lang::Ja);
        assert_eq!(s.region, engine::DEFAULT_REGION);
        assert_eq!(s.status, RunStatus::Idle);
        assert!(s.result.is_none());
    }

    #[test]
    fn toggle_lang_flips_and_flips_back() {
        let s = Rc::new(AppState::default());
        let s = reduce(s, Action::ToggleLang);
        assert_eq!(s.lang, Lang::En);
        let s = reduce(s, Action::ToggleLang);
        assert_eq!(s.lang, Lang::Ja);
        let s = reduce(s, Action::SetLang(Lang::En));
        assert_eq!(s.lang, Lang::En);
    }

    #[test]
    fn run_gets_fresh_ids_and_progress_of_old_runs_is_ignored() {
        let s = reduce(Rc::new(AppState::default()), Action::Run);
        assert_eq!(s.running_id(), Some(1));
        let s = reduce(s, Action::Run);
        assert_eq!(s.running_id(), Some(2));
        let before = s.clone();
        let s = reduce(s, Action::Progress { id: 1, done: 5, total: 10 });
        assert!(Rc::ptr_eq(&before, &s), "stale progress must not change state");
        let s = reduce(s, Action::Progress { id: 2, done: 5, total: 10 });
        assert_eq!(s.status, RunStatus::Running { id: 2, done: 5, total: 10 });
    }

    #[test]
    fn finished_stores_the_result_and_goes_idle() {
        let s = reduce(Rc::new(AppState::default()), Action::Run);
        let sum = summary();
        let s = reduce(s, Action::Finished { id: 1, summaries: vec![sum.clone()], elapsed_ms: 12.0 });
        assert_eq!(s.status, RunStatus::Idle);
        let r = s.result.as_ref().expect("result");
        assert_eq!(r.id, 1);
        assert_eq!(r.summaries, vec![sum]);
        assert_eq!(r.strategies, vec![engine::ACTUAL.to_string()]);
        assert_eq!(r.region, engine::DEFAULT_REGION);
    }

    #[test]
    fn cancel_stops_the_run_and_its_late_result_is_dropped() {
        let s = reduce(Rc::new(AppState::default()), Action::Run);
        let s = reduce(s, Action::Cancel);
        assert_eq!(s.status, RunStatus::Cancelled);
        assert_eq!(s.running_id(), None);
        let s = reduce(s, Action::Finished { id: 1, summaries: vec![summary()], elapsed_ms: 1.0 });
        assert!(s.result.is_none());
        // cancelling when nothing runs is a no-op
        let again = reduce(s.clone(), Action::Cancel);
        assert!(Rc::ptr_eq(&again, &s));
    }

    #[test]
    fn failure_is_shown_and_keeps_the_previous_result() {
        let s = reduce(Rc::new(AppState::default()), Action::Run);
        let s = reduce(s, Action::Finished { id: 1, summaries: vec![summary()], elapsed_ms: 1.0 });
        // Another seed, so the run goes to the worker (the same scenario would come from the cache).
        let s = reduce(s, Action::SetField { field: "seed".into(), text: "7".into() });
        let s = reduce(s, Action::Run);
        let s = reduce(s, Action::Failed { id: 2, message: "boom".into() });
        assert_eq!(s.status, RunStatus::Failed("boom".into()));
        assert_eq!(s.result.as_ref().map(|r| r.id), Some(1));
    }

    #[test]
    fn valid_field_text_changes_the_scenario() {
        let s =
            reduce(Rc::new(AppState::default()), Action::SetField { field: "params.q".into(), text: " 2.5 ".into() });
        assert_eq!(s.scenario.params.q, 2.5);
        assert!(s.errors.is_empty());
        assert_eq!(s.drafts.get("params.q").map(String::as_str), Some(" 2.5 "));
        let s = reduce(s, Action::SetField { field: "replications".into(), text: "50".into() });
        assert_eq!(s.scenario.replications, 50);
        let s = reduce(s, Action::SetField { field: "seed".into(), text: "7".into() });
        assert_eq!(s.scenario.seed, 7);
    }

    #[test]
    fn bad_field_text_is_refused_named_and_blocks_runs() {
        let s0 = Rc::new(AppState::default());
        let q0 = s0.scenario.params.q;
        let s = reduce(s0, Action::SetField { field: "params.q".into(), text: "abc".into() });
        assert_eq!(s.errors.get("params.q"), Some(&FieldError::NotNumber));
        assert_eq!(s.scenario.params.q, q0, "scenario unchanged");
        let s = reduce(s, Action::SetField { field: "params.threshold".into(), text: "5".into() });
        assert_eq!(s.errors.get("params.threshold"), Some(&FieldError::Range { min: 0.01, max: 1.0 }));
        let s = reduce(s, Action::SetField { field: "replications".into(), text: "0".into() });
        assert!(matches!(s.errors.get("replications"), Some(FieldError::Range { .. })));
        let s = reduce(s, Action::SetField { field: "seed".into(), text: "1.5".into() });
        assert_eq!(s.errors.get("seed"), Some(&FieldError::NotWhole));
        let blocked = reduce(s.clone(), Action::Run);
        assert!(Rc::ptr_eq(&blocked, &s), "no run while a field is wrong");
        // fixing every field unblocks
        let s = reduce(s, Action::SetField { field: "params.q".into(), text: "1".into() });
        let s = reduce(s, Action::SetField { field: "params.threshold".into(), text: "0.3".into() });
        let s = reduce(s, Action::SetField { field: "replications".into(), text: "20".into() });
        let s = reduce(s, Action::SetField { field: "seed".into(), text: "2".into() });
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        let s = reduce(s, Action::Run);
        assert!(s.running_id().is_some());
    }

    #[test]
    fn strategies_to_compare_are_one_to_four_and_runs_use_them() {
        let s = Rc::new(AppState::default());
        let same = reduce(s.clone(), Action::ToggleStrategy(engine::ACTUAL.into()));
        assert!(Rc::ptr_eq(&same, &s), "the last strategy stays");
        let names: Vec<&str> = engine::strategy_options().iter().map(|o| o.0).collect();
        let mut s = s;
        for n in &names[1..] {
            s = reduce(s, Action::ToggleStrategy(n.to_string()));
        }
        assert_eq!(s.strategies.len(), engine::MAX_COMPARE);
        assert_eq!(
            s.strategies[..],
            names[..engine::MAX_COMPARE].iter().map(|n| n.to_string()).collect::<Vec<_>>()[..]
        );
        let s = reduce(s, Action::ToggleStrategy("no_such_strategy".into()));
        assert_eq!(s.strategies.len(), engine::MAX_COMPARE);
        let s = reduce(s, Action::ToggleStrategy(names[1].into()));
        assert_eq!(s.strategies.len(), engine::MAX_COMPARE - 1);
        let s = reduce(s, Action::Run);
        let scns = s.run_scenarios();
        assert_eq!(scns.len(), 3);
        assert_eq!(scns[0].strategy, s.scenario.strategy, "`actual` keeps the scenario's plan");
        assert_ne!(scns[1].strategy, scns[0].strategy);
        let s = reduce(s, Action::Finished { id: 1, summaries: vec![summary(); 3], elapsed_ms: 1.0 });
        assert_eq!(s.result.as_ref().unwrap().strategies.len(), 3);
    }

    #[test]
    fn import_replaces_the_scenario_or_names_what_is_wrong() {
        let s = Rc::new(AppState::default());
        let s = reduce(s, Action::ImportText("{\"start\": \"2025-08-31\"}".into()));
        match &s.notice {
            Some(Notice::ImportFailed(m)) => assert!(m.contains("population"), "{m}"),
            other => panic!("{other:?}"),
        }
        let mut bad = engine::preset("okazaki").unwrap();
        bad.params.q = 999.0;
        let s = reduce(s, Action::ImportText(bad.to_json()));
        match &s.notice {
            Some(Notice::ImportFailed(m)) => assert!(m.contains("params.q"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(s.running_id(), None);
        let mut scn = engine::preset("chitose").unwrap();
        scn.name = "my town".into();
        scn.params.q = 3.0;
        let s = reduce(s, Action::ImportText(scn.to_json()));
        assert_eq!(s.notice, None);
        assert_eq!(*s.scenario, scn);
        assert_eq!(s.region, "my town");
        assert_eq!(s.running_id(), Some(1));
    }

    #[test]
    fn share_text_round_trips_through_load() {
        let s = reduce(Rc::new(AppState::default()), Action::SetField { field: "params.p".into(), text: "0.2".into() });
        let s = reduce(s, Action::ToggleStrategy("baseline".into()));
        let s = reduce(s, Action::ToggleLang);
        let text = s.share_text();
        let loaded = reduce(Rc::new(AppState::default()), Action::Load(Box::new(share::decode(&text).unwrap())));
        assert_eq!(loaded.scenario, s.scenario);
        assert_eq!(loaded.strategies, s.strategies);
        assert_eq!(loaded.lang, Lang::En);
        assert_eq!(loaded.share_text(), text);
    }

    #[test]
    fn levers_are_added_edited_and_removed_through_the_reducer() {
        let s0 = Rc::new(AppState::default());
        let n = s0.scenario.strategy.levers.len();
        let s = reduce(s0.clone(), Action::AddLever("outreach".into()));
        assert_eq!(s.scenario.strategy.levers.len(), n + 1);
        let l = &s.scenario.strategy.levers[n];
        assert_eq!(l.kind(), "outreach");
        assert!(l.areas().is_empty(), "a new lever is aimed at every area");
        let same = reduce(s.clone(), Action::AddLever("no_such_lever".into()));
        assert!(Rc::ptr_eq(&same, &s));
        // aimed at one named area
        let area = s.scenario.population.areas[0].name.clone();
        let s = reduce(s, Action::EditLever { index: n, field: "areas".into(), value: area.clone() });
        assert_eq!(s.scenario.strategy.levers[n].areas(), &[area.clone()][..]);
        let s = reduce(s, Action::EditLever { index: n, field: "contacts_per_month".into(), value: "6".into() });
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        let s = reduce(s, Action::EditLever { index: n, field: "end".into(), value: "2026-06-30".into() });
        let s = reduce(s, Action::EditLever { index: n, field: "groups.planning".into(), value: "false".into() });
        match &s.scenario.strategy.levers[n] {
            engine::Lever::Outreach { contacts_per_month, end, groups, .. } => {
                assert_eq!(*contacts_per_month, 6.0);
                assert_eq!(end.to_string(), "2026-06-30");
                assert!(!groups.planning && groups.not_adopted);
            }
            other => panic!("{other:?}"),
        }
        // the edited plan survives the share link (and so the autosave) and the JSON file
        let shared = share::decode(&s.share_text()).unwrap();
        let loaded = reduce(Rc::new(AppState::default()), Action::Load(Box::new(shared)));
        assert_eq!(loaded.scenario.strategy, s.scenario.strategy);
        assert_eq!(engine::parse_scenario(&s.scenario.to_json()).unwrap().strategy, s.scenario.strategy);
        // and is what the scenario's own plan runs
        let ran = reduce(s.clone(), Action::Run);
        assert_eq!(ran.run_scenarios()[0].strategy, s.scenario.strategy);
        let s = reduce(s, Action::RemoveLever(n));
        assert_eq!(s.scenario.strategy, s0.scenario.strategy);
        let same = reduce(s.clone(), Action::RemoveLever(999));
        assert!(Rc::ptr_eq(&same, &s));
    }

    #[test]
    fn a_bad_lever_date_is_refused_named_and_the_scenario_stays() {
        let s = reduce(Rc::new(AppState::default()), Action::AddLever("support".into()));
        let n = s.scenario.strategy.levers.len() - 1;
        let before = s.scenario.clone();
        let start = match &before.strategy.levers[n] {
            engine::Lever::Support { start, .. } => *start,
            other => panic!("{other:?}"),
        };
        let bad = start.add_days(-1).to_string();
        let s = reduce(s, Action::EditLever { index: n, field: "end".into(), value: bad.clone() });
        let key = format!("strategy.levers[{n}].end");
        assert!(matches!(s.errors.get(&key), Some(FieldError::Core(m)) if m.contains("before")), "{:?}", s.errors);
        assert_eq!(s.scenario, before, "scenario unchanged");
        assert_eq!(s.drafts.get(&key), Some(&bad), "what was typed stays in the field");
        let blocked = reduce(s.clone(), Action::Run);
        assert!(Rc::ptr_eq(&blocked, &s), "no run while a lever field is wrong");
        // not a date, not a number, an unknown area
        let s = reduce(s, Action::EditLever { index: n, field: "start".into(), value: "".into() });
        assert!(s.errors.contains_key(&format!("strategy.levers[{n}].start")));
        let s = reduce(s, Action::EditLever { index: n, field: "per_month".into(), value: "1.5".into() });
        assert_eq!(s.errors.get(&format!("strategy.levers[{n}].per_month")), Some(&FieldError::NotWhole));
        let s = reduce(s, Action::EditLever { index: n, field: "areas".into(), value: "nowhere".into() });
        assert!(s.errors.contains_key(&format!("strategy.levers[{n}].areas")));
        assert_eq!(s.scenario, before);
        // removing the lever forgets its messages
        let s = reduce(s, Action::RemoveLever(n));
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert!(reduce(s, Action::Run).running_id().is_some());
    }

    #[test]
    fn choosing_a_region_clears_drafts_and_errors() {
        let s = reduce(Rc::new(AppState::default()), Action::SetField { field: "params.q".into(), text: "x".into() });
        let s = reduce(s, Action::SelectRegion("chitose".into()));
        assert!(s.errors.is_empty() && s.drafts.is_empty());
    }

    #[test]
    fn select_region_loads_its_preset_and_runs() {
        let names = engine::region_names();
        let other = names.iter().find(|n| n.as_str() != engine::DEFAULT_REGION).expect("more than one region");
        let s = reduce(Rc::new(AppState::default()), Action::SelectRegion(other.clone()));
        assert_eq!(&s.region, other);
        assert_eq!(*s.scenario, engine::preset(other).unwrap());
        assert_eq!(s.running_id(), Some(1));
        // unknown names change nothing
        let same = reduce(s.clone(), Action::SelectRegion("atlantis".into()));
        assert!(Rc::ptr_eq(&same, &s));
    }

    // --- sensitivity -------------------------------------------------------

    #[test]
    fn tornado_runs_with_posterior_ranges_and_keeps_its_own_progress() {
        let s = reduce(Rc::new(AppState::default()), Action::Run);
        let s = reduce(s, Action::RunTornado);
        let id = s.tornado_running_id().expect("tornado running");
        assert_ne!(Some(id), s.running_id(), "ids are not shared between jobs");
        let Some(Job::Tornado { scenario, ranges, .. }) = s.tornado_job.as_deref() else { panic!("no job") };
        assert_eq!(&**scenario, &*s.scenario);
        assert_eq!(s.tornado_source, RangeSource::Shipped);
        // the shipped posterior's 90% interval is used for q, ±50% for the rest
        let shipped = engine::shipped_summary();
        let q = shipped.iter().find(|p| p.name == "q").expect("q is calibrated");
        let rq = ranges.iter().find(|r| r.param == "q").expect("q range");
        assert_eq!((rq.low, rq.high), (q.p05, q.p95));
        for r in ranges {
            let info = engine::PARAM_INFO.iter().find(|i| i.name == r.param).expect("known parameter");
            assert!(info.min <= r.low && r.low < r.high && r.high <= info.max, "{r:?}");
        }
        // progress is routed by id: the tornado's does not touch the main run
        let s = reduce(s, Action::Progress { id, done: 3, total: 9 });
        assert_eq!(s.tornado_status, RunStatus::Running { id, done: 3, total: 9 });
        assert_eq!(s.status, RunStatus::Running { id: 1, done: 0, total: 0 });
        let scn = engine::preset("higashisonogi").unwrap();
        let small = vec![engine::Range { param: "q".into(), low: 0.2, high: 1.0 }];
        let t = engine::run_tornado(&scn, &small, &mut |_, _| {}).expect("tornado");
        assert_eq!(t.bars.len(), 1);
        let s = reduce(s, Action::TornadoFinished { id, tornado: t.clone(), elapsed_ms: 5.0 });
        assert_eq!(s.tornado_status, RunStatus::Idle);
        assert_eq!(s.tornado.as_ref().map(|r| &r.tornado), Some(&t));
        assert!(s.result.is_none() && s.running_id() == Some(1), "the main run is untouched");
    }

    #[test]
    fn a_cancelled_tornado_drops_its_late_result() {
        let s = reduce(Rc::new(AppState::default()), Action::RunTornado);
        let id = s.tornado_running_id().unwrap();
        let s = reduce(s, Action::CancelTornado);
        assert_eq!(s.tornado_status, RunStatus::Cancelled);
        let t = engine::Tornado { base_rate: 0.5, date: "2027-03-31".into(), bars: vec![] };
        let after = reduce(s.clone(), Action::TornadoFinished { id, tornado: t, elapsed_ms: 1.0 });
        assert!(Rc::ptr_eq(&after, &s));
        let failed = reduce(s.clone(), Action::Failed { id, message: "late".into() });
        assert!(Rc::ptr_eq(&failed, &s));
    }

    // --- calibration -------------------------------------------------------

    fn tiny_calibration() -> CalibResult {
        let req = CalibRequest { regions: vec!["chitose".into()], particles: 6, generations: 2, seed: 3 };
        let mut calls = 0;
        let r = engine::run_calibration(&req, &mut |d, t| {
            calls += 1;
            assert!(d <= t);
        })
        .expect("calibration");
        assert!(calls >= 2, "progress after each batch");
        r
    }

    #[test]
    fn calibration_budget_regions_run_finish_and_apply() {
        let s = Rc::new(AppState::default());
        assert_eq!(s.calib_regions, engine::calibration_regions());
        assert_eq!((s.calib_particles, s.calib_generations), (60, 4));
        let s = reduce(s, Action::SetCalibBudget { particles: 1, generations: 99 });
        assert_eq!((s.calib_particles, s.calib_generations), (4, 10));
        let mut s = s;
        for r in engine::calibration_regions() {
            s = reduce(s, Action::ToggleCalibRegion(r));
        }
        assert!(s.calib_regions.is_empty());
        let blocked = reduce(s.clone(), Action::RunCalibration);
        assert!(Rc::ptr_eq(&blocked, &s), "no calibration without a region");
        let s = reduce(s, Action::ToggleCalibRegion("sendai".into()));
        let s = reduce(s, Action::ToggleCalibRegion("chitose".into()));
        assert_eq!(s.calib_regions, vec!["chitose".to_string(), "sendai".to_string()], "core order");
        let same = reduce(s.clone(), Action::ToggleCalibRegion("atlantis".into()));
        assert!(Rc::ptr_eq(&same, &s));
        let s = reduce(s, Action::RunCalibration);
        let id = s.calib_running_id().expect("running");
        match s.calib_job.as_deref() {
            Some(Job::Calibrate { request, .. }) => {
                assert_eq!(request.regions, s.calib_regions);
                assert_eq!((request.particles, request.generations), (4, 10));
            }
            other => panic!("{other:?}"),
        }
        let result = tiny_calibration();
        assert_eq!(result.fits.len(), 1);
        assert_eq!(result.fits[0].region, "chitose");
        assert_eq!(result.posterior.particles.len(), 6);
        let s = reduce(s, Action::CalibrationFinished { id, result: Box::new(result.clone()), elapsed_ms: 1.0 });
        assert_eq!(s.calib_status, RunStatus::Idle);
        // apply: the calibrated parameters take the posterior medians
        let s = reduce(s, Action::SetField { field: "params.q".into(), text: "19".into() });
        let post = &result.posterior;
        let b = (0..post.distances.len()).min_by(|&i, &j| post.distances[i].total_cmp(&post.distances[j])).unwrap();
        let s = reduce(s, Action::ApplyCalibration { best: true });
        for (k, name) in post.names.iter().enumerate() {
            assert_eq!(s.scenario.params.get(name), Some(post.particles[b][k]), "{name}");
        }
        let s = reduce(s, Action::ApplyCalibration { best: false });
        for p in &result.posterior.summary {
            assert_eq!(s.scenario.params.get(&p.name), Some(p.median), "{}", p.name);
        }
        assert!(s.drafts.get("params.q").is_none(), "the field shows the new value");
        assert_eq!(engine::field_text(&s.scenario, "params.q"), format!("{}", s.scenario.params.q));
        // a tornado after a calibration uses its intervals
        let s = reduce(s, Action::RunTornado);
        assert_eq!(s.tornado_source, RangeSource::Calibrated);
        // histograms: shares over the prior range summing to 1
        let h = engine::histogram(&result.posterior, 0, 8);
        assert_eq!(h.len(), 8);
        assert!((h.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    // --- plans from today -------------------------------------------------

    #[test]
    fn the_free_pass_what_if_applies_to_every_compared_plan_the_regions_own_included() {
        use renkei::sim::strategy::Lever;
        let d = renkei::sim::date::Date::parse("2026-05-31").expect("date");
        let s = reduce(Rc::new(AppState::default()), Action::SelectRegion("okazaki".into()));
        let s = reduce(s, Action::ToggleStrategy("area_by_area".into()));
        let s = reduce(s, Action::SetFreePassEnd(Some(d)));
        let scns = s.run_scenarios();
        assert_eq!(scns.len(), 2);
        for scn in &scns {
            let ends: Vec<_> = scn
                .strategy
                .levers
                .iter()
                .filter_map(|l| match l {
                    Lever::FeeWaiver { end: Some(e), .. } => Some(*e),
                    _ => None,
                })
                .collect();
            assert_eq!(ends, vec![d], "{}: the free pass ends on the what-if's date", scn.strategy.name);
            assert!(scn.condition.is_some(), "still planned from today");
        }
        let own = &scns[0];
        assert!(own.strategy.levers.len() > 4, "the region's own levers are kept: {}", own.strategy.levers.len());
        let back = reduce(s, Action::SetFreePassEnd(None));
        assert!(back.run_scenarios().iter().all(|x| x.strategy.levers.iter().any(|l| matches!(l,
            Lever::FeeWaiver { end: Some(e), .. } if e.to_string() == "2027-03-31"))));
    }

    #[test]
    fn a_preset_is_planned_from_its_last_observation_and_the_switch_gives_the_counterfactual() {
        let s = reduce(Rc::new(AppState::default()), Action::SelectRegion("okazaki".into()));
        let s = reduce(s, Action::ToggleStrategy("area_by_area".into()));
        let s = reduce(s, Action::Run);
        assert!(!s.counterfactual, "plans from today are the default");
        let last = renkei::sim::forward::last_observation(&s.scenario).expect("okazaki has observations");
        assert_eq!(last.to_string(), "2026-02-28");
        assert!(s.scenario.condition.is_none(), "the stored scenario (levers, share link) is unchanged");
        let scns = s.run_scenarios();
        assert_eq!(scns.len(), 2);
        for scn in &scns {
            assert_eq!(scn.condition.as_ref().map(|c| c.date), Some(last), "{}", scn.strategy.name);
        }
        // the reference is the region's own plan continued; the library strategy starts the day after
        assert_eq!(scns[0].strategy, s.scenario.strategy);
        assert_eq!(scns[0].condition.as_ref().unwrap().history, s.scenario.strategy);
        assert!(scns[1].strategy.name.contains("from 2026-02-28"), "{}", scns[1].strategy.name);
        assert_eq!(renkei::sim::forward::plan_start(&scns[1]).to_string(), "2026-03-01");
        let sum = engine::run(&scns[0], &mut |_, _| {}).expect("runs");
        assert_eq!(sum.header.today.as_deref(), Some("2026-02-28"));
        assert!(s.share_text().find("view=").is_none(), "the default is not written");

        // the switch: the counterfactual, run again, and carried by the share link
        let id = s.running_id();
        let cf = reduce(s.clone(), Action::SetCounterfactual(true));
        assert!(cf.counterfactual);
        assert_ne!(cf.running_id(), id, "switching runs again");
        let scns = cf.run_scenarios();
        assert!(scns.iter().all(|x| x.condition.is_none()));
        assert_eq!(renkei::sim::forward::plan_start(&scns[1]).to_string(), "2025-09-01");
        let sum = engine::run(&scns[0], &mut |_, _| {}).expect("runs");
        assert_eq!(sum.header.today, None);
        assert!(sum.header.view.as_deref().unwrap_or("").starts_with("Counterfactual"));
        let text = cf.share_text();
        assert!(text.ends_with("&view=cf"), "{text}");
        let back = AppState::initial(Some(text), None);
        assert!(back.counterfactual);
        assert_eq!(back.run_base(), *cf.scenario);
        // and back
        let again = reduce(cf, Action::SetCounterfactual(false));
        assert!(again.plans_from_today());
    }

    #[test]
    fn a_scenario_without_observations_runs_as_before() {
        let s = reduce(
            Rc::new(AppState::default()),
            Action::Custom { offices: "120".into(), areas: "4".into(), partners: "6".into() },
        );
        assert!(!s.plans_from_today());
        assert_eq!(s.run_scenarios()[0], *s.scenario);
    }

    // --- network import ----------------------------------------------------

    fn table(s: Rc<AppState>, kind: TableKind, name: &str, text: &str) -> Rc<AppState> {
        reduce(s, Action::ImportTable { kind, name: name.into(), text: text.into() })
    }

    #[test]
    fn sample_tables_preview_and_run_with_the_chosen_strategies() {
        let s = reduce(Rc::new(AppState::default()), Action::ToggleStrategy("baseline".into()));
        let s = table(s, TableKind::Offices, "offices.csv", engine::SAMPLE_OFFICES);
        assert!(s.import.preview.is_none(), "waits for the edge list");
        let s = table(s, TableKind::Edges, "edges.csv", engine::SAMPLE_EDGES);
        let p = match &s.import.preview {
            Some(Ok(p)) => p.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!((p.offices, p.external, p.areas, p.links, p.adopters), (10, 1, 2, 10, 4));
        let s = reduce(s, Action::RunImported);
        assert_eq!(s.region, "offices");
        assert_eq!(s.scenario.population.home_offices(), 10);
        assert_eq!(s.strategies, vec![engine::ACTUAL.to_string(), "baseline".to_string()]);
        assert!(s.running_id().is_some());
        assert_eq!(s.run_scenarios().len(), 2);
        // the imported scenario runs
        let sum = engine::run(&s.run_scenarios()[1], &mut |_, _| {}).expect("runs");
        assert!(!sum.months.is_empty());
    }

    #[test]
    fn a_bad_table_names_its_row_and_the_scenario_stays() {
        let s = reduce(Rc::new(AppState::default()), Action::Run);
        let s = reduce(s, Action::Finished { id: 1, summaries: vec![summary()], elapsed_ms: 1.0 });
        let s = table(s, TableKind::Offices, "offices.csv", engine::SAMPLE_OFFICES);
        let bad_edges = format!("{}C-N,NOPE\n", engine::SAMPLE_EDGES);
        let s = table(s, TableKind::Edges, "edges.csv", &bad_edges);
        match &s.import.preview {
            Some(Err(m)) => assert!(m.contains("row 12") && m.contains("NOPE"), "{m}"),
            other => panic!("{other:?}"),
        }
        let same = reduce(s.clone(), Action::RunImported);
        assert!(Rc::ptr_eq(&same, &s), "nothing runs");
        assert_eq!(s.region, engine::DEFAULT_REGION);
        assert_eq!(s.result.as_ref().map(|r| r.id), Some(1));
    }

    #[test]
    fn other_column_names_are_mapped_before_the_check() {
        let renamed = engine::SAMPLE_OFFICES.replacen("id,area,role", "code,district,kind", 1);
        let s = table(Rc::new(AppState::default()), TableKind::Edges, "e.csv", engine::SAMPLE_EDGES);
        let s = table(s, TableKind::Offices, "town.csv", &renamed);
        assert_eq!(s.import.missing(), vec!["id", "area", "role"]);
        assert!(s.import.preview.is_none(), "waits for the mapping");
        let s = reduce(s, Action::MapColumn { column: "id".into(), header: "code".into() });
        let s = reduce(s, Action::MapColumn { column: "area".into(), header: "district".into() });
        assert!(s.import.preview.is_none());
        let s = reduce(s, Action::MapColumn { column: "role".into(), header: "kind".into() });
        assert!(matches!(&s.import.preview, Some(Ok(p)) if p.offices == 10), "{:?}", s.import.preview);
        // the rewrite touches only the header
        let text = s.import.mapped_offices().unwrap();
        assert_eq!(text, engine::SAMPLE_OFFICES);
        assert_eq!(engine::remap_header("a,id,b\n1,2,3\n", &[("id".into(), "a".into())]), "id,id_original,b\n1,2,3\n");
    }

    #[test]
    fn a_custom_municipality_runs_and_bad_fields_are_named() {
        let s = Rc::new(AppState::default());
        let ok = reduce(s.clone(), Action::Custom { offices: "300".into(), areas: "6".into(), partners: "10".into() });
        assert_eq!(ok.region, "custom");
        assert_eq!(ok.scenario.population.areas.len(), 6);
        assert_eq!(ok.scenario.population.home_offices(), 300);
        assert_eq!(ok.scenario.population.initial_adopted, 29, "9.8% of 300");
        assert!(ok.running_id().is_some());
        let bad =
            reduce(ok.clone(), Action::Custom { offices: "300".into(), areas: "400".into(), partners: "10".into() });
        assert!(bad.errors.contains_key("custom.areas"), "more areas than offices is refused");
        assert_eq!(bad.scenario, ok.scenario, "the previous scenario stays");
        let bad =
            reduce(ok.clone(), Action::Custom { offices: "abc".into(), areas: "4".into(), partners: "10".into() });
        assert!(matches!(bad.errors.get("custom.offices"), Some(engine::FieldError::NotNumber)));
        let fixed = reduce(bad, Action::Custom { offices: "200".into(), areas: "4".into(), partners: "10".into() });
        assert!(fixed.errors.is_empty());
    }

    #[test]
    fn running_the_same_scenario_again_reuses_the_cached_result() {
        let s = Rc::new(AppState::default());
        let s = reduce(s, Action::Run);
        let first = s.running_id().expect("running");
        let s = reduce(s, Action::Finished { id: first, summaries: vec![summary()], elapsed_ms: 5.0 });
        assert_eq!(s.cache.len(), 1);
        // Another scenario runs in the worker...
        let s = reduce(s, Action::SetField { field: "params.q".into(), text: "1.5".into() });
        let s = reduce(s, Action::Run);
        let second = s.running_id().expect("a changed scenario runs");
        let s = reduce(s, Action::Finished { id: second, summaries: vec![summary()], elapsed_ms: 5.0 });
        assert_eq!(s.cache.len(), 2);
        // ...going back to the first shows its result at once, with a new id.
        let q = engine::field_text(&AppState::default().scenario, "params.q");
        let s = reduce(s, Action::SetField { field: "params.q".into(), text: q });
        let s = reduce(s, Action::Run);
        assert_eq!(s.running_id(), None, "no worker run for a cached scenario");
        let r = s.result.as_ref().expect("cached result shown");
        assert!(r.id > second);
        assert_eq!(r.summaries, vec![summary()]);
    }

    #[test]
    fn an_edited_parameter_is_pinned_until_it_is_set_back() {
        let s = Rc::new(AppState::default());
        assert!(s.scenario.pinned.is_empty());
        let q = engine::field_text(&s.scenario, "params.q");
        let s = reduce(s, Action::SetField { field: "params.q".into(), text: "1.5".into() });
        assert_eq!(s.scenario.pinned, vec!["q".to_string()]);
        let s = reduce(s, Action::SetField { field: "params.q".into(), text: q });
        assert!(s.scenario.pinned.is_empty(), "the preset's value again: drawn again");
    }

    /// 10,000 one-office areas over 30 years: fine for the core, too large for a browser tab.
    fn too_big_for_a_tab() -> Scenario {
        let mut s = engine::custom_scenario("10000", "10000", "10").expect("a custom municipality");
        s.end = engine::Date::parse("2055-07-31").expect("date");
        s
    }

    #[test]
    fn a_run_too_large_for_the_browser_is_refused_before_the_worker_starts() {
        let big = too_big_for_a_tab();
        big.validate().expect("inside the core's limits");
        let s = reduce(Rc::new(AppState::default()), Action::Run);
        let s = reduce(s, Action::Finished { id: 1, summaries: vec![summary()], elapsed_ms: 1.0 });
        let s = reduce(s, Action::ImportText(big.to_json()));
        assert_eq!(s.running_id(), None, "nothing is sent to the worker");
        let RunStatus::Failed(m) = &s.status else { panic!("{:?}", s.status) };
        assert!(m.contains("memory") && m.contains("browser tab allows 1.0 GB"), "{m}");
        assert_eq!(s.result.as_ref().map(|r| r.id), Some(1), "the previous result stays");
        // The worker refuses it with the same function and the same words.
        assert_eq!(engine::check_run(&s.run_scenarios()), Err(m.clone()));
        // A year of it fits.
        let s = reduce(s, Action::SetField { field: "replications".into(), text: "20".into() });
        let mut small = too_big_for_a_tab();
        small.end = engine::Date::parse("2027-01-31").expect("date");
        assert_eq!(engine::check_run(&[small]), Ok(()));
        assert!(s.errors.is_empty(), "{:?}", s.errors);
    }

    #[test]
    fn the_page_checks_what_the_worker_checks() {
        let mut bad = engine::default_scenario();
        bad.replications = 0;
        let m = engine::check_run(&[bad]).expect_err("refused");
        assert!(m.contains("replications"), "{m}");
        assert_eq!(engine::check_run(&[engine::default_scenario()]), Ok(()));
        // Four strategies count together.
        let mut s = too_big_for_a_tab();
        s.end = engine::Date::parse("2040-01-31").expect("date");
        let one = engine::check_run(std::slice::from_ref(&s));
        let four = engine::check_run(&[s.clone(), s.clone(), s.clone(), s]);
        assert!(one.is_ok() && four.is_err(), "{one:?} {four:?}");
    }

    #[test]
    fn an_unreadable_share_link_or_autosave_keeps_its_text_for_download() {
        let link = "v=1&region=atlantis&p.q=3".to_string();
        let s = AppState::initial(Some(link.clone()), Some("v=1&region=sendai".into()));
        assert_eq!(s.region, engine::DEFAULT_REGION, "the defaults, as before");
        let n = s.notice.clone().expect("notice");
        assert!(matches!(&n, Notice::ShareFailed { message, .. } if message.contains("atlantis")), "{n:?}");
        assert_eq!(n.unreadable(), Some(("renkei-unreadable-link.txt", link.as_str())));
        let saved = "v=1&region=okazaki&p.q=abc&st=actual".to_string();
        let s = AppState::initial(None, Some(saved.clone()));
        let n = s.notice.clone().expect("notice");
        assert!(matches!(&n, Notice::AutosaveFailed { message, .. } if message.contains("params.q")), "{n:?}");
        assert_eq!(n.unreadable(), Some(("renkei-unreadable-autosave.txt", saved.as_str())));
        assert_eq!(*s.scenario, engine::default_scenario());
        // Readable ones load as before, without a notice.
        let s = AppState::initial(None, Some("v=1&region=sendai".into()));
        assert_eq!((s.region.as_str(), s.notice.is_none()), ("sendai", true));
        assert_eq!(AppState::initial(None, None), AppState::default());
    }

    #[test]
    fn a_file_over_the_size_limit_is_refused_and_nothing_else_changes() {
        let s = Rc::new(AppState::default());
        let big = engine::MAX_IMPORT_BYTES + 1.0;
        let after = reduce(s.clone(), Action::FileTooLarge { table: None, name: "huge.json".into(), bytes: big });
        assert_eq!(after.notice, Some(Notice::TooLarge { name: "huge.json".into(), bytes: big }));
        assert_eq!((after.scenario.clone(), after.status.clone()), (s.scenario.clone(), s.status.clone()));
        let offices = engine::SAMPLE_OFFICES.to_string();
        let s =
            reduce(s, Action::ImportTable { kind: TableKind::Offices, name: "o.csv".into(), text: offices.clone() });
        let s = reduce(s, Action::FileTooLarge { table: Some(TableKind::Edges), name: "edges.csv".into(), bytes: big });
        assert_eq!(s.import.too_large, Some(("edges.csv".into(), big)));
        assert_eq!(s.import.offices.as_ref().map(|f| &f.text), Some(&offices), "the table read before is kept");
        assert!(s.notice.is_none());
        let s = reduce(
            s,
            Action::ImportTable { kind: TableKind::Edges, name: "e.csv".into(), text: engine::SAMPLE_EDGES.into() },
        );
        assert_eq!(s.import.too_large, None);
        assert!(matches!(s.import.preview, Some(Ok(_))), "{:?}", s.import.preview);
    }

    #[test]
    fn results_csv_quotes_names_so_none_forges_a_row_or_a_column() {
        let mut sum = summary();
        sum.header.scenario = "市\nevil,row\r\n=1+1".into();
        let strategies = vec!["a,b".to_string(), "=cmd".to_string()];
        let text = engine::csv(&strategies, &[sum.clone(), sum.clone()]);
        let lines: Vec<&str> = text.split('\n').filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 2 + 2 * sum.months.len(), "{}", &text[..200]);
        assert!(lines[0].starts_with("# Renkei") && lines[0].contains(r#"("市\nevil,row\r\n=1+1")"#), "{}", lines[0]);
        assert!(lines[2].starts_with("\"a,b\","), "{}", lines[2]);
        assert!(lines.iter().any(|l| l.starts_with("\"'=cmd\",")));
        assert!(lines[2..].iter().all(|l| !l.contains('\r')));
    }

    #[test]
    fn csv_headers_are_read_whatever_the_line_endings_and_separator() {
        let want = ["ID", "area", "kind"].map(String::from).to_vec();
        for text in [
            "ID,area,kind\r1,a,cm\r2,a,provider\r",
            "\r\n\nID\tarea\tkind\n1\ta\tcm\n",
            "\u{feff}ID;area;kind\r\n1;a;cm\r\n",
        ] {
            assert_eq!(engine::csv_headers(text), want, "{text:?}");
            assert_eq!(engine::missing_columns(&engine::csv_headers(text)), vec!["role"]);
        }
        // The mapping rewrites that header only, keeping separator and line endings.
        let map = vec![("role".to_string(), "kind".to_string())];
        assert_eq!(engine::remap_header("ID,area,kind\r1,a,cm\r", &map), "ID,area,role\r1,a,cm\r");
        assert_eq!(engine::remap_header("\nID\tarea\tkind\n1\ta\tcm\n", &map), "\nID\tarea\trole\n1\ta\tcm\n");
        // A CR-only office table with other column names imports once mapped.
        let offices = engine::SAMPLE_OFFICES.replace("\r\n", "\n").replace('\n', "\r").replacen("role", "kind", 1);
        let s = reduce(
            Rc::new(AppState::default()),
            Action::ImportTable { kind: TableKind::Offices, name: "o.csv".into(), text: offices },
        );
        assert_eq!(s.import.missing(), vec!["role"]);
        let s = reduce(
            s,
            Action::ImportTable { kind: TableKind::Edges, name: "e.csv".into(), text: engine::SAMPLE_EDGES.into() },
        );
        let s = reduce(s, Action::MapColumn { column: "role".into(), header: "kind".into() });
        assert!(matches!(s.import.preview, Some(Ok(_))), "{:?}", s.import.preview);
    }
}
