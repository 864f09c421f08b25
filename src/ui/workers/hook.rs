//! The page's side of the workers: [`use_job`] gives a component a pool for one job kind,
//! starts the job its slot is running and stops it when the slot moves on, and hands the
//! kind's typed events to the feature, which maps them to its own action. [`Workers`] is
//! the same without a component (the benchmark awaits its results).

use super::kind::{typed, AnyReply, JobEvent, JobKind};
use super::launch::Launch;
use super::pool::Pool;
use crate::ui::shared::bridge::Eta;
use std::cell::RefCell;
use std::marker::PhantomData;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// A job's event before it is typed (a reply of any kind); [`Workers::typed`] types it.
pub type AnyEvent = JobEvent<AnyReply>;

/// A pool of workers that runs jobs of any kind, telling one sink.
#[derive(Clone)]
pub struct Workers {
    pool: Pool,
}

impl Workers {
    /// A pool of `size` workers (`None`: the page's setting), telling `on_event`.
    pub fn new(size: Option<usize>, on_event: impl Fn(AnyEvent) + 'static) -> Workers {
        Workers { pool: Pool::new(size, Rc::new(on_event)) }
    }

    /// Starts job `id` of kind `K` (stopping whatever this pool was doing).
    pub fn start<K: Launch>(&self, id: u32, request: &K::Request) {
        K::launch(&self.pool, id, request);
    }

    /// Stops job `id` if it is still going (its workers are terminated; fresh ones are
    /// spawned for the next).
    pub fn stop(&self, id: u32) {
        self.pool.stop(id);
    }

    /// Spawns the workers ahead of the first job so their wasm loads early.
    pub fn warm_up(&self) {
        self.pool.warm_up();
    }

    /// Terminates every worker (a pool no longer needed).
    pub fn shutdown(&self) {
        self.pool.shutdown();
    }

    /// The event of a job of kind `K`, typed.
    pub fn typed<K: JobKind>(event: AnyEvent) -> JobEvent<K::Reply> {
        typed::<K>(event)
    }
}

/// A component's pool for jobs of kind `K`.
pub struct JobHandle<K> {
    workers: Workers,
    kind: PhantomData<fn() -> K>,
}

impl<K> PartialEq for JobHandle<K> {
    fn eq(&self, other: &Self) -> bool {
        self.workers.pool.same(&other.workers.pool)
    }
}

impl<K: Launch> JobHandle<K> {
    pub fn start(&self, id: u32, request: &K::Request) {
        self.workers.start::<K>(id, request);
    }

    pub fn stop(&self, id: u32) {
        self.workers.stop(id);
    }

    pub fn warm_up(&self) {
        self.workers.warm_up();
    }
}

/// The least time between two progress events: each re-renders what reads the slot (a few
/// ms of yew and paint on the main thread), and a progress bar needs no more than ten a second.
const PROGRESS_EVERY_MS: f64 = 100.0;

/// A job's progress as it waits for a frame (the latest wins).
struct Progress {
    id: u32,
    done: u32,
    total: u32,
    eta: Option<Eta>,
}

/// Progress waiting for its animation frame, the frame callback, and when progress was last
/// handed on (the frame's time).
#[derive(Default)]
struct Pending {
    progress: Option<Progress>,
    frame: Option<Closure<dyn FnMut(f64)>>,
    last: f64,
}

/// Asks for an animation frame for the pending progress; false if there is no window.
fn ask_frame(pending: &Rc<RefCell<Pending>>) -> bool {
    let p = pending.borrow();
    match (web_sys::window(), p.frame.as_ref()) {
        (Some(w), Some(f)) => w.request_animation_frame(f.as_ref().unchecked_ref()).is_ok(),
        _ => false,
    }
}

/// `on_event` with progress handed on in an animation frame, at most every
/// [`PROGRESS_EVERY_MS`], the latest winning (every worker posts progress every 50 ms). Every
/// other event goes on at once, and drops progress still waiting.
fn throttled<K: JobKind>(on_event: Rc<dyn Fn(JobEvent<K::Reply>)>) -> impl Fn(AnyEvent) {
    let pending: Rc<RefCell<Pending>> = Rc::default();
    let (later, tell) = (Rc::downgrade(&pending), on_event.clone());
    pending.borrow_mut().frame = Some(Closure::new(move |t: f64| {
        let Some(pending) = later.upgrade() else { return };
        let due = {
            let mut p = pending.borrow_mut();
            if p.progress.is_some() && t - p.last < PROGRESS_EVERY_MS {
                None // too soon: wait for a later frame
            } else {
                p.last = t;
                Some(p.progress.take())
            }
        };
        match due {
            None => {
                ask_frame(&pending);
            }
            Some(Some(Progress { id, done, total, eta })) => tell(JobEvent::Progress { id, done, total, eta }),
            Some(None) => {}
        }
    }));
    move |e: AnyEvent| {
        let JobEvent::Progress { id, done, total, eta } = e else {
            pending.borrow_mut().progress = None;
            return on_event(typed::<K>(e));
        };
        let waiting = pending.borrow_mut().progress.replace(Progress { id, done, total, eta }).is_some();
        if !waiting && !ask_frame(&pending) {
            if let Some(Progress { id, done, total, eta }) = pending.borrow_mut().progress.take() {
                on_event(JobEvent::Progress { id, done, total, eta });
            }
        }
    }
}

/// A pool for jobs of kind `K`, owned by the component: `running` is the job its slot runs
/// now (`JobSlot::running`); it is started when its id appears and stopped (its workers
/// terminated) when the id changes or goes, and every worker is terminated when the
/// component goes. `on_event` (the first render's) hears the job's typed events; progress is
/// throttled to the animation frames, at most every 100 ms.
#[hook]
pub fn use_job<K, J>(running: Option<(u32, Rc<J>)>, on_event: impl Fn(JobEvent<K::Reply>) + 'static) -> Rc<JobHandle<K>>
where
    K: Launch,
    J: std::borrow::Borrow<K::Request> + 'static,
{
    let handle = use_memo((), move |_| JobHandle::<K> {
        workers: Workers::new(None, throttled::<K>(Rc::new(on_event))),
        kind: PhantomData,
    });
    {
        let handle = handle.clone();
        use_effect_with((), move |_| move || handle.workers.shutdown());
    }
    let id = running.as_ref().map(|(id, _)| *id);
    {
        let handle = handle.clone();
        use_effect_with(id, move |id| {
            let id = *id;
            if let Some((id, job)) = running {
                handle.start(id, std::borrow::Borrow::borrow(&*job));
            }
            move || {
                if let Some(id) = id {
                    handle.stop(id);
                }
            }
        });
    }
    handle
}
