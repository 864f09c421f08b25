//! The pool's workers themselves: spawning one, posting to it (queued until it has loaded
//! its wasm), terminating it. What a worker says goes to a [`Handler`] (the pool), so this
//! file knows nothing of jobs.

use super::protocol::WORKER_PATH;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// Who hears the workers: their messages, their crashes, a worker that did not start.
pub(super) trait Handler {
    fn message(&self, slot: usize, data: Array);
    fn crashed(&self, slot: usize, message: String);
    /// The start timeout of the worker `worker` in `slot` has passed.
    fn timeout(&self, slot: usize, worker: &Worker);
}

pub(super) struct Slot {
    pub(super) worker: Worker,
    pub(super) ready: bool,
    /// Messages (data, transfer list) waiting for the worker to load.
    queue: Vec<(Array, Array)>,
    /// Tasks sent and not answered.
    pub(super) busy: u32,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
    _start_timeout: Closure<dyn FnMut()>,
    /// The start timeout's handle (cleared once the worker is ready or gone, so the
    /// timeout never calls a freed closure).
    timer: i32,
}

/// A worker that has not loaded its wasm by then is taken as crashed: a failed load (e.g. a
/// module the browser rejects) is no error event on the Worker, and the job would wait forever.
pub(super) const START_TIMEOUT_MS: i32 = 30_000;

impl Slot {
    /// A new worker whose events go to the handler `handler()` gives (`None`: the pool is gone).
    pub(super) fn spawn<H: Handler + 'static>(
        slot: usize,
        handler: impl Fn() -> Option<H> + Clone + 'static,
    ) -> Result<Slot, JsValue> {
        let worker = Worker::new(WORKER_PATH)?;
        let on_message = {
            let handler = handler.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
                if let Some(h) = handler() {
                    h.message(slot, Array::from(&ev.data()));
                }
            })
        };
        let on_error = {
            let handler = handler.clone();
            Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
                ev.prevent_default();
                if let Some(h) = handler() {
                    h.crashed(slot, ev.message());
                }
            })
        };
        let start_timeout = Closure::<dyn FnMut()>::new({
            let target = worker.clone();
            move || {
                if let Some(h) = handler() {
                    h.timeout(slot, &target);
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
        Ok(Slot {
            worker,
            ready: false,
            queue: Vec::new(),
            busy: 0,
            _on_message: on_message,
            _on_error: on_error,
            _start_timeout: start_timeout,
            timer,
        })
    }

    /// Posts `text` and `buffers` (transferred), or queues them until the worker is ready.
    pub(super) fn post(&mut self, text: &str, buffers: Vec<JsValue>) {
        let (data, transfer) = (Array::new(), Array::new());
        data.push(&JsValue::from_str(text));
        for b in buffers {
            data.push(&b);
            transfer.push(&b);
        }
        self.busy += 1;
        if self.ready {
            let _ = self.worker.post_message_with_transfer(&data, &transfer);
        } else {
            self.queue.push((data, transfer));
        }
    }

    /// The worker has loaded: what waited goes out.
    pub(super) fn ready(&mut self) {
        self.ready = true;
        self.stop_timer();
        for (d, t) in self.queue.drain(..) {
            let _ = self.worker.post_message_with_transfer(&d, &t);
        }
    }

    fn stop_timer(&self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.timer);
        }
    }
}

/// The pool's workers by slot, and the terminated ones not yet freed.
#[derive(Default)]
pub(super) struct Slots {
    pub(super) live: Vec<Option<Slot>>,
    /// Terminated workers' slots: their closures may still be on the stack when a slot dies
    /// inside its own message handler, so they are freed later, outside any handler.
    pub(super) dead: Vec<Slot>,
}

impl Slots {
    pub(super) fn get_mut(&mut self, slot: usize) -> Option<&mut Slot> {
        self.live.get_mut(slot).and_then(Option::as_mut)
    }

    /// Puts `s` in `slot` (growing the list); a worker already there is terminated.
    pub(super) fn put(&mut self, slot: usize, s: Slot) {
        if self.live.len() <= slot {
            self.live.resize_with(slot + 1, || None);
        }
        if let Some(old) = self.live[slot].replace(s) {
            self.retire(old);
        }
    }

    /// Keeps `n` slots (the ones beyond are terminated).
    pub(super) fn fit(&mut self, n: usize) {
        while self.live.len() > n {
            if let Some(s) = self.live.pop().flatten() {
                self.retire(s);
            }
        }
        self.live.resize_with(n, || None);
    }

    /// Terminates the worker in `slot` (its closures are kept until it is safe to free them).
    pub(super) fn kill(&mut self, slot: usize) {
        if let Some(s) = self.live.get_mut(slot).and_then(Option::take) {
            self.retire(s);
        }
    }

    fn retire(&mut self, s: Slot) {
        s.worker.terminate();
        s.stop_timer();
        self.dead.push(s);
    }

    /// Terminates every worker still busy (a worker computes synchronously and cannot be
    /// interrupted); the next job spawns fresh ones.
    pub(super) fn kill_busy(&mut self) {
        for k in 0..self.live.len() {
            if self.live[k].as_ref().is_some_and(|s| s.busy > 0) {
                self.kill(k);
            }
        }
    }
}
