//! The core's paired comparison, as the compare charts use it (kept apart from `bridge.rs`,
//! which is split by another change).

pub use renkei::sim::experiment::compare::{paired_difference, PairedDifference};
pub use renkei::sim::experiment::montecarlo::Summary;
