//! The goal panel (issue 14 §1): what it takes to reach an adoption rate by a date with a
//! probability, along one lever dimension. The seek runs in a worker of its own
//! (`bridge_planning::run_goal`: every evaluation the scenario on screen with the same seed);
//! the answer can be set in the plan with one click.

pub mod jobs;
pub mod state;

use crate::ui::goal::state::{GoalAction, GoalField};
use crate::ui::research::JobStatus;
use crate::ui::shared::bridge_planning::{GoalAnswer, DIMENSIONS};
use crate::ui::shared::i18n::{pct, Lang};
use crate::ui::shared::use_app;
use crate::ui::state::Action;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A lever dimension as the page names it.
pub fn dimension_label(lang: Lang, name: &str) -> String {
    let ja = match name {
        "outreach.contacts_per_month" => "センターの働きかけ(1センター・月あたりの接触数)",
        "visits.per_month" => "訪問(月あたりの事業所数)",
        "support.per_month" => "導入支援(月あたりの件数)",
        "outreach.focus_areas" => "重点地域の数(大きい順)",
        "training.attendance" => "研修の参加事業所数",
        "free_pass.end" => "フリーパスの終了日",
        "requests.per_month" => "取引先への働きかけ(月あたりの件数)",
        other => other,
    };
    let en = match name {
        "outreach.contacts_per_month" => "Centre outreach (contacts per centre per month)",
        "visits.per_month" => "Visits (offices per month)",
        "support.per_month" => "Support (cases per month)",
        "outreach.focus_areas" => "Focus areas (largest first)",
        "training.attendance" => "Training (offices attending)",
        "free_pass.end" => "End of the free pass",
        "requests.per_month" => "Partner requests (followed up per month)",
        other => DIMENSIONS.iter().find(|d| d.0 == other).map_or(other, |d| d.2),
    };
    lang.pick(ja, en).to_string()
}

/// The unit a dimension's value is read in (none for the free pass's date).
pub(crate) fn unit(lang: Lang, name: &str) -> &'static str {
    match name {
        "outreach.contacts_per_month" => lang.pick(" 件/センター・月", " contacts per centre per month"),
        "visits.per_month" => lang.pick(" 事業所/月", " offices per month"),
        "support.per_month" => lang.pick(" 件/月", " cases per month"),
        "outreach.focus_areas" => lang.pick(" 地域", " areas"),
        "training.attendance" => lang.pick(" 事業所", " offices"),
        "requests.per_month" => lang.pick(" 件/月", " requests per month"),
        _ => "",
    }
}

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

#[function_component(GoalPanel)]
pub fn goal_panel() -> Html {
    let app = use_app();
    let lang = app.lang;
    let g = &app.goal;
    let set = |field: GoalField| {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            app.dispatch(Action::Goal(GoalAction::Set(field, input.value())));
        })
    };
    let send = |a: fn() -> GoalAction| {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::Goal(a())))
    };
    let running = g.job.running_id().is_some();
    let kind = if g.dated() { "date" } else { "number" };
    let field = |id: &'static str, label: &'static str, value: &str, f: GoalField, input: &'static str| {
        html! {
            <label for={id}>{ label }
                <input id={id} type={input} step="any" min="0" value={value.to_string()} onchange={set(f)} />
            </label>
        }
    };
    html! {
        <section id="goal" class="panel" aria-labelledby="goal-title">
            <h2 id="goal-title">{ lang.pick("目標から逆算", "What it takes to reach a goal") }</h2>
            <p class="help">{ lang.pick(
                "表示中のシナリオで、目標の導入率に期日までに届く確率が指定以上になる、いちばん小さい手段の強さを探します。各評価は同じ乱数(同じシード)で事後予測の全試行を回します。",
                "For the scenario on screen, finds the smallest intensity of one lever that reaches the goal rate by the date with at least the probability. Every evaluation runs all posterior-predictive replications with the same seed (common random numbers).") }</p>
            <div class="controls goal-fields">
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
                <button id="goal-run" type="button" onclick={send(|| GoalAction::Run)}
                    disabled={running || !app.planner.errors.is_empty()}>
                    { lang.pick("目標を探す", "Seek the goal") }
                </button>
                <button id="goal-cancel" type="button" onclick={send(|| GoalAction::Cancel)} disabled={!running}>
                    { lang.pick("中止", "Cancel") }
                </button>
            </div>
            <JobStatus id="goal-status" status={g.job.status.clone()} unit={lang.pick("試行", "replications")} />
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
            <crate::ui::options::goals::OptionGoals />
        </section>
    }
}
