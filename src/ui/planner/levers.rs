//! The scenario's strategy as a timeline of dated levers: add, edit, remove.
//! The pure part ([`add`], [`edit`], [`remove`]) is called by the reducer in
//! `state.rs`; every edit is checked by the core (`Scenario::validate`) and a
//! refused one leaves the scenario as it was, with the message under the field
//! the core names (`strategy.levers[3].end`). Labels (ja/en) live here.

use crate::ui::planner::state::{PlannerAction, PlannerState};
use crate::ui::shared::bridge::{Audience, Date, FieldError, Groups, Lever, Scenario};
use crate::ui::shared::i18n::{field_error, Lang};
use crate::ui::state::Action;
use serde_json::Value;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Lever kinds, in the order the "add" menu offers them.
pub const KINDS: &[&str] =
    &["outreach", "training", "visits", "support", "partner_request", "fee_waiver", "deadline", "centre_adoption"];

/// Message of a date field left empty or unreadable (shown localised).
const BAD_DATE: &str = "enter a date (YYYY-MM-DD)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Date,
    /// A date that may be left empty (no end).
    OptDate,
    Float,
    Whole,
    Bool,
    Areas,
    Audience,
    Text,
}

/// The editable fields of a lever kind (the names of its JSON keys; `groups.x` is nested).
pub fn fields(kind: &str) -> &'static [(&'static str, Ty)] {
    use Ty::*;
    match kind {
        "outreach" => &[
            ("start", Date),
            ("end", Date),
            ("contacts_per_month", Float),
            ("areas", Areas),
            ("groups.not_adopted", Bool),
            ("groups.planning", Bool),
            ("centre_partners", Bool),
        ],
        "training" => &[("date", Date), ("audience", Audience), ("attendance", Whole), ("areas", Areas)],
        "visits" => &[
            ("start", Date),
            ("end", Date),
            ("per_month", Whole),
            ("hands_on", Bool),
            ("include_external", Bool),
            ("areas", Areas),
        ],
        "support" => &[("start", Date), ("end", Date), ("per_month", Whole), ("areas", Areas)],
        "partner_request" => &[("start", Date), ("end", Date), ("per_month", Whole)],
        "fee_waiver" => &[("start", Date), ("end", OptDate)],
        "deadline" => &[("name", Text), ("announce", Date), ("date", Date), ("weight", Float)],
        "centre_adoption" => &[("date", Date), ("areas", Areas)],
        _ => &[],
    }
}

/// Field key of a lever field, as the core names it in errors.
pub fn key(index: usize, field: &str) -> String {
    format!("strategy.levers[{index}].{field}")
}

/// Offices per month a support team can take (the library's figure).
fn capacity(scn: &Scenario) -> u32 {
    (scn.population.home_offices() / 50).max(4)
}

/// A new lever of `kind`: from "today" (the last observation, else the scenario's start) to
/// the scenario's end, all areas, library intensities. Plans are made from today, so a new
/// lever does not start in the past (issue 11: a training dated 2025-08-31).
pub fn new_lever(kind: &str, scn: &Scenario) -> Option<Lever> {
    let start = renkei::sim::forward::last_observation(scn).map_or(scn.start, |d| d.max(scn.start));
    let end = scn.end.max(start);
    Some(match kind {
        "outreach" => Lever::Outreach {
            areas: vec![],
            start,
            end,
            contacts_per_month: 4.0,
            groups: Groups::default(),
            centre_partners: false,
        },
        "training" => Lever::Training {
            date: start,
            audience: Audience::Centres,
            areas: vec![],
            attendance: scn.population.areas.len() as u32,
        },
        "visits" => Lever::Visits {
            areas: vec![],
            start,
            end,
            per_month: capacity(scn),
            hands_on: true,
            include_external: false,
        },
        "support" => Lever::Support { areas: vec![], start, end, per_month: capacity(scn) },
        "partner_request" => Lever::PartnerRequest { start, end, per_month: capacity(scn) },
        "fee_waiver" => Lever::FeeWaiver { start, end: Some(end) },
        "deadline" => Lever::Deadline { name: String::new(), announce: start, date: end, weight: 1.0, pledge: false },
        "centre_adoption" => Lever::CentreAdoption { areas: vec![], date: start },
        _ => return None,
    })
}

