//! A prefecture over the pool: its runs (`prefecture::Work::runs`) are dealt to the workers
//! whole, the largest first to the least loaded (so one big municipality does not leave the
//! other workers idle at the end), and each run's outcome is put back at its index. A run is
//! priced whole by one worker, as `cost::run` prices it, so any number of workers gives the
//! same outcomes and the page's view equals `renkei prefecture`'s.

use super::engine::Scenario;
use super::pool::{now_ms, Active, Pool, Work};
use super::protocol::{outcome_of, PoolEvent, Task};
use js_sys::Uint8Array;
use wasm_bindgen::JsValue;

/// A run's size: replications × offices × weeks (the core's measure of work).
fn size(s: &Scenario) -> f64 {
    s.replications as f64 * (s.population.home_offices() + s.population.external_offices) as f64 * s.weeks() as f64
}

/// The runs of each of `parts` workers (indices into `sizes`): the largest run first, each to
/// the part with the least work so far (ties: the lower part), in run order within a part.
pub fn deal(sizes: &[f64], parts: usize) -> Vec<Vec<usize>> {
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

impl Pool {
    pub(super) fn start_prefecture(&self, id: u32, runs: &[Scenario]) {
        let sizes: Vec<f64> = runs.iter().map(size).collect();
        let dealt = deal(&sizes, self.pool_size().min(runs.len()));
        let work = Work::Prefecture {
            done: vec![0; dealt.len()],
            total: runs.iter().map(|s| s.replications).sum(),
            got: vec![None; dealt.len()],
            dealt: dealt.clone(),
            runs: runs.len(),
        };
        self.begin(id, work);
        for (part, mine) in dealt.iter().enumerate() {
            let scenarios = mine.iter().map(|&k| runs[k].clone()).collect();
            self.send_task(part, &Task::Outcomes { id, part: part as u32, scenarios }, Vec::new());
        }
    }

    /// A part's outcomes: once every part has answered, every run's outcome in run order.
    pub(super) fn outcomes_done(&self, id: u32, part: u32, buffers: Vec<JsValue>) {
        let done = {
            let mut i = self.inner.borrow_mut();
            let Some(Active { work: Work::Prefecture { got, .. }, .. }) = i.job.as_mut() else { return };
            if let Some(g) = got.get_mut(part as usize) {
                *g = Some(buffers);
            }
            if !got.iter().all(Option::is_some) {
                return;
            }
            match i.job.take() {
                Some(Active { t0, work: Work::Prefecture { got, dealt, runs, .. }, .. }) => (t0, got, dealt, runs),
                _ => return,
            }
        };
        let (t0, got, dealt, runs) = done;
        let mut outcomes = vec![None; runs];
        for (mine, buffers) in dealt.iter().zip(got) {
            for (&k, b) in mine.iter().zip(buffers.unwrap_or_default()) {
                outcomes[k] = outcome_of(&Uint8Array::new(&b).to_vec());
            }
        }
        self.emit(vec![match outcomes.into_iter().collect::<Option<Vec<_>>>() {
            Some(outcomes) => PoolEvent::PrefectureFinished { id, outcomes, elapsed_ms: now_ms() - t0 },
            None => PoolEvent::Failed { id, message: "a worker's outcome could not be read".into() },
        }]);
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
