//! The goal panel (issue 14 §1): what it takes to reach an adoption rate by a date with a
//! probability, along one lever dimension. The seek runs in a worker of its own
//! (`bridge_planning::run_goal`: every evaluation the scenario on screen with the same seed);
//! the answer can be set in the plan with one click.

pub mod jobs;
pub mod state;

use crate::ui::goal::jobs::GoalKind;
use crate::ui::goal::state::GoalState;
use crate::ui::goal::state::{GoalAction, GoalField};
use crate::ui::shared::bridge_planning::{GoalAnswer, DIMENSIONS};
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::{pct, Lang};
use crate::ui::shared::kit::{Field, JobControls, Panel};
use crate::ui::shared::labels::{dimension_label, unit};
use crate::ui::shared::plan::use_plan;
use crate::ui::shared::store::use_slice;
use crate::ui::state::use_dispatch;
use crate::ui::state::Action;
use crate::ui::workers::use_job;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The answer in words: the value (on the lever's step, with its unit) and its probability,
/// or out of reach with the best found.
fn answer_text(lang: Lang, a: &GoalAnswer) -> String {
    let p = pct(a.probability);
    let shown = a.shown.as_ref().map(|v| format!("{v}{}", unit(lang, &a.lever)));
    match (&shown, a.reachable) {
        (Some(v), true) => lang.pick(
            format!("{}: {v} で目標に届きます(確率 {p})。", dimension_label(lang, &a.lever)),
            format!("{}: {v} reaches the goal (probability {p}).", dimension_label(lang, &a.lever)),
        ),
        _ => lang.pick(
            format!("範囲 {}〜{} では届きません。最も高い確率は {p} でした。", a.range.0, a.range.1),
            format!(
                "Out of reach with this lever in {} to {}: the best probability found was {p}.",
                a.range.0, a.range.1
            ),
        ),
    }
}

#[derive(Properties, PartialEq)]
pub struct GoalPanelProps {
    /// Shown at the panel's end (the page puts every option's goal there).
    #[prop_or_default]
    pub children: Html,
}

#[function_component(GoalPanel)]
pub fn goal_panel(props: &GoalPanelProps) -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let plan = use_plan();
    let goal = use_slice::<GoalState>();
    use_job::<GoalKind, _>(goal.job.running(), dispatch.map(GoalAction::Job));
    let g = &goal;
    let set = |field: GoalField| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            dispatch.send(Action::Goal(GoalAction::Set(field, input.value())));
        })
    };
    let send = |a: fn() -> GoalAction| dispatch.to(move |_: MouseEvent| Action::Goal(a()));
    let running = g.job.running_id().is_some();
    let kind = if g.dated() { "date" } else { "number" };
    let field = |id: &'static str, label: &'static str, value: &str, f: GoalField, input: &'static str| {
        html! {
            <Field id={id} label={html! { label }} value={value.to_string()} input_type={input} step="any" min="0"
                onchange={set(f)} />
        }
    };
    html! {
        <Panel id="goal" title={html! { lang.pick("目標から逆算", "What it takes to reach a goal") }} help={html! { lang.pick(
                "表示中のシナリオで、目標の導入率に期日までに届く確率が指定以上になる、いちばん小さい手段の強さを探します。各評価は同じ乱数(同じシード)で事後予測の全試行を回します。",
                "For the scenario on screen, finds the smallest intensity of one lever that reaches the goal rate by the date with at least the probability. Every evaluation runs all posterior-predictive replications with the same seed (common random numbers).") }}>
            <JobControls id="goal" class="goal-fields" run_label={lang.pick("目標を探す", "Seek the goal")}
                on_run={send(|| GoalAction::Run)} on_cancel={send(|| GoalAction::Cancel)} {running}
                run_disabled={running || !plan.fields_ok} status={g.job.status.clone()}
                unit={lang.pick("試行", "replications")} {lang}>
                { field("goal-rate", lang.pick("目標の導入率(%)", "Goal rate (%)"), &g.rate, GoalField::Rate, "number") }
                { field("goal-by", lang.pick("期日", "By"), &g.by, GoalField::By, "date") }
                { field("goal-prob", lang.pick("確率(%)", "Probability (%)"), &g.prob, GoalField::Prob, "number") }
                <label for="goal-lever">{ lang.pick("手段", "Lever") }
                    <select id="goal-lever" onchange={set(GoalField::Lever)}>
                        { for DIMENSIONS.iter().map(|d| html! {
                            <option value={d.0} selected={d.0 == g.lever}>{ dimension_label(lang, d.0) }</option>
                        }) }
                    </select>
                </label>
                { field("goal-low", lang.pick("範囲の下端(任意)", "Range from (optional)"), &g.low, GoalField::Low, kind) }
                { field("goal-high", lang.pick("範囲の上端(任意)", "Range to (optional)"), &g.high, GoalField::High, kind) }
            </JobControls>
            if let Some(a) = g.job.result.clone() {
                <div id="goal-answer" class="answer" data-reachable={a.reachable.to_string()}
                    data-value={a.x.map(|x| x.to_string()).unwrap_or_default()}>
                    <p id="goal-answer-text"><strong>{ answer_text(lang, &a) }</strong></p>
                    <p class="help">{ lang.pick(
                        format!("{}回の評価、各{}試行。", a.evaluations, a.replications),
                        format!("{} evaluations of {} replications each.", a.evaluations, a.replications)) }
                        if a.lever_added {
                            { lang.pick(" この種類の手段は計画になかったので、適用すると全地域・計画開始から期日までで追加します。",
                                " The plan has no lever of this kind: applying adds one (all areas, plan start to the date).") }
                        }
                    </p>
                    if a.inversions > 0 {
                        <p id="goal-monotone" class="banner warn" role="status">{ lang.pick(
                            format!("注意: 手段を強めたのに確率が下がった箇所が{}つありました(乱数のゆらぎ)。答えより少し小さい値でも届く可能性があります。試行回数を増やして確かめてください。", a.inversions),
                            format!("Warning: the probability fell {} time(s) as the lever rose (sampling noise): a slightly smaller value may also reach the goal. Check with more replications.", a.inversions)) }</p>
                    }
                    if a.reachable {
                        <button id="goal-apply" type="button" onclick={send(|| GoalAction::Apply)}>
                            { lang.pick("この値を計画に適用", "Apply this value to the plan") }
                        </button>
                    }
                </div>
            }
            { props.children.clone() }
        </Panel>
    }
}
