//! Runs over the pool. A run: every scenario split into contiguous blocks of replications,
//! one per worker; part 0 merges the others' tallies into the summaries one worker would
//! give, to the byte (`sim::blocks`). A tornado: its scenarios cut into contiguous slices,
//! one per worker, each scenario run whole (as one worker runs it).

use super::launch::TornadoRequest;
use super::pool::{fail_part, raw, Answers, Parts, Pool, Step, Work};
use super::protocol::{FromWorker, Task};
use crate::ui::shared::bridge::{self as engine, Problem, Range, Scenario, SimError, Summary};
use js_sys::Uint8Array;
use renkei::sim::experiment::sensitivity;
use wasm_bindgen::JsValue;

/// Summaries from their bytes (`sim::summary_bytes` layout), in order.
fn decode(buffers: &[JsValue]) -> Result<Vec<Summary>, Problem> {
    buffers
        .iter()
        .map(|b| renkei::sim::experiment::montecarlo::summary_bytes::decode(&Uint8Array::new(b).to_vec()))
        .collect::<Result<_, SimError>>()
        .map_err(Problem::Sim)
}

struct RunWork {
    parts: Parts,
    /// The tallies of parts 1.. (at k - 1 those of part k) until part 0 gets them to merge.
    others: Answers,
}

impl Work for RunWork {
    fn progress(&mut self, slot: usize, done: u32, _total: u32) -> (u32, u32) {
        self.parts.progress(slot, done)
    }

    fn answer(&mut self, id: u32, _slot: usize, msg: FromWorker, buffers: Vec<JsValue>) -> Vec<Step> {
        match msg {
            // A part's tallies: once every part but 0 has sent them, part 0 gets them to merge.
            FromWorker::BlockDone { part, .. } => match self.others.put((part as usize).wrapping_sub(1), buffers) {
                Some(all) => vec![Step::Send(0, Task::Merge { id }, all.into_iter().flatten().collect())],
                None => Vec::new(),
            },
            FromWorker::Done { .. } => vec![match decode(&buffers) {
                Ok(summaries) => Step::Done(Box::new(summaries)),
                Err(p) => Step::Fail(p),
            }],
            _ => Vec::new(),
        }
    }
}

struct TornadoWork {
    parts: Parts,
    /// Each part's summaries, in order.
    summaries: Answers,
    ranges: Vec<Range>,
}

impl Work for TornadoWork {
    fn progress(&mut self, slot: usize, done: u32, _total: u32) -> (u32, u32) {
        self.parts.progress(slot, done)
    }

    /// A slice of the tornado's scenarios is done: once every slice is, the tornado.
    fn answer(&mut self, _id: u32, _slot: usize, msg: FromWorker, buffers: Vec<JsValue>) -> Vec<Step> {
        let FromWorker::ScenariosDone { part, .. } = msg else { return Vec::new() };
        let Some(all) = self.summaries.put(part as usize, buffers) else { return Vec::new() };
        let all: Vec<JsValue> = all.into_iter().flatten().collect();
        let tornado = decode(&all).and_then(|s| sensitivity::from_summaries(&self.ranges, &s).map_err(Problem::Sim));
        vec![match tornado {
            Ok(t) => Step::Done(Box::new(t)),
            Err(p) => Step::Fail(p),
        }]
    }
}

impl Pool {
    /// Runs every scenario, split over the pool; refused with the page's checks' problem.
    pub(super) fn start_run(&self, id: u32, scenarios: &[Scenario]) {
        if let Err(problem) = engine::check(scenarios) {
            return self.refuse(id, problem);
        }
        // The scenarios' JSON is written once and goes into each part's task as it is.
        let json = match raw(scenarios) {
            Ok(j) => j,
            Err(p) => return self.refuse(id, p),
        };
        let parts = engine::pool_parts(scenarios, self.size());
        let total = scenarios.iter().map(|s| s.replications).sum();
        let fail = fail_part();
        let tasks = (0..parts)
            .map(|part| {
                let task = Task::Block { id, part, parts, fail: fail == Some(part), scenarios: json.clone() };
                Step::Send(part as usize, task, Vec::new())
            })
            .collect();
        let work = RunWork { parts: Parts::new(parts as usize, total), others: Answers::new(parts as usize - 1) };
        self.begin(id, Box::new(work), tasks);
    }

    /// A tornado over the pool: its 1 + 2·len(ranges) scenarios in contiguous slices, one per
    /// worker, each scenario run whole with [`engine::TORNADO_REPS`] replications, as one
    /// worker runs it; so any number of workers gives the same tornado. Each scenario's
    /// networks are built once, by the worker that runs it, one scenario at a time.
    pub(super) fn start_tornado(&self, id: u32, request: &TornadoRequest) {
        let TornadoRequest { scenario, ranges } = request;
        let mut base = (**scenario).clone();
        base.replications = engine::TORNADO_REPS;
        let all = match sensitivity::scenarios(&base, ranges) {
            Ok(all) => all,
            Err(e) => return self.refuse(id, Problem::Sim(e)),
        };
        let parts = self.size().min(all.len()).max(1);
        let tasks = (0..parts)
            .map(|part| {
                let scenarios = all[engine::slice(all.len(), part, parts)].to_vec();
                Step::Send(part, Task::Scenarios { id, part: part as u32, scenarios }, Vec::new())
            })
            .collect();
        let work = TornadoWork {
            parts: Parts::new(parts, all.len() as u32),
            summaries: Answers::new(parts),
            ranges: ranges.to_vec(),
        };
        self.begin(id, Box::new(work), tasks);
    }
}
