//! The lever timeline: one line per lever (kind, dates, areas, a bar across the scenario's
//! months), its fields in a closed "Edit" section, and the Add row. Each field's control,
//! label, unit and help come from the core's declaration of the lever kind
//! (`renkei::sim::scenario::lever_fields`); editing goes through `levers.rs`.

use crate::ui::planner::levers::{key, say, text_of, LeverInput, KINDS};
use crate::ui::planner::state::PlannerAction;
use crate::ui::planner::state::PlannerState;
use crate::ui::shared::bridge::{Date, Lever, LeverKind, Scenario};
use crate::ui::shared::i18n::area_name;
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::{field_error, Lang};
use crate::ui::shared::labels::bilingual_name;
use crate::ui::shared::store::use_slice;
use crate::ui::state::{use_dispatch, Action};
use renkei::sim::scenario::lever_fields::{FieldType, FieldValue, LeverField, AUDIENCES, GROUP_FLAGS};
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

#[derive(Properties, PartialEq)]
struct RowProps {
    index: usize,
    /// Fields shown: the lever just added opens; the others are one line until opened.
    open: bool,
}

/// The control of one declared field: a check box, a list of check boxes, a choice or a text
/// input, by the field's type. `edit` takes the field's input; `fid` is its element id.
struct Control<'a> {
    lang: Lang,
    field: &'static LeverField,
    value: FieldValue,
    /// What was typed (and maybe refused) into a text input, else the value's text.
    text: String,
    fid: String,
    /// Ids of the help and error lines under the field (`aria-describedby`).
    described: String,
    invalid: bool,
    area_names: &'a [String],
    edit: Callback<(&'static str, LeverInput)>,
}

impl Control<'_> {
    fn html(self) -> Html {
        let Control { lang, field, value, text, fid, described, invalid, area_names, edit } = self;
        let f = field.name;
        let label = say(lang, field.label);
        let pick = {
            let edit = edit.clone();
            move |v: FieldValue| edit.emit((f, LeverInput::Picked(v)))
        };
        match (field.ty, value) {
            (FieldType::Flag, FieldValue::Flag(checked)) => {
                let onchange = Callback::from(move |e: Event| {
                    let el: HtmlInputElement = e.target_unchecked_into();
                    pick(FieldValue::Flag(el.checked()));
                });
                html! { <label class="check" for={fid.clone()}>
                    <input type="checkbox" id={fid} {checked} {onchange} aria-describedby={described} />
                    <span>{ label }</span>
                </label> }
            }
            (FieldType::Areas, FieldValue::Areas(chosen)) => html! {
                <fieldset class="lever-area-list" id={fid.clone()}>
                    <legend>{ label }</legend>
                    { for area_names.iter().enumerate().map(|(n, name)| {
                        let mut next = chosen.clone();
                        match next.iter().position(|x| x == name) {
                            Some(p) => { next.remove(p); }
                            None => next.push(name.clone()),
                        }
                        let pick = pick.clone();
                        let onchange = Callback::from(move |_: Event| pick(FieldValue::Areas(next.clone())));
                        let cid = format!("{fid}-{n}");
                        html! { <label class="check" for={cid.clone()}>
                            <input type="checkbox" id={cid} value={name.clone()} checked={chosen.contains(name)} {onchange} />
                            <span>{ area_name(lang, name) }</span>
                        </label> }
                    }) }
                </fieldset>
            },
            (FieldType::Groups, FieldValue::Groups(groups)) => html! {
                <fieldset class="lever-flags" id={fid.clone()}>
                    <legend>{ label }</legend>
                    { for GROUP_FLAGS.iter().map(|flag| {
                        let checked = (flag.get)(&groups);
                        let (groups, pick) = (groups.clone(), pick.clone());
                        let onchange = Callback::from(move |e: Event| {
                            let el: HtmlInputElement = e.target_unchecked_into();
                            let mut next = groups.clone();
                            (flag.set)(&mut next, el.checked());
                            pick(FieldValue::Groups(next));
                        });
                        let cid = format!("{fid}-{}", flag.name.replace('_', "-"));
                        html! { <label class="check" for={cid.clone()}>
                            <input type="checkbox" id={cid} {checked} {onchange} />
                            <span>{ say(lang, flag.label) }</span>
                        </label> }
                    }) }
                </fieldset>
            },
            (FieldType::Audience, FieldValue::Audience(chosen)) => {
                let onchange = Callback::from(move |e: Event| {
                    let el: HtmlSelectElement = e.target_unchecked_into();
                    if let Some((a, _, _)) = AUDIENCES.iter().find(|(_, name, _)| *name == el.value()) {
                        pick(FieldValue::Audience(*a));
                    }
                });
                html! { <label for={fid.clone()}>
                    <span class="name">{ label }</span>
                    <select id={fid} {onchange} aria-describedby={described}>
                        { for AUDIENCES.iter().map(|(a, name, l)| html! {
                            <option value={*name} selected={*a == chosen}>{ say(lang, *l) }</option>
                        }) }
                    </select>
                </label> }
            }
            // Text inputs: dates, numbers, a name (and a value whose type does not match the
            // declaration, which the core's tests rule out).
            (ty, _) => {
                let oninput = Callback::from(move |e: InputEvent| {
                    let el: HtmlInputElement = e.target_unchecked_into();
                    edit.emit((f, LeverInput::Typed(el.value())));
                });
                let (kind, mode) = match ty {
                    FieldType::Date | FieldType::OptDate => ("date", "none"),
                    FieldType::Number | FieldType::Whole => ("text", "decimal"),
                    FieldType::Text | FieldType::Flag | FieldType::Areas | FieldType::Audience | FieldType::Groups => {
                        ("text", "text")
                    }
                };
                html! { <>
                    <label for={fid.clone()}><span class="name">{ label }</span></label>
                    <input id={fid} type={kind} inputmode={mode} value={text} {oninput}
                        aria-invalid={invalid.to_string()} aria-describedby={described} />
                    if let Some(unit) = field.unit {
                        <span class="unit">{ say(lang, unit) }</span>
                    }
                </> }
            }
        }
    }
}

