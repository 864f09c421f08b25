//! A pool of simulation workers: one job at a time, spread over its workers by the job's
//! strategy ([`Work`], one per file: `pool_run.rs` blocks of a run and a tornado's slices,
//! `pool_calib.rs` a calibration's batches, `pool_prefecture.rs` a prefecture's runs; a
//! single kind goes whole to worker 0). The pool posts the tasks, hears the workers, sums
//! their progress, and tells the page (`hook.rs`) what happened; any number of workers gives
//! the same bytes. Cancelling terminates every worker on the job; a worker that fails or
//! crashes fails the job with a typed problem (and the others are stopped).

use super::kind::{read_reply, AnyReply, JobEvent, Single};
use super::pool_size::size;
use super::protocol::{FromWorker, Task};
use super::slots::{Handler, Slot, Slots, START_TIMEOUT_MS};
use crate::ui::shared::bridge::{Eta, Problem};
use js_sys::Array;
use serde_json::value::RawValue;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use web_sys::Worker;

pub(super) type Sink = Rc<dyn Fn(JobEvent<AnyReply>)>;

/// What the pool does next for a job.
pub(super) enum Step {
    /// Post a task (and buffers, transferred) to worker `slot`.
    Send(usize, Task, Vec<JsValue>),
    /// The job's progress (done, total) and, if the job estimates it, the time still needed.
    Progress(u32, u32, Option<Eta>),
    /// The job's reply (its kind's `Reply`).
    Done(AnyReply),
    Fail(Problem),
}

/// How a job's answers are put together: a strategy's state between its workers' messages.
pub(super) trait Work {
    /// A worker's progress on its share; the job's progress (by default the worker's own).
    fn progress(&mut self, _slot: usize, done: u32, total: u32) -> (u32, u32) {
        (done, total)
    }

    /// A worker's answer (neither progress nor failure): what to do next.
    fn answer(&mut self, id: u32, slot: usize, msg: FromWorker, buffers: Vec<JsValue>) -> Vec<Step>;
}

/// Progress summed over the parts of a job: each part's latest count, and the job's total.
pub(super) struct Parts {
    done: Vec<u32>,
    total: u32,
}

impl Parts {
    pub(super) fn new(parts: usize, total: u32) -> Parts {
        Parts { done: vec![0; parts], total }
    }

    /// Part `part` has done `done` of its share: the job's progress.
    pub(super) fn progress(&mut self, part: usize, done: u32) -> (u32, u32) {
        if let Some(d) = self.done.get_mut(part) {
            *d = done;
        }
        (self.done.iter().sum(), self.total)
    }
}

/// Each part's buffers as they come.
pub(super) struct Answers(Vec<Option<Vec<JsValue>>>);

impl Answers {
    pub(super) fn new(parts: usize) -> Answers {
        Answers(vec![None; parts])
    }

    /// Part `part`'s buffers; every part's, in part order, once every part has answered.
    pub(super) fn put(&mut self, part: usize, buffers: Vec<JsValue>) -> Option<Vec<Vec<JsValue>>> {
        if let Some(a) = self.0.get_mut(part) {
            *a = Some(buffers);
        }
        self.0.iter().all(Option::is_some).then(|| self.0.iter_mut().map(|a| a.take().unwrap_or_default()).collect())
    }
}

struct Active {
    id: u32,
    t0: f64,
    work: Box<dyn Work>,
}

struct Inner {
    slots: Slots,
    job: Option<Active>,
}

impl Inner {
    /// Stops the job: every worker still busy on it is terminated.
    fn cancel(&mut self) {
        self.job = None;
        self.slots.kill_busy();
    }
}

#[derive(Clone)]
pub struct Pool {
    inner: Rc<RefCell<Inner>>,
    sink: Sink,
    in_handler: Rc<Cell<bool>>,
    /// A size of its own (the benchmark's one-worker run), else the page's setting.
    fixed: Option<usize>,
}

pub(super) fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

impl Pool {
    /// A pool of `fixed` workers, else of the page's setting (`pool_size`), telling `sink`.
    pub(super) fn new(fixed: Option<usize>, sink: Sink) -> Pool {
        Pool {
            inner: Rc::new(RefCell::new(Inner { slots: Slots::default(), job: None })),
            sink,
            in_handler: Rc::new(Cell::new(false)),
            fixed: fixed.map(|n| n.max(1)),
        }
    }

    pub(super) fn size(&self) -> usize {
        self.fixed.unwrap_or_else(size)
    }

