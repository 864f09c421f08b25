//! What is done with many replications: Monte Carlo summaries, ABC-SMC calibration against the
//! observed figures, sweeps, one-at-a-time sensitivity, paired comparisons, forecasts, the
//! memory a run needs, the workshop's step-by-step player, and the page's worker jobs as
//! requests and answers (`jobs`).

pub mod bench_cases;
pub mod calibrate;
pub mod compare;
pub mod cost;
pub mod eta;
pub mod forecast;
pub mod goal;
pub mod jobs;
pub mod memory;
pub mod montecarlo;
pub mod options;
pub mod prefecture;
pub mod report;
pub mod research;
pub mod results_csv;
pub mod rows;
pub mod sensitivity;
pub mod sweep;
pub mod targets;
pub mod workshop;
