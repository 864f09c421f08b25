//! The page's side of the simulation workers, as the components use it: start a run or a
//! research job, stop it, and receive progress / result / error as [`Action`]s. A pool of
//! workers (`pool.rs`) sits behind it; its results are the same bytes as one worker's.

use super::pool::Pool;
use super::protocol::{Job, PoolEvent, RunRequest};
use super::state::{Action, AppState};
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
        PoolEvent::Failed { id, message } => Action::Failed { id, message },
    }
}

/// Progress waiting for the next animation frame, and the frame's callback once requested.
#[derive(Default)]
struct Pending {
    progress: Option<PoolEvent>,
    frame: Option<Closure<dyn FnMut()>>,
}

impl WorkerClient {
    /// Progress is dispatched at most once per animation frame (the latest wins): each
    /// dispatch re-renders the page, and several workers each post progress every 50 ms.
    /// Every other event is dispatched at once, and drops progress still waiting.
    pub fn new(dispatch: UseReducerDispatcher<AppState>) -> Self {
        let pending: Rc<RefCell<Pending>> = Rc::default();
        let sink = move |e: PoolEvent| {
            if !matches!(e, PoolEvent::Progress { .. }) {
                pending.borrow_mut().progress = None;
                return dispatch.dispatch(action(e));
            }
            let mut p = pending.borrow_mut();
            let waiting = p.progress.replace(e).is_some();
            if waiting {
                return;
            }
            let (later, d) = (pending.clone(), dispatch.clone());
            let frame = p.frame.get_or_insert_with(|| {
                Closure::new(move || {
                    if let Some(e) = later.borrow_mut().progress.take() {
                        d.dispatch(action(e));
                    }
                })
            });
            let asked = web_sys::window()
                .map(|w| w.request_animation_frame(frame.as_ref().unchecked_ref()).is_ok())
                .unwrap_or(false);
            if !asked {
                if let Some(e) = p.progress.take() {
                    drop(p);
                    dispatch.dispatch(action(e));
                }
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