    /// The same pool (not an equal one).
    pub(super) fn same(&self, other: &Pool) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }

    /// Tells the page that job `id` failed before it started (the job running, if any, goes on).
    pub(super) fn refuse(&self, id: u32, problem: Problem) {
        (self.sink)(JobEvent::Failed { id, problem });
    }

    /// Stops whatever runs, frees dead slots (outside handlers), fits the slots to the size,
    /// then posts the job's first tasks.
    pub(super) fn begin(&self, id: u32, work: Box<dyn Work>, first: Vec<Step>) {
        {
            let mut i = self.inner.borrow_mut();
            i.cancel();
            if !self.in_handler.get() {
                i.slots.dead.clear();
            }
            i.slots.fit(self.size());
            i.job = Some(Active { id, t0: now_ms(), work });
        }
        self.run(id, first);
    }

    /// A single kind: its request's JSON to worker 0, its reply read back as `K::Reply`.
    pub(super) fn start_single<K: Single>(&self, id: u32, request: &K::Request) {
        let request = match raw(request) {
            Ok(r) => r,
            Err(p) => return self.refuse(id, p),
        };
        let task = Task::Single { id, kind: K::NAME.to_string(), request };
        self.begin(id, Box::new(Whole { read: read_reply::<K> }), vec![Step::Send(0, task, Vec::new())]);
    }

    /// Does `steps` for job `id` while it is the one running.
    fn run(&self, id: u32, steps: Vec<Step>) {
        for step in steps {
            if self.inner.borrow().job.as_ref().is_none_or(|j| j.id != id) {
                return; // failed or stopped meanwhile
            }
            match step {
                Step::Send(slot, task, buffers) => match serde_json::to_string(&task) {
                    Ok(text) => self.post(slot, &text, buffers),
                    Err(e) => self.fail(id, Problem::Worker(e.to_string())),
                },
                Step::Progress(done, total, eta) => (self.sink)(JobEvent::Progress { id, done, total, eta }),
                Step::Done(reply) => {
                    let t0 = self.inner.borrow_mut().job.take().map_or(0.0, |j| j.t0);
                    (self.sink)(JobEvent::Finished { id, reply, elapsed_ms: now_ms() - t0 });
                }
                Step::Fail(problem) => self.fail(id, problem),
            }
        }
    }

    /// Posts `text` and `buffers` (transferred) to worker `slot`, spawning it if needed.
    fn post(&self, slot: usize, text: &str, buffers: Vec<JsValue>) {
        if self.inner.borrow_mut().slots.get_mut(slot).is_none() {
            if let Err(e) = self.spawn(slot) {
                let id = self.inner.borrow().job.as_ref().map_or(0, |j| j.id);
                return self.fail(id, Problem::Worker(format!("could not start a worker: {e:?}")));
            }
        }
        if let Some(s) = self.inner.borrow_mut().slots.get_mut(slot) {
            s.post(text, buffers);
        }
    }

    fn spawn(&self, slot: usize) -> Result<(), JsValue> {
        let me: Weak<RefCell<Inner>> = Rc::downgrade(&self.inner);
        let (sink, flag, fixed) = (self.sink.clone(), self.in_handler.clone(), self.fixed);
        let pool =
            move || me.upgrade().map(|inner| Pool { inner, sink: sink.clone(), in_handler: flag.clone(), fixed });
        let s = Slot::spawn(slot, pool)?;
        self.inner.borrow_mut().slots.put(slot, s);
        Ok(())
    }

    /// Job `id` failed: every worker on it is stopped and the page told once.
    fn fail(&self, id: u32, problem: Problem) {
        let mine = {
            let mut i = self.inner.borrow_mut();
            let mine = i.job.as_ref().is_some_and(|j| j.id == id);
            if mine {
                i.cancel();
            }
            mine
        };
        if mine {
            (self.sink)(JobEvent::Failed { id, problem });
        }
    }

    /// Worker `slot` is gone: its job, if it was on it, fails.
    fn lost(&self, slot: usize, problem: Problem) {
        let busy = {
            let mut i = self.inner.borrow_mut();
            let busy = i.slots.get_mut(slot).is_some_and(|s| s.busy > 0);
            i.slots.kill(slot);
            busy
        };
        let id = self.inner.borrow().job.as_ref().map(|j| j.id);
        if let (true, Some(id)) = (busy, id) {
            self.fail(id, problem);
        }
    }

    fn on_message(&self, slot: usize, data: Array) {
        let text = data.get(0).as_string().unwrap_or_default();
        let msg: FromWorker = match serde_json::from_str(&text) {
            Ok(m) => m,
            Err(e) => return self.lost(slot, Problem::Worker(format!("a message the page could not read: {e}"))),
        };
        let buffers: Vec<JsValue> = data.iter().skip(1).collect();
        let Some(id) = msg.id() else {
            // Ready: what waited for the worker goes out.
            if let Some(s) = self.inner.borrow_mut().slots.get_mut(slot) {
                s.ready();
            }
            return;
        };
        if self.inner.borrow().job.as_ref().is_none_or(|j| j.id != id) {
            return; // a stopped job's late message
        }
        let steps = {
            let mut i = self.inner.borrow_mut();
            let Inner { slots, job } = &mut *i;
            let Some(job) = job.as_mut() else { return };
            match msg {
                FromWorker::Progress { done, total, .. } => {
                    let (done, total) = job.work.progress(slot, done, total);
                    vec![Step::Progress(done, total, None)]
                }
                // A worker that failed may have panicked: its instance is not trusted again.
                FromWorker::Failed { problem, .. } => {
                    slots.kill(slot);
                    vec![Step::Fail(problem)]
                }
                msg => {
                    if let Some(s) = slots.get_mut(slot) {
                        // Part 0's block and its merge are done at once.
                        s.busy = if matches!(msg, FromWorker::Done { .. }) { 0 } else { s.busy.saturating_sub(1) };
                    }
                    job.work.answer(id, slot, msg, buffers)
                }
            }
        };
        self.run(id, steps);
    }

    /// Stops job `id` if it is running: every worker on it is terminated.
    pub(super) fn stop(&self, id: u32) {
        let mut i = self.inner.borrow_mut();
        if i.job.as_ref().is_some_and(|j| j.id == id) {
            i.cancel();
        }
    }

    /// Terminates every worker (a pool that is no longer needed).
    pub(super) fn shutdown(&self) {
        let mut i = self.inner.borrow_mut();
        i.job = None;
        for k in 0..i.slots.live.len() {
            i.slots.kill(k);
        }
    }

    /// Spawns the workers ahead of the first job so their wasm loads early.
    pub(super) fn warm_up(&self) {
        let n = self.size();
        self.inner.borrow_mut().slots.fit(n);
        for k in 0..n {
            if self.inner.borrow_mut().slots.get_mut(k).is_none() {
                let _ = self.spawn(k);
            }
        }
    }

    /// Runs `f` as a worker's event handler (a slot that dies meanwhile is freed later).
    fn handling(&self, f: impl FnOnce()) {
        self.in_handler.set(true);
        f();
        self.in_handler.set(false);
    }
}

