//! Worker side: one [`Task`] at a time from the pool (`pool.rs`); posts progress and the
//! results back, numbers as transferable ArrayBuffers. The page terminates a worker to cancel.
//! Failures go back typed ([`Problem`]), a panic as its text.

use super::kind::{find, Registry};
use super::protocol::{f64_bytes, outcome_bytes, FromWorker, Task};
use crate::ui::shared::bridge::{self as engine, CalibEvaluator, Problem, Proposal, SimError};
use js_sys::{Array, Promise, Uint8Array};
use renkei::sim::experiment::montecarlo::{blocks, summary_bytes, Prepared};
use renkei::sim::experiment::{cost, montecarlo, prefecture};
use serde_json::value::RawValue;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// The task being run (the panic hook names it in its message).
    static CURRENT: Cell<u32> = const { Cell::new(0) };
    /// Part 0 of a run waiting for the other parts: (id, the promise's resolve).
    static MERGE: RefCell<Option<(u32, js_sys::Function)>> = const { RefCell::new(None) };
    /// A merge that arrived before part 0 waited for it.
    static EARLY: RefCell<Option<(u32, JsValue)>> = const { RefCell::new(None) };
    /// The calibration's targets, kept between the slices of one request.
    static EVALUATOR: RefCell<Option<CalibEvaluator>> = const { RefCell::new(None) };
    /// The single kinds this worker runs (the app's registry, given to [`start`]).
    static REGISTRY: Cell<Registry> = const { Cell::new(&[]) };
}

/// An error of the bridge's calibration, said as English text: none is the user's to fix.
fn internal(message: String) -> Problem {
    Problem::Sim(SimError::Internal(message))
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts `msg` and `buffers` (transferred: the worker gives them up).
fn post(msg: &FromWorker, buffers: Vec<Vec<u8>>) {
    let Ok(text) = serde_json::to_string(msg) else { return };
    let (data, transfer) = (Array::new(), Array::new());
    data.push(&JsValue::from_str(&text));
    for b in buffers {
        let ab = Uint8Array::from(b.as_slice()).buffer();
        data.push(&ab);
        transfer.push(&ab);
    }
    let _ = scope().post_message_with_transfer(&data, &transfer);
}

fn fail(id: u32, problem: Problem) {
    post(&FromWorker::Failed { id, problem }, Vec::new());
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
            post(&FromWorker::Progress { id, done, total }, Vec::new());
        }
    }
}

/// The bytes of each ArrayBuffer in `data` (an array).
fn buffers_of(data: &JsValue) -> Vec<Vec<u8>> {
    Array::from(data).iter().map(|b| Uint8Array::new(&b).to_vec()).collect()
}

/// Runs block `part` of `parts` of every scenario. Part 0 of several waits for the others'
/// tallies (the pool sends them in a `Merge`), merges and posts the summaries.
async fn block(id: u32, part: u32, parts: u32, scenarios: &str) -> Result<(), Problem> {
    let scenarios: Vec<engine::Scenario> =
        serde_json::from_str(scenarios).map_err(|e| Problem::Sim(SimError::Parse(e.to_string())))?;
    engine::check(&scenarios)?;
    let preps = scenarios.iter().map(Prepared::new).collect::<Result<Vec<_>, _>>()?;
    let total: u32 = scenarios.iter().map(|s| engine::block_reps(s, part, parts).len() as u32).sum();
    let mut progress = throttled(id);
    let (mut before, mut tallies) = (0, Vec::with_capacity(preps.len()));
    for prep in &preps {
        let reps = engine::block_reps(prep.scn, part, parts);
        let n = reps.len() as u32;
        let mut observer = |done: usize, _: usize| {
            progress(before + done as u32, total);
            true
        };
        tallies.push(blocks::run_block(prep, reps, &mut observer)?);
        before += n;
    }
    progress(total, total);
    if part > 0 {
        let bytes =
            preps.iter().zip(&tallies).map(|(p, t)| blocks::encode_block(t, engine::block_reps(p.scn, part, parts)));
        post(&FromWorker::BlockDone { id, part }, bytes.collect::<Result<_, _>>()?);
        return Ok(());
    }
    let others = if parts > 1 { buffers_of(&merged(id).await?) } else { Vec::new() };
    let n = preps.len();
    let mut out = Vec::with_capacity(n);
    for (i, (prep, own)) in preps.iter().zip(tallies).enumerate() {
        // buffers come part by part, scenario by scenario
        let mine: Vec<&[u8]> = others.iter().skip(i).step_by(n).map(Vec::as_slice).collect();
        out.push(summary_bytes::encode(&blocks::summarise_blocks(prep, own, &mine)?)?);
    }
    post(&FromWorker::Done { id }, out);
    Ok(())
}

/// Waits for the `Merge` of run `id`.
async fn merged(id: u32) -> Result<JsValue, Problem> {
    if let Some((_, data)) = EARLY.with(|e| e.borrow_mut().take()).filter(|(i, _)| *i == id) {
        return Ok(data);
    }
    let promise = Promise::new(&mut |resolve, _| MERGE.with(|m| *m.borrow_mut() = Some((id, resolve))));
    wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|e| Problem::Worker(format!("{e:?}")))
}

