//! The core's paired comparison, as the compare charts use it, and its cost-effectiveness
//! (issue 14 §2) as the comparison's cost table asks a worker for it
//! (`sim::experiment::jobs::cost`; the cost form's fields: `sim::scenario::cost`).

pub use renkei::sim::experiment::compare::{paired_difference, PairedDifference};
pub use renkei::sim::experiment::cost::{Band, CostModel, Row as CostRow, NOTE as COST_NOTE};
pub use renkei::sim::experiment::jobs::cost::{run_cost, CostRequest};
pub use renkei::sim::experiment::montecarlo::Summary;
pub use renkei::sim::scenario::cost::{cost_field, set_cost_field};
