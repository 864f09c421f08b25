//! The page's small component kit: the shapes every panel repeats, written once. Each takes
//! plain props (text already in the page's language, callbacks, a job's status), reads no
//! page state and starts no job, so any feature can use it.
//!
//! - [`Field`]: a labelled text input with its draft text and its error under it.
//! - [`JobControls`] / [`JobStatus`]: Run, Cancel and the status line of a job slot.
//! - [`Panel`]: a section's skeleton (id, heading, help, body).
//! - [`CanvasChart`]: a canvas redrawn whenever what it draws changes.
//! - [`Table`]: a table's header row and its rows.
//! - [`FilePick`]: a file input said in the page's language.
//! - [`ScrollBox`]: a sideways-scrolling box for a wide table, reachable by keyboard.

mod canvas_chart;
mod field;
mod file_pick;
mod job_controls;
mod panel;
mod scroll_box;
mod table;

pub use canvas_chart::{CanvasChart, Draw};
pub use field::Field;
pub use file_pick::FilePick;
pub use job_controls::{JobControls, JobStatus};
pub use panel::Panel;
pub use scroll_box::ScrollBox;
pub use table::{columns, Table};