#[function_component(LeverRow)]
fn lever_row(props: &RowProps) -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let planner = use_slice::<PlannerState>();
    let i = props.index;
    let Some(lever) = planner.scenario.strategy.levers.get(i).cloned() else { return html! {} };
    let kind = lever.lever_kind();
    // A deadline is told apart by its name (the calendar has two), in the page's language.
    let kind_label = match &lever {
        Lever::Deadline { name, .. } if !name.trim().is_empty() => {
            format!("{}: {}", say(lang, kind.label()), bilingual_name(lang, name))
        }
        _ => say(lang, kind.label()).to_string(),
    };
    let scn = &planner.scenario;
    let total = scn.start.days_until(scn.end).max(1) as f64;
    let (a, b) = span(&lever, scn);
    let pos = |d: Date| (scn.start.days_until(d) as f64 / total * 100.0).clamp(0.0, 100.0);
    let left = pos(a);
    let width = (pos(b) - left).max(0.8);
    let area_names: Vec<String> = scn.population.areas.iter().map(|x| x.name.clone()).collect();
    // (a kind without areas, a deadline or the fee waiver, acts on the whole municipality unnamed)
    let chosen = lever.areas();
    let areas_text = match kind.field("areas") {
        None => String::new(),
        Some(_) if chosen.is_empty() => lang.pick("全地域", "all areas").to_string(),
        Some(_) => chosen.iter().map(|n| area_name(lang, n)).collect::<Vec<_>>().join(lang.pick("、", ", ")),
    };
    let dates = if a == b { a.to_string() } else { format!("{a} – {b}") };
    let edit = {
        let dispatch = dispatch.clone();
        Callback::from(move |(field, input): (&'static str, LeverInput)| {
            dispatch.send(Action::Planner(PlannerAction::EditLever { index: i, field, input }))
        })
    };
    let on_remove = dispatch.on(Action::Planner(PlannerAction::RemoveLever(i)));
    let id = |f: &str| format!("lever-{i}-{}", f.replace(['.', '_'], "-"));
    let head_id = format!("lever-{i}-title");
    let has_error = planner.errors.keys().any(|k| k.starts_with(&key(i, "")));
    html! {
        <li class="lever-row" data-index={i.to_string()} data-kind={kind.name()} aria-labelledby={head_id.clone()}>
            <div class="lever-head">
                <strong id={head_id}>{ kind_label.clone() }</strong>
                <span class="lever-dates">{ dates }</span>
                <span class="lever-areas">{ areas_text }</span>
                <button type="button" id={id("remove")} class="lever-remove" onclick={on_remove}
                    aria-label={format!("{} {}", lang.pick("削除:", "Remove:"), kind_label)}>
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
                { for kind.fields().iter().filter_map(|field| {
                    let value = lever.get(field.name)?;
                    let fid = id(field.name);
                    let k = key(i, field.name);
                    let err = planner.errors.get(&k).map(|e| field_error(lang, e));
                    let (err_id, help_id) = (format!("{fid}-error"), format!("{fid}-help"));
                    let text = planner.drafts.get(&k).cloned().unwrap_or_else(|| text_of(&value));
                    let described = if field.help.is_some() { format!("{help_id} {err_id}") } else { err_id.clone() };
                    let control = Control {
                        lang, field, value, text, fid, described, invalid: err.is_some(),
                        area_names: &area_names, edit: edit.clone(),
                    };
                    Some(html! {
                        // a name (the calendar's are given in both languages) gets a whole row
                        <div class={classes!("field", err.is_some().then_some("invalid"), (field.ty == FieldType::Text).then_some("wide"))}>
                            { control.html() }
                            if let Some(help) = field.help {
                                <span id={help_id} class="help">{ say(lang, help) }</span>
                            }
                            <span id={err_id} class="field-error" role={err.is_some().then_some("alert")}>
                                { err.unwrap_or_default() }
                            </span>
                        </div>
                    })
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
                        <option value={k.name()} selected={k == *kind}>{ say(lang, k.label()) }</option>
                    }) }
                </select>
                <button id="lever-add" type="button" onclick={on_add}>{ lang.pick("追加", "Add") }</button>
            </div>
        </details>
        </section>
    }
}
