//! Worker side: receives [`RunRequest`]s, runs them, posts progress and the
//! summary back. One run at a time; the page terminates the worker to cancel.

use super::engine;
use super::protocol::{FromWorker, RunRequest};
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

fn handle(text: &str) {
    let req: RunRequest = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            post(&FromWorker::Failed { id: 0, message: e.to_string() });
            return;
        }
    };
    let id = req.id;
    CURRENT.with(|c| c.set(id));
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
