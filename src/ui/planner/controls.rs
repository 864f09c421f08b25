//! The planner's inputs: region, run controls, the scenario's fields and the strategies compared.

use crate::ui::planner::state::PlannerAction;
use crate::ui::planner::state::PlannerState;
use crate::ui::shared::bridge as engine;
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::{field_error, region_name, t, Key, Lang};
use crate::ui::shared::kit::Field;
use crate::ui::shared::labels::plan_label;
use crate::ui::shared::store::use_slice;
use crate::ui::state::use_dispatch;
use crate::ui::state::Action;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[function_component(Controls)]
pub fn controls() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let planner = use_slice::<PlannerState>();
    let on_region = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            dispatch.send(Action::Planner(PlannerAction::SelectRegion(sel.value())));
        })
    };
    let on_run = dispatch.on(Action::Planner(PlannerAction::Run));
    let on_cancel = dispatch.on(Action::Planner(PlannerAction::Cancel));
    let running = planner.run.running_id().is_some();
    let blocked = !planner.errors.is_empty();
    html! {
        <section class="controls" aria-label={t(lang, Key::Region)}>
            <label for="region">{ t(lang, Key::Region) }</label>
            <select id="region" onchange={on_region}>
                if engine::preset(&planner.region).is_none() {
                    <option value={planner.region.clone()} selected=true>{ &planner.region }</option>
                }
                { for engine::region_names().into_iter().map(|id| {
                    let selected = id == planner.region;
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
    let lang = use_lang();
    let dispatch = use_dispatch();
    let planner = use_slice::<PlannerState>();
    let Some(undo) = planner.undo.clone() else { return html! {} };
    let on_undo = dispatch.on(Action::Planner(PlannerAction::UndoRegion));
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
struct ParamFieldProps {
    field: String,
    label: AttrValue,
    help: AttrValue,
    /// Where the value comes from (`evidence::Origin`), for parameters.
    #[prop_or_default]
    origin: Option<crate::ui::planner::evidence::Origin>,
}

/// One text field bound to `Action::Planner(PlannerAction::SetField)`, with its error under it.
#[function_component(ParamField)]
fn param_field(props: &ParamFieldProps) -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let planner = use_slice::<PlannerState>();
    let id = format!("field-{}", props.field.replace('.', "-"));
    let value = planner
        .drafts
        .get(&props.field)
        .cloned()
        .unwrap_or_else(|| engine::field_text(&planner.scenario, &props.field));
    let error = planner.errors.get(&props.field).map(|e| field_error(lang, e));
    let oninput = {
        let dispatch = dispatch.clone();
        let field = props.field.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            dispatch.send(Action::Planner(PlannerAction::SetField { field: field.clone(), text: input.value() }));
        })
    };
    let label = html! {
        <>
            // a parameter by the name the CLI and the scenario file use (a code, the same in both languages)
            if props.field.starts_with("params.") {
                <code class="name" lang="en">{ props.label.clone() }</code>
            } else {
                <span class="name">{ props.label.clone() }</span>
            }
            <span class="help">{ props.help.clone() }</span>
            if let Some(o) = props.origin {
                <span class={classes!("origin", crate::ui::planner::evidence::origin_class(o))}
                    data-origin={crate::ui::planner::evidence::origin_class(o)}>
                    { crate::ui::planner::evidence::origin_label(lang, o) }
                </span>
            }
        </>
    };
    html! { <Field {id} {label} {value} error={error.map(AttrValue::from)} inputmode="decimal" {oninput} /> }
}

#[function_component(Fields)]
pub fn fields() -> Html {
    let lang = use_lang();
    let planner = use_slice::<PlannerState>();
    html! {
        <section class="fields">
            <details id="settings" open=true>
                <summary>{ t(lang, Key::Settings) }</summary>
                <div class="grid">
                    <ParamField field="replications" label={t(lang, Key::Replications)} help="" />
                    <ParamField field="seed" label={t(lang, Key::Seed)} help="" />
                    <crate::ui::workers::PoolSizeSetting ja={lang == Lang::Ja} />
                </div>
            </details>
            <details id="parameters">
                <summary>{ t(lang, Key::Parameters) }</summary>
                <div class="grid">
                    { for engine::PARAM_INFO.iter().map(|i| {
                        let help = match lang { Lang::Ja => i.help_ja, Lang::En => i.help_en };
                        let unit = crate::ui::shared::labels::unit_label(lang, i.unit);
                        let range = format!(" [{} – {}{}{unit}]", i.min, i.max, if unit.is_empty() { "" } else { " " });
                        html! {
                            <ParamField field={engine::param_field(i.name)} label={i.name}
                                help={format!("{help}{range}")}
                                origin={Some(crate::ui::planner::evidence::origin(&planner.scenario, i.name))} />
                        }
                    }) }
                </div>
            </details>
            if !planner.errors.is_empty() {
                <p id="fix-errors" class="banner error" role="alert">{ t(lang, Key::FixErrors) }</p>
            }
        </section>
    }
}

#[function_component(Strategies)]
pub fn strategies() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let planner = use_slice::<PlannerState>();
    let full = planner.strategies.len() >= engine::MAX_COMPARE;
    html! {
        <details id="strategies" class="strategies" open=true>
            <summary>{ t(lang, Key::Strategies) }{ format!(" ({}/{})", planner.strategies.len(), engine::MAX_COMPARE) }</summary>
            <div class="grid">
                { for engine::strategy_options().into_iter().map(|(id, _, _)| {
                    let pos = planner.strategies.iter().position(|n| n == id);
                    let checked = pos.is_some();
                    let disabled = (!checked && full) || (checked && planner.strategies.len() == 1);
                    let onchange = dispatch.on(Action::Planner(PlannerAction::ToggleStrategy(id.to_string())));
                    html! {
                        <label class="check" for={format!("strategy-{id}")}>
                            <input type="checkbox" id={format!("strategy-{id}")} value={id}
                                {checked} {disabled} {onchange} />
                            if let Some(p) = pos {
                                <span class={format!("swatch s{p}")}></span>
                            }
                            <span>{ plan_label(lang, id, engine::own_plan_label(&planner.scenario)) }</span>
                        </label>
                    }
                }) }
            </div>
        </details>
    }
}