/// The JSON value a field's text stands for.
fn parse(ty: Ty, text: &str) -> Result<Value, FieldError> {
    let t = text.trim();
    match ty {
        Ty::Date | Ty::OptDate => {
            if t.is_empty() && ty == Ty::OptDate {
                return Ok(Value::Null);
            }
            Date::parse(t).map(|d| Value::String(d.to_string())).ok_or(FieldError::Core(BAD_DATE.into()))
        }
        Ty::Float => match t.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(serde_json::json!(v)),
            _ => Err(FieldError::NotNumber),
        },
        Ty::Whole => match t.parse::<u64>() {
            Ok(v) if v <= 1_000_000 => Ok(serde_json::json!(v)),
            Ok(_) => Err(FieldError::Range { min: 0.0, max: 1_000_000.0 }),
            Err(_) if t.parse::<f64>().is_ok() => Err(FieldError::NotWhole),
            Err(_) => Err(FieldError::NotNumber),
        },
        Ty::Bool => Ok(Value::Bool(t == "true")),
        Ty::Areas => Ok(Value::Array(
            text.split('\n').map(str::trim).filter(|a| !a.is_empty()).map(|a| Value::String(a.into())).collect(),
        )),
        Ty::Audience => match t {
            "centres" | "offices" => Ok(Value::String(t.into())),
            _ => Err(FieldError::Core(format!("`{t}`: expected centres or offices"))),
        },
        Ty::Text => Ok(Value::String(text.to_string())),
    }
}

/// Lever `index` with `field` set to `text`, checked by the core. On error: the field blamed and why.
pub fn edited(scn: &Scenario, index: usize, field: &str, text: &str) -> Result<Scenario, (String, FieldError)> {
    let k = key(index, field);
    let Some(lever) = scn.strategy.levers.get(index) else {
        return Err((k, FieldError::Core(format!("no lever {index}"))));
    };
    let Some(&(_, ty)) = fields(lever.kind()).iter().find(|(f, _)| *f == field) else {
        return Err((k, FieldError::Core(format!("a {} lever has no field {field}", lever.kind()))));
    };
    let v = parse(ty, text).map_err(|e| (k.clone(), e))?;
    let mut json = serde_json::to_value(lever).map_err(|e| (k.clone(), FieldError::Core(e.to_string())))?;
    let slot = match field.split_once('.') {
        Some((outer, inner)) => json.get_mut(outer).and_then(|o| o.get_mut(inner)),
        None => json.get_mut(field),
    };
    match slot {
        Some(s) => *s = v,
        None => {
            json[field] = v;
        }
    }
    let lever: Lever = serde_json::from_value(json).map_err(|e| (k.clone(), FieldError::Core(e.to_string())))?;
    let mut next = scn.clone();
    next.strategy.levers[index] = lever;
    match next.validate() {
        Ok(()) => Ok(next),
        Err(e) => Err((e.field().unwrap_or(&k).to_string(), FieldError::Core(e.to_string()))),
    }
}

/// Forgets what was typed into (and refused in) lever fields: indices shift on add/remove.
fn forget_levers(s: &mut PlannerState) {
    s.drafts.retain(|k, _| !k.starts_with("strategy."));
    s.errors.retain(|k, _| !k.starts_with("strategy."));
}

/// Reducer step of `Action::Planner(PlannerAction::AddLever)`: false when nothing changed.
pub fn add(s: &mut PlannerState, kind: &str) -> bool {
    let Some(lever) = new_lever(kind, &s.scenario) else { return false };
    let mut next = (*s.scenario).clone();
    next.strategy.levers.push(lever);
    if next.validate().is_err() {
        return false;
    }
    s.scenario = Rc::new(next);
    forget_levers(s);
    true
}

/// Reducer step of `Action::Planner(PlannerAction::RemoveLever)`.
pub fn remove(s: &mut PlannerState, index: usize) -> bool {
    if index >= s.scenario.strategy.levers.len() {
        return false;
    }
    let mut next = (*s.scenario).clone();
    next.strategy.levers.remove(index);
    s.scenario = Rc::new(next);
    forget_levers(s);
    true
}