impl Handler for Pool {
    fn message(&self, slot: usize, data: Array) {
        self.handling(|| self.on_message(slot, data));
    }

    /// A worker died (a trap after a panic, or out of memory).
    fn crashed(&self, slot: usize, message: String) {
        self.handling(|| self.lost(slot, Problem::Worker(message)));
    }

    fn timeout(&self, slot: usize, worker: &Worker) {
        let stuck = self.inner.borrow_mut().slots.get_mut(slot).is_some_and(|s| &s.worker == worker && !s.ready);
        if stuck {
            let text = format!("it did not start within {} s", START_TIMEOUT_MS / 1000);
            self.handling(|| self.lost(slot, Problem::Worker(text)));
        }
    }
}

/// A single kind's job: worker 0 replies with its JSON, read as the kind's reply.
struct Whole {
    read: fn(&str) -> Result<AnyReply, Problem>,
}

impl Work for Whole {
    fn answer(&mut self, _id: u32, _slot: usize, msg: FromWorker, _buffers: Vec<JsValue>) -> Vec<Step> {
        match msg {
            FromWorker::Reply { reply, .. } => vec![match (self.read)(reply.get()) {
                Ok(r) => Step::Done(r),
                Err(p) => Step::Fail(p),
            }],
            _ => Vec::new(),
        }
    }
}

/// Test hook: `window.renkeiFailPart = k` makes worker k of the next run panic.
pub(super) fn fail_part() -> Option<u32> {
    let v = js_sys::Reflect::get(&js_sys::global(), &"renkeiFailPart".into()).ok()?;
    v.as_f64().map(|f| f as u32)
}

/// The JSON of `value` written once, to go into several tasks as it is.
pub(super) fn raw<T: serde::Serialize + ?Sized>(value: &T) -> Result<Box<RawValue>, Problem> {
    serde_json::value::to_raw_value(value).map_err(|e| Problem::Worker(e.to_string()))
}
