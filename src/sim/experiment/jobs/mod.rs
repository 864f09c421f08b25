//! The experiments the page runs in a worker, each as a serialisable request, the function
//! that answers it on one thread with progress, and its answer: the same function natively
//! (tests, benchmarks) and in the browser, so a page result is checked against the CLI's
//! without a browser. Errors are the core's (`SimError`); the page says them in its language.

pub mod calibration;
pub mod cost;
pub mod goal;
pub mod options;
