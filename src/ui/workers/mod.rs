//! Everything about the simulation workers: the pool, the messages, the job slot and the
//! worker's own main. (Being reshaped: one declaration per job kind, issue 24.)

pub mod job;
pub mod pool;
pub mod pool_calib;
mod pool_prefecture;
pub mod pool_size;
mod pool_workers;
pub mod protocol;
pub mod worker_client;
pub mod worker_main;

use crate::ui::shared::bridge as engine;
