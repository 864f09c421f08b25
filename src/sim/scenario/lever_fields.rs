//! Each lever kind's fields, declared once (as `params!` declares the parameters): name (the
//! JSON key), type, default, allowed range, unit and labels in Japanese and English. From the
//! one declaration come: typed [`Lever::get`] / [`Lever::set`] by field name, the checks of
//! [`Strategy::validate`] (so a setter and a file refuse a value in the same words), a new
//! lever's defaults ([`LeverDefaults::lever`]: the page's "add", the library's plain levers)
//! and the page's lever editor (`ui/planner/lever_view.rs`).
//!
//! Adding a lever kind: its variant in `strategy.rs` (`Lever`, `LeverKind`), its fields here
//! (the default builder is a full struct literal, so the compiler refuses a field not declared
//! here), then what the compiler points at (the engine's exhaustive matches).

use crate::sim::date::Date;
use crate::sim::error::{Named, Reason, SimError};
use crate::sim::scenario::params::check_range;
use crate::sim::scenario::strategy::{Audience, Groups, Lever, LeverKind, Strategy};
use crate::sim::scenario::{forward, Scenario};

/// A text in both languages of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    pub ja: &'static str,
    pub en: &'static str,
}

const fn label(ja: &'static str, en: &'static str) -> Label {
    Label { ja, en }
}

/// What a lever field holds, which says how it is typed in and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    Date,
    /// A date that may be absent (no end).
    OptDate,
    /// A number (with a range).
    Number,
    /// A whole number (with a range).
    Whole,
    Flag,
    /// Area names of the scenario; none means every area.
    Areas,
    Audience,
    /// The office groups an outreach aims at ([`GROUP_FLAGS`]).
    Groups,
    Text,
}

impl FieldType {
    /// How the type reads in an English message.
    pub fn describe(self) -> &'static str {
        match self {
            FieldType::Date => "a date YYYY-MM-DD",
            FieldType::OptDate => "a date YYYY-MM-DD or none",
            FieldType::Number => "a number",
            FieldType::Whole => "a whole number",
            FieldType::Flag => "true or false",
            FieldType::Areas => "a list of area names",
            FieldType::Audience => "centres or offices",
            FieldType::Groups => "office groups",
            FieldType::Text => "a text",
        }
    }
}

/// A lever field's value, typed.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Date(Date),
    OptDate(Option<Date>),
    Number(f64),
    /// Wider than the lever's `u32`, so a value out of range is refused by the range check.
    Whole(u64),
    Flag(bool),
    Areas(Vec<String>),
    Audience(Audience),
    Groups(Groups),
    Text(String),
}

impl FieldValue {
    pub fn ty(&self) -> FieldType {
        match self {
            FieldValue::Date(_) => FieldType::Date,
            FieldValue::OptDate(_) => FieldType::OptDate,
            FieldValue::Number(_) => FieldType::Number,
            FieldValue::Whole(_) => FieldType::Whole,
            FieldValue::Flag(_) => FieldType::Flag,
            FieldValue::Areas(_) => FieldType::Areas,
            FieldValue::Audience(_) => FieldType::Audience,
            FieldValue::Groups(_) => FieldType::Groups,
            FieldValue::Text(_) => FieldType::Text,
        }
    }

    /// The value as a number, for a range check.
    fn number(&self) -> Option<f64> {
        match self {
            FieldValue::Number(v) => Some(*v),
            FieldValue::Whole(v) => Some(*v as f64),
            _ => None,
        }
    }
}

/// One field of a lever kind, written by `levers!` from its declaration.
#[derive(Clone, Copy, Debug)]
pub struct LeverField {
    /// The JSON key (and the last part of the path in messages: `strategy.levers[3].end`).
    pub name: &'static str,
    pub ty: FieldType,
    /// Allowed values of a number or whole number, inclusive.
    pub range: Option<(f64, f64)>,
    /// Unit of a number.
    pub unit: Option<Label>,
    pub label: Label,
    /// One line under the field, when the label is not enough.
    pub help: Option<Label>,
    /// The field of a lever of this kind (`None` for another kind).
    get: fn(&Lever) -> Option<FieldValue>,
    /// Stores a value of this field's type; false for another kind or type (not checked).
    put: fn(&mut Lever, FieldValue) -> bool,
}

