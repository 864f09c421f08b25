//! Browser UI (feature `web`): a yew page that runs the simulation in a Web
//! Worker. Compiled into the `app` and `worker` binaries with `#[path]`, so
//! the library itself has no web dependencies.

pub mod bench;
pub mod chart;
pub mod charts_more;
pub mod compare;
pub mod components;
pub mod custom;
pub mod dom;
pub mod engine;
pub mod evidence;
pub mod i18n;
pub mod levers;
pub mod network_canvas;
pub mod panic;
pub mod pool;
pub mod pool_calib;
pub mod pool_size;
pub mod protocol;
pub mod research;
pub mod share;
pub mod state;
pub mod worker_client;
pub mod worker_main;
pub mod workshop;

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;
