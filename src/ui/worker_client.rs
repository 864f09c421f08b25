//! The page's side of the simulation workers, as the components use it: start a run or a
//! research job, stop it, and receive progress / result / error as [`Action`]s. A pool of
//! workers (`pool.rs`) sits behind it; its results are the same bytes as one worker's.

use super::pool::Pool;
use super::protocol::{Job, PoolEvent, RunRequest};
use super::state::{Action, AppState};
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
        PoolEvent::Failed { id, message } => Action::Failed { id, message },
    }
}

impl WorkerClient {
    pub fn new(dispatch: UseReducerDispatcher<AppState>) -> Self {
        WorkerClient { pool: Pool::new(move |e| dispatch.dispatch(action(e))) }
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
