//! Main-thread side of the simulation worker: spawns it, sends one run at a
//! time, turns its messages into [`Action`]s, and terminates it to cancel.

use super::protocol::{FromWorker, Job, RunRequest, WORKER_PATH};
use super::state::{Action, AppState};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::UseReducerDispatcher;

struct Inner {
    worker: Option<Worker>,
    ready: bool,
    /// A request waiting for the worker to say it is ready.
    pending: Option<String>,
    /// The run the worker is busy with.
    busy_with: Option<u32>,
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(web_sys::ErrorEvent)>>,
}

#[derive(Clone)]
pub struct WorkerClient {
    inner: Rc<RefCell<Inner>>,
    dispatch: UseReducerDispatcher<AppState>,
}

impl PartialEq for WorkerClient {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl WorkerClient {
    pub fn new(dispatch: UseReducerDispatcher<AppState>) -> Self {
        WorkerClient {
            inner: Rc::new(RefCell::new(Inner {
                worker: None,
                ready: false,
                pending: None,
                busy_with: None,
                _on_message: None,
                _on_error: None,
            })),
            dispatch,
        }
    }

    fn spawn(&self) -> Result<(), JsValue> {
        let worker = Worker::new(WORKER_PATH)?;
        let weak = Rc::downgrade(&self.inner);
        let dispatch = self.dispatch.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(text) = ev.data().as_string() else {
                return;
            };
            let msg: FromWorker = match serde_json::from_str(&text) {
                Ok(m) => m,
                Err(e) => {
                    web_sys::console::error_1(&format!("bad worker message: {e}").into());
                    return;
                }
            };
            let Some(inner) = weak.upgrade() else { return };
            match msg {
                FromWorker::Ready => {
                    let mut i = inner.borrow_mut();
                    i.ready = true;
                    if let (Some(w), Some(req)) = (i.worker.clone(), i.pending.take()) {
                        let _ = w.post_message(&JsValue::from_str(&req));
                    }
                }
                FromWorker::Progress { id, done, total } => dispatch.dispatch(Action::Progress { id, done, total }),
                FromWorker::Done { id, summaries, elapsed_ms } => {
                    inner.borrow_mut().busy_with = None;
                    dispatch.dispatch(Action::Finished { id, summaries, elapsed_ms })
                }
                FromWorker::TornadoDone { id, tornado, elapsed_ms } => {
                    inner.borrow_mut().busy_with = None;
                    dispatch.dispatch(Action::TornadoFinished { id, tornado, elapsed_ms })
                }
                FromWorker::CalibrationDone { id, result, elapsed_ms } => {
                    inner.borrow_mut().busy_with = None;
                    dispatch.dispatch(Action::CalibrationFinished { id, result, elapsed_ms })
                }
                FromWorker::Failed { id, message } => {
                    inner.borrow_mut().busy_with = None;
                    dispatch.dispatch(Action::Failed { id, message })
                }
            }
        });
        let weak = Rc::downgrade(&self.inner);
        let dispatch = self.dispatch.clone();
        let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
            ev.prevent_default();
            let Some(inner) = weak.upgrade() else { return };
            let id = inner.borrow().busy_with;
            // The worker may be dead: start afresh next time.
            Self::drop_worker(&mut inner.borrow_mut());
            if let Some(id) = id {
                dispatch.dispatch(Action::Failed { id, message: ev.message() });
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut i = self.inner.borrow_mut();
        i.worker = Some(worker);
        i.ready = false;
        i._on_message = Some(on_message);
        i._on_error = Some(on_error);
        Ok(())
    }

    fn drop_worker(i: &mut Inner) {
        if let Some(w) = i.worker.take() {
            w.terminate();
        }
        i.ready = false;
        i.pending = None;
        i.busy_with = None;
    }

    /// Sends a run to the worker (spawning it if needed).
    pub fn start(&self, req: &RunRequest) {
        self.send(req.id, serde_json::to_string(req));
    }

    /// Sends a research job (tornado, calibration) to the worker.
    pub fn start_job(&self, job: &Job) {
        self.send(job.id(), serde_json::to_string(job));
    }

    fn send(&self, id: u32, text: Result<String, serde_json::Error>) {
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                self.dispatch.dispatch(Action::Failed { id, message: e.to_string() });
                return;
            }
        };
        if self.inner.borrow().busy_with.is_some() {
            // Still computing an older run: it cannot be interrupted, so replace it.
            Self::drop_worker(&mut self.inner.borrow_mut());
        }
        if self.inner.borrow().worker.is_none() {
            if let Err(e) = self.spawn() {
                self.dispatch.dispatch(Action::Failed { id, message: format!("{e:?}") });
                return;
            }
        }
        let mut i = self.inner.borrow_mut();
        i.busy_with = Some(id);
        if i.ready {
            if let Some(w) = &i.worker {
                let _ = w.post_message(&JsValue::from_str(&text));
            }
        } else {
            i.pending = Some(text);
        }
    }

    /// Stops run `id` if the worker is still on it (terminates the worker;
    /// a new one is spawned for the next run).
    pub fn stop(&self, id: u32) {
        let busy = self.inner.borrow().busy_with;
        if busy == Some(id) {
            Self::drop_worker(&mut self.inner.borrow_mut());
        }
    }

    /// Spawns the worker ahead of the first run so its wasm loads early.
    pub fn warm_up(&self) {
        if self.inner.borrow().worker.is_none() {
            let _ = self.spawn();
        }
    }
}
