//! The scenario's strategy as a timeline of dated levers: add, edit, remove.
//! The pure part ([`add`], [`edit`], [`remove`]) is called by the reducer in
//! `state.rs`; every edit is checked by the core (`Scenario::validate`) and a
//! refused one leaves the scenario as it was, with the message under the field
//! the core names (`strategy.levers[3].end`). Labels (ja/en) live here.

use crate::ui::planner::state::PlannerState;
use crate::ui::shared::bridge::{Audience, Date, FieldError, Groups, Lever, LeverKind, Scenario, SimError};
use crate::ui::shared::i18n::Lang;
use serde_json::Value;
use std::rc::Rc;

/// Lever kinds, in the order the "add" menu offers them.
pub const KINDS: [LeverKind; 8] = LeverKind::ALL;

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
pub fn fields(kind: LeverKind) -> &'static [(&'static str, Ty)] {
    use Ty::*;
    match kind {
        LeverKind::Outreach => &[
            ("start", Date),
            ("end", Date),
            ("contacts_per_month", Float),
            ("areas", Areas),
            ("groups.not_adopted", Bool),
            ("groups.planning", Bool),
            ("centre_partners", Bool),
        ],
        LeverKind::Training => &[("date", Date), ("audience", Audience), ("attendance", Whole), ("areas", Areas)],
        LeverKind::Visits => &[
            ("start", Date),
            ("end", Date),
            ("per_month", Whole),
            ("hands_on", Bool),
            ("include_external", Bool),
            ("areas", Areas),
        ],
        LeverKind::Support => &[("start", Date), ("end", Date), ("per_month", Whole), ("areas", Areas)],
        LeverKind::PartnerRequest => &[("start", Date), ("end", Date), ("per_month", Whole)],
        LeverKind::FeeWaiver => &[("start", Date), ("end", OptDate)],
        LeverKind::Deadline => &[("name", Text), ("announce", Date), ("date", Date), ("weight", Float)],
        LeverKind::CentreAdoption => &[("date", Date), ("areas", Areas)],
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
pub fn new_lever(kind: LeverKind, scn: &Scenario) -> Lever {
    let start = renkei::sim::scenario::forward::last_observation(scn).map_or(scn.start, |d| d.max(scn.start));
    let end = scn.end.max(start);
    match kind {
        LeverKind::Outreach => Lever::Outreach {
            areas: vec![],
            start,
            end,
            contacts_per_month: 4.0,
            groups: Groups::default(),
            centre_partners: false,
        },
        LeverKind::Training => Lever::Training {
            date: start,
            audience: Audience::Centres,
            areas: vec![],
            attendance: scn.population.areas.len() as u32,
        },
        LeverKind::Visits => Lever::Visits {
            areas: vec![],
            start,
            end,
            per_month: capacity(scn),
            hands_on: true,
            include_external: false,
        },
        LeverKind::Support => Lever::Support { areas: vec![], start, end, per_month: capacity(scn) },
        LeverKind::PartnerRequest => Lever::PartnerRequest { start, end, per_month: capacity(scn) },
        LeverKind::FeeWaiver => Lever::FeeWaiver { start, end: Some(end) },
        LeverKind::Deadline => {
            Lever::Deadline { name: String::new(), announce: start, date: end, weight: 1.0, pledge: false }
        }
        LeverKind::CentreAdoption => Lever::CentreAdoption { areas: vec![], date: start },
    }
}

/// The JSON value a field's text stands for.
fn parse(ty: Ty, text: &str) -> Result<Value, FieldError> {
    let t = text.trim();
    match ty {
        Ty::Date | Ty::OptDate => {
            if t.is_empty() && ty == Ty::OptDate {
                return Ok(Value::Null);
            }
            Date::parse(t).map(|d| Value::String(d.to_string())).ok_or(FieldError::NotDate)
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
            _ => Err(FieldError::Sim(SimError::unknown("audience", t, &["centres", "offices"]))),
        },
        Ty::Text => Ok(Value::String(text.to_string())),
    }
}

/// Lever `index` with `field` set to `text`, checked by the core. On error: the field blamed and why.
pub fn edited(scn: &Scenario, index: usize, field: &str, text: &str) -> Result<Scenario, (String, FieldError)> {
    let k = key(index, field);
    let Some(lever) = scn.strategy.levers.get(index) else {
        return Err((k, FieldError::Sim(SimError::Internal(format!("no lever {index}")))));
    };
    let Some(&(_, ty)) = fields(lever.lever_kind()).iter().find(|(f, _)| *f == field) else {
        let allowed: Vec<&str> = fields(lever.lever_kind()).iter().map(|(f, _)| *f).collect();
        return Err((k, FieldError::Sim(SimError::unknown("field", field, &allowed))));
    };
    // (a lever always serialises; the page's own edits make these JSON steps fail only on a bug)
    let internal = |e: serde_json::Error| (k.clone(), FieldError::Sim(SimError::Internal(e.to_string())));
    let v = parse(ty, text).map_err(|e| (k.clone(), e))?;
    let mut json = serde_json::to_value(lever).map_err(internal)?;
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
    let lever: Lever = serde_json::from_value(json).map_err(internal)?;
    let mut next = scn.clone();
    next.strategy.levers[index] = lever;
    match next.validate() {
        Ok(()) => Ok(next),
        Err(e) => Err((e.field().unwrap_or(&k).to_string(), FieldError::from(e))),
    }
}

/// Forgets what was typed into (and refused in) lever fields: indices shift on add/remove.
fn forget_levers(s: &mut PlannerState) {
    s.drafts.retain(|k, _| !k.starts_with("strategy."));
    s.errors.retain(|k, _| !k.starts_with("strategy."));
}

/// Reducer step of `Action::Planner(PlannerAction::AddLever)`: false when nothing changed.
pub fn add(s: &mut PlannerState, kind: LeverKind) -> bool {
    let lever = new_lever(kind, &s.scenario);
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
            s.errors.retain(|f, e| !(matches!(e, FieldError::Sim(_)) && f.starts_with("strategy.")));
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

pub fn kind_label(lang: Lang, kind: LeverKind) -> &'static str {
    use LeverKind::*;
    match (lang, kind) {
        (Lang::Ja, Outreach) => "地域包括支援センターからの働きかけ",
        (Lang::En, Outreach) => "Outreach by the centres",
        (Lang::Ja, Training) => "研修会",
        (Lang::En, Training) => "Training session",
        (Lang::Ja, Visits) => "個別訪問",
        (Lang::En, Visits) => "Individual visits",
        (Lang::Ja, Support) => "伴走支援",
        (Lang::En, Support) => "Hands-on support",
        (Lang::Ja, PartnerRequest) => "連携希望先への働きかけ",
        (Lang::En, PartnerRequest) => "Partner requests",
        (Lang::Ja, FeeWaiver) => "利用料の無料化",
        (Lang::En, FeeWaiver) => "Licence fee waiver",
        (Lang::Ja, Deadline) => "期限(政策)",
        (Lang::En, Deadline) => "Policy deadline",
        (Lang::Ja, CentreAdoption) => "センターの利用開始",
        (Lang::En, CentreAdoption) => "Centres start using it",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::planner::lever_view::text_of;

    #[test]
    fn every_kind_has_a_default_that_validates_and_labels() {
        let scn = crate::ui::shared::bridge::default_scenario();
        for k in KINDS {
            let mut s = scn.clone();
            s.strategy.levers.push(new_lever(k, &scn));
            s.validate().unwrap_or_else(|e| panic!("{k}: {e}"));
            assert_eq!(s.strategy.levers.last().unwrap().lever_kind(), k);
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
        let today = renkei::sim::scenario::forward::last_observation(&scn).expect("okazaki has observations");
        assert!(today >= Date::parse("2026-02-28").expect("date"));
        match new_lever(LeverKind::Training, &scn) {
            Lever::Training { date, .. } => assert_eq!(date, today),
            other => panic!("{other:?}"),
        }
        match new_lever(LeverKind::Outreach, &scn) {
            Lever::Outreach { start, end, .. } => assert!(start == today && end >= start),
            other => panic!("{other:?}"),
        }
    }
}
