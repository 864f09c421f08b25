//! Page state: a pure reducer over [`Action`], held in a yew context.
//! Side effects (the worker) watch [`AppState::running_id`].

use super::engine::{self, FieldError, Scenario, Summary};
use super::i18n::Lang;
use super::share::{self, Shared};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// A message shown above the results until dismissed or replaced.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// An imported file was refused (the core's message names the field).
    ImportFailed(String),
    /// The share link in the address bar could not be read.
    ShareFailed(String),
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
    /// Id the next run will get; ids only grow, so late messages of a
    /// cancelled or superseded run are recognised and dropped.
    pub next_id: u32,
}

#[derive(Debug, Clone)]
pub enum Action {
    ToggleLang,
    SetLang(Lang),
    /// Pick a preset region and run it.
    SelectRegion(String),
    /// Run the current scenario (supersedes a run in progress).
    Run,
    Cancel,
    /// Add a strategy to the comparison, or remove it (one always stays).
    ToggleStrategy(String),
    /// Restore a share link or the autosave (does not start a run).
    Load(Box<Shared>),
    /// The text of an imported scenario file: replaces the scenario and runs it.
    ImportText(String),
    SetNotice(Option<Notice>),
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
            next_id: 1,
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

    /// The state as a share text (address-bar hash and autosave).
    pub fn share_text(&self) -> String {
        share::encode(&self.region, &self.scenario, &self.strategies, self.lang)
    }

    /// The scenarios of a run: the current one under each chosen strategy.
    pub fn run_scenarios(&self) -> Vec<Scenario> {
        self.run_strategies.iter().filter_map(|n| engine::with_strategy(&self.scenario, n)).collect()
    }

    fn start_run(&mut self) {
        self.run_strategies = self.strategies.clone();
        self.status = RunStatus::Running { id: self.next_id, done: 0, total: 0 };
        self.next_id += 1;
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
            Action::Run => {
                if !s.errors.is_empty() {
                    return self;
                }
                s.start_run()
            }
            Action::SetField { field, text } => {
                s.errors.remove(&field);
                match engine::apply_field(&s.scenario, &field, &text) {
                    Ok(next) => {
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
            Action::Cancel => {
                if s.running_id().is_none() {
                    return self;
                }
                s.status = RunStatus::Cancelled;
            }
            Action::Progress { id, done, total } => {
                if s.running_id() != Some(id) {
                    return self;
                }
                s.status = RunStatus::Running { id, done, total };
            }
            Action::Finished { id, summaries, elapsed_ms } => {
                if s.running_id() != Some(id) {
                    return self;
                }
                s.status = RunStatus::Idle;
                s.result = Some(Rc::new(RunResult {
                    id,
                    region: s.region.clone(),
                    strategies: s.run_strategies.clone(),
                    summaries,
                    elapsed_ms,
                }));
            }
            Action::Load(shared) => {
                let Shared { region, scenario, strategies, lang } = *shared;
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
            Action::Failed { id, message } => {
                if s.running_id() != Some(id) {
                    return self;
                }
                s.status = RunStatus::Failed(message);
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
}
