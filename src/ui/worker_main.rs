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
    let mut progress = |done: u32, total: u32| {
        let now = now_ms();
        if now - last >= 50.0 || done == total {
            last = now;
            post(&FromWorker::Progress { id, done, total });
        }
    };
    match engine::run(&req.scenario, &mut progress) {
        Ok(summary) => post(&FromWorker::Done { id, summary, elapsed_ms: now_ms() - t0 }),
        Err(message) => post(&FromWorker::Failed { id, message }),
    }
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
