//! The scenario document (`document`, re-exported here so `scenario::Scenario` reads as
//! before) and what it is made of: the behavioural parameters, the strategy and its levers,
//! the region presets, the strategy library, and what-ifs / plans from today.

pub mod condition;
pub mod cost;
mod document;
pub mod fields;
pub mod figures_text;
pub mod forward;
pub mod lever_fields;
pub mod municipality;
pub mod network_import;
pub mod params;
pub mod plans;
pub mod posterior;
pub mod regions;
pub mod strategies;
pub mod strategy;
pub mod survey;
pub mod tables;
pub mod targeting;
mod validate;

pub use document::*;
