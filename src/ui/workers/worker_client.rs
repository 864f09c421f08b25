//! The page's side of the simulation workers, as the components use it: start a run or a
//! research job, stop it, and receive progress / result / error as [`Action`]s. A pool of
//! workers (`pool.rs`) sits behind it; its results are the same bytes as one worker's.

use super::pool::Pool;
use super::protocol::{Job, PoolEvent, RunRequest};
use crate::ui::options::state::OptionsAction;
use crate::ui::state::{Action, AppState};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::UseReducerDispatcher;

#[derive(Clone)]
pub struct WorkerClient {
    pool: Pool,
}

impl PartialEq for WorkerClient {
    fn eq(&self, other: &Self) -> bool {
        self.pool.same(&other.pool)
    }
}

/// The page's action for a pool event.
pub fn action(event: PoolEvent) -> Action {
    match event {
        PoolEvent::Progress { id, done, total } => Action::Progress { id, done, total },
        PoolEvent::Finished { id, summaries, elapsed_ms } => Action::Finished { id, summaries, elapsed_ms },
        PoolEvent::TornadoFinished { id, tornado, elapsed_ms } => Action::TornadoFinished { id, tornado, elapsed_ms },
        PoolEvent::CalibrationFinished { id, result, elapsed_ms } => {
            Action::CalibrationFinished { id, result, elapsed_ms }
        }
        PoolEvent::GoalFinished { id, answer } => Action::GoalFinished { id, answer },
        PoolEvent::CostFinished { id, rows } => Action::CostFinished { id, rows },
        PoolEvent::RankFinished { id, result } => Action::Options(OptionsAction::RankFinished { id, result }),
        PoolEvent::GoalsFinished { id, answers } => Action::Options(OptionsAction::GoalsFinished { id, answers }),
        // The prefecture view has a pool of its own (`prefecture::use_pool`); no planner slot has its id.
        PoolEvent::PrefectureFinished { id, .. } => {
            Action::Failed { id, message: "a prefecture's outcomes reached the planner".into() }
        }
        PoolEvent::Failed { id, message } => Action::Failed { id, message },
    }
}

/// The least time between two progress renders: each re-renders the whole page (a few ms of
/// yew and paint on the main thread), and a progress bar needs no more than ten a second.
const PROGRESS_EVERY_MS: f64 = 100.0;

/// Progress waiting for its animation frame, the frame callback, and when progress was last
/// dispatched (the frame's time).
#[derive(Default)]
struct Pending {
    progress: Option<PoolEvent>,
    frame: Option<Closure<dyn FnMut(f64)>>,
    last: f64,
}

/// Asks for an animation frame for the pending progress; false if there is no window.
fn ask_frame(pending: &Rc<RefCell<Pending>>) -> bool {
    let p = pending.borrow();
    match (web_sys::window(), p.frame.as_ref()) {
        (Some(w), Some(f)) => w.request_animation_frame(f.as_ref().unchecked_ref()).is_ok(),
        _ => false,
    }
}

impl WorkerClient {
    /// Progress is dispatched in an animation frame, at most every [`PROGRESS_EVERY_MS`], the
    /// latest winning: each dispatch re-renders the page, and every worker posts progress
    /// every 50 ms. Every other event is dispatched at once, and drops progress still waiting.
    pub fn new(dispatch: UseReducerDispatcher<AppState>) -> Self {
        let pending: Rc<RefCell<Pending>> = Rc::default();
        let (later, d) = (Rc::downgrade(&pending), dispatch.clone());
        pending.borrow_mut().frame = Some(Closure::new(move |t: f64| {
            let Some(pending) = later.upgrade() else { return };
            let due = {
                let mut p = pending.borrow_mut();
                if p.progress.is_some() && t - p.last < PROGRESS_EVERY_MS {
                    None // too soon: wait for a later frame
                } else {
                    p.last = t;
                    Some(p.progress.take())
                }
            };
            match due {
                None => {
                    ask_frame(&pending);
                }
                Some(Some(e)) => d.dispatch(action(e)),
                Some(None) => {}
            }
        }));
        let sink = move |e: PoolEvent| {
            if !matches!(e, PoolEvent::Progress { .. }) {
                pending.borrow_mut().progress = None;
                return dispatch.dispatch(action(e));
            }
            let waiting = pending.borrow_mut().progress.replace(e).is_some();
            if !waiting && !ask_frame(&pending) {
                let e = pending.borrow_mut().progress.take();
                e.into_iter().for_each(|e| dispatch.dispatch(action(e)));
            }
        };
        WorkerClient { pool: Pool::new(sink) }
    }

    /// Starts a run (replacing any run still going).
    pub fn start(&self, req: &RunRequest) {
        self.pool.start_run(req);
    }

    /// Starts a research job (tornado, calibration).
    pub fn start_job(&self, job: &Job) {
        self.pool.start_job(job);
    }

    /// Stops run or job `id` if it is still going (its workers are terminated; fresh ones
    /// are spawned for the next).
    pub fn stop(&self, id: u32) {
        self.pool.stop(id);
    }

    /// Spawns the workers ahead of the first run so their wasm loads early.
    pub fn warm_up(&self) {
        self.pool.warm_up();
    }
}
