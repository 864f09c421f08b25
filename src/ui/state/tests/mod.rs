//! The reducers, tested natively (`cargo test --features web --lib`).

use super::*;
use crate::ui::import::state::ImportAction;
use crate::ui::import::state::TableKind;
use crate::ui::planner::state::PlannerAction;
use crate::ui::research::state::{RangeSource, ResearchAction};
use crate::ui::shared::bridge::{
    CalibRequest, CalibResult, FieldError, LeverKind, Reason, Scenario, SimError, Summary,
};
use crate::ui::shared::i18n::errors;
use crate::ui::workers::JobEvent;

fn reduce(s: Rc<AppState>, a: Action) -> Rc<AppState> {
    s.reduce(a)
}

fn summary() -> Summary {
    let s = engine::default_scenario();
    engine::run(&s, &mut |_, _| {}).expect("default scenario runs")
}

mod files;
mod import;
mod levers;
mod research;
mod run;
mod today;
mod town;
