//! A job's status line (progress, cancelled, failed), like the main run's, for every panel
//! that runs a job in a worker.

use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::job::RunStatus;
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
    let lang = use_lang();
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
        RunStatus::Failed(m) => html! {
            <div {id} class="status banner error" data-state="failed" role="alert">
                { lang.pick("計算できませんでした", "The run failed") }{ ": " }
                { crate::ui::shared::i18n::errors::in_lang(lang, &m).to_string() }
            </div>
        },
        RunStatus::Refused(p) => html! {
            <div {id} class="status banner error" data-state="failed" role="alert">
                { lang.pick("計算できませんでした", "The run failed") }{ ": " }
                { crate::ui::shared::i18n::errors::problem(lang, &p) }
            </div>
        },
    }
}
