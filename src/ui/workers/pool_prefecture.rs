//! A prefecture over the pool: its runs (`prefecture::Work::runs`) are dealt to the workers
//! whole, the largest first to the least loaded (so one big municipality does not leave the
//! other workers idle at the end), and each run's outcome is put back at its index. A run is
//! priced whole by one worker, as `cost::run` prices it, so any number of workers gives the
//! same outcomes and the page's view equals `renkei prefecture`'s.

use super::pool::{Answers, Parts, Pool, Step, Work};
use super::protocol::{outcome_of, FromWorker, Task};
use crate::ui::shared::bridge::{Problem, Scenario};
use js_sys::Uint8Array;
use wasm_bindgen::JsValue;

/// A run's size: replications × offices × weeks (the core's measure of work).
fn size(s: &Scenario) -> f64 {
    s.replications as f64 * (s.population.home_offices() + s.population.external_offices) as f64 * s.weeks() as f64
}

/// The runs of each of `parts` workers (indices into `sizes`): the largest run first, each to
/// the part with the least work so far (ties: the lower part), in run order within a part.
fn deal(sizes: &[f64], parts: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by(|&a, &b| sizes[b].total_cmp(&sizes[a]).then(a.cmp(&b)));
    let (mut dealt, mut load) = (vec![Vec::new(); parts.max(1)], vec![0.0_f64; parts.max(1)]);
    for k in order {
        let p = (0..load.len()).min_by(|&a, &b| load[a].total_cmp(&load[b])).unwrap_or(0);
        load[p] += sizes[k];
        dealt[p].push(k);
    }
    dealt.iter_mut().for_each(|d| d.sort_unstable());
    dealt.retain(|d| !d.is_empty());
    dealt
}

/// A prefecture's runs out in the workers: `dealt[p]` the runs of part p, `got` their
/// outcomes' buffers as they come; progress summed over the parts.
struct PrefectureWork {
    parts: Parts,
    got: Answers,
    dealt: Vec<Vec<usize>>,
    runs: usize,
}

impl Work for PrefectureWork {
    fn progress(&mut self, slot: usize, done: u32, _total: u32) -> (u32, u32) {
        self.parts.progress(slot, done)
    }

    /// A part's outcomes: once every part has answered, every run's outcome in run order.
    fn answer(&mut self, _id: u32, _slot: usize, msg: FromWorker, buffers: Vec<JsValue>) -> Vec<Step> {
        let FromWorker::OutcomesDone { part, .. } = msg else { return Vec::new() };
        let Some(got) = self.got.put(part as usize, buffers) else { return Vec::new() };
        let mut outcomes = vec![None; self.runs];
        for (mine, buffers) in self.dealt.iter().zip(got) {
            for (&k, b) in mine.iter().zip(buffers) {
                outcomes[k] = outcome_of(&Uint8Array::new(&b).to_vec());
            }
        }
        vec![match outcomes.into_iter().collect::<Option<Vec<_>>>() {
            Some(outcomes) => Step::Done(Box::new(outcomes)),
            None => Step::Fail(Problem::Worker("a worker's outcome could not be read".into())),
        }]
    }
}

impl Pool {
    pub(super) fn start_prefecture(&self, id: u32, runs: &[Scenario]) {
        let sizes: Vec<f64> = runs.iter().map(size).collect();
        let dealt = deal(&sizes, self.size().min(runs.len()));
        let tasks = dealt
            .iter()
            .enumerate()
            .map(|(part, mine)| {
                let scenarios = mine.iter().map(|&k| runs[k].clone()).collect();
                Step::Send(part, Task::Outcomes { id, part: part as u32, scenarios }, Vec::new())
            })
            .collect();
        let work = PrefectureWork {
            parts: Parts::new(dealt.len(), runs.iter().map(|s| s.replications).sum()),
            got: Answers::new(dealt.len()),
            runs: runs.len(),
            dealt,
        };
        self.begin(id, Box::new(work), tasks);
    }
}

#[cfg(test)]
mod tests {
    use super::deal;

    #[test]
    fn the_largest_runs_are_spread_first_and_every_run_is_dealt_once() {
        let d = deal(&[1.0, 10.0, 9.0, 2.0, 1.0], 2);
        // 10 and 9 first apart, 2 beside the 9, then 1 and 1 (the tie to the lower part)
        assert_eq!(d, vec![vec![0, 1, 4], vec![2, 3]]);
        assert_eq!(deal(&[1.0, 2.0], 4), vec![vec![1], vec![0]], "the larger first; no empty parts");
    }
}
