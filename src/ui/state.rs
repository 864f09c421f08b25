//! Page state: the feature slices and what they share (the language, the notice, job ids),
//! held above the router ([`Provide`]: one context per slice). [`AppState::reduce`] hands
//! each action to its slice's sub-reducer, or to [`across`] when it reaches beyond its slice;
//! a job's events come as its slice's action (`workers::use_job`). Side effects (the
//! workers) watch the slots' running ids.

use crate::ui::cost::state::{CostAction, CostState};
use crate::ui::goal::state::{GoalAction, GoalState};
use crate::ui::import::state::{ImportAction, ImportState};
use crate::ui::options::state::{OptionsAction, OptionsState};
use crate::ui::planner::share::{self, Shared};
use crate::ui::planner::state::{PlannerAction, PlannerState};
use crate::ui::research::state::{ResearchAction, ResearchState};
use crate::ui::shared::bridge::{self as engine, Problem};
use crate::ui::shared::dom;
use crate::ui::shared::i18n::{choice, Lang};
use crate::ui::shared::job::JobProgress;
use crate::ui::shared::plan::Plan;
use crate::ui::shared::route::Route;
use crate::ui::survey::state::{SurveyAction, SurveyState};
use std::rc::Rc;
use yew::prelude::*;

mod across;

use crate::ui::workers::JobEvent;
pub use crate::ui::workers::RunStatus;

pub use crate::ui::shared::ids::Ids;
pub use crate::ui::shared::notice::Notice;

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub lang: Lang,
    pub notice: Option<Notice>,
    pub ids: Ids,
    pub planner: PlannerState,
    pub research: ResearchState,
    pub import: ImportState,
    pub goal: GoalState,
    pub cost: CostState,
    pub survey: SurveyState,
    pub options: OptionsState,
}

#[derive(Debug, Clone)]
pub enum Action {
    Planner(PlannerAction),
    Research(ResearchAction),
    Import(ImportAction),
    Goal(GoalAction),
    Cost(CostAction),
    Survey(SurveyAction),
    Options(OptionsAction),
    /// Whom outreach or visits approach first (`planner::targeting`): a rule's name.
    SetTargeting {
        aim: crate::ui::planner::targeting_rule::Aim,
        rule: String,
    },
    ToggleLang,
    SetLang(Lang),
    SetNotice(Option<Notice>),
    /// Restore a share link or the autosave (does not start a run).
    Load(Box<Shared>),
    /// A scenario file over [`engine::MAX_IMPORT_BYTES`]: refused before it is read.
    FileTooLarge {
        name: String,
        bytes: f64,
    },
    /// Replace the planner's scenario with the imported network and run it.
    RunImported,
    /// Sets the planner's calibrated parameters to the posterior medians
    /// (`best`: to the particle with the smallest distance).
    ApplyCalibration {
        best: bool,
    },
}

impl From<PlannerAction> for Action {
    fn from(a: PlannerAction) -> Action {
        Action::Planner(a)
    }
}
impl From<ResearchAction> for Action {
    fn from(a: ResearchAction) -> Action {
        Action::Research(a)
    }
}
impl From<GoalAction> for Action {
    fn from(a: GoalAction) -> Action {
        Action::Goal(a)
    }
}
impl From<OptionsAction> for Action {
    fn from(a: OptionsAction) -> Action {
        Action::Options(a)
    }
}
impl From<CostAction> for Action {
    fn from(a: CostAction) -> Action {
        Action::Cost(a)
    }
}
impl From<SurveyAction> for Action {
    fn from(a: SurveyAction) -> Action {
        Action::Survey(a)
    }
}
impl From<ImportAction> for Action {
    fn from(a: ImportAction) -> Action {
        Action::Import(a)
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            lang: Lang::Ja,
            notice: None,
            ids: Ids(1),
            planner: PlannerState::default(),
            research: ResearchState::default(),
            import: ImportState::default(),
            goal: GoalState::default(),
            cost: CostState::default(),
            survey: SurveyState::default(),
            options: OptionsState::default(),
        }
    }
}

impl AppState {
    /// Id of the planner's run the worker should be doing now, if any.
    pub fn running_id(&self) -> Option<u32> {
        self.planner.run.running_id()
    }

