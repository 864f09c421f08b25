//! The lever timeline: one line per lever (kind, dates, areas, a bar across the scenario's
//! months), its fields in a closed "Edit" section, and the Add row. The levers' kinds,
//! fields, parsing and labels are in `levers.rs`.

use crate::ui::planner::levers::{field_label, fields, key, kind_label, Ty, KINDS};
use crate::ui::planner::state::PlannerAction;
use crate::ui::planner::state::PlannerState;
use crate::ui::shared::bridge::{Date, Lever, LeverKind, Scenario};
use crate::ui::shared::i18n::field_error;
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::store::use_slice;
use crate::ui::state::use_dispatch;
use crate::ui::state::Action;
use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

// ---------------------------------------------------------------------------
// Component

/// The lever's dates: (first, last); one date for point-in-time levers.
pub fn span(l: &Lever, scn: &Scenario) -> (Date, Date) {
    match l {
        Lever::Outreach { start, end, .. }
        | Lever::Visits { start, end, .. }
        | Lever::Support { start, end, .. }
        | Lever::PartnerRequest { start, end, .. } => (*start, *end),
        Lever::FeeWaiver { start, end } => (*start, end.unwrap_or(scn.end)),
        Lever::Deadline { announce, date, .. } => (*announce, *date),
        Lever::Training { date, .. } | Lever::CentreAdoption { date, .. } => (*date, *date),
    }
}

pub fn text_of(l: &Lever, field: &str) -> String {
    let json = serde_json::to_value(l).unwrap_or(Value::Null);
    let v = match field.split_once('.') {
        Some((a, b)) => json.get(a).and_then(|o| o.get(b)),
        None => json.get(field),
    };
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.as_f64().map(|v| v.to_string()).unwrap_or_else(|| n.to_string()),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    index: usize,
    /// Fields shown: the lever just added opens; the others are one line until opened.
    open: bool,
}

#[function_component(LeverRow)]
fn lever_row(props: &RowProps) -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let planner = use_slice::<PlannerState>();
    let i = props.index;
    let Some(lever) = planner.scenario.strategy.levers.get(i).cloned() else { return html! {} };
    let kind = lever.lever_kind();
    let scn = &planner.scenario;
    let total = scn.start.days_until(scn.end).max(1) as f64;
    let (a, b) = span(&lever, scn);
    let pos = |d: Date| (scn.start.days_until(d) as f64 / total * 100.0).clamp(0.0, 100.0);
    let left = pos(a);
    let width = (pos(b) - left).max(0.8);
    let area_names: Vec<String> = scn.population.areas.iter().map(|x| x.name.clone()).collect();
    let chosen: Vec<String> = lever.areas().to_vec();
    let areas_text =
        if chosen.is_empty() { lang.pick("全地域", "all areas").to_string() } else { chosen.join("、") };
    let dates = if a == b { a.to_string() } else { format!("{a} – {b}") };
    let edit = {
        let dispatch = dispatch.clone();
        Callback::from(move |(field, value): (String, String)| {
            dispatch.send(Action::Planner(PlannerAction::EditLever { index: i, field, value }))
        })
    };
    let on_remove = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.send(Action::Planner(PlannerAction::RemoveLever(i))))
    };
    let id = |f: &str| format!("lever-{i}-{}", f.replace(['.', '_'], "-"));
    let head_id = format!("lever-{i}-title");
    let has_error = planner.errors.keys().any(|k| k.starts_with(&key(i, "")));
    html! {
        <li class="lever-row" data-index={i.to_string()} data-kind={kind.name()} aria-labelledby={head_id.clone()}>
            <div class="lever-head">
                <strong id={head_id}>{ kind_label(lang, kind) }</strong>
                <span class="lever-dates">{ dates }</span>
                <span class="lever-areas">{ areas_text }</span>
                <button type="button" id={id("remove")} class="lever-remove" onclick={on_remove}
                    aria-label={format!("{} {}", lang.pick("削除:", "Remove:"), kind_label(lang, kind))}>
                    { lang.pick("削除", "Remove") }
                </button>
            </div>
            <div class="lever-track" aria-hidden="true">
                <span class="lever-bar" style={format!("left:{left:.2}%;width:{width:.2}%")}></span>
            </div>
            // One line per lever (fewer tab stops); its fields open on demand.
            <details class="lever-edit" open={props.open || has_error}>
            <summary>{ lang.pick("編集", "Edit") }</summary>
            <div class="lever-fields">
                { for fields(kind).iter().map(|&(f, ty)| {
                    let fid = id(f);
                    let k = key(i, f);
                    let err = planner.errors.get(&k).map(|e| field_error(lang, e));
                    let err_id = format!("{fid}-error");
                    let label = field_label(lang, f);
                    let value = planner.drafts.get(&k).cloned().unwrap_or_else(|| text_of(&lever, f));
                    let control = match ty {
                        Ty::Bool => {
                            let checked = text_of(&lever, f) == "true";
                            let edit = edit.clone();
                            let onchange = Callback::from(move |e: Event| {
                                let el: HtmlInputElement = e.target_unchecked_into();
                                edit.emit((f.to_string(), el.checked().to_string()));
                            });
                            html! { <label class="check" for={fid.clone()}>
                                <input type="checkbox" id={fid.clone()} {checked} {onchange} />
                                <span>{ label }</span>
                            </label> }
                        }
                        Ty::Areas => {
                            html! { <fieldset class="lever-area-list" id={fid.clone()}>
                                <legend>{ label }</legend>
                                { for area_names.iter().enumerate().map(|(n, name)| {
                                    let checked = chosen.contains(name);
                                    let edit = edit.clone();
                                    let chosen = chosen.clone();
                                    let name2 = name.clone();
                                    let onchange = Callback::from(move |_: Event| {
                                        let mut next = chosen.clone();
                                        if let Some(p) = next.iter().position(|x| *x == name2) {
                                            next.remove(p);
                                        } else {
                                            next.push(name2.clone());
                                        }
                                        edit.emit(("areas".to_string(), next.join("\n")));
                                    });
                                    let cid = format!("{fid}-{n}");
                                    html! { <label class="check" for={cid.clone()}>
                                        <input type="checkbox" id={cid} value={name.clone()} {checked} {onchange} />
                                        <span>{ name }</span>
                                    </label> }
                                }) }
                            </fieldset> }
                        }
                        Ty::Audience => {
                            let edit = edit.clone();
                            let onchange = Callback::from(move |e: Event| {
                                let el: HtmlSelectElement = e.target_unchecked_into();
                                edit.emit((f.to_string(), el.value()));
                            });
                            html! { <label for={fid.clone()}>
                                <span class="name">{ label }</span>
                                <select id={fid.clone()} {onchange}>
                                    <option value="centres" selected={value == "centres"}>
                                        { lang.pick("センター職員", "Centre staff") }</option>
                                    <option value="offices" selected={value == "offices"}>
                                        { lang.pick("事業所", "Offices") }</option>
                                </select>
                            </label> }
                        }
                        _ => {
                            let edit = edit.clone();
                            let oninput = Callback::from(move |e: InputEvent| {
                                let el: HtmlInputElement = e.target_unchecked_into();
                                edit.emit((f.to_string(), el.value()));
                            });
                            let (kind_attr, mode) = match ty {
                                Ty::Date | Ty::OptDate => ("date", "none"),
                                Ty::Text => ("text", "text"),
                                _ => ("text", "decimal"),
                            };
                            html! { <>
                                <label for={fid.clone()}><span class="name">{ label }</span>
                                    if ty == Ty::OptDate {
                                        <span class="help">{ lang.pick("空欄＝期限なし", "empty = no end") }</span>
                                    }
                                </label>
                                <input id={fid.clone()} type={kind_attr} inputmode={mode} {value} {oninput}
                                    aria-invalid={err.is_some().to_string()} aria-describedby={err_id.clone()} />
                            </> }
                        }
                    };
                    html! {
                        <div class={classes!("field", err.is_some().then_some("invalid"))}>
                            { control }
                            <span id={err_id} class="field-error" role={err.is_some().then_some("alert")}>
                                { err.unwrap_or_default() }
                            </span>
                        </div>
                    }
                }) }
            </div>
            </details>
        </li>
    }
}