impl LeverField {
    /// Checks `value` against the field's type and range; errors name `{at}.{name}`, where `at`
    /// is the lever's path (`strategy.levers[3]`).
    pub fn check(&self, at: &str, value: &FieldValue) -> Result<(), SimError> {
        let path = format!("{at}.{}", self.name);
        if value.ty() != self.ty {
            return Err(SimError::invalid(path, format!("expects {}", self.ty.describe())));
        }
        match (self.range, value.number()) {
            (Some((lo, hi)), Some(v)) => check_range(&path, v, lo, hi),
            _ => Ok(()),
        }
    }
}

/// One check box of the `groups` field.
#[derive(Clone, Copy, Debug)]
pub struct GroupFlag {
    /// The key inside `groups` (`groups.planning`).
    pub name: &'static str,
    pub label: Label,
    pub get: fn(&Groups) -> bool,
    pub set: fn(&mut Groups, bool),
}

/// The office groups of an outreach lever (the ①–④ table, brief §3), in the editor's order.
pub const GROUP_FLAGS: [GroupFlag; 2] = [
    GroupFlag {
        name: "not_adopted",
        label: label("未導入の事業所へ", "Offices not using it"),
        get: |g| g.not_adopted,
        set: |g, b| g.not_adopted = b,
    },
    GroupFlag {
        name: "planning",
        label: label("導入予定の事業所へ", "Offices planning to adopt"),
        get: |g| g.planning,
        set: |g, b| g.planning = b,
    },
];

/// The audiences of a training, with their names in files and their labels.
pub const AUDIENCES: [(Audience, &str, Label); 2] = [
    (Audience::Centres, "centres", label("センター職員", "Centre staff")),
    (Audience::Offices, "offices", label("事業所", "Offices")),
];

/// What a new lever's defaults depend on: its dates and the municipality's size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LeverDefaults {
    /// First day (a point-in-time lever's date; a deadline's announcement).
    pub start: Date,
    /// Last day (a deadline's date).
    pub end: Date,
    /// Offices per month a visiting or support team can take ([`capacity`]).
    pub capacity: u32,
    /// The municipality's areas (a training of centres: one person per centre).
    pub areas: u32,
}

/// Offices per month a support team can take: about 2% of the municipality's offices, at least 4.
pub fn capacity(scn: &Scenario) -> u32 {
    (scn.population.home_offices() / 50).max(4)
}

impl LeverDefaults {
    /// Defaults for a lever of `scn` acting from `start` to `end`.
    pub fn new(scn: &Scenario, start: Date, end: Date) -> LeverDefaults {
        LeverDefaults { start, end, capacity: capacity(scn), areas: scn.population.areas.len() as u32 }
    }

    /// A lever added to a plan: from "today" (the last observation, else the scenario's start)
    /// to the scenario's end. Plans are made from today, so a new lever does not start in the
    /// past (issue 11: a training dated 2025-08-31).
    pub fn from_today(scn: &Scenario) -> LeverDefaults {
        let start = forward::last_observation(scn).map_or(scn.start, |d| d.max(scn.start));
        LeverDefaults::new(scn, start, scn.end.max(start))
    }
}

/// `Some(x)` for `maybe!(x)`, `None` for `maybe!()`: an optional part of a declaration.
macro_rules! maybe {
    () => {
        None
    };
    ($x:expr) => {
        Some($x)
    };
}

