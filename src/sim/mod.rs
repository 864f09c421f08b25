//! The simulation core: pure Rust, no web-sys, no yew, no I/O. It runs natively
//! (CLI, tests, benchmarks) and in the browser's worker alike.

pub mod calibrate;
pub mod compare;
pub mod cost;
pub mod date;
pub mod engine;
pub mod error;
pub mod forecast;
pub mod forward;
pub mod goal;
pub mod memory;
pub mod montecarlo;
pub mod params;
pub mod plan;
pub mod population;
pub mod posterior;
pub mod regions;
pub mod rng;
pub mod scenario;
pub mod sensitivity;
pub mod strategies;
pub mod strategy;
pub mod survey;
pub mod sweep;
pub mod targeting;
pub mod targets;
pub mod workshop;
