//! Research views: sensitivity (tornado) and calibration. Their state slice and sub-reducer
//! are in `state.rs`; each job runs in its own worker (see `ui::page`).

pub mod calibration;
pub mod posterior;
pub mod sensitivity;
pub mod state;

pub use calibration::Calibration;
pub use sensitivity::Sensitivity;