/// Runs each scenario whole, one after the other (one scenario's networks in memory at a
/// time), and posts their summaries; progress counts scenarios.
fn scenarios_whole(id: u32, part: u32, scenarios: &[engine::Scenario]) -> Result<(), Problem> {
    let mut progress = throttled(id);
    let total = scenarios.len() as u32;
    let mut out = Vec::with_capacity(scenarios.len());
    for (k, s) in scenarios.iter().enumerate() {
        let summary = montecarlo::run(s, &mut montecarlo::Quiet)?;
        out.push(summary_bytes::encode(&summary)?);
        progress(k as u32 + 1, total);
    }
    post(&FromWorker::ScenariosDone { id, part }, out);
    Ok(())
}

/// Prices each of a prefecture's runs whole, one after the other, replication by replication
/// as `cost::run` does, and posts their outcomes; progress counts replications.
fn outcomes(id: u32, part: u32, scenarios: &[engine::Scenario]) -> Result<(), Problem> {
    let mut progress = throttled(id);
    let total: u32 = scenarios.iter().map(|s| s.replications).sum();
    let (mut done, mut out) = (0, Vec::with_capacity(scenarios.len()));
    for s in scenarios {
        let (prep, m, contacts) = cost::prepare(s)?;
        let mut ws = montecarlo::Workspace::default();
        let mut reps = Vec::with_capacity(s.replications as usize);
        for rep in 0..s.replications as u64 {
            reps.push(cost::run_rep(&prep, &m, &contacts, rep, &mut ws));
            done += 1;
            progress(done, total);
        }
        out.push(outcome_bytes(&prefecture::Outcome::of(s, &reps)));
    }
    post(&FromWorker::OutcomesDone { id, part }, out);
    Ok(())
}

fn evaluate(
    id: u32,
    batch: u32,
    request: engine::CalibRequest,
    proposals: Vec<(u64, Vec<f64>)>,
) -> Result<(), Problem> {
    let proposals: Vec<Proposal> = proposals.into_iter().map(|(id, theta)| Proposal { id, theta }).collect();
    let d = EVALUATOR
        .with(|cell| {
            let mut ev = cell.borrow_mut();
            if ev.as_ref().is_none_or(|e| e.request() != &request) {
                *ev = Some(CalibEvaluator::new(&request)?);
            }
            ev.as_mut().map_or(Err("no evaluator".to_string()), |e| e.evaluate(&proposals))
        })
        .map_err(internal)?;
    post(&FromWorker::Distances { id, batch }, vec![f64_bytes(&d)]);
    Ok(())
}

/// A single kind's job: its entry in the registry runs it from JSON to JSON.
fn single(id: u32, kind: &str, request: &str) -> Result<(), Problem> {
    let entry = find(REGISTRY.with(Cell::get), kind)
        .ok_or_else(|| Problem::Worker(format!("no job kind `{kind}` is registered")))?;
    let reply = (entry.run)(request, &mut throttled(id))?;
    let reply = RawValue::from_string(reply).map_err(|e| Problem::Worker(e.to_string()))?;
    post(&FromWorker::Reply { id, reply }, Vec::new());
    Ok(())
}

fn handle(task: Task, data: &Array) {
    let id = task.id();
    if !matches!(task, Task::Merge { .. }) {
        CURRENT.with(|c| c.set(id));
    }
    let result = match task {
        Task::Block { fail: true, part, .. } => panic!("worker {part} was asked to fail (test hook renkeiFailPart)"),
        Task::Block { part, parts, scenarios, .. } => {
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(problem) = block(id, part, parts, scenarios.get()).await {
                    fail(id, problem);
                }
            });
            Ok(())
        }
        Task::Merge { .. } => {
            let rest = data.slice(1, data.length());
            match MERGE.with(|m| m.borrow_mut().take()) {
                Some((want, resolve)) if want == id => {
                    resolve.call1(&JsValue::NULL, &rest).map(|_| ()).map_err(|e| Problem::Worker(format!("{e:?}")))
                }
                _ => {
                    EARLY.with(|e| *e.borrow_mut() = Some((id, rest.into())));
                    Ok(())
                }
            }
        }
        Task::Scenarios { part, scenarios, .. } => scenarios_whole(id, part, &scenarios),
        Task::Evaluate { batch, request, proposals, .. } => evaluate(id, batch, request, proposals),
        Task::Fit { index, region, medians, seed, .. } => engine::calib_fit(&region, &medians, seed)
            .map(|row| post(&FromWorker::Fitted { id, index, row }, Vec::new()))
            .map_err(internal),
        Task::Outcomes { part, scenarios, .. } => outcomes(id, part, &scenarios),
        Task::Single { kind, request, .. } => single(id, &kind, request.get()),
    };
    if let Err(problem) = result {
        fail(id, problem);
    }
}

/// Entry point of the worker binary: `registry` lists the single kinds it runs (`ui::jobs`).
pub fn start(registry: Registry) {
    REGISTRY.with(|r| r.set(registry));
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        fail(CURRENT.with(|c| c.get()), Problem::Worker(info.to_string()));
    }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
        let data = Array::from(&ev.data());
        let text = data.get(0).as_string().unwrap_or_default();
        match serde_json::from_str::<Task>(&text) {
            Ok(task) => handle(task, &data),
            Err(e) => fail(0, Problem::Worker(format!("bad task: {e}"))),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&FromWorker::Ready, Vec::new());
}
