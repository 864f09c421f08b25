//! The planner's inputs: region, run controls, the scenario's fields and the strategies compared.

use crate::ui::planner::state::PlannerAction;
use crate::ui::shared::bridge as engine;
use crate::ui::shared::i18n::{field_error, region_name, t, Key, Lang};
use crate::ui::shared::use_app;
use crate::ui::state::Action;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[function_component(Controls)]
pub fn controls() -> Html {
    let app = use_app();
    let lang = app.lang;
    let on_region = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            app.dispatch(Action::Planner(PlannerAction::SelectRegion(sel.value())));
        })
    };
    let on_run = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::Planner(PlannerAction::Run)))
    };
    let on_cancel = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::Planner(PlannerAction::Cancel)))
    };
    let running = app.running_id().is_some();
    let blocked = !app.planner.errors.is_empty();
    html! {
        <section class="controls" aria-label={t(lang, Key::Region)}>
            <label for="region">{ t(lang, Key::Region) }</label>
            <select id="region" onchange={on_region}>
                if engine::preset(&app.planner.region).is_none() {
                    <option value={app.planner.region.clone()} selected=true>{ &app.planner.region }</option>
                }
                { for engine::region_names().into_iter().map(|id| {
                    let selected = id == app.planner.region;
                    html! { <option value={id.clone()} {selected}>{ region_name(lang, &id) }</option> }
                }) }
            </select>
            <button id="run" type="button" onclick={on_run} disabled={blocked}>{ t(lang, Key::Run) }</button>
            <button id="cancel" type="button" onclick={on_cancel} disabled={!running}>
                { t(lang, Key::Cancel) }
            </button>
            <crate::ui::planner::evidence::UncertaintySwitch />
            <crate::ui::planner::evidence::ViewSwitch />
            <crate::ui::planner::evidence::FreePassWhatIf />
        </section>
    }
}

/// After a region switch that dropped edits: what was dropped, and a way back.
#[function_component(RegionUndo)]
pub fn region_undo() -> Html {
    let app = use_app();
    let lang = app.lang;
    let Some(undo) = app.planner.undo.clone() else { return html! {} };
    let on_undo = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::Planner(PlannerAction::UndoRegion)))
    };
    let from = region_name(lang, &undo.region);
    html! {
        <p id="region-undo" class="banner warn" role="status">
            { match lang {
                Lang::Ja => format!("地域を切り替え、{from} の変更を破棄しました。"),
                Lang::En => format!("Switched region: your changes to {from} were dropped."),
            } }
            <button id="region-undo-button" type="button" onclick={on_undo}>
                { lang.pick("元に戻す", "Undo") }
            </button>
        </p>
    }
}

#[derive(Properties, PartialEq)]
struct FieldProps {
    field: String,
    label: AttrValue,
    help: AttrValue,
    /// Where the value comes from (`evidence::Origin`), for parameters.
    #[prop_or_default]
    origin: Option<crate::ui::planner::evidence::Origin>,
}

/// One text field bound to `Action::Planner(PlannerAction::SetField)`, with its error under it.
#[function_component(Field)]
fn field(props: &FieldProps) -> Html {
    let app = use_app();
    let id = format!("field-{}", props.field.replace('.', "-"));
    let value = app
        .planner
        .drafts
        .get(&props.field)
        .cloned()
        .unwrap_or_else(|| engine::field_text(&app.planner.scenario, &props.field));
    let error = app.planner.errors.get(&props.field).map(|e| field_error(app.lang, e));
    let oninput = {
        let app = app.clone();
        let field = props.field.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            app.dispatch(Action::Planner(PlannerAction::SetField { field: field.clone(), text: input.value() }));
        })
    };
    let err_id = format!("{id}-error");
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            <label for={id.clone()}>
                <span class="name">{ props.label.clone() }</span>
                <span class="help">{ props.help.clone() }</span>
                if let Some(o) = props.origin {
                    <span class={classes!("origin", crate::ui::planner::evidence::origin_class(o))}
                        data-origin={crate::ui::planner::evidence::origin_class(o)}>
                        { crate::ui::planner::evidence::origin_label(app.lang, o) }
                    </span>
                }
            </label>
            <input id={id.clone()} type="text" inputmode="decimal" {value} {oninput}
                aria-invalid={error.is_some().to_string()} aria-describedby={err_id.clone()} />
            <span id={err_id} class="field-error" role={error.is_some().then_some("alert")}>
                { error.unwrap_or_default() }
            </span>
        </div>
    }
}

