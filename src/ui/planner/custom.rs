//! A custom municipality (issue 4: "pick a region preset or a custom
//! municipality"): offices, areas and partners per care-management office.

use crate::ui::planner::state::PlannerAction;
use crate::ui::shared::i18n::field_error;
use crate::ui::state::{Action, AppContext};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component(CustomMunicipality)]
pub fn custom_municipality() -> Html {
    let app = use_context::<AppContext>().expect("AppContext is provided by <App>");
    let lang = app.lang;
    let offices = use_state(|| "500".to_string());
    let areas = use_state(|| "10".to_string());
    let partners = use_state(|| "12".to_string());
    let bind = |h: &UseStateHandle<String>| {
        let h = h.clone();
        Callback::from(move |e: InputEvent| h.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let create = {
        let (app, offices, areas, partners) = (app.clone(), offices.clone(), areas.clone(), partners.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            app.dispatch(Action::Planner(PlannerAction::Custom {
                offices: (*offices).clone(),
                areas: (*areas).clone(),
                partners: (*partners).clone(),
            }));
        })
    };
    let field =
        |id: &'static str, key: &'static str, label: &'static str, help: &'static str, h: &UseStateHandle<String>| {
            let err = app.planner.errors.get(key).map(|e| field_error(lang, e));
            html! {
                <div class="field">
                    <label for={id}>{ label }</label>
                    <input id={id} type="text" inputmode="decimal" value={(**h).clone()} oninput={bind(h)}
                        aria-invalid={err.is_some().to_string()} aria-describedby={format!("{id}-help")} />
                    <small id={format!("{id}-help")} class="help">{ help }</small>
                    if let Some(m) = err { <p class="error" role="alert" id={format!("{id}-error")}>{ m }</p> }
                </div>
            }
        };
    html! {
        <details id="custom" class="panel">
            <summary>{ lang.pick("独自の自治体を作る", "Make a custom municipality") }</summary>
            <form onsubmit={create} class="fields">
                { field("custom-offices", "custom.offices", lang.pick("事業所数", "Offices"),
                    lang.pick("市町村内の事業所(包括を含む)", "Offices in the municipality, centres included"), &offices) }
                { field("custom-areas", "custom.areas", lang.pick("日常生活圏域の数", "Daily-life areas"),
                    lang.pick("圏域ごとに包括が1つ", "One centre per area"), &areas) }
                { field("custom-partners", "custom.partners", lang.pick("取引先数(平均)", "Partners per office"),
                    lang.pick("居宅介護支援事業所1か所あたりの平均取引先数", "Mean partners of a care-management office"), &partners) }
                <p class="help">{ lang.pick(
    "導入率は2025年8月末の全国値(9.8%)から始まり、国の施策のみの計画で実行します。",
                    "Starts at the national rate of 2025-08-31 (9.8%) with the policy calendar as its plan.") }</p>
                <button id="custom-create" type="submit">{ lang.pick("作成して実行", "Create and run") }</button>
            </form>
        </details>
    }
}
