//! Workshop mode, for a trainer at a projector: the partner network on a canvas,
//! one replication played week by week in the page (the same engine as the
//! planner, through `renkei::sim::experiment::workshop::Player`), large type, live counters,
//! and a guided demo contrasting scattered first adopters with one clustered area
//! whose centre leads. No state slice: the animation lives in [`model::Model`].

pub mod layout;
pub mod model;
pub mod network_canvas;
pub mod sparkline;
pub mod view;

pub use view::Workshop;
