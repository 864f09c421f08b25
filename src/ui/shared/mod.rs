//! What every feature uses: the bridge to the core, the translation table, the job slot,
//! chart and DOM helpers.

pub mod bridge;
pub mod bridge_compare;
pub mod bridge_options;
pub mod bridge_planning;
pub mod chart;
pub mod dom;
pub mod i18n;
pub mod panic;
pub mod readout;

use crate::ui::state::AppContext;
use yew::prelude::*;

/// The page state, provided by `planner::page::App`.
#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("AppContext is provided by <App>")
}
