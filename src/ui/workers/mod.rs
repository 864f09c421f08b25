//! Everything about the simulation workers, behind one small API:
//! - a job kind is declared once ([`JobKind`]: its name, typed request and reply); a kind run
//!   whole on one worker ([`Single`]) also says what the worker runs, and is registered with
//!   one line ([`entry`]) in the app's registry (`ui::jobs`), which the worker binary hands
//!   to [`start_worker`]; the pooled kinds ([`RunKind`], [`TornadoKind`], [`CalibrateKind`],
//!   [`PrefectureKind`]) are declared here with their strategies (`pool_*.rs`);
//! - a component runs a kind with [`use_job`] and hears its typed [`JobEvent`]s, which its
//!   feature maps to its own action; the slice keeps the job in a [`JobSlot`];
//! - [`Workers`] is a pool without a component (the benchmark).
//!
//! Inside (module-private), bottom up: `protocol` (the messages), `kind`, `slots` (the
//! workers themselves), `pool` (one job at a time over the slots), its strategies
//! `pool_run`, `pool_calib`, `pool_prefecture`, then `launch` and `hook`; `worker_main` is
//! the worker's side. This folder imports no feature.

mod hook;
mod kind;
mod launch;
mod pool;
mod pool_calib;
mod pool_prefecture;
mod pool_run;
mod pool_size;
mod protocol;
mod slots;
mod worker_main;

pub use crate::ui::shared::job::{JobSlot, RunStatus};
pub use hook::{use_job, AnyEvent, JobHandle, Workers};
pub(crate) use kind::job_kind;
pub use kind::{duplicate, entry, Entry, JobEvent, JobKind, Registry, Single};
pub use launch::{CalibrateKind, Launch, PrefectureKind, RunKind, TornadoKind, TornadoRequest};
pub use pool_size::{default_size, set_size, size as pool_size, PoolSizeSetting};
pub use worker_main::start as start_worker;
