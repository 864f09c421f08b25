//! The bridge to the core for the planner's goal seek (issue 14): the request, the answer,
//! the check, the seek and applying its answer are the core's (`sim::experiment::jobs::goal`),
//! their errors typed (`SimError`), said in the page's language when shown.

pub use renkei::sim::experiment::goal::DIMENSIONS;
pub use renkei::sim::experiment::jobs::goal::{apply_goal, check_goal, run_goal, GoalAnswer, GoalRequest};
