//! One job's life cycle (start, progress, cancel, finish, fail), written once for every job
//! the page sends to its workers: a feature's slice holds a [`JobSlot`] per job.

use crate::ui::shared::bridge::{Eta, Problem};
use std::rc::Rc;

/// What the page hears of a job (`workers::use_job`), for the slot that holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum JobEvent<R> {
    /// `eta`: the time still needed, from a job that estimates it (the calibration).
    Progress {
        id: u32,
        done: u32,
        total: u32,
        eta: Option<Eta>,
    },
    Finished {
        id: u32,
        reply: R,
        elapsed_ms: f64,
    },
    Failed {
        id: u32,
        problem: Problem,
    },
}

impl<R> JobEvent<R> {
    pub fn id(&self) -> u32 {
        match self {
            JobEvent::Progress { id, .. } | JobEvent::Finished { id, .. } | JobEvent::Failed { id, .. } => *id,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum RunStatus {
    Idle,
    Running {
        id: u32,
        done: u32,
        total: u32,
        /// The time still needed, if the job estimates it.
        eta: Option<Eta>,
    },
    Cancelled,
    /// Refused by the core's or the page's checks before it reached a worker, or failed in
    /// a worker: typed, said in the page's language when shown (`i18n::errors::problem`), so
    /// a change of language says it again.
    Failed(Problem),
}

impl RunStatus {
    /// Equal but for the progress of the same running job.
    fn same_but_progress(&self, other: &RunStatus) -> bool {
        match (self, other) {
            (RunStatus::Running { id: a, .. }, RunStatus::Running { id: b, .. }) => a == b,
            (a, b) => a == b,
        }
    }
}

/// A job slot: the request sent to the worker (`J`), its status and the last result (`R`).
/// Ids only grow (the page hands them out), so late messages of a cancelled or superseded
/// job are recognised and dropped: every method that takes an id does nothing unless that
/// id is the one running.
///
/// Two slots are equal when they differ only in their running job's progress: a slice's
/// context then does not notify its readers on every progress message (ten a second), and
/// the status lines read the progress from [`JobProgress`] instead (`use_progress`).
#[derive(Debug, Clone)]
pub struct JobSlot<J, R> {
    pub job: Option<Rc<J>>,
    /// The id of `job` (the last one started).
    pub id: Option<u32>,
    pub status: RunStatus,
    pub result: Option<Rc<R>>,
}

impl<J: PartialEq, R: PartialEq> PartialEq for JobSlot<J, R> {
    fn eq(&self, other: &Self) -> bool {
        self.job == other.job
            && self.id == other.id
            && self.result == other.result
            && self.status.same_but_progress(&other.status)
    }
}

/// The status of every running job of the page state (progress included): provided apart
/// from the slices (`state::Provide`), so only the status lines re-render as a job goes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JobProgress(pub Vec<RunStatus>);

impl JobProgress {
    /// The page state's part of `status`, if it is running.
    pub fn push(&mut self, status: &RunStatus) {
        if matches!(status, RunStatus::Running { .. }) {
            self.0.push(status.clone());
        }
    }
}

/// `status` with its latest progress: from the page state's [`JobProgress`] when it is
/// provided (the slot's slice does not re-render on progress), else `status` itself (a view's
/// local state, e.g. the prefecture's).
#[yew::hook]
pub fn use_progress(status: &RunStatus) -> RunStatus {
    let provided = yew::use_context::<JobProgress>();
    let RunStatus::Running { id, .. } = *status else { return status.clone() };
    provided
        .and_then(|p| p.0.iter().find(|s| matches!(s, RunStatus::Running { id: i, .. } if *i == id)).cloned())
        .unwrap_or_else(|| status.clone())
}

impl<J, R> Default for JobSlot<J, R> {
    fn default() -> Self {
        JobSlot { job: None, id: None, status: RunStatus::Idle, result: None }
    }
}

impl<J, R> JobSlot<J, R> {
    /// Id of the job the worker should be doing now, if any.
    pub fn running_id(&self) -> Option<u32> {
        match self.status {
            RunStatus::Running { id, .. } => Some(id),
            _ => None,
        }
    }

    /// The job running now, if any (for the effect that sends it to the worker).
    pub fn running_job(&self) -> Option<Rc<J>> {
        self.running_id().and(self.job.clone())
    }

    /// The job running now and its id (what `workers::use_job` starts).
    pub fn running(&self) -> Option<(u32, Rc<J>)> {
        self.running_id().zip(self.job.clone())
    }

    pub fn start(&mut self, id: u32, job: J) {
        self.job = Some(Rc::new(job));
        self.id = Some(id);
        self.status = RunStatus::Running { id, done: 0, total: 0, eta: None };
    }

    /// Refused by the core's or the page's checks, kept typed for the view to translate.
    pub fn refuse_with(&mut self, problem: Problem) {
        self.status = RunStatus::Failed(problem);
    }

    /// Whether a running job was cancelled.
    pub fn cancel(&mut self) -> bool {
        if self.running_id().is_none() {
            return false;
        }
        self.status = RunStatus::Cancelled;
        true
    }

    pub fn progress(&mut self, id: u32, done: u32, total: u32) -> bool {
        self.progress_eta(id, done, total, None)
    }

    /// Progress with the time still needed, if the job estimates it.
    pub fn progress_eta(&mut self, id: u32, done: u32, total: u32, eta: Option<Eta>) -> bool {
        if self.running_id() != Some(id) {
            return false;
        }
        self.status = RunStatus::Running { id, done, total, eta };
        true
    }

    /// Stores the result of job `id` if it is the one running; the job is kept so the
    /// result can be read with what produced it.
    pub fn finish(&mut self, id: u32, result: R) -> bool {
        if self.running_id() != Some(id) {
            return false;
        }
        self.status = RunStatus::Idle;
        self.result = Some(Rc::new(result));
        true
    }

    pub fn fail(&mut self, id: u32, problem: Problem) -> bool {
        if self.running_id() != Some(id) {
            return false;
        }
        self.status = RunStatus::Failed(problem);
        true
    }

    /// A worker's event for a slot whose result is the job's reply as it comes; whether the
    /// slot changed (only the running id moves it).
    pub fn apply(&mut self, event: JobEvent<R>) -> bool {
        self.apply_map(event, |_, _, reply, _| reply)
    }

    /// As [`JobSlot::apply`], the reply made into the slot's result by `result(job, id,
    /// reply, elapsed_ms)`, called only for the running job.
    pub fn apply_map<T>(&mut self, event: JobEvent<T>, result: impl FnOnce(&J, u32, T, f64) -> R) -> bool {
        match event {
            JobEvent::Progress { id, done, total, eta } => self.progress_eta(id, done, total, eta),
            JobEvent::Finished { id, reply, elapsed_ms } => {
                match self.running().filter(|(running, _)| *running == id) {
                    Some((_, job)) => self.finish(id, result(&job, id, reply, elapsed_ms)),
                    None => false,
                }
            }
            JobEvent::Failed { id, problem } => self.fail(id, problem),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_running_id_moves_the_slot() {
        let mut s: JobSlot<&str, u8> = JobSlot::default();
        assert!(!s.cancel());
        s.start(3, "job");
        assert!(!s.progress(2, 1, 2), "an old id is ignored");
        assert!(s.progress(3, 1, 2));
        assert_eq!(s.status, RunStatus::Running { id: 3, done: 1, total: 2, eta: None });
        assert!(s.cancel());
        assert!(!s.finish(3, 9), "a cancelled job's late result is dropped");
        assert_eq!(s.result, None);
        s.start(4, "again");
        assert!(s.finish(4, 7));
        assert_eq!(s.result.as_deref(), Some(&7));
        assert_eq!(s.status, RunStatus::Idle);
        s.start(5, "bad");
        assert!(s.fail(5, Problem::Worker("no".into())));
        assert_eq!(s.result.as_deref(), Some(&7), "a failure keeps the previous result");
        assert_eq!(s.status, RunStatus::Failed(Problem::Worker("no".into())));
        s.start(6, "events");
        assert_eq!(s.running().map(|(id, j)| (id, *j)), Some((6, "events")));
        assert!(!s.apply(JobEvent::Finished { id: 5, reply: 1, elapsed_ms: 0.0 }), "not the running id");
        let eta = Some(Eta::remaining(60.0, 90.0));
        assert!(s.apply(JobEvent::Progress { id: 6, done: 1, total: 4, eta }));
        assert_eq!(s.status, RunStatus::Running { id: 6, done: 1, total: 4, eta });
        assert!(s.apply(JobEvent::Finished { id: 6, reply: 8, elapsed_ms: 0.0 }));
        assert_eq!((s.result.as_deref(), s.running()), (Some(&8), None));
    }

    #[test]
    fn a_slot_is_equal_to_itself_with_more_progress_and_not_after_any_other_change() {
        let mut a: JobSlot<&str, u8> = JobSlot::default();
        a.start(3, "job");
        let mut b = a.clone();
        assert!(b.progress(3, 5, 9));
        assert_eq!(a, b, "progress alone does not notify the slice's readers");
        let mut c = b.clone();
        assert!(c.finish(3, 1));
        assert_ne!(b, c);
        let mut d = a.clone();
        d.start(4, "job");
        assert_ne!(a, d, "another job is a change");
        let mut e = a.clone();
        assert!(e.cancel());
        assert_ne!(a, e);
    }
}
