//! Goals across options (issue 21 §2), in the goal panel: for every option, the smallest
//! intensity of its main lever reaching the goal panel's target with its probability, its city
//! cost, or "not reachable" with the best probability found; sorted by cost
//! (`options::seek_options`, `renkei target --strategies all`). The probability is the
//! ranking's rule (`goal::reaches`), so for the same plan the two tables agree.

use crate::ui::options::jobs::GoalsKind;
use crate::ui::options::state::OptionsAction;
use crate::ui::options::state::OptionsState;
use crate::ui::shared::bridge_options::OptionGoalOut;
use crate::ui::shared::i18n::cost::yen;
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::{pct, Lang};
use crate::ui::shared::kit::{columns, JobControls, Panel, Table};
use crate::ui::shared::labels::{dimension_label, option_label, unit};
use crate::ui::shared::plan::use_plan;
use crate::ui::shared::store::use_slice;
use crate::ui::state::use_dispatch;
use crate::ui::state::Action;
use crate::ui::workers::use_job;
use yew::prelude::*;

fn answer(lang: Lang, a: &OptionGoalOut, own: (&str, &str)) -> Html {
    let lever = a.lever.as_deref().map_or_else(
        || lang.pick("(手段なし、そのまま評価)", "(no lever: as it is)").to_string(),
        |l| dimension_label(lang, l),
    );
    let value = match (&a.value, &a.lever) {
        (Some(v), Some(l)) => format!("{v}{}", unit(lang, l)),
        _ => "–".into(),
    };
    let status = match (&a.problem, a.reachable) {
        (Some((ja, en)), _) => html! { <span class="error">{ lang.pick(ja.clone(), en.clone()) }</span> },
        (None, true) => html! { { lang.pick("届く", "reachable") } },
        (None, false) => html! { { lang.pick(
        format!("届かない(最高 {})", pct(a.probability)),
        format!("not reachable (best {})", pct(a.probability))) } },
    };
    let moved = (!a.moved.is_empty()).then(|| {
        let list = a.moved.iter().map(|(f, t)| format!("{f} → {t}")).collect::<Vec<_>>().join(", ");
        lang.pick(
            format!("計画開始前の日付を開始日に移動: {list}"),
            format!("dates before the plan's start moved to it: {list}"),
        )
    });
    html! {
        <tr class="goal-option" data-option={a.strategy.clone()} data-probability={a.probability.to_string()}
            data-reachable={a.reachable.to_string()} data-problem={a.problem.is_some().to_string()}>
            <th scope="row">{ option_label(lang, &a.strategy, own) }</th>
            <td>{ lever }</td>
            <td class="num">{ value }</td>
            <td class="num prob">{ pct(a.probability) }</td>
            <td class="num">{ if a.reachable { yen(lang, a.city_yen) } else { "–".into() } }</td>
            <td>{ status }if let Some(m) = moved { <span class="meta">{ format!(" ({m})") }</span> }</td>
        </tr>
    }
}

/// The goal panel's part for every option: its button, status and table.
#[function_component(OptionGoals)]
pub fn option_goals() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let plan = use_plan();
    let options = use_slice::<OptionsState>();
    use_job::<GoalsKind, _>(options.goals.running(), dispatch.map(OptionsAction::GoalsJob));
    let g = &options.goals;
    let running = g.running_id().is_some();
    let send = |a: fn() -> OptionsAction| dispatch.to(move |_: MouseEvent| Action::Options(a()));
    html! {
        <Panel id="goals" class="goals" sub=true title={html! { lang.pick("すべての選択肢で目標を探す", "The goal, for every option") }} help={html! { lang.pick(
                "選択肢ごとに主な手段の強さを探し、上の目標(導入率・期日・確率)に届く最小の値とその市の費用を、費用の安い順に示します。届かない選択肢は最高の確率を示します。",
                "For each option, sizes its main lever: the smallest value reaching the goal above (rate, date, probability) and its city cost, cheapest first; an option out of reach shows its best probability.") }}>
            <JobControls id="goals" run_label={lang.pick("すべての選択肢で探す", "Seek for every option")}
                on_run={send(|| OptionsAction::Goals)} on_cancel={send(|| OptionsAction::CancelGoals)} {running}
                run_disabled={running || !plan.fields_ok} status={g.status.clone()}
                unit={lang.pick("評価", "evaluations")} {lang} failed={lang.pick("探せませんでした", "The search failed")} />
            if let Some(rows) = g.result.clone() {
                <Table id="goals-table" scroll=true caption={lang.pick("すべての選択肢の目標", "The goal, for every option")}
                    head={columns(lang, &[
                        ("選択肢", "Option"), ("手段", "Lever"), ("必要な値", "Value needed"), ("確率", "Probability"),
                        ("市の費用", "City cost"), ("結果", "Result"),
                    ])}>
                    { for rows.iter().map(|a| answer(lang, a, plan.own())) }
                </Table>
            }
        </Panel>
    }
}
