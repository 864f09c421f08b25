//! Page state: the feature slices (planner, research, import) and what they share (the
//! language, the notice, job ids), held in one yew context. [`AppState::reduce`] hands each
//! action to its slice's sub-reducer; a job's events come as its slice's action
//! (`workers::use_job`). Side effects (the workers) watch the slots' running ids.

use crate::ui::cost::state::{CostAction, CostState};
use crate::ui::goal::state::{GoalAction, GoalState};
use crate::ui::import::state::{ImportAction, ImportState};
use crate::ui::options::state::{OptionsAction, OptionsState};
use crate::ui::planner::share::{self, Shared};
use crate::ui::planner::state::{PlannerAction, PlannerState};
use crate::ui::research::state::{ResearchAction, ResearchState};
use crate::ui::shared::bridge::{self as engine, Problem};
use crate::ui::shared::i18n::Lang;
use crate::ui::survey::state::{SurveyAction, SurveyState};
use std::rc::Rc;
use yew::prelude::*;

use crate::ui::workers::JobEvent;
pub use crate::ui::workers::RunStatus;

/// A message shown above the results until dismissed or replaced.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// An imported file was refused (the core's message names the field).
    ImportFailed(Problem),
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

/// Job ids for every slot: they only grow, so a late message of a cancelled or superseded
/// job is recognised whichever slot it was for.
#[derive(Debug, Clone, PartialEq)]
pub struct Ids(pub u32);

impl Ids {
    pub fn fresh(&mut self) -> u32 {
        let id = self.0;
        self.0 += 1;
        id
    }
}

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
        aim: crate::ui::planner::targeting::Aim,
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
                    crate::ui::cost::state::after_run(&mut s);
                }
                changed
            }
            Action::Research(a) => s.research.reduce(a, &s.planner, &mut s.ids),
            Action::Import(a) => {
                s.import.reduce(a, &s.planner.scenario);
                true
            }
            Action::Goal(a) => crate::ui::goal::state::reduce(&mut s, a),
            Action::Cost(a) => crate::ui::cost::state::reduce(&mut s, a),
            Action::Survey(a) => crate::ui::survey::state::reduce(&mut s, a),
            Action::Options(a) => crate::ui::options::state::reduce(&mut s, a),
            Action::SetTargeting { aim, rule } => crate::ui::planner::targeting::reduce(&mut s, aim, &rule),
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

/// The context every component reads and dispatches to.
pub type AppContext = UseReducerHandle<AppState>;

#[cfg(test)]
mod tests;
