//! Where a run is conditioned on an observation (`"condition"` in the scenario document).
//! The type alone: what conditioning does lives in `forward.rs`, which reads the whole
//! document; this file imports no document, so the document can hold it without a circle.

use crate::sim::date::Date;
use crate::sim::scenario::strategy::Strategy;
use serde::{Deserialize, Serialize};

/// Where a run is conditioned on an observation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The conditioning date ("today"): must match an entry of `observed`, whose adopters
    /// (scaled to the modelled office count) the run is set to at this date.
    pub date: Date,
    /// The levers that acted before the date (the region's actual plan).
    #[serde(default)]
    pub history: Strategy,
}
