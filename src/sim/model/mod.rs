//! One replication of the model: seeded random streams, the offices and their
//! partner network, the strategy compiled onto the weekly calendar, the weekly engine, and
//! each replication's draw of the parameters.

pub mod engine;
pub mod plan;
pub mod population;
pub mod targeting;
