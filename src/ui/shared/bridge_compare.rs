//! The core's paired comparison, as the compare charts use it, and its cost-effectiveness
//! (issue 14 §2) as the comparison's cost table asks a worker for it
//! (`sim::experiment::jobs::cost`; the cost form's fields: `sim::scenario::cost`).

pub use renkei::sim::experiment::compare::{paired_difference, PairedDifference};
pub use renkei::sim::experiment::cost::{Band, CostModel, Row as CostRow, NOTE as COST_NOTE};
pub use renkei::sim::experiment::jobs::cost::CostRequest;
pub use renkei::sim::experiment::montecarlo::Summary;
pub use renkei::sim::scenario::cost::{cost_field, set_cost_field};

/// The comparison `renkei compare` prints (`jobs::cost::run_cost`), its error as text for
/// the worker's message.
pub fn run_cost(req: &CostRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<Vec<CostRow>, String> {
    renkei::sim::experiment::jobs::cost::run_cost(req, progress).map_err(|e| e.to_string())
}