/// Declares every lever kind's fields once (see the module's comment). For each kind:
/// `Kind ("日本語", "English") { field: Type = default, ("ラベル", "Label") [lo, hi] unit ("単位",
/// "unit") help ("説明", "help"); ... }`, range, unit and help optional; defaults are
/// expressions of the [`LeverDefaults`] named in the first parentheses. The fields are listed
/// in the editor's order.
macro_rules! levers {
    (($d:ident) $( $kind:ident ($kja:literal, $ken:literal) {
        $( $field:ident : $ty:ident = $default:expr, ($ja:literal, $en:literal)
            $( [$lo:expr, $hi:expr] )? $( unit ($uja:literal, $uen:literal) )?
            $( help ($hja:literal, $hen:literal) )? ; )*
    } )*) => {
        impl LeverKind {
            /// This kind's fields, in the editor's order.
            // (a field's value converts between its type and its `FieldValue` by From/TryFrom,
            // an identity for most; so a declared type that does not fit does not compile)
            #[allow(clippy::useless_conversion, clippy::unnecessary_fallible_conversions)]
            pub fn fields(self) -> &'static [LeverField] {
                match self { $( LeverKind::$kind => {
                    const FIELDS: &[LeverField] = &[ $( LeverField {
                        name: stringify!($field),
                        ty: FieldType::$ty,
                        range: maybe!($( ($lo, $hi) )?),
                        unit: maybe!($( label($uja, $uen) )?),
                        label: label($ja, $en),
                        help: maybe!($( label($hja, $hen) )?),
                        get: |l| match l {
                            Lever::$kind { $field, .. } => Some(FieldValue::$ty(Clone::clone($field).into())),
                            _ => None,
                        },
                        put: |l, v| match (l, v) {
                            (Lever::$kind { $field, .. }, FieldValue::$ty(v)) => match v.try_into() {
                                Ok(v) => { *$field = v; true }
                                Err(_) => false,
                            },
                            _ => false,
                        },
                    }, )* ];
                    FIELDS
                } )* }
            }

            /// The kind's name on the page.
            pub fn label(self) -> Label {
                match self { $( LeverKind::$kind => label($kja, $ken), )* }
            }
        }

        impl Lever {
            /// Checks each declared range ([`Strategy::validate`]). Written out per field rather
            /// than read through [`LeverKind::fields`], so a run (the worker) does not carry the
            /// editor's table of labels and accessors.
            #[allow(unused_variables)]
            fn check_ranges(&self, at: &str) -> Result<(), SimError> {
                match self { $( Lever::$kind { $( $field, )* } => {
                    $( $( check_range(&format!("{at}.{}", stringify!($field)), f64::from(*$field), $lo, $hi)?; )? )*
                } )* }
                Ok(())
            }
        }

        impl LeverDefaults {
            /// A new lever of `kind` with every field at its declared default.
            pub fn lever(&self, kind: LeverKind) -> Lever {
                let $d = self;
                match kind { $( LeverKind::$kind => Lever::$kind { $( $field: $default, )* }, )* }
            }
        }
    };
}

levers! { (d)
    Outreach ("地域包括支援センターからの働きかけ", "Outreach by the centres") {
        start: Date = d.start, ("開始日", "Start");
        end: Date = d.end, ("終了日", "End");
        contacts_per_month: Number = 4.0, ("センターあたり月の働きかけ件数", "Contacts per centre per month")
            [0.0, 10_000.0] unit ("件/月", "/month");
        areas: Areas = vec![], ("対象地域(未選択＝全地域)", "Areas (none ticked = all areas)");
        groups: Groups = Groups::default(), ("働きかける事業所", "Offices approached");
        centre_partners: Flag = false, ("センターの連携先へ(市外含む)", "The centre's partners (also outside)");
    }
    Training ("研修会", "Training session") {
        date: Date = d.start, ("日付", "Date");
        audience: Audience = Audience::Centres, ("対象", "Audience");
        attendance: Whole = d.areas, ("参加数", "Attendance") [0.0, 1e6];
        areas: Areas = vec![], ("対象地域(未選択＝全地域)", "Areas (none ticked = all areas)");
    }
    Visits ("個別訪問", "Individual visits") {
        start: Date = d.start, ("開始日", "Start");
        end: Date = d.end, ("終了日", "End");
        per_month: Whole = d.capacity, ("月あたりの事業所数", "Offices per month")
            [0.0, 1e6] unit ("所/月", "/month");
        hands_on: Flag = true, ("導入の手伝いあり", "With hands-on help");
        include_external: Flag = false, ("市外の連携先も訪問", "Also visit partners outside");
        areas: Areas = vec![], ("対象地域(未選択＝全地域)", "Areas (none ticked = all areas)");
    }
    Support ("伴走支援", "Hands-on support") {
        start: Date = d.start, ("開始日", "Start");
        end: Date = d.end, ("終了日", "End");
        per_month: Whole = d.capacity, ("月あたりの事業所数", "Offices per month")
            [0.0, 1e6] unit ("所/月", "/month");
        areas: Areas = vec![], ("対象地域(未選択＝全地域)", "Areas (none ticked = all areas)");
    }
    PartnerRequest ("連携希望先への働きかけ", "Partner requests") {
        start: Date = d.start, ("開始日", "Start");
        end: Date = d.end, ("終了日", "End");
        per_month: Whole = d.capacity, ("月あたりの事業所数", "Offices per month")
            [0.0, 1e6] unit ("所/月", "/month");
    }
    FeeWaiver ("利用料の無料化", "Licence fee waiver") {
        start: Date = d.start, ("開始日", "Start");
        end: OptDate = Some(d.end), ("終了日", "End") help ("空欄＝期限なし", "empty = no end");
    }
    Deadline ("期限(政策)", "Policy deadline") {
        name: Text = String::new(), ("名称", "Name");
        announce: Date = d.start, ("告知日", "Announced");
        date: Date = d.end, ("期限", "Deadline");
        weight: Number = 1.0, ("重み", "Weight") [0.0, 10.0] unit ("×", "×")
            help ("期限前の導入決定率の上乗せに掛ける倍率",
                  "Multiplies the extra decision rate before the deadline (deadline_boost)");
        pledge: Flag = false, ("誓約(期間中に決めた事業所は期限までに導入)",
            "Pledge (offices deciding while open are set up by the deadline)");
    }
    CentreAdoption ("センターの利用開始", "Centres start using it") {
        date: Date = d.start, ("日付", "Date");
        areas: Areas = vec![], ("対象地域(未選択＝全地域)", "Areas (none ticked = all areas)");
    }
}

