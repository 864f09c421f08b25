//! The prefecture view's state (issue 26): the file read in the browser, the budget and the
//! replications as typed, the job (every run of `prefecture::prepare`, spread over the view's
//! own pool) and the view the core assembles from the runs' outcomes, and the table's order.
//! The file is read and every run set up and checked on the page before any worker starts, so
//! a refused file or field lists its problems at once and the view on screen stays.

use crate::ui::shared::bridge::{FieldError, FiguresText, Problem, Scenario};
use crate::ui::workers::{JobEvent, JobSlot};
use renkei::sim::error::SimError;
use renkei::sim::experiment::prefecture::{self, Outcome, Prefecture, RankedPair, Work};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

/// The committed fictional prefecture (docs/samples/prefecture.csv), offered as a button.
pub const SAMPLE: &str = include_str!("../../../docs/samples/prefecture.csv");
pub const SAMPLE_NAME: &str = "prefecture.csv";
/// Replications per run unless the field says otherwise (the CLI's default).
pub const DEFAULT_REPS: u32 = 200;

/// A column the table can be ordered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// The file's order.
    File,
    Name,
    /// Today's adoption rate.
    Today,
    /// The forecast rate at the horizon under the national policy only (median).
    Forecast,
    /// The best option's expected additional adopters.
    Gain,
    /// The best option's yen per additional adopter (cheapest first; none last).
    YenPer,
}

/// A view on screen with the work it was assembled from (its towns open in the planner).
#[derive(Clone, Debug)]
pub struct Shown {
    pub view: Prefecture,
    pub work: Work,
}

impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        self.view == other.view
    }
}

/// The work of a running job (the same work, not an equal one).
#[derive(Clone, Debug)]
pub struct Pending(pub Rc<Work>);

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PrefectureState {
    /// The file's name and text, once one has been read.
    pub file: Option<(String, Rc<str>)>,
    /// Municipalities of the file when it reads (shown before a run).
    pub towns: usize,
    pub budget: String,
    pub reps: String,
    /// Refused fields (`budget`, `reps`), said next to the field.
    pub errors: BTreeMap<&'static str, FieldError>,
    /// A refused file: every row's problems (`SimError::Rows`), or why it could not be read.
    pub problem: Option<Problem>,
    pub job: JobSlot<Vec<Scenario>, Shown>,
    /// The work of the job running (assembled when its outcomes come back).
    pub pending: Option<Pending>,
    /// The table's order: a column, and whether descending.
    pub sort: (Column, bool),
    next_id: u32,
}

impl Default for PrefectureState {
    fn default() -> Self {
        PrefectureState {
            file: None,
            towns: 0,
            budget: String::new(),
            reps: DEFAULT_REPS.to_string(),
            errors: BTreeMap::new(),
            problem: None,
            job: JobSlot::default(),
            pending: None,
            sort: (Column::File, false),
            next_id: 1,
        }
    }
}

#[derive(Clone, Debug)]
pub enum PrefectureAction {
    /// A file's text (the sample, or one the browser read): checked at once.
    Load {
        name: String,
        text: String,
    },
    /// The browser could not read the chosen file.
    ReadFailed(String),
    SetBudget(String),
    SetReps(String),
    Run,
    Cancel,
    /// The view's workers (`workers::PrefectureKind`): every run's outcome, in run order.
    Job(JobEvent<Vec<Outcome>>),
    /// Order the table by a column (again: the other direction).
    Sort(Column),
}

/// A budget as typed: empty is none; `¥`, `円`, commas and spaces are ignored (`3,000,000`).
pub fn budget_of(text: &str) -> Result<Option<f64>, FieldError> {
    let t: String = text.chars().filter(|c| !matches!(c, ',' | ' ' | '¥' | '円' | '_')).collect();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>().map(Some).map_err(|_| FieldError::NotNumber)
}

fn reps_of(text: &str) -> Result<u32, FieldError> {
    text.trim().parse::<u32>().map_err(|_| FieldError::NotWhole)
}

impl PrefectureState {
    /// Reads the file and sets up every run; on a refusal the problem or field error is kept
    /// and nothing else changes.
    fn start(&mut self) {
        self.errors.clear();
        let Some((_, text)) = &self.file else { return };
        let budget = budget_of(&self.budget).map_err(|e| self.errors.insert("budget", e));
        let reps = reps_of(&self.reps).map_err(|e| self.errors.insert("reps", e));
        let (Ok(budget), Ok(reps)) = (budget, reps) else { return };
        let towns = match prefecture::read(text) {
            Ok(t) => t,
            Err(e) => return self.problem = Some(Problem::Sim(e)),
        };
        self.problem = None;
        // One seed for every run: the constructor's, as `renkei prefecture` without --seed.
        let seed = towns.first().map_or(0, |t| t.scenario.seed);
        let names = vec!["all".to_string()];
        let work = renkei::sim::experiment::options::names(&names)
            .and_then(|names| prefecture::prepare(towns, &names, reps, seed, budget));
        match work {
            Ok(work) => {
                let id = self.next_id;
                self.next_id += 1;
                self.job.start(id, work.runs.clone());
                self.pending = Some(Pending(Rc::new(work)));
            }
            Err(SimError::Invalid { field, reason }) if field == "budget" || field == "replications" => {
                let key = if field == "budget" { "budget" } else { "reps" };
                self.errors.insert(key, FieldError::Sim(SimError::Invalid { field, reason }));
            }
            Err(e) => self.problem = Some(Problem::Sim(e)),
        }
    }

