//! The planner: a region's scenario, its levers and the strategies compared, the run and
//! its chart. Its state slice and sub-reducer are in `state.rs`; `page.rs` holds its bars
//! (header, notice, toolbar); the page is composed at `ui::page`.

pub mod controls;
pub mod custom;
pub mod evidence;
pub mod lever_view;
pub mod levers;
pub mod page;
pub mod results;
pub mod section_nav;
pub mod share;
pub mod state;
pub mod targeting;
pub mod targeting_rule;
