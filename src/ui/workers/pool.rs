//! A pool of simulation workers behind the page's API (`worker_client.rs`): a run is split
//! into contiguous blocks of replications, one per worker, and part 0 merges the others'
//! tallies into the summaries one worker would give, to the byte (`sim::blocks`); a
//! calibration's batches are cut into slices, one per worker, and their distances handed
//! back to the one ABC-SMC state machine in proposal order. Progress is summed over the
//! workers; cancelling terminates every worker on the job; a worker that fails or crashes
//! fails the job with a message (and the others are stopped).

use super::engine::{self, CalibDriver, Range};
use super::protocol::{Job, PoolEvent, RunRequest, Task};
use renkei::sim::experiment::sensitivity;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

use super::pool_size::size;
use super::pool_workers::Slot;

pub(super) type Sink = Rc<dyn Fn(PoolEvent)>;

pub(super) enum Work {
    /// A run split into blocks of replications.
    Run {
        parts: u32,
        done: Vec<u32>,
        total: u32,
        blocks: Vec<Option<Vec<JsValue>>>,
    },
    /// A tornado: its scenarios cut into contiguous slices, one per worker, each scenario run
    /// whole (as one worker runs it); `summaries` per part, in order; `ranges` to build it.
    Tornado {
        done: Vec<u32>,
        total: u32,
        summaries: Vec<Option<Vec<JsValue>>>,
        ranges: Vec<Range>,
    },
    /// A prefecture's runs dealt whole to the workers (`pool_prefecture.rs`): `dealt[p]` the
    /// runs of part p, `got[p]` their outcomes' buffers as they come.
    Prefecture {
        done: Vec<u32>,
        total: u32,
        got: Vec<Option<Vec<JsValue>>>,
        dealt: Vec<Vec<usize>>,
        runs: usize,
    },
    /// A job on worker 0 alone (goal seek).
    Single,
    Calib(Box<super::pool_calib::Calib>),
}

pub(super) struct Active {
    pub(super) id: u32,
    pub(super) t0: f64,
    pub(super) work: Work,
}

pub(super) struct Inner {
    pub(super) slots: Vec<Option<Slot>>,
    /// Terminated workers' slots: their closures may still be on the stack when a slot dies
    /// inside its own message handler, so they are freed later, outside any handler.
    pub(super) dead: Vec<Slot>,
    pub(super) job: Option<Active>,
}

#[derive(Clone)]
pub struct Pool {
    pub(super) inner: Rc<RefCell<Inner>>,
    pub(super) sink: Sink,
    pub(super) in_handler: Rc<Cell<bool>>,
    /// A size of its own (the benchmark's one-worker run), else the page's setting.
    pub(super) fixed: Option<usize>,
}

pub(crate) fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

/// Test hook: `window.renkeiFailPart = k` makes worker k of the next run panic.
fn fail_part() -> Option<u32> {
    let v = js_sys::Reflect::get(&js_sys::global(), &"renkeiFailPart".into()).ok()?;
    v.as_f64().map(|f| f as u32)
}

impl Pool {
    pub fn new(sink: impl Fn(PoolEvent) + 'static) -> Pool {
        Pool {
            inner: Rc::new(RefCell::new(Inner { slots: Vec::new(), dead: Vec::new(), job: None })),
            sink: Rc::new(sink),
            in_handler: Rc::new(Cell::new(false)),
            fixed: None,
        }
    }

    /// A pool of `n` workers whatever the setting.
    pub fn with_size(n: usize, sink: impl Fn(PoolEvent) + 'static) -> Pool {
        Pool { fixed: Some(n.max(1)), ..Pool::new(sink) }
    }

    pub(super) fn pool_size(&self) -> usize {
        self.fixed.unwrap_or_else(size)
    }