    /// The progress of every running job of the slices (provided apart from them).
    pub fn progress(&self) -> JobProgress {
        let mut p = JobProgress::default();
        for status in [
            &self.planner.run.status,
            &self.research.tornado.status,
            &self.research.calib.status,
            &self.goal.job.status,
            &self.cost.job.status,
            &self.options.rank.status,
            &self.options.goals.status,
        ] {
            p.push(status);
        }
        p
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
        let p = &self.planner;
        let text = share::encode(&p.region, &p.scenario, &p.strategies, self.lang);
        if p.counterfactual {
            format!("{text}&view=cf")
        } else {
            text
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let changed = match action {
            Action::Planner(a) => {
                let ran = matches!(a, PlannerAction::Job(JobEvent::Finished { .. }));
                let changed = s.planner.reduce(a, &mut s.ids, &mut s.notice);
                if changed && ran {
                    across::after_run(&mut s);
                }
                changed
            }
            Action::Research(a) => s.research.reduce(a, &s.planner.plan(), &mut s.ids),
            Action::Import(a) => {
                s.import.reduce(a, &s.planner.scenario);
                true
            }
            Action::Goal(a) => across::goal(&mut s, a),
            Action::Cost(a) => across::cost(&mut s, a),
            Action::Survey(a) => across::survey(&mut s, a),
            Action::Options(a) => across::options(&mut s, a),
            Action::SetTargeting { aim, rule } => across::targeting(&mut s, aim, &rule),
            Action::ToggleLang => {
                s.lang = s.lang.other();
                true
            }
            Action::SetLang(lang) => {
                s.lang = lang;
                true
            }
            Action::SetNotice(n) => {
                s.notice = n;
                true
            }
            Action::FileTooLarge { name, bytes } => {
                s.notice = Some(Notice::TooLarge { name, bytes });
                true
            }
            Action::Load(shared) => {
                let Shared { region, scenario, strategies, lang, counterfactual } = *shared;
                let p = &mut s.planner;
                p.counterfactual = counterfactual;
                p.region = region;
                p.scenario = Rc::new(scenario);
                p.strategies = strategies;
                p.drafts.clear();
                p.errors.clear();
                if p.is_town() {
                    // the form shows the restored town's figures (its defaults left empty)
                    p.town = engine::FiguresText::of(&p.scenario);
                }
                if let Some(l) = lang {
                    s.lang = l;
                }
                true
            }
            Action::RunImported => {
                // rebuilt on the current scenario, so parameters changed since the check are kept
                let Some(Ok(p)) = s.import.check(&s.planner.scenario) else { return self };
                let mut scenario = p.scenario.clone();
                scenario.name = s.import.municipality(s.lang, &s.planner.region);
                s.import.preview = Some(Ok(p));
                s.notice = None;
                s.planner.undo = None;
                s.planner.adopt(scenario.name.clone(), scenario, &mut s.ids);
                true
            }
            Action::ApplyCalibration { best } => {
                let Some(c) = s.research.calib.result.clone() else { return self };
                let applied = if best {
                    engine::apply_best(&s.planner.scenario, &c.result.posterior)
                } else {
                    engine::apply_posterior(&s.planner.scenario, &c.result.posterior)
                };
                match applied {
                    Ok(next) => s.planner.set_params(next),
                    Err(e) => s.research.calib.refuse_with(Problem::Sim(e)),
                }
                true
            }
        };
        if changed {
            Rc::new(s)
        } else {
            self
        }
    }
}

/// Sends actions to the page state. One value for the page's life (yew's dispatcher), so no
/// component re-renders because it holds one.
#[derive(Clone, PartialEq)]
pub struct Dispatch(UseReducerDispatcher<AppState>);

impl Dispatch {
    pub fn send(&self, action: impl Into<Action>) {
        self.0.dispatch(action.into());
    }

    /// A callback that sends the action `f` makes of its event (the clone-and-dispatch
    /// pattern, written once).
    pub fn to<E: 'static>(&self, f: impl Fn(E) -> Action + 'static) -> Callback<E> {
        let d = self.0.clone();
        Callback::from(move |e: E| d.dispatch(f(e)))
    }

