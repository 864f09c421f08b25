//! The pool's workers (`pool.rs` starts and stops jobs): spawning a worker, posting tasks to
//! it, reading its messages (progress, blocks, summaries), and terminating it.

use super::engine;
use super::pool::{now_ms, Active, Inner, Pool, Work};
use super::protocol::{FromWorker, PoolEvent, Task, WORKER_PATH};
use js_sys::{Array, Uint8Array};
use renkei::sim::experiment::sensitivity;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

pub(super) struct Slot {
    pub(super) worker: Worker,
    pub(super) ready: bool,
    /// Messages (data, transfer list) waiting for the worker to load.
    pub(super) queue: Vec<(Array, Array)>,
    /// Tasks sent and not answered.
    pub(super) busy: u32,
    pub(super) _on_message: Closure<dyn FnMut(MessageEvent)>,
    pub(super) _on_error: Closure<dyn FnMut(ErrorEvent)>,
    pub(super) _start_timeout: Closure<dyn FnMut()>,
    /// The start timeout's handle (cleared once the worker is ready or gone, so the
    /// timeout never calls a freed closure).
    pub(super) timer: i32,
}

impl Slot {
    pub(super) fn stop_timer(&self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.timer);
        }
    }
}

/// A worker that has not loaded its wasm by then is taken as crashed: a failed load (e.g. a
/// module the browser rejects) is no error event on the Worker, and the job would wait forever.
const START_TIMEOUT_MS: i32 = 30_000;

impl Pool {
    pub(super) fn send_task(&self, slot: usize, task: &Task, buffers: Vec<JsValue>) {
        match serde_json::to_string(task) {
            Ok(text) => self.send(slot, text, buffers),
            Err(e) => self.fail(0, e.to_string()),
        }
    }

    /// Posts `text` and `buffers` (transferred) to worker `slot`, spawning it if needed.
    pub(super) fn send(&self, slot: usize, text: String, buffers: Vec<JsValue>) {
        if self.inner.borrow().slots.get(slot).is_none_or(Option::is_none) {
            if let Err(e) = self.spawn(slot) {
                let id = self.inner.borrow().job.as_ref().map_or(0, |j| j.id);
                return self.fail(id, format!("could not start a worker: {e:?}"));
            }
        }
        let (data, transfer) = (Array::new(), Array::new());
        data.push(&JsValue::from_str(&text));
        for b in buffers {
            data.push(&b);
            transfer.push(&b);
        }
        let mut i = self.inner.borrow_mut();
        if let Some(s) = i.slots.get_mut(slot).and_then(Option::as_mut) {
            s.busy += 1;
            if s.ready {
                let _ = s.worker.post_message_with_transfer(&data, &transfer);
            } else {
                s.queue.push((data, transfer));
            }
        }
    }