    /// The same pool (not an equal one).
    pub fn same(&self, other: &Pool) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }

    pub(super) fn emit(&self, events: Vec<PoolEvent>) {
        events.into_iter().for_each(|e| (self.sink)(e));
    }

    /// Stops whatever runs, frees dead slots (outside handlers) and fits the slots to the size.
    pub(super) fn begin(&self, id: u32, work: Work) {
        let mut i = self.inner.borrow_mut();
        i.cancel();
        if !self.in_handler.get() {
            i.dead.clear();
        }
        let n = self.pool_size();
        while i.slots.len() > n {
            if let Some(s) = i.slots.pop().flatten() {
                i.retire(s);
            }
        }
        i.slots.resize_with(n, || None);
        i.job = Some(Active { id, t0: now_ms(), work });
    }

    /// Runs every scenario of `req`, split over the pool.
    pub fn start_run(&self, req: &RunRequest) {
        let id = req.id;
        if let Err(message) = engine::check_run(&req.scenarios) {
            return self.emit(vec![PoolEvent::Failed { id, message }]);
        }
        let parts = engine::pool_parts(&req.scenarios, self.pool_size());
        let total = req.scenarios.iter().map(|s| s.replications).sum();
        let scenarios = match serde_json::to_string(&req.scenarios) {
            Ok(t) => t,
            Err(e) => return self.emit(vec![PoolEvent::Failed { id, message: e.to_string() }]),
        };
        let blocks = (0..parts).map(|_| None).collect();
        self.begin(id, Work::Run { parts, done: vec![0; parts as usize], total, blocks });
        let fail = fail_part();
        for part in 0..parts {
            // The scenarios' JSON is written once and spliced into each part's task.
            let text = format!(
                r#"{{"task":"block","id":{id},"part":{part},"parts":{parts},"fail":{},"scenarios":{scenarios}}}"#,
                fail == Some(part)
            );
            self.send(part as usize, text, Vec::new());
        }
    }

    /// Starts a research job: a tornado or a calibration over the pool, a goal seek on one worker.
    pub fn start_job(&self, job: &Job) {
        match job {
            Job::Tornado { id, scenario, ranges } => self.start_tornado(*id, scenario, ranges),
            Job::Goal { id, request } => {
                self.begin(*id, Work::Single);
                self.send_task(0, &Task::Goal { id: *id, request: request.clone() }, Vec::new());
            }
            Job::Cost { id, request } => {
                self.begin(*id, Work::Single);
                self.send_task(0, &Task::Cost { id: *id, request: request.clone() }, Vec::new());
            }
            Job::Rank { id, request } => {
                self.begin(*id, Work::Single);
                self.send_task(0, &Task::Rank { id: *id, request: request.clone() }, Vec::new());
            }
            Job::Goals { id, request } => {
                self.begin(*id, Work::Single);
                self.send_task(0, &Task::Goals { id: *id, request: request.clone() }, Vec::new());
            }
            Job::Prefecture { id, runs } => self.start_prefecture(*id, runs),
            Job::Calibrate { id, request } => match CalibDriver::new(request) {
                Ok(driver) => {
                    let parts = (self.pool_size() as u32).min(engine::calib_config(request).batch as u32).max(1);
                    let calib = super::pool_calib::Calib::new(driver, parts);
                    self.begin(*id, Work::Calib(Box::new(calib)));
                    self.next_batch(*id);
                }
                Err(message) => self.emit(vec![PoolEvent::Failed { id: *id, message }]),
            },
        }
    }

    /// A tornado over the pool: its 1 + 2·len(ranges) scenarios in contiguous slices, one per
    /// worker, each scenario run whole with [`engine::TORNADO_REPS`] replications, as one
    /// worker runs it; so any number of workers gives the same tornado. Each scenario's
    /// networks are built once, by the worker that runs it, one scenario at a time.
    fn start_tornado(&self, id: u32, scenario: &engine::Scenario, ranges: &[Range]) {
        let mut base = scenario.clone();
        base.replications = engine::TORNADO_REPS;
        let all = match sensitivity::scenarios(&base, ranges) {
            Ok(all) => all,
            Err(e) => return self.emit(vec![PoolEvent::Failed { id, message: e.to_string() }]),
        };
        let parts = self.pool_size().min(all.len()).max(1);
        let work = Work::Tornado {
            done: vec![0; parts],
            total: all.len() as u32,
            summaries: vec![None; parts],
            ranges: ranges.to_vec(),
        };
        self.begin(id, work);
        for part in 0..parts {
            let slice = all[engine::slice(all.len(), part, parts)].to_vec();
            self.send_task(part, &Task::Scenarios { id, part: part as u32, scenarios: slice }, Vec::new());
        }
    }

    /// Stops job `id` if it is running: every worker on it is terminated.
    pub fn stop(&self, id: u32) {
        let mut i = self.inner.borrow_mut();
        if i.job.as_ref().is_some_and(|j| j.id == id) {
            i.cancel();
        }
    }

    /// Terminates every worker (a pool that is no longer needed).
    pub fn shutdown(&self) {
        let mut i = self.inner.borrow_mut();
        i.job = None;
        for k in 0..i.slots.len() {
            i.kill(k);
        }
    }

    /// Spawns the workers ahead of the first run so their wasm loads early.
    pub fn warm_up(&self) {
        let n = self.pool_size();
        self.inner.borrow_mut().slots.resize_with(n, || None);
        for k in 0..n {
            if self.inner.borrow().slots[k].is_none() {
                let _ = self.spawn(k);
            }
        }
    }
}
