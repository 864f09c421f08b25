//! The scenario's strategy as a timeline of dated levers: add, edit, remove. Pure functions of
//! a [`Scenario`] (the planner's reducer keeps the drafts and messages, `state.rs`); every edit
//! goes through the core's typed setter (`Strategy::set`) and `Scenario::validate`, and a
//! refused one leaves the scenario as it was, with the message under the field the core names
//! (`strategy.levers[3].end`). Kinds, fields, types, ranges and labels are the core's one
//! declaration (`renkei::sim::scenario::lever_fields`).

use crate::ui::shared::bridge::{Date, FieldError, LeverKind, Scenario, SimError};
use crate::ui::shared::i18n::Lang;
use renkei::sim::scenario::lever_fields::{FieldType, FieldValue, Label, LeverDefaults, AUDIENCES};

/// Lever kinds, in the order the "add" menu offers them.
pub const KINDS: [LeverKind; 8] = LeverKind::ALL;

/// What the editor sends for a lever field.
#[derive(Debug, Clone, PartialEq)]
pub enum LeverInput {
    /// Text typed into an input (a date, a number, a name): kept as typed, read by the field's type.
    Typed(String),
    /// A value picked (a check box, the area list, a choice).
    Picked(FieldValue),
}

/// Field key of a lever field, as the core names it in errors.
pub fn key(index: usize, field: &str) -> String {
    format!("strategy.levers[{index}].{field}")
}

/// A declared label in the page's language.
pub fn say(lang: Lang, label: Label) -> &'static str {
    lang.pick(label.ja, label.en)
}

/// The scenario with a new lever of `kind` at its declared defaults (from "today" to the
/// scenario's end, all areas); `None` when the core refuses it.
pub fn added(scn: &Scenario, kind: LeverKind) -> Option<Scenario> {
    let mut next = scn.clone();
    next.strategy.levers.push(LeverDefaults::from_today(scn).lever(kind));
    next.validate().is_ok().then_some(next)
}

/// The scenario without lever `index`; `None` when there is no such lever.
pub fn removed(scn: &Scenario, index: usize) -> Option<Scenario> {
    (index < scn.strategy.levers.len()).then(|| {
        let mut next = scn.clone();
        next.strategy.levers.remove(index);
        next
    })
}

/// The text an input of type `ty` stands for. Only text inputs send text; a value picked
/// from a list arrives typed.
fn parse(ty: FieldType, text: &str) -> Result<FieldValue, FieldError> {
    let t = text.trim();
    match ty {
        FieldType::Date => Date::parse(t).map(FieldValue::Date).ok_or(FieldError::NotDate),
        FieldType::OptDate if t.is_empty() => Ok(FieldValue::OptDate(None)),
        FieldType::OptDate => Date::parse(t).map(|d| FieldValue::OptDate(Some(d))).ok_or(FieldError::NotDate),
        FieldType::Number => match t.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(FieldValue::Number(v)),
            _ => Err(FieldError::NotNumber),
        },
        // (out of range: the core's setter says so, with the declared range)
        FieldType::Whole => match t.parse::<f64>() {
            Ok(v) if v >= 0.0 && v.fract() == 0.0 => Ok(FieldValue::Whole(v as u64)),
            Ok(v) if v.is_finite() => Err(FieldError::NotWhole),
            _ => Err(FieldError::NotNumber),
        },
        FieldType::Text => Ok(FieldValue::Text(text.to_string())),
        FieldType::Flag => match t {
            "true" => Ok(FieldValue::Flag(true)),
            "false" => Ok(FieldValue::Flag(false)),
            _ => Err(FieldError::Sim(SimError::unknown("flag", t, &["true", "false"]))),
        },
        FieldType::Areas => {
            Ok(FieldValue::Areas(text.split('\n').map(str::trim).filter(|a| !a.is_empty()).map(String::from).collect()))
        }
        FieldType::Audience => match AUDIENCES.iter().find(|(_, name, _)| *name == t) {
            Some((a, _, _)) => Ok(FieldValue::Audience(*a)),
            None => {
                let names: Vec<&str> = AUDIENCES.iter().map(|(_, name, _)| *name).collect();
                Err(FieldError::Sim(SimError::unknown("audience", t, &names)))
            }
        },
        FieldType::Groups => Err(FieldError::Sim(SimError::invalid("groups", "expects office groups, not text"))),
    }
}