    pub(super) fn spawn(&self, slot: usize) -> Result<(), JsValue> {
        let worker = Worker::new(WORKER_PATH)?;
        let me: Weak<RefCell<Inner>> = Rc::downgrade(&self.inner);
        let (sink, flag, fixed) = (self.sink.clone(), self.in_handler.clone(), self.fixed);
        let pool =
            move || me.upgrade().map(|inner| Pool { inner, sink: sink.clone(), in_handler: flag.clone(), fixed });
        let on_message = {
            let pool = pool.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
                if let Some(p) = pool() {
                    p.in_handler.set(true);
                    p.on_message(slot, Array::from(&ev.data()));
                    p.in_handler.set(false);
                }
            })
        };
        let on_error = {
            let pool = pool.clone();
            Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
                ev.prevent_default();
                if let Some(p) = pool() {
                    p.in_handler.set(true);
                    p.crashed(slot, ev.message());
                    p.in_handler.set(false);
                }
            })
        };
        let start_timeout = Closure::<dyn FnMut()>::new({
            let target = worker.clone();
            move || {
                let Some(p) = pool() else { return };
                let stuck = p
                    .inner
                    .borrow()
                    .slots
                    .get(slot)
                    .and_then(Option::as_ref)
                    .is_some_and(|s| s.worker == target && !s.ready);
                if stuck {
                    p.in_handler.set(true);
                    p.crashed(slot, format!("it did not start within {} s", START_TIMEOUT_MS / 1000));
                    p.in_handler.set(false);
                }
            }
        });
        let timer = web_sys::window()
            .and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    start_timeout.as_ref().unchecked_ref(),
                    START_TIMEOUT_MS,
                )
                .ok()
            })
            .unwrap_or(0);
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let s = Slot {
            worker,
            ready: false,
            queue: Vec::new(),
            busy: 0,
            _on_message: on_message,
            _on_error: on_error,
            _start_timeout: start_timeout,
            timer,
        };
        let mut i = self.inner.borrow_mut();
        if i.slots.len() <= slot {
            i.slots.resize_with(slot + 1, || None);
        }
        if let Some(old) = i.slots[slot].replace(s) {
            i.retire(old);
        }
        Ok(())
    }

    /// A worker died (a trap after a panic, or out of memory): its job fails.
    pub(super) fn crashed(&self, slot: usize, message: String) {
        let busy = {
            let mut i = self.inner.borrow_mut();
            let busy = i.slots.get(slot).and_then(Option::as_ref).is_some_and(|s| s.busy > 0);
            i.kill(slot);
            busy
        };
        if busy {
            let id = self.inner.borrow().job.as_ref().map(|j| j.id);
            if let Some(id) = id {
                self.fail(id, format!("a simulation worker stopped: {message}"));
            }
        }
    }

    /// Job `id` failed: every worker on it is stopped and the page told once.
    pub(super) fn fail(&self, id: u32, message: String) {
        let mine = {
            let mut i = self.inner.borrow_mut();
            let mine = i.job.as_ref().is_some_and(|j| j.id == id);
            if mine {
                i.cancel();
            }
            mine
        };
        if mine {
            self.emit(vec![PoolEvent::Failed { id, message }]);
        }
    }

    pub(super) fn on_message(&self, slot: usize, data: Array) {
        let text = data.get(0).as_string().unwrap_or_default();
        let msg: FromWorker = match serde_json::from_str(&text) {
            Ok(m) => m,
            Err(e) => return web_sys::console::error_1(&format!("bad worker message: {e}").into()),
        };
        let buffers: Vec<JsValue> = data.iter().skip(1).collect();
        if let FromWorker::Ready = msg {
            let mut i = self.inner.borrow_mut();
            if let Some(s) = i.slots.get_mut(slot).and_then(Option::as_mut) {
                s.ready = true;
                s.stop_timer();
                for (d, t) in s.queue.drain(..) {
                    let _ = s.worker.post_message_with_transfer(&d, &t);
                }
            }
            return;
        }
        let id = match &msg {
            FromWorker::Progress { id, .. }
            | FromWorker::BlockDone { id, .. }
            | FromWorker::ScenariosDone { id, .. }
            | FromWorker::Done { id }
            | FromWorker::GoalDone { id, .. }
            | FromWorker::CostDone { id, .. }
            | FromWorker::RankDone { id, .. }
            | FromWorker::GoalsDone { id, .. }
            | FromWorker::OutcomesDone { id, .. }
            | FromWorker::Distances { id, .. }
            | FromWorker::Fitted { id, .. }
            | FromWorker::Failed { id, .. } => *id,
            FromWorker::Ready => return,
        };
        if self.inner.borrow().job.as_ref().is_none_or(|j| j.id != id) {
            return; // a stopped job's late message
        }
        {
            let mut i = self.inner.borrow_mut();
            match msg {
                FromWorker::Progress { .. } => {}
                // A worker that failed may have panicked: its instance is not trusted again.
                FromWorker::Failed { .. } => i.kill(slot),
                // Part 0's block and its merge are done.
                FromWorker::Done { .. } => {
                    i.slots.get_mut(slot).and_then(Option::as_mut).into_iter().for_each(|s| s.busy = 0)
                }
                _ => i
                    .slots
                    .get_mut(slot)
                    .and_then(Option::as_mut)
                    .into_iter()
                    .for_each(|s| s.busy = s.busy.saturating_sub(1)),
            }
        }
        match msg {
            FromWorker::Failed { id, message } => self.fail(id, message),
            FromWorker::Progress { id, done, total } => self.progress(id, slot, done, total),
            FromWorker::BlockDone { part, .. } => self.block_done(part, buffers),
            FromWorker::ScenariosDone { id, part } => self.scenarios_done(id, part, buffers),
            FromWorker::Done { id } => self.finished(id, buffers),
            FromWorker::GoalDone { id, answer } => {
                self.inner.borrow_mut().job = None;
                self.emit(vec![PoolEvent::GoalFinished { id, answer }]);
            }
            FromWorker::CostDone { id, rows } => {
                self.inner.borrow_mut().job = None;
                self.emit(vec![PoolEvent::CostFinished { id, rows }]);
            }
            FromWorker::RankDone { id, result } => {
                self.inner.borrow_mut().job = None;
                self.emit(vec![PoolEvent::RankFinished { id, result }]);
            }
            FromWorker::GoalsDone { id, answers } => {
                self.inner.borrow_mut().job = None;
                self.emit(vec![PoolEvent::GoalsFinished { id, answers }]);
            }
            FromWorker::OutcomesDone { id, part } => self.outcomes_done(id, part, buffers),
            FromWorker::Distances { id, batch } => self.distances(id, batch, slot, buffers),
            FromWorker::Fitted { id, index, row } => self.fitted(id, index, row),
            FromWorker::Ready => {}
        }
    }

    pub(super) fn progress(&self, id: u32, slot: usize, done: u32, total: u32) {
        let event = {
            let mut i = self.inner.borrow_mut();
            match i.job.as_mut().map(|j| &mut j.work) {
                // replications of a run or a prefecture, scenarios of a tornado: summed over the workers
                Some(
                    Work::Run { done: per, total: all, .. }
                    | Work::Tornado { done: per, total: all, .. }
                    | Work::Prefecture { done: per, total: all, .. },
                ) => {
                    if let Some(d) = per.get_mut(slot) {
                        *d = done;
                    }
                    PoolEvent::Progress { id, done: per.iter().sum(), total: *all }
                }
                _ => PoolEvent::Progress { id, done, total },
            }
        };
        self.emit(vec![event]);
    }

    /// A part's tallies: once every part but 0 has sent them, part 0 gets them to merge.
    pub(super) fn block_done(&self, part: u32, buffers: Vec<JsValue>) {
        let merge = {
            let mut i = self.inner.borrow_mut();
            let Some(Active { id, work: Work::Run { parts, blocks, .. }, .. }) = i.job.as_mut() else { return };
            if let Some(b) = blocks.get_mut(part as usize) {
                *b = Some(buffers);
            }
            if blocks.iter().skip(1).all(Option::is_some) {
                let all: Vec<JsValue> = blocks.iter_mut().skip(1).flat_map(|b| b.take().unwrap_or_default()).collect();
                Some((Task::Merge { id: *id }, all, *parts))
            } else {
                None
            }
        };
        if let Some((task, all, _)) = merge {
            self.send_task(0, &task, all);
        }
    }

    pub(super) fn finished(&self, id: u32, buffers: Vec<JsValue>) {
        let t0 = self.inner.borrow_mut().job.take().map_or(0.0, |j| j.t0);
        self.emit(vec![match decode(&buffers) {
            Ok(summaries) => PoolEvent::Finished { id, summaries, elapsed_ms: now_ms() - t0 },
            Err(message) => PoolEvent::Failed { id, message },
        }]);
    }

    /// A slice of a tornado's scenarios is done: once every slice is, the tornado.
    pub(super) fn scenarios_done(&self, id: u32, part: u32, buffers: Vec<JsValue>) {
        let done = {
            let mut i = self.inner.borrow_mut();
            let Some(Active { work: Work::Tornado { summaries, .. }, .. }) = i.job.as_mut() else { return };
            if let Some(s) = summaries.get_mut(part as usize) {
                *s = Some(buffers);
            }
            if !summaries.iter().all(Option::is_some) {
                return;
            }
            match i.job.take() {
                Some(Active { t0, work: Work::Tornado { summaries, ranges, .. }, .. }) => (t0, summaries, ranges),
                _ => return,
            }
        };
        let (t0, parts, ranges) = done;
        let all: Vec<JsValue> = parts.into_iter().flatten().flatten().collect();
        let tornado = decode(&all).and_then(|s| sensitivity::from_summaries(&ranges, &s).map_err(|e| e.to_string()));
        self.emit(vec![match tornado {
            Ok(tornado) => PoolEvent::TornadoFinished { id, tornado, elapsed_ms: now_ms() - t0 },
            Err(message) => PoolEvent::Failed { id, message },
        }]);
    }
}

impl Inner {
    /// Terminates the worker in `slot` (its closures are kept until it is safe to free them).
    pub(super) fn kill(&mut self, slot: usize) {
        if let Some(s) = self.slots.get_mut(slot).and_then(Option::take) {
            self.retire(s);
        }
    }

    pub(super) fn retire(&mut self, s: Slot) {
        s.worker.terminate();
        s.stop_timer();
        self.dead.push(s);
    }

    /// Stops the job: every worker still busy on it is terminated (a worker computes
    /// synchronously and cannot be interrupted); the next job spawns fresh ones.
    pub(super) fn cancel(&mut self) {
        self.job = None;
        for k in 0..self.slots.len() {
            if self.slots[k].as_ref().is_some_and(|s| s.busy > 0) {
                self.kill(k);
            }
        }
    }
}

/// Summaries from their bytes (`sim::summary_bytes` layout), in order.
fn decode(buffers: &[JsValue]) -> Result<Vec<engine::Summary>, String> {
    buffers.iter().map(|b| engine::summary_from_bytes(&Uint8Array::new(b).to_vec())).collect()
}