/// Reducer step of `Action::Planner(PlannerAction::EditLever)`: applied if the core accepts it, else the
/// scenario stays and the message goes under the blamed field.
pub fn edit(s: &mut PlannerState, index: usize, field: &str, value: &str) -> bool {
    if index >= s.scenario.strategy.levers.len() {
        return false;
    }
    let k = key(index, field);
    s.errors.remove(&k);
    match edited(&s.scenario, index, field, value) {
        Ok(next) => {
            s.scenario = Rc::new(next);
            // messages of the core about other fields may be stale now
            let prefix = key(index, "");
            s.errors.retain(|f, e| !(matches!(e, FieldError::Core(_)) && f.starts_with("strategy.")));
            s.drafts.retain(|f, _| !f.starts_with(&prefix) || *f == k);
        }
        Err((blamed, e)) => {
            s.errors.insert(blamed, e);
        }
    }
    s.drafts.insert(k, value.to_string());
    true
}

// ---------------------------------------------------------------------------
// Labels

pub fn kind_label(lang: Lang, kind: &str) -> &'static str {
    match (lang, kind) {
        (Lang::Ja, "outreach") => "地域包括支援センターからの働きかけ",
        (Lang::En, "outreach") => "Outreach by the centres",
        (Lang::Ja, "training") => "研修会",
        (Lang::En, "training") => "Training session",
        (Lang::Ja, "visits") => "個別訪問",
        (Lang::En, "visits") => "Individual visits",
        (Lang::Ja, "support") => "伴走支援",
        (Lang::En, "support") => "Hands-on support",
        (Lang::Ja, "partner_request") => "連携希望先への働きかけ",
        (Lang::En, "partner_request") => "Partner requests",
        (Lang::Ja, "fee_waiver") => "利用料の無料化",
        (Lang::En, "fee_waiver") => "Licence fee waiver",
        (Lang::Ja, "deadline") => "期限(政策)",
        (Lang::En, "deadline") => "Policy deadline",
        (Lang::Ja, "centre_adoption") => "センターの利用開始",
        (Lang::En, "centre_adoption") => "Centres start using it",
        _ => "?",
    }
}

pub fn field_label(lang: Lang, field: &str) -> &'static str {
    match (lang, field) {
        (Lang::Ja, "start") => "開始日",
        (Lang::En, "start") => "Start",
        (Lang::Ja, "end") => "終了日",
        (Lang::En, "end") => "End",
        (Lang::Ja, "date") => "日付",
        (Lang::En, "date") => "Date",
        (Lang::Ja, "announce") => "告知日",
        (Lang::En, "announce") => "Announced",
        (Lang::Ja, "contacts_per_month") => "センターあたり月の働きかけ件数",
        (Lang::En, "contacts_per_month") => "Contacts per centre per month",
        (Lang::Ja, "per_month") => "月あたりの事業所数",
        (Lang::En, "per_month") => "Offices per month",
        (Lang::Ja, "attendance") => "参加数",
        (Lang::En, "attendance") => "Attendance",
        (Lang::Ja, "audience") => "対象",
        (Lang::En, "audience") => "Audience",
        (Lang::Ja, "areas") => "対象地域(未選択＝全地域)",
        (Lang::En, "areas") => "Areas (none ticked = all areas)",
        (Lang::Ja, "groups.not_adopted") => "未導入の事業所へ",
        (Lang::En, "groups.not_adopted") => "Offices not using it",
        (Lang::Ja, "groups.planning") => "導入予定の事業所へ",
        (Lang::En, "groups.planning") => "Offices planning to adopt",
        (Lang::Ja, "centre_partners") => "センターの連携先へ(市外含む)",
        (Lang::En, "centre_partners") => "The centre's partners (also outside)",
        (Lang::Ja, "hands_on") => "導入の手伝いあり",
        (Lang::En, "hands_on") => "With hands-on help",
        (Lang::Ja, "include_external") => "市外の連携先も訪問",
        (Lang::En, "include_external") => "Also visit partners outside",
        (Lang::Ja, "name") => "名称",
        (Lang::En, "name") => "Name",
        (Lang::Ja, "weight") => "重み",
        (Lang::En, "weight") => "Weight",
        _ => "?",
    }
}

/// A lever field's error in the page's language.
pub fn lever_error(lang: Lang, field: &str, e: &FieldError) -> String {
    match e {
        FieldError::Core(m) if m == BAD_DATE => lang.pick("日付を入力してください", "Enter a date").to_string(),
        FieldError::Core(m) if m.contains("is before") => {
            let head = if field.ends_with(".date") {
                lang.pick("告知日より前の日付です", "Before the announcement")
            } else {
                lang.pick("開始日より前の日付です", "Before the start")
            };
            format!("{head} ({m})")
        }
        _ => field_error(lang, e),
    }
}