/// What a text input shows for a value.
pub fn text_of(v: &FieldValue) -> String {
    match v {
        FieldValue::Date(d) => d.to_string(),
        FieldValue::OptDate(d) => d.map(|d| d.to_string()).unwrap_or_default(),
        FieldValue::Number(x) => x.to_string(),
        FieldValue::Whole(x) => x.to_string(),
        FieldValue::Flag(b) => b.to_string(),
        FieldValue::Areas(a) => a.join("\n"),
        FieldValue::Audience(a) => {
            AUDIENCES.iter().find(|(x, _, _)| x == a).map(|(_, name, _)| name.to_string()).unwrap_or_default()
        }
        FieldValue::Groups(_) => String::new(),
        FieldValue::Text(t) => t.clone(),
    }
}

/// Lever `index` with `field` set to `input`, checked by the core. On error: the field blamed and why.
pub fn edited(scn: &Scenario, index: usize, field: &str, input: &LeverInput) -> Result<Scenario, (String, FieldError)> {
    let k = key(index, field);
    let refused = |e: SimError| (e.field().unwrap_or(&k).to_string(), FieldError::from(e));
    let Some(lever) = scn.strategy.levers.get(index) else {
        return Err(refused(SimError::Internal(format!("no lever {index}"))));
    };
    let value = match input {
        LeverInput::Picked(v) => v.clone(),
        LeverInput::Typed(text) => {
            let ty = lever.lever_kind().field(field).map_or(FieldType::Text, |f| f.ty);
            parse(ty, text).map_err(|e| (k.clone(), e))?
        }
    };
    let mut next = scn.clone();
    next.strategy.set(index, field, value).map_err(refused)?;
    next.validate().map_err(refused)?;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::shared::bridge::Lever;

    #[test]
    fn every_field_of_every_kind_takes_its_own_text_or_value_back() {
        let scn = crate::ui::shared::bridge::default_scenario();
        for k in KINDS {
            let s = added(&scn, k).unwrap_or_else(|| panic!("{k}: a new lever validates"));
            let n = s.strategy.levers.len() - 1;
            assert_eq!(s.strategy.levers[n].lever_kind(), k);
            for f in k.fields() {
                let v = s.strategy.levers[n].get(f.name).expect("declared");
                let input = match f.ty {
                    FieldType::Groups => LeverInput::Picked(v),
                    _ => LeverInput::Typed(text_of(&v)),
                };
                let same =
                    edited(&s, n, f.name, &input).unwrap_or_else(|e| panic!("{k}.{} = {input:?}: {e:?}", f.name));
                assert_eq!(same, s, "{k}.{}", f.name);
            }
        }
    }

    #[test]
    fn a_new_lever_starts_today_not_in_the_past() {
        let scn = crate::ui::shared::bridge::preset("okazaki").expect("okazaki");
        let today = renkei::sim::scenario::forward::last_observation(&scn).expect("okazaki has observations");
        assert!(today >= Date::parse("2026-02-28").expect("date"));
        let last = |k| added(&scn, k).and_then(|s| s.strategy.levers.last().cloned());
        match last(LeverKind::Training) {
            Some(Lever::Training { date, .. }) => assert_eq!(date, today),
            other => panic!("{other:?}"),
        }
        match last(LeverKind::Outreach) {
            Some(Lever::Outreach { start, end, .. }) => assert!(start == today && end >= start),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn text_that_is_not_the_fields_type_is_refused_under_the_field_and_a_range_by_the_core() {
        let scn = crate::ui::shared::bridge::default_scenario();
        let s = added(&scn, LeverKind::Visits).expect("visits");
        let n = s.strategy.levers.len() - 1;
        let typed = |f: &str, t: &str| edited(&s, n, f, &LeverInput::Typed(t.into())).map(|_| ()).unwrap_err();
        assert_eq!(typed("per_month", "1.5"), (key(n, "per_month"), FieldError::NotWhole));
        assert_eq!(typed("per_month", "many"), (key(n, "per_month"), FieldError::NotNumber));
        assert_eq!(typed("start", "tomorrow"), (key(n, "start"), FieldError::NotDate));
        let (blamed, e) = typed("per_month", "2000000");
        assert_eq!(blamed, key(n, "per_month"));
        assert_eq!(e, FieldError::from(SimError::range(key(n, "per_month"), 2e6, 0.0, 1e6)));
        let (_, e) = typed("per_month", "1e7");
        assert_eq!(e, FieldError::from(SimError::range(key(n, "per_month"), 1e7, 0.0, 1e6)));
    }
}