#[function_component(Fields)]
pub fn fields() -> Html {
    let app = use_app();
    let lang = app.lang;
    html! {
        <section class="fields">
            <details id="settings" open=true>
                <summary>{ t(lang, Key::Settings) }</summary>
                <div class="grid">
                    <Field field="replications" label={t(lang, Key::Replications)} help="" />
                    <Field field="seed" label={t(lang, Key::Seed)} help="" />
                    <crate::ui::workers::PoolSizeSetting ja={lang == Lang::Ja} />
                </div>
            </details>
            <details id="parameters">
                <summary>{ t(lang, Key::Parameters) }</summary>
                <div class="grid">
                    { for engine::PARAM_INFO.iter().map(|i| {
                        let help = match lang { Lang::Ja => i.help_ja, Lang::En => i.help_en };
                        let range = format!(" [{} – {}{}{}]", i.min, i.max,
                            if i.unit.is_empty() { "" } else { " " }, i.unit);
                        html! {
                            <Field field={engine::param_field(i.name)} label={i.name}
                                help={format!("{help}{range}")}
                                origin={Some(crate::ui::planner::evidence::origin(&app.planner.scenario, i.name))} />
                        }
                    }) }
                </div>
            </details>
            if !app.planner.errors.is_empty() {
                <p id="fix-errors" class="banner error" role="alert">{ t(lang, Key::FixErrors) }</p>
            }
        </section>
    }
}

/// Label of a strategy id in the page's language.
pub fn strategy_label(lang: Lang, id: &str) -> String {
    engine::strategy_options()
        .into_iter()
        .find(|o| o.0 == id)
        .map(|(_, ja, en)| match lang {
            Lang::Ja => ja.to_string(),
            Lang::En => en.to_string(),
        })
        .unwrap_or_else(|| id.to_string())
}

/// Label of a strategy id, the own plan named `own` (`engine::own_plan_label` of the scenario:
/// a town's is the national policy only).
pub fn plan_label(lang: Lang, id: &str, own: (&str, &str)) -> String {
    if id == engine::ACTUAL {
        lang.pick(own.0, own.1).to_string()
    } else {
        strategy_label(lang, id)
    }
}

#[function_component(Strategies)]
pub fn strategies() -> Html {
    let app = use_app();
    let lang = app.lang;
    let full = app.planner.strategies.len() >= engine::MAX_COMPARE;
    html! {
        <details id="strategies" class="strategies" open=true>
            <summary>{ t(lang, Key::Strategies) }{ format!(" ({}/{})", app.planner.strategies.len(), engine::MAX_COMPARE) }</summary>
            <div class="grid">
                { for engine::strategy_options().into_iter().map(|(id, _, _)| {
                    let pos = app.planner.strategies.iter().position(|n| n == id);
                    let checked = pos.is_some();
                    let disabled = (!checked && full) || (checked && app.planner.strategies.len() == 1);
                    let onchange = {
                        let app = app.clone();
                        Callback::from(move |_: Event| app.dispatch(Action::Planner(PlannerAction::ToggleStrategy(id.to_string()))))
                    };
                    html! {
                        <label class="check" for={format!("strategy-{id}")}>
                            <input type="checkbox" id={format!("strategy-{id}")} value={id}
                                {checked} {disabled} {onchange} />
                            if let Some(p) = pos {
                                <span class={format!("swatch s{p}")}></span>
                            }
                            <span>{ plan_label(lang, id, engine::own_plan_label(&app.planner.scenario)) }</span>
                        </label>
                    }
                }) }
            </div>
        </details>
    }
}