// ---------------------------------------------------------------------------
// Component

/// The lever's dates: (first, last); one date for point-in-time levers.
fn span(l: &Lever, scn: &Scenario) -> (Date, Date) {
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

fn text_of(l: &Lever, field: &str) -> String {
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
    let app = use_context::<crate::ui::state::AppContext>().expect("crate::ui::state::AppContext is provided by <App>");
    let lang = app.lang;
    let i = props.index;
    let Some(lever) = app.planner.scenario.strategy.levers.get(i).cloned() else { return html! {} };
    let kind = lever.kind();
    let scn = &app.planner.scenario;
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
        let app = app.clone();
        Callback::from(move |(field, value): (String, String)| {
            app.dispatch(Action::Planner(PlannerAction::EditLever { index: i, field, value }))
        })
    };
    let on_remove = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::Planner(PlannerAction::RemoveLever(i))))
    };
    let id = |f: &str| format!("lever-{i}-{}", f.replace(['.', '_'], "-"));
    let head_id = format!("lever-{i}-title");
    let has_error = app.planner.errors.keys().any(|k| k.starts_with(&key(i, "")));
    html! {
        <li class="lever-row" data-index={i.to_string()} data-kind={kind} aria-labelledby={head_id.clone()}>
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
                    let err = app.planner.errors.get(&k).map(|e| lever_error(lang, &k, e));
                    let err_id = format!("{fid}-error");
                    let label = field_label(lang, f);
                    let value = app.planner.drafts.get(&k).cloned().unwrap_or_else(|| text_of(&lever, f));
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
    let app = use_context::<crate::ui::state::AppContext>().expect("crate::ui::state::AppContext is provided by <App>");
    let lang = app.lang;
    let kind = use_state(|| KINDS[0].to_string());
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            kind.set(el.value());
        })
    };
    // The lever added last is listed next to the Add button (not at its date, possibly far
    // above), until the panel is rebuilt.
    let added = use_state(|| None::<usize>);
    let on_add = {
        let app = app.clone();
        let kind = kind.clone();
        let added = added.clone();
        Callback::from(move |_| {
            added.set(Some(app.planner.scenario.strategy.levers.len()));
            app.dispatch(Action::Planner(PlannerAction::AddLever((*kind).clone())))
        })
    };
    let scn = &app.planner.scenario;
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
                    { for KINDS.iter().map(|k| html! {
                        <option value={*k} selected={*k == kind.as_str()}>{ kind_label(lang, k) }</option>
                    }) }
                </select>
                <button id="lever-add" type="button" onclick={on_add}>{ lang.pick("追加", "Add") }</button>
            </div>
        </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_default_that_validates_and_labels() {
        let scn = crate::ui::shared::bridge::default_scenario();
        for k in KINDS {
            let mut s = scn.clone();
            s.strategy.levers.push(new_lever(k, &scn).expect(k));
            s.validate().unwrap_or_else(|e| panic!("{k}: {e}"));
            assert_eq!(s.strategy.levers.last().unwrap().kind(), *k);
            for (f, _) in fields(k) {
                assert_ne!(field_label(Lang::Ja, f), "?", "{f}");
                assert_ne!(field_label(Lang::En, f), "?", "{f}");
                // every field's current text is accepted as it is
                let text = text_of(s.strategy.levers.last().unwrap(), f);
                let n = s.strategy.levers.len() - 1;
                edited(&s, n, f, &text).unwrap_or_else(|e| panic!("{k}.{f} = {text}: {e:?}"));
            }
            assert_ne!(kind_label(Lang::Ja, k), "?");
        }
    }
}

#[cfg(test)]
mod dates {
    use super::*;

    #[test]
    fn a_new_lever_starts_today_not_in_the_past() {
        let scn = crate::ui::shared::bridge::preset("okazaki").expect("okazaki");
        let today = renkei::sim::forward::last_observation(&scn).expect("okazaki has observations");
        assert!(today >= Date::parse("2026-02-28").expect("date"));
        match new_lever("training", &scn) {
            Some(Lever::Training { date, .. }) => assert_eq!(date, today),
            other => panic!("{other:?}"),
        }
        match new_lever("outreach", &scn) {
            Some(Lever::Outreach { start, end, .. }) => assert!(start == today && end >= start),
            other => panic!("{other:?}"),
        }
    }
}