/// The planner's strategy panel: the scenario's own levers in date order, each
/// with its dates as a bar across the scenario's months.
#[function_component(LeverPanel)]
pub fn lever_panel() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let planner = use_slice::<PlannerState>();
    let kind = use_state(|| KINDS[0]);
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if let Some(k) = LeverKind::from_name(&el.value()) {
                kind.set(k);
            }
        })
    };
    // The lever added last is listed next to the Add button (not at its date, possibly far
    // above), until the panel is rebuilt.
    let added = use_state(|| None::<usize>);
    let on_add = {
        let dispatch = dispatch.clone();
        let kind = kind.clone();
        let added = added.clone();
        let count = planner.scenario.strategy.levers.len();
        Callback::from(move |_| {
            added.set(Some(count));
            dispatch.send(Action::Planner(PlannerAction::AddLever(*kind)))
        })
    };
    let scn = &planner.scenario;
    let n = scn.strategy.levers.len();
    let last = (*added).filter(|&i| i < n);
    let mut order: Vec<usize> = (0..n).filter(|&i| Some(i) != last).collect();
    order.sort_by_key(|&i| span(&scn.strategy.levers[i], scn).0);
    order.extend(last);
    html! {
        <section class="fields levers-section">
        <details id="levers" class="levers" open=true>
            <summary>{ lang.pick("シナリオの取組(タイムライン)", "The scenario's plan (timeline)") }
                { format!(" ({})", order.len()) }</summary>
            <p class="help">{ lang.pick(
    "「シナリオの取組」の比較に使われます。変更後は「実行」で再計算します。",
                "Used by \"the scenario's own plan\" in the comparison. Press Run after a change.") }</p>
            <div class="lever-scale" aria-hidden="true">
                <span>{ scn.start.to_string() }</span><span>{ scn.end.to_string() }</span>
            </div>
            <ol id="lever-list" class="lever-list">
                { for order.iter().map(|&i| html! { <LeverRow key={i} index={i} open={Some(i) == last} /> }) }
            </ol>
            <div class="lever-add">
                <label for="lever-kind">{ lang.pick("追加する取組", "Lever to add") }</label>
                <select id="lever-kind" onchange={on_kind}>
                    { for KINDS.iter().map(|&k| html! {
                        <option value={k.name()} selected={k == *kind}>{ kind_label(lang, k) }</option>
                    }) }
                </select>
                <button id="lever-add" type="button" onclick={on_add}>{ lang.pick("追加", "Add") }</button>
            </div>
        </details>
        </section>
    }
}