    /// The municipalities (indices into the view's) in the table's order; ties keep file order.
    pub fn order(&self, view: &Prefecture) -> Vec<usize> {
        let mut rows: Vec<usize> = (0..view.municipalities.len()).collect();
        let (column, descending) = self.sort;
        let key = |m: usize| -> (f64, String) {
            let town = &view.municipalities[m];
            let best = best(view, m);
            let today = town.today.adopted as f64 / town.today.offices.max(1) as f64;
            let forecast = town.options.first().map_or(0.0, |o| o.rate.median);
            match column {
                Column::File => (m as f64, String::new()),
                Column::Name => (0.0, town.municipality.clone()),
                Column::Today => (today, String::new()),
                Column::Forecast => (forecast, String::new()),
                Column::Gain => (best.map_or(0.0, |b| b.additional_adopters), String::new()),
                Column::YenPer => {
                    (best.and_then(|b| b.yen_per_additional_adopter).unwrap_or(f64::INFINITY), String::new())
                }
            }
        };
        rows.sort_by(|&a, &b| {
            let (ka, kb) = (key(a), key(b));
            let o = ka.0.total_cmp(&kb.0).then_with(|| ka.1.cmp(&kb.1));
            if descending {
                o.reverse()
            } else {
                o
            }
        });
        rows
    }

    /// The form of municipality `m` of the view on screen, for the planner.
    pub fn figures(&self, m: usize) -> Option<FiguresText> {
        let shown = self.job.result.as_ref()?;
        shown.work.towns.get(m).map(|t| FiguresText::of(&t.scenario))
    }
}

/// The best option of municipality `m`: its first in the core's ranking (the cheapest
/// additional adopter); `None` when no option gains in expectation.
pub fn best(view: &Prefecture, m: usize) -> Option<&RankedPair> {
    let name = &view.municipalities.get(m)?.municipality;
    view.ranking.iter().find(|r| &r.municipality == name)
}

impl Reducible for PrefectureState {
    type Action = PrefectureAction;

    fn reduce(self: Rc<Self>, action: PrefectureAction) -> Rc<Self> {
        let mut s = (*self).clone();
        if s.apply(action) {
            Rc::new(s)
        } else {
            self
        }
    }
}

impl PrefectureState {
    /// The reducer: false when nothing changed.
    pub fn apply(&mut self, action: PrefectureAction) -> bool {
        use PrefectureAction::*;
        match action {
            Load { name, text } => {
                // A file that does not read lists its problems; the view on screen stays.
                match prefecture::read(&text) {
                    Ok(t) => {
                        self.towns = t.len();
                        self.problem = None;
                    }
                    Err(e) => {
                        self.towns = 0;
                        self.problem = Some(Problem::Sim(e));
                    }
                }
                self.file = Some((name, text.into()));
            }
            ReadFailed(m) => self.problem = Some(Problem::Read(m)),
            SetBudget(t) => self.budget = t,
            SetReps(t) => self.reps = t,
            Run => {
                if self.file.is_none() {
                    return false;
                }
                self.start();
            }
            Cancel => {
                self.pending = None;
                return self.job.cancel();
            }
            Job(JobEvent::Progress { id, done, total, .. }) => return self.job.progress(id, done, total),
            Job(JobEvent::Finished { id, reply: outcomes, .. }) => {
                if self.job.running_id() != Some(id) {
                    return false;
                }
                let Some(Pending(work)) = self.pending.take() else { return false };
                match work.assemble(&outcomes) {
                    Ok(view) => {
                        let work = Rc::try_unwrap(work).unwrap_or_else(|w| (*w).clone());
                        self.job.finish(id, Shown { view, work });
                    }
                    Err(e) => {
                        self.job.fail(id, Problem::Sim(e));
                    }
                }
            }
            Job(JobEvent::Failed { id, problem }) => {
                if !self.job.fail(id, problem) {
                    return false;
                }
                self.pending = None;
            }
            Sort(column) => {
                let descending = self.sort.0 == column && !self.sort.1;
                self.sort = (column, descending);
            }
        }
        true
    }
}

#[cfg(test)]
mod tests;
