//! Import a municipality's own network from two CSV tables (offices, edges). The core parses
//! and checks the tables; nothing leaves the browser. State slice and sub-reducer: `state.rs`.

pub mod rows;
pub mod state;
pub mod view;

pub use view::NetworkImport;
