//! The simulation core: pure Rust, no web-sys, no yew, no I/O, no threads. It runs natively
//! (CLI, tests, benchmarks) and in the browser's worker alike.
//!
//! Three layers, each using only the ones above it in this list:
//! - [`scenario`]: the scenario document a user writes or picks (parameters, strategy,
//!   the region presets and the strategy library, what-ifs and plans from today);
//! - [`model`]: one replication of the model (dates, random streams, offices and their
//!   network, the plan on the weekly calendar, the engine, each replication's parameter draw);
//! - [`experiment`]: what is done with many replications (Monte Carlo summaries,
//!   calibration, sweeps, sensitivity, comparisons, forecasts, the workshop player).

pub mod date;
pub mod error;
pub mod experiment;
pub mod model;
pub mod rng;
pub mod scenario;
