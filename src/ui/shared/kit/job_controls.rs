//! Run, Cancel and the status line of a job slot, the same on every panel that sends work to
//! a worker. The buttons sit in the panel's `.controls` row after any inputs given as
//! children; the status line follows the row.

use crate::ui::shared::bridge::{Eta, EtaWords};
use crate::ui::shared::i18n::{errors, Lang};
use crate::ui::shared::job::{use_progress, RunStatus};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct JobStatusProps {
    /// Element id of the status line.
    pub id: AttrValue,
    pub status: RunStatus,
    /// What the progress counts, e.g. "scenarios".
    pub unit: AttrValue,
    pub lang: Lang,
    /// What a failure is called (default: "The run failed").
    #[prop_or_default]
    pub failed: Option<AttrValue>,
}

/// Progress, cancelled or failed, like the main run's status line.
#[function_component(JobStatus)]
pub fn job_status(props: &JobStatusProps) -> Html {
    let lang = props.lang;
    let id = props.id.clone();
    let status = use_progress(&props.status);
    let failed = || {
        props.failed.clone().unwrap_or_else(|| AttrValue::Static(lang.pick("計算できませんでした", "The run failed")))
    };
    match status {
        RunStatus::Idle => html! { <div {id} class="status idle" data-state="idle"></div> },
        RunStatus::Running { done, total, eta, .. } => html! {
            <div id={id.clone()} class="status running" data-state="running" role="status">
                <span>{ lang.pick("計算中", "Running") }{ format!(" {done}/{total} {}", props.unit) }</span>
                <progress max={total.max(1).to_string()} value={done.to_string()}></progress>
                if let Some(eta) = eta { { eta_view(lang, &format!("{id}-eta"), eta) } }
            </div>
        },
        RunStatus::Cancelled => html! {
            <div {id} class="status cancelled" data-state="cancelled" role="status">
                { lang.pick("中止しました", "Cancelled") }
            </div>
        },
        RunStatus::Failed(p) => html! {
            <div {id} class="status banner error" data-state="failed" role="alert">
                { failed() }{ ": " }{ errors::problem(lang, &p) }
            </div>
        },
    }
}

/// The time a job still needs, in words; its seconds in data attributes (for the tests).
fn eta_view(lang: Lang, id: &str, eta: Eta) -> Html {
    let text = match (eta.words(), lang) {
        (EtaWords::Estimating, Lang::Ja) => "残り時間を推定中…".to_string(),
        (EtaWords::Estimating, Lang::En) => "estimating the time left…".to_string(),
        (EtaWords::Seconds(s), Lang::Ja) => format!("残り約{s}秒"),
        (EtaWords::Seconds(s), Lang::En) => format!("about {s} s left"),
        (EtaWords::About(m), Lang::Ja) => format!("残り約{m}分"),
        (EtaWords::About(m), Lang::En) => format!("about {m} min left"),
        (EtaWords::Between(a, b), Lang::Ja) => format!("残り約{a}〜{b}分"),
        (EtaWords::Between(a, b), Lang::En) => format!("about {a}–{b} min left"),
    };
    let (low, high) = match eta {
        Eta::Remaining { low_s, high_s } => (Some(format!("{low_s:.0}")), Some(format!("{high_s:.0}"))),
        Eta::Estimating => (None, None),
    };
    html! { <span id={id.to_string()} class="eta" data-low-s={low} data-high-s={high}>{ text }</span> }
}

#[derive(Properties, PartialEq)]
pub struct JobControlsProps {
    /// The ids of the Run and Cancel buttons and of the status line: `{id}-run`,
    /// `{id}-cancel`, `{id}-status`.
    pub id: AttrValue,
    pub run_label: AttrValue,
    pub on_run: Callback<MouseEvent>,
    pub on_cancel: Callback<MouseEvent>,
    /// Whether the slot's job is running (Cancel is enabled only then).
    pub running: bool,
    /// Whether Run is disabled (the caller says why: running, a refused field, no region).
    #[prop_or_default]
    pub run_disabled: bool,
    pub status: RunStatus,
    /// What the progress counts.
    pub unit: AttrValue,
    pub lang: Lang,
    /// What a failure is called (default: "The run failed").
    #[prop_or_default]
    pub failed: Option<AttrValue>,
    /// More classes of the controls row.
    #[prop_or_default]
    pub class: Classes,
    /// Inputs placed before the buttons in the controls row.
    #[prop_or_default]
    pub children: Html,
}

#[function_component(JobControls)]
pub fn job_controls(props: &JobControlsProps) -> Html {
    let id = &props.id;
    let lang = props.lang;
    html! {
        <>
            <div class={classes!("controls", props.class.clone())}>
                { props.children.clone() }
                <button id={format!("{id}-run")} type="button" onclick={props.on_run.clone()} disabled={props.run_disabled}>
                    { props.run_label.clone() }
                </button>
                <button id={format!("{id}-cancel")} type="button" onclick={props.on_cancel.clone()} disabled={!props.running}>
                    { lang.pick("中止", "Cancel") }
                </button>
            </div>
            <JobStatus id={format!("{id}-status")} status={props.status.clone()} unit={props.unit.clone()} {lang}
                failed={props.failed.clone()} />
        </>
    }
}
