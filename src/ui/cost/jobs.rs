//! The cost table's job: the run on screen priced (`renkei compare`), on one worker.

use crate::ui::shared::bridge::Problem;
use crate::ui::shared::bridge_compare::{run_cost, CostRequest, CostRow};
use crate::ui::workers::{job_kind, Single};

job_kind!(
    CostKind,
    "cost",
    CostRequest => Vec<CostRow>
);

impl Single for CostKind {
    fn run(request: &CostRequest, progress: &mut dyn FnMut(u32, u32)) -> Result<Vec<CostRow>, Problem> {
        Ok(run_cost(request, progress)?)
    }
}