    /// A function that sends the action `f` makes of its argument (a job's events, `use_job`).
    pub fn map<E, A: Into<Action>>(&self, f: impl Fn(E) -> A + 'static) -> impl Fn(E) + 'static {
        let d = self.0.clone();
        move |e| d.dispatch(f(e).into())
    }

    /// A callback that sends `action` whatever its event.
    pub fn on<E: 'static>(&self, action: impl Into<Action> + Clone + 'static) -> Callback<E> {
        let d = self.0.clone();
        Callback::from(move |_: E| d.dispatch(action.clone().into()))
    }
}

/// The page state's dispatcher (provided above the router).
#[hook]
pub fn use_dispatch() -> Dispatch {
    use_context::<Dispatch>().expect("the page state is provided above the router")
}

#[derive(Properties, PartialEq)]
pub struct ProvideProps {
    pub state: UseReducerHandle<AppState>,
    /// `state.progress()`: the handle compares by value and the slices are equal but for their
    /// jobs' progress (`JobSlot`'s `PartialEq`), so progress alone must be a prop of its own.
    pub progress: JobProgress,
    #[prop_or_default]
    pub children: Html,
}

/// Provides the page state to everything below it, one context per slice: a component reads
/// the slice it shows (`shared::store::use_slice`, `use_plan`, `use_lang`), so an action
/// re-renders only the readers of the slices it changed (a context notifies its readers only
/// when its value changes).
#[function_component(Provide)]
pub fn provide(p: &ProvideProps) -> Html {
    let s = &*p.state;
    html! {
        <ContextProvider<Dispatch> context={Dispatch(p.state.dispatcher())}>
        <ContextProvider<Lang> context={s.lang}>
        <ContextProvider<Option<Notice>> context={s.notice.clone()}>
        <ContextProvider<JobProgress> context={p.progress.clone()}>
        <ContextProvider<Plan> context={s.planner.plan()}>
        <ContextProvider<PlannerState> context={s.planner.clone()}>
        <ContextProvider<ResearchState> context={s.research.clone()}>
        <ContextProvider<ImportState> context={s.import.clone()}>
        <ContextProvider<GoalState> context={s.goal.clone()}>
        <ContextProvider<CostState> context={s.cost.clone()}>
        <ContextProvider<SurveyState> context={s.survey.clone()}>
        <ContextProvider<OptionsState> context={s.options.clone()}>
            { p.children.clone() }
        </ContextProvider<OptionsState>>
        </ContextProvider<SurveyState>>
        </ContextProvider<CostState>>
        </ContextProvider<GoalState>>
        </ContextProvider<ImportState>>
        </ContextProvider<ResearchState>>
        </ContextProvider<PlannerState>>
        </ContextProvider<Plan>>
        </ContextProvider<JobProgress>>
        </ContextProvider<Option<Notice>>>
        </ContextProvider<Lang>>
        </ContextProvider<Dispatch>>
    }
}

/// The first state of the page: on the planner's address its share link, else the autosave,
/// else the defaults (`AppState::initial`); the language of the link, else the user's last
/// choice (on any view), else the autosave's, else the browser's. An unreadable autosave is
/// also copied to `dom::UNREADABLE_KEY`, since the next autosave overwrites it.
pub fn load() -> AppState {
    let hash = dom::hash().filter(|h| Route::from_hash(h) == Route::Planner);
    let autosave = dom::storage_get(dom::AUTOSAVE_KEY);
    let lang_of = |t: &Option<String>| t.as_deref().and_then(|t| share::decode(t).ok()).and_then(|s| s.lang);
    let lang = lang_of(&hash)
        .or_else(choice::stored)
        .or_else(|| if hash.is_none() { lang_of(&autosave) } else { None })
        .unwrap_or_else(choice::browser);
    let mut s = AppState::initial(hash, autosave);
    s.lang = lang;
    if let Some(Notice::AutosaveFailed { text, .. }) = &s.notice {
        dom::storage_set(dom::UNREADABLE_KEY, text);
    }
    s
}

#[cfg(test)]
mod tests;