impl LeverKind {
    /// The declared field `name` of this kind.
    pub fn field(self, name: &str) -> Option<&'static LeverField> {
        self.fields().iter().find(|f| f.name == name)
    }
}

impl Lever {
    /// Field `name` of this lever (`None` when its kind has no such field).
    pub fn get(&self, name: &str) -> Option<FieldValue> {
        (self.lever_kind().field(name)?.get)(self)
    }

    /// Sets field `name` after checking the value's type and range (not the checks between
    /// fields, such as an end before the start: [`Strategy::validate`]). Errors name
    /// `{at}.{name}` (`at`: the lever's path, `strategy.levers[3]`); on error nothing changes.
    pub fn set(&mut self, at: &str, name: &str, value: FieldValue) -> Result<(), SimError> {
        let kind = self.lever_kind();
        let Some(field) = kind.field(name) else {
            let allowed: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
            return Err(SimError::unknown(format!("{at}.{name}"), name, &allowed));
        };
        field.check(at, &value)?;
        if (field.put)(self, value) {
            Ok(())
        } else {
            Err(SimError::Internal(format!("{at}.{name}: the declared type does not fit the lever")))
        }
    }
}

fn check_window(at: &str, start: Date, end: Date) -> Result<(), SimError> {
    if end < start {
        return Err(SimError::Invalid {
            field: format!("{at}.end"),
            reason: Reason::Before { date: end, limit: start, after: "start".into() },
        });
    }
    Ok(())
}

impl Strategy {
    /// Sets field `name` of lever `i` ([`Lever::set`]); errors name `strategy.levers[i].name`.
    pub fn set(&mut self, i: usize, name: &str, value: FieldValue) -> Result<(), SimError> {
        let n = self.levers.len();
        let Some(lever) = self.levers.get_mut(i) else {
            return Err(SimError::range("strategy.levers", i as f64, 0.0, n.saturating_sub(1) as f64));
        };
        lever.set(&format!("strategy.levers[{i}]"), name, value)
    }

