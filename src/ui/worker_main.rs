//! Worker side: receives [`RunRequest`]s, runs them, posts progress and the
//! summary back. One run at a time; the page terminates the worker to cancel.

use super::engine;
use super::protocol::{FromWorker, Job, RunRequest};
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    static CURRENT: Cell<u32> = const { Cell::new(0) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(msg: &FromWorker) {
    if let Ok(text) = serde_json::to_string(msg) {
        let _ = scope().post_message(&JsValue::from_str(&text));
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Progress posts at most every 50 ms (and always the last one).
fn throttled(id: u32) -> impl FnMut(u32, u32) {
    let mut last = f64::NEG_INFINITY;
    move |done, total| {
        let now = now_ms();
        if now - last >= 50.0 || done == total {
            last = now;
            post(&FromWorker::Progress { id, done, total });
        }
    }
}

fn handle_job(job: Job) {
    let id = job.id();
    CURRENT.with(|c| c.set(id));
    let t0 = now_ms();
    let mut progress = throttled(id);
    let msg = match job {
        Job::Tornado { scenario, ranges, .. } => match engine::run_tornado(&scenario, &ranges, &mut progress) {
            Ok(tornado) => FromWorker::TornadoDone { id, tornado, elapsed_ms: now_ms() - t0 },
            Err(message) => FromWorker::Failed { id, message },
        },
        Job::Calibrate { request, .. } => match engine::run_calibration(&request, &mut progress) {
            Ok(result) => FromWorker::CalibrationDone { id, result: Box::new(result), elapsed_ms: now_ms() - t0 },
            Err(message) => FromWorker::Failed { id, message },
        },
    };
    post(&msg);
}

fn handle(text: &str) {
    if let Ok(job) = serde_json::from_str::<Job>(text) {
        handle_job(job);
        return;
    }
    let req: RunRequest = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            post(&FromWorker::Failed { id: 0, message: e.to_string() });
            return;
        }
    };
    let id = req.id;
    CURRENT.with(|c| c.set(id));
    // The page ran the same checks before sending; a request from elsewhere gets them too.
    if let Err(message) = engine::check_run(&req.scenarios) {
        post(&FromWorker::Failed { id, message });
        return;
    }
    let t0 = now_ms();
    let mut last = f64::NEG_INFINITY;
    let total: u32 = req.scenarios.iter().map(|s| s.replications).sum();
    let mut before = 0u32;
    let mut summaries = Vec::with_capacity(req.scenarios.len());
    for scenario in &req.scenarios {
        let mut progress = |done: u32, _: u32| {
            let now = now_ms();
            let done = before + done;
            if now - last >= 50.0 || done == total {
                last = now;
                post(&FromWorker::Progress { id, done, total });
            }
        };
        match engine::run(scenario, &mut progress) {
            Ok(summary) => summaries.push(summary),
            Err(message) => {
                post(&FromWorker::Failed { id, message });
                return;
            }
        }
        before += scenario.replications;
    }
    post(&FromWorker::Done { id, summaries, elapsed_ms: now_ms() - t0 });
}

/// Entry point of the worker binary.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        post(&FromWorker::Failed { id: CURRENT.with(|c| c.get()), message: info.to_string() });
    }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
        if let Some(text) = ev.data().as_string() {
            handle(&text);
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&FromWorker::Ready);
}
