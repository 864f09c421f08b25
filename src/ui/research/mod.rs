//! Research views: sensitivity (tornado) and calibration. Their state slice and sub-reducer
//! are in `state.rs`; each job runs in its own worker (see `planner::page::App`).

pub mod calibration;
pub mod sensitivity;
pub mod state;

pub use calibration::Calibration;
pub use sensitivity::Sensitivity;

use crate::ui::shared::use_app;
use crate::ui::state::RunStatus;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct JobStatusProps {
    /// Element id of the status line.
    pub id: AttrValue,
    pub status: RunStatus,
    /// What the progress counts, e.g. "scenarios".
    pub unit: AttrValue,
}

/// Progress, cancelled or failed, like the main run's status line.
#[function_component(JobStatus)]
pub fn job_status(props: &JobStatusProps) -> Html {
    let app = use_app();
    let lang = app.lang;
    let id = props.id.clone();
    match props.status.clone() {
        RunStatus::Idle => html! { <div {id} class="status idle" data-state="idle"></div> },
        RunStatus::Running { done, total, .. } => html! {
            <div {id} class="status running" data-state="running" role="status">
                <span>{ lang.pick("計算中", "Running") }{ format!(" {done}/{total} {}", props.unit) }</span>
                <progress max={total.max(1).to_string()} value={done.to_string()}></progress>
            </div>
        },
        RunStatus::Cancelled => html! {
            <div {id} class="status cancelled" data-state="cancelled" role="status">
                { lang.pick("中止しました", "Cancelled") }
            </div>
        },
        RunStatus::Refused(m) => html! {
            <div {id} class="status banner error" data-state="failed" role="alert">
                { lang.pick("計算できませんでした", "The run failed") }{ ": " }
                { m }
            </div>
        },
        RunStatus::Failed(p) => html! {
            <div {id} class="status banner error" data-state="failed" role="alert">
                { lang.pick("計算できませんでした", "The run failed") }{ ": " }
                { crate::ui::shared::i18n::errors::problem(lang, &p) }
            </div>
        },
    }
}