    /// Checks every lever: its areas, its dates in order, then each field against its
    /// declaration. `area_names` are the scenario's areas, in order (a strategy is checked
    /// against them only, so it need not know the scenario document).
    pub fn validate(&self, area_names: &[&str]) -> Result<(), SimError> {
        for (i, lever) in self.levers.iter().enumerate() {
            let at = format!("strategy.levers[{i}]");
            for a in lever.areas() {
                if !area_names.contains(&a.as_str()) {
                    let reason = Reason::NoSuch { value: a.clone(), what: Named::Area };
                    return Err(SimError::refused(format!("{at}.areas"), reason));
                }
            }
            match lever {
                Lever::Outreach { start, end, .. }
                | Lever::Visits { start, end, .. }
                | Lever::Support { start, end, .. }
                | Lever::PartnerRequest { start, end, .. } => check_window(&at, *start, *end)?,
                Lever::FeeWaiver { start, end } => {
                    if let Some(end) = end {
                        check_window(&at, *start, *end)?;
                    }
                }
                Lever::Deadline { announce, date, .. } => {
                    if date < announce {
                        return Err(SimError::Invalid {
                            field: format!("{at}.date"),
                            reason: Reason::Before { date: *date, limit: *announce, after: "announce".into() },
                        });
                    }
                }
                Lever::Training { .. } | Lever::CentreAdoption { .. } => {}
            }
            lever.check_ranges(&at)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::regions;
    use serde_json::Value;

    fn defaults() -> LeverDefaults {
        let scn = regions::preset("okazaki").expect("okazaki");
        LeverDefaults::from_today(&scn)
    }

    /// A valid value of `field` other than `v` (what a planner might type instead).
    fn other(field: &LeverField, v: &FieldValue) -> FieldValue {
        match v {
            FieldValue::Date(d) => FieldValue::Date(d.add_days(-3)),
            FieldValue::OptDate(d) => FieldValue::OptDate(if d.is_some() { None } else { Date::parse("2026-12-31") }),
            FieldValue::Number(x) => {
                let (lo, hi) = field.range.expect("a number has a range");
                FieldValue::Number(if *x == hi { lo } else { (x + 0.5).min(hi) })
            }
            FieldValue::Whole(x) => FieldValue::Whole(if *x == 0 { 1 } else { x - 1 }),
            FieldValue::Flag(b) => FieldValue::Flag(!b),
            FieldValue::Areas(a) => FieldValue::Areas(if a.is_empty() { vec!["中央".into()] } else { vec![] }),
            FieldValue::Audience(a) => FieldValue::Audience(match a {
                Audience::Centres => Audience::Offices,
                Audience::Offices => Audience::Centres,
            }),
            FieldValue::Groups(g) => FieldValue::Groups(Groups { planning: !g.planning, ..g.clone() }),
            FieldValue::Text(t) => FieldValue::Text(format!("{t}x")),
        }
    }

    /// The JSON keys of a lever (a nested object's as `outer.inner` too), without the tag.
    fn keys(l: &Lever) -> Vec<String> {
        let json = serde_json::to_value(l).expect("a lever serialises");
        let mut keys: Vec<String> = json.as_object().expect("an object").keys().cloned().collect();
        keys.retain(|k| k != "lever");
        keys.sort();
        keys
    }

    #[test]
    fn every_field_of_every_kind_is_declared_and_nothing_else() {
        let d = defaults();
        for kind in LeverKind::ALL {
            let mut lever = d.lever(kind);
            assert_eq!(lever.lever_kind(), kind);
            // a field skipped at its default (`pledge: false`) shows once it is set otherwise
            for f in kind.fields() {
                let v = lever.get(f.name).expect("declared field reads");
                lever.set("l", f.name, other(f, &v)).unwrap_or_else(|e| panic!("{kind}.{}: {e}", f.name));
            }
            let mut declared: Vec<String> = kind.fields().iter().map(|f| f.name.to_string()).collect();
            declared.sort();
            assert_eq!(keys(&lever), declared, "{kind}: JSON keys vs declaration");
            assert_eq!(keys(&d.lever(kind)).iter().filter(|k| !declared.contains(k)).count(), 0, "{kind}");
            assert!(!kind.label().ja.is_empty() && !kind.label().en.is_empty());
        }
    }

    #[test]
    fn each_declared_field_round_trips_set_get_and_json() {
        let d = defaults();
        for kind in LeverKind::ALL {
            for f in kind.fields() {
                let mut lever = d.lever(kind);
                let before = lever.get(f.name).expect("declared field reads");
                assert_eq!(before.ty(), f.ty, "{kind}.{}: declared type", f.name);
                assert!(!f.label.ja.is_empty() && !f.label.en.is_empty(), "{kind}.{}", f.name);
                let v = other(f, &before);
                assert_ne!(v, before);
                let mut st = Strategy { name: String::new(), levers: vec![lever.clone()] };
                st.set(0, f.name, v.clone()).unwrap_or_else(|e| panic!("{kind}.{}: {e}", f.name));
                lever = st.levers[0].clone();
                assert_eq!(lever.get(f.name).as_ref(), Some(&v), "{kind}.{}", f.name);
                // only that field changed
                for g in kind.fields().iter().filter(|g| g.name != f.name) {
                    assert_eq!(lever.get(g.name), d.lever(kind).get(g.name), "{kind}: {} moved", g.name);
                }
                // and the file says it: the JSON of the lever has it under its name and reads back
                let json = serde_json::to_value(&lever).expect("serialises");
                let stored = json.get(f.name).cloned().unwrap_or(Value::Null);
                let expected = match &v {
                    FieldValue::Date(x) => serde_json::json!(x),
                    FieldValue::OptDate(x) => serde_json::json!(x),
                    FieldValue::Number(x) => serde_json::json!(x),
                    FieldValue::Whole(x) => serde_json::json!(x),
                    FieldValue::Flag(x) => serde_json::json!(x),
                    FieldValue::Areas(x) => serde_json::json!(x),
                    FieldValue::Audience(x) => serde_json::json!(x),
                    FieldValue::Groups(x) => serde_json::json!(x),
                    FieldValue::Text(x) => serde_json::json!(x),
                };
                assert_eq!(stored, expected, "{kind}.{}", f.name);
                let back: Lever = serde_json::from_value(json).expect("reads back");
                assert_eq!(back, lever);
            }
        }
    }

    #[test]
    fn a_setter_refuses_a_value_out_of_range_or_of_another_type_in_the_words_of_validate() {
        let d = defaults();
        let mut st = Strategy { name: String::new(), levers: vec![d.lever(LeverKind::Visits)] };
        let before = st.clone();
        let e = st.set(0, "per_month", FieldValue::Whole(2_000_000)).unwrap_err();
        assert_eq!(e, SimError::range("strategy.levers[0].per_month", 2e6, 0.0, 1e6));
        // a file with the same value is refused by validate in the same words
        let mut bad = before.clone();
        if let Lever::Visits { per_month, .. } = &mut bad.levers[0] {
            *per_month = 2_000_000;
        }
        assert_eq!(bad.validate(&[]).unwrap_err(), e);
        let e = st.set(0, "per_month", FieldValue::Number(3.0)).unwrap_err();
        assert_eq!(e.field(), Some("strategy.levers[0].per_month"));
        let e = st.set(0, "weight", FieldValue::Number(3.0)).unwrap_err();
        assert!(
            matches!(&e, SimError::Invalid { field, reason: Reason::Unknown { value, .. } }
                if field == "strategy.levers[0].weight" && value == "weight"),
            "{e:?}"
        );
        assert!(st.set(3, "per_month", FieldValue::Whole(1)).is_err());
        assert_eq!(st, before, "nothing changed");
        let mut dl = Strategy { name: String::new(), levers: vec![d.lever(LeverKind::Deadline)] };
        let e = dl.set(0, "weight", FieldValue::Number(f64::NAN)).unwrap_err();
        assert_eq!(e.field(), Some("strategy.levers[0].weight"));
        dl.set(0, "pledge", FieldValue::Flag(true)).expect("pledge is a declared flag");
        assert!(matches!(dl.levers[0], Lever::Deadline { pledge: true, .. }));
    }

    #[test]
    fn every_declared_range_is_refused_alike_by_the_setter_and_by_validate() {
        let d = defaults();
        let mut ranged = 0;
        for kind in LeverKind::ALL {
            for f in kind.fields() {
                let Some((_, hi)) = f.range else { continue };
                ranged += 1;
                let over = hi + 1.0;
                let value = match f.ty {
                    FieldType::Whole => FieldValue::Whole(over as u64),
                    _ => FieldValue::Number(over),
                };
                let mut st = Strategy { name: String::new(), levers: vec![d.lever(kind)] };
                let by_setter = st.set(0, f.name, value).unwrap_err();
                assert_eq!(by_setter, SimError::range(format!("strategy.levers[0].{}", f.name), over, 0.0, hi));
                // the same value read from a file
                let mut json = serde_json::to_value(&st.levers[0]).expect("serialises");
                json[f.name] = match f.ty {
                    FieldType::Whole => serde_json::json!(over as u64),
                    _ => serde_json::json!(over),
                };
                let from_file =
                    Strategy { name: String::new(), levers: vec![serde_json::from_value(json).expect("reads")] };
                assert_eq!(from_file.validate(&[]).unwrap_err(), by_setter, "{kind}.{}", f.name);
            }
        }
        assert_eq!(ranged, 6, "contacts, attendance, three per_month, weight");
    }

    #[test]
    fn every_default_lever_validates_against_its_scenario() {
        let scn = regions::preset("okazaki").expect("okazaki");
        let d = LeverDefaults::from_today(&scn);
        for kind in LeverKind::ALL {
            let mut s = scn.clone();
            s.strategy.levers.push(d.lever(kind));
            s.validate().unwrap_or_else(|e| panic!("{kind}: {e}"));
        }
    }
}
