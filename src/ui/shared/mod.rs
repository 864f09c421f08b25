//! What every feature uses: the bridge to the core, the translation table, the component kit,
//! chart and DOM helpers, the job slot, and what the features share of the page (the planner
//! as the others see it, labels, the notice, the route).

pub mod bridge;
pub mod bridge_compare;
pub mod bridge_options;
pub mod bridge_planning;
pub mod chart;
pub mod dom;
pub mod i18n;
pub mod ids;
pub mod job;
pub mod kit;
pub mod labels;
pub mod notice;
pub mod panic;
pub mod plan;
pub mod readout;
pub mod route;
pub mod store;
pub mod survey_table;
