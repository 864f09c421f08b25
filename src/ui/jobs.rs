//! The single job kinds the worker runs, one line each (a kind is declared next to its
//! feature, `<feature>/jobs.rs`). The worker binary hands this list to
//! `workers::start_worker`; the pooled kinds (run, tornado, calibration, prefecture) live in
//! `workers/` with their strategies and need no line here.

use crate::ui::workers::{entry, Registry};

pub const REGISTRY: Registry = &[
    entry::<crate::ui::goal::jobs::GoalKind>(),
    entry::<crate::ui::cost::jobs::CostKind>(),
    entry::<crate::ui::options::jobs::RankKind>(),
    entry::<crate::ui::options::jobs::GoalsKind>(),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_kind_is_registered_once() {
        assert_eq!(crate::ui::workers::duplicate(super::REGISTRY), None);
    }
}
