//! Typed errors of the simulation core. Every message names the field (or the
//! row of a table) and what would have been accepted. The reasons a user can cause are
//! structured ([`Reason`], [`RowProblem`]) so the page can say them in its own language;
//! `Display` is the English the CLI prints.

use crate::sim::date::Date;
use crate::sim::scenario::forward::WHAT_IF_SYNTAX;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// Serde: the page's workers send it to the page, which says it in its own language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SimError {
    /// The JSON did not parse or did not match the schema (serde's message, with line and column).
    Parse(String),
    /// A value is not allowed: `field` is a path such as `params.q`.
    Invalid { field: String, reason: Reason },
    /// A row of an imported table could not be used (messages of the model's own table reader).
    Table { table: String, row: usize, message: String },
    /// A row of the office or edge table (`scenario::tables`) could not be used.
    Row { table: String, row: usize, problem: RowProblem },
    /// Every problem of a table whose rows are each checked in full (the prefecture file,
    /// `experiment::prefecture`), in file order.
    Rows { table: String, problems: Vec<CellProblem> },
    /// The population is too large for the requested run.
    TooLarge(String),
    /// replications × offices × weeks is over the bound of one run.
    Work {
        #[serde(with = "any_f64")]
        work: f64,
        #[serde(with = "any_f64")]
        max: f64,
    },
    /// The run was cancelled through the progress observer.
    Cancelled,
    /// A worker thread panicked: a bug in Renkei, not in the input.
    Internal(String),
}

/// Why a field's value was refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reason {
    /// Outside `min..=max` (or not finite).
    Range {
        #[serde(with = "any_f64")]
        value: f64,
        #[serde(with = "any_f64")]
        min: f64,
        #[serde(with = "any_f64")]
        max: f64,
    },
    /// The text is not a number.
    NotNumber { text: String },
    /// The text is not a date YYYY-MM-DD.
    NotDate { text: String },
    /// Not one of the allowed values.
    Unknown { value: String, allowed: Vec<String> },
    /// A date before the date it must follow (`after` names that date: `start`, `announce`).
    Before { date: Date, limit: Date, after: Cow<'static, str> },
    /// A date that must come after another (`after` names it: `start`).
    NotAfter { date: Date, limit: Date, after: Cow<'static, str> },
    /// A fixed rule of the scenario the value breaks (no numbers to show).
    Needs(Requirement),
    /// More than the count it is bounded by.
    TooMany { value: u64, of: Bound },
    /// Disagrees with a count given elsewhere (`other`, as [`Tally`] says where).
    Disagree { value: u64, other: u64, tally: Tally },
    /// A name given twice.
    Duplicate { value: String, what: Named },
    /// A name that names nothing in the scenario.
    NoSuch { value: String, what: Named },
    /// An observation with more adopters than offices, or no offices.
    Adopters { adopters: u32, offices: u32 },
    /// A date outside `start` (exclusive, by at least 4 days) ..= `end`.
    Outside { date: Date, start: Date, end: Date },
    /// A conditioning date with no observation; `observed` are the dates there are.
    NotObserved { date: Date, observed: Vec<Date> },
    /// A plan's lever dated before `first`, the first day after the conditioning date.
    BeforeCondition { date: Date, first: Date, condition: Date },
    /// A what-if `text` that could not be read.
    WhatIf { text: String, problem: WhatIfProblem },
    /// A what-if that moves the free pass of a plan that has none.
    NoFreePass { date: Date, strategy: String },
    /// A municipality's figure dated outside `first..=last`, the model's calendar.
    FigureDate { date: Date, first: Date, last: Date },
    /// A date before the run's first reporting date.
    BeforeFirstReport { date: Date },
    /// A range `lo,hi` with `lo > hi` (or not finite).
    NotOrdered {
        #[serde(with = "any_f64")]
        lo: f64,
        #[serde(with = "any_f64")]
        hi: f64,
    },
    /// Must be a number above 0.
    NotPositive {
        #[serde(with = "any_f64")]
        value: f64,
    },
    /// A message not (yet) structured: English only, which the Japanese page shows behind
    /// "入力が正しくありません". Kept for what a page user cannot cause (calibration ledgers,
    /// sweeps, run comparison, serde's own messages); a check the page can reach gets a variant
    /// above, with its Japanese in `ui/shared/i18n/errors.rs`.
    Text(String),
}

/// One cell (or the header) of a table read in full: the file's line, the column and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellProblem {
    pub row: usize,
    pub column: String,
    pub reason: Reason,
}

impl fmt::Display for CellProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}, {}: {}", self.row, self.column, self.reason)
    }
}

/// Fixed rules (`Reason::Needs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Requirement {
    /// `population.areas` is empty.
    AnArea,
    /// An empty name.
    NotEmpty,
    /// An area of no offices: it has at least its centre.
    TheCentre,
    /// Survey counts beside a table network (the table's `survey` column says it).
    NoSurveyWithTable,
    /// `initial_centres_adopted` beside survey counts.
    NoCentresWithSurvey,
    /// `initial_centres_adopted` beside a table network.
    NoCentresWithTable,
    /// `setup_rate` null while the survey lists planning offices.
    SetupRate,
    /// Sizing the training attendance of a plan without a training of offices.
    ATraining,
    /// An earlier figure given as a date alone (it needs its count: `DATE:A[/N]`).
    DateAndCount,
}

/// What a count is bounded by (`Reason::TooMany`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Bound {
    /// The municipality's offices.
    HomeOffices { home: u64 },
    /// The municipality's offices less one centre per area.
    HomeLessCentres { home: u64, areas: u64 },
    /// The external offices.
    External { external: u64 },
    /// Both the number of centres and of initial adopters.
    CentresAndAdopters { centres: u64, adopters: u64 },
}

/// Where the other count of `Reason::Disagree` comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Tally {
    /// An area's survey counts (`value`: their sum, `other`: the area's offices).
    SurveyArea { area: String },
    /// The survey's adopted offices.
    SurveyAdopted,
    /// The office table's home offices in one area.
    TableArea { area: String },
    /// The office table's home offices, all areas.
    TableHome,
    /// The office table (another count of it).
    Table,
    /// The offices given per area (`value`: their sum, `other`: the municipality's offices).
    Areas,
}

/// What a name names (`Reason::Duplicate`, `Reason::NoSuch`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Named {
    /// An area's own name (compared without surrounding spaces).
    AreaName,
    /// An area of the scenario.
    Area,
    /// An area that has no survey counts.
    SurveyCounts,
    /// A model parameter.
    Parameter,
    /// The date of a municipality's figure.
    FigureDate,
    /// A column of a table's header.
    Column,
    /// A municipality of a prefecture file.
    Municipality,
}

/// Why a what-if text could not be read (`Reason::WhatIf`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WhatIfProblem {
    NoEquals,
    NotDate { text: String },
    TrainingParts,
    Audience { value: String },
    Attendance { value: String },
    NoArea,
    UnknownKind { value: String },
    Deadlines { value: String },
}

/// Why a row of the office or edge table could not be used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RowProblem {
    /// The office table has no line at all.
    EmptyTable,
    /// The header lacks id, area or role; `found` is the header read.
    Header { found: String },
    /// A header and no office rows.
    NoRows,
    /// A required cell (`id`, `area` of a home office) is empty.
    EmptyCell { column: Box<str> },
    /// A cell holds a value its column does not allow.
    BadCell { column: Box<str>, value: String, allowed: Box<[String]> },
    /// The adopted and survey columns disagree.
    Disagree { adopted: String, survey: String },
    /// The id was used by an earlier row.
    DuplicateId { id: String },
    /// An edge row with fewer than two cells.
    TooFewCells,
    /// An edge names an office the office table does not have (`first`: the first edge row,
    /// where a header row would be).
    UnknownOffice { id: String, first: bool },
    /// An edge from an office to itself.
    SelfLink { id: String },
    /// An edge of an office marked out of scope.
    OutOfScopeLink { id: String },
    /// Every office is external.
    AllExternal,
    /// A second centre in one area.
    SecondCentre { area: String },
}

impl SimError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> SimError {
        SimError::Invalid { field: field.into(), reason: Reason::Text(message.into()) }
    }

    /// `field` refused for `reason`.
    pub fn refused(field: impl Into<String>, reason: Reason) -> SimError {
        SimError::Invalid { field: field.into(), reason }
    }

    /// `field` is outside `min..=max`.
    pub fn range(field: impl Into<String>, value: f64, min: f64, max: f64) -> SimError {
        SimError::Invalid { field: field.into(), reason: Reason::Range { value, min, max } }
    }

    /// `field` is not one of `allowed`.
    pub fn unknown(field: impl Into<String>, value: impl Into<String>, allowed: &[&str]) -> SimError {
        SimError::Invalid {
            field: field.into(),
            reason: Reason::Unknown { value: value.into(), allowed: allowed.iter().map(|s| s.to_string()).collect() },
        }
    }

    /// The field path the error is about, for showing the message next to it.
    pub fn field(&self) -> Option<&str> {
        match self {
            SimError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Range { value, min, max } => write!(f, "{value} is out of range: allowed {min} to {max}"),
            Reason::NotNumber { text } => write!(f, "`{}` is not a number", echo(text)),
            Reason::NotDate { text } => write!(f, "`{}` is not a date YYYY-MM-DD", echo(text)),
            Reason::Unknown { value, allowed } => {
                write!(f, "`{}` is not allowed; allowed: {}", echo(value), allowed.join(", "))
            }
            Reason::Before { date, limit, after } if after == "start" => write!(f, "{date} is before start {limit}"),
            Reason::Before { date, limit, after } if after == "announce" => {
                write!(f, "{date} is before the announcement {limit}")
            }
            Reason::Before { date, limit, after } => write!(f, "{date} is before {after} {limit}"),
            Reason::NotAfter { date, limit, after } => write!(f, "{date} must be after the scenario's {after} {limit}"),
            Reason::Needs(r) => f.write_str(match r {
                Requirement::AnArea => "at least one area is needed",
                Requirement::NotEmpty => "must not be empty",
                Requirement::TheCentre => "must be at least 1 (the centre itself)",
                Requirement::NoSurveyWithTable => {
                    "must be absent with a table network: give the office table a `survey` column instead"
                }
                Requirement::NoCentresWithSurvey => {
                    "must be null with survey counts: the counts say how many offices of each area use it"
                }
                Requirement::NoCentresWithTable => {
                    "must be null with a table network: the table's adopted column says which centres use it"
                }
                Requirement::SetupRate => {
                    "must not be null when the survey lists offices as planning (to adopt): they start setting up"
                }
                Requirement::ATraining => {
                    "training.attendance: the plan has no training of offices; add one \
                     (e.g. --what-if training=2026-06-15:offices:100) to size it"
                }
                Requirement::DateAndCount => {
                    "needs a date and the adopters on it, DATE:A or DATE:A/N (e.g. 2025-08-31:10/118)"
                }
            }),
            Reason::TooMany { value, of } => match of {
                Bound::HomeOffices { home } => write!(f, "{value} is more than the {home} home offices"),
                Bound::HomeLessCentres { home, areas } => {
                    write!(f, "{value} is more than the {home} home offices less one centre per area ({areas})")
                }
                Bound::External { external } => write!(f, "{value} is more than the {external} external offices"),
                Bound::CentresAndAdopters { centres, adopters } => write!(
                    f,
                    "{value} must be at most the number of centres ({centres}) and of initial adopters ({adopters})"
                ),
            },
            Reason::Disagree { value, other, tally } => match tally {
                Tally::SurveyArea { area } => write!(
                    f,
                    "not_adopted + planning + adopted = {value}, but area `{area}` has {other} offices; they must agree"
                ),
                Tally::SurveyAdopted => {
                    write!(f, "{value} but the survey counts {other} adopted offices; they must agree")
                }
                Tally::TableArea { area } => {
                    write!(f, "{value} but the office table has {other} home offices in area `{area}`; they must agree")
                }
                Tally::TableHome => write!(
                    f,
                    "{value} home offices but the office table has {other}; every area of the table must be listed"
                ),
                Tally::Table => {
                    write!(f, "{value} but the office table has {other}; with a table network they must agree")
                }
                Tally::Areas => write!(
                    f,
                    "the areas' offices add up to {value} but the municipality has {other}; they must agree \
                     (areas given without a count share the rest, at least one office each)"
                ),
            },
            Reason::Duplicate { value, what: Named::AreaName } => write!(
                f,
                "`{}` is used twice (names are compared without surrounding spaces); area names must be unique",
                echo(value)
            ),
            Reason::Duplicate { value, what: Named::FigureDate } => {
                write!(f, "two figures are dated {value}; give one figure per date")
            }
            Reason::Duplicate { value, .. } => write!(f, "`{}` is listed twice", echo(value)),
            Reason::NoSuch { value, what } => match what {
                Named::AreaName | Named::Area => write!(f, "no area named `{}`", echo(value)),
                Named::SurveyCounts => write!(f, "area `{}` has no counts; list every area", echo(value)),
                Named::Parameter => write!(f, "`{}` is not a parameter", echo(value)),
                Named::FigureDate => write!(f, "no figure dated `{}`", echo(value)),
                Named::Column => write!(f, "the header has no column `{}`, which is required", echo(value)),
                Named::Municipality => write!(f, "no municipality named `{}`", echo(value)),
            },
            Reason::Adopters { adopters, offices } => {
                write!(f, "{adopters} adopters of {offices} offices: need 0 ≤ adopters ≤ offices and offices ≥ 1")
            }
            Reason::Outside { date, start, end } => {
                write!(f, "{date} must lie after start {start} (by at least 4 days) and not after end {end}")
            }
            Reason::NotObserved { date, observed } => {
                let dates: Vec<String> = observed.iter().map(|d| d.to_string()).collect();
                let dates = if dates.is_empty() { "none".to_string() } else { dates.join(", ") };
                write!(f, "{date} has no entry in `observed` to condition on (observed dates: {dates})")
            }
            Reason::BeforeCondition { date, first, condition } => write!(
                f,
                "{date} is before {first}, the first day after the conditioning date {condition}: a plan from \
                 today acts from then on (for another past, remove `condition`: the counterfactual view)"
            ),
            Reason::WhatIf { text, problem } => {
                let m = match problem {
                    WhatIfProblem::NoEquals => "no `=`".to_string(),
                    WhatIfProblem::NotDate { text } => format!("`{text}` is not a date YYYY-MM-DD"),
                    WhatIfProblem::TrainingParts => "a training needs DATE:AUDIENCE:ATTENDANCE".to_string(),
                    WhatIfProblem::Audience { value } => format!("audience `{value}` must be centres or offices"),
                    WhatIfProblem::Attendance { value } => {
                        format!("attendance `{value}` must be a whole number from 0 to 1000000")
                    }
                    WhatIfProblem::NoArea => "name at least one area".to_string(),
                    WhatIfProblem::UnknownKind { value } => format!("unknown what-if `{value}`"),
                    WhatIfProblem::Deadlines { value } => {
                        format!("deadlines `{value}` must be none, assumed or strong")
                    }
                };
                write!(f, "`{}`: {m}; expected {WHAT_IF_SYNTAX}", echo(text))
            }
            Reason::NoFreePass { date, strategy } => write!(
                f,
                "free_pass_end={date}: strategy `{strategy}` has no fee waiver with an end (the free pass) to move"
            ),
            Reason::BeforeFirstReport { date } => write!(f, "{date} is before the run's first reporting date"),
            Reason::FigureDate { date, first, last } => write!(
                f,
                "{date} is outside the model's calendar: a figure must be dated from {first} (the national \
                 series' first figure) to {last} (before the horizon)"
            ),
            Reason::NotOrdered { lo, hi } => write!(f, "{lo},{hi}: need two numbers A ≤ B"),
            Reason::NotPositive { value } => write!(f, "{value}: must be above 0"),
            Reason::Text(m) => f.write_str(m),
        }
    }
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowProblem::EmptyTable => f.write_str("the table is empty; expected a header row id,area,role"),
            RowProblem::Header { found } => write!(
                f,
                "header must name the columns id, area and role (separated by commas, tabs or semicolons); found `{}`",
                echo(found)
            ),
            RowProblem::NoRows => f.write_str("no office rows after the header"),
            RowProblem::EmptyCell { column } if &**column == "area" => {
                f.write_str("column area is empty (required for offices of the municipality)")
            }
            RowProblem::EmptyCell { column } => write!(f, "column {column} is empty"),
            RowProblem::BadCell { column, value, allowed } => {
                write!(f, "column {column} is `{}`; expected {}", echo(value), one_of(allowed, " or "))
            }
            RowProblem::Disagree { adopted, survey } => {
                write!(f, "column adopted is `{}` but column survey is {survey}; they must agree", echo(adopted))
            }
            RowProblem::DuplicateId { id } => write!(f, "id `{}` appears twice", echo(id)),
            RowProblem::TooFewCells => f.write_str("expected two office ids separated by a comma (or a tab)"),
            RowProblem::UnknownOffice { id, first } => {
                let hint = if *first { " (a header row names its columns, e.g. from,to)" } else { "" };
                write!(f, "office `{}` is not in the office table{hint}", echo(id))
            }
            RowProblem::SelfLink { id } => write!(f, "office `{}` is linked to itself", echo(id)),
            RowProblem::OutOfScopeLink { id } => {
                write!(f, "office `{}` is marked out_of_scope (no care-plan exchange) and cannot have links", echo(id))
            }
            RowProblem::AllExternal => {
                f.write_str("every office is external; at least one office must belong to the municipality")
            }
            RowProblem::SecondCentre { area } => write!(f, "area `{area}` already has a centre; one centre per area"),
        }
    }
}

/// The most characters of a value from the input that a message echoes.
pub const ECHO_CHARS: usize = 60;

/// `text` cut to its first `max` characters (`…` marks the cut): a message echoes a short
/// prefix of what the user gave, never a whole 50 MB cell.
pub fn short(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((i, _)) => format!("{}…", &text[..i]),
    }
}

/// [`short`] at [`ECHO_CHARS`].
fn echo(text: &str) -> String {
    short(text, ECHO_CHARS)
}

/// `a, b or c` (`or`: the last separator).
pub fn one_of(items: &[impl AsRef<str>], or: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            format!("{}{or}{}", init.iter().map(|s| s.as_ref()).collect::<Vec<_>>().join(", "), last.as_ref())
        }
    }
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::Parse(m) => write!(f, "scenario is not valid JSON for Renkei: {m}"),
            SimError::Invalid { field, reason } => write!(f, "{field}: {reason}"),
            SimError::Table { table, row, message } => write!(f, "{table}, row {row}: {message}"),
            SimError::Row { table, row, problem } => write!(f, "{table}, row {row}: {problem}"),
            SimError::Rows { table, problems } => {
                write!(f, "{table}: {} problem{}", problems.len(), if problems.len() == 1 { "" } else { "s" })?;
                for p in problems {
                    write!(f, "\n  {p}")?;
                }
                Ok(())
            }
            SimError::TooLarge(m) => write!(f, "too large: {m}"),
            SimError::Work { work, max } => write!(
                f,
                "too large: replications × offices × weeks = {work:.2e}; at most {max:.0e}: lower replications or shorten the horizon"
            ),
            SimError::Cancelled => write!(f, "cancelled"),
            SimError::Internal(m) => write!(f, "internal error (please report it with the scenario): {m}"),
        }
    }
}

impl std::error::Error for SimError {}

/// A number in an error, through serde: JSON has no NaN or infinity (serde_json writes
/// `null`), and an error about a value that is not finite must still cross to the page, so
/// those are written as text (`"NaN"`, `"inf"`, `"-inf"`), finite values as numbers.
mod any_f64 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            s.serialize_f64(*v)
        } else {
            s.serialize_str(&v.to_string())
        }
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Number(f64),
        Text(String),
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        match Either::deserialize(d)? {
            Either::Number(v) => Ok(v),
            Either::Text(t) => t.parse().map_err(|_| serde::de::Error::custom(format!("`{t}` is not a number"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's workers send errors as JSON: what arrives says the same, to the byte,
    /// a value that is not finite included.
    #[test]
    fn an_error_crosses_json_and_says_the_same() {
        let d = Date::from_ymd(2026, 4, 1).unwrap_or(Date::UNIX_EPOCH);
        let errors = [
            SimError::range("params.q", f64::NAN, 0.0, f64::INFINITY),
            SimError::refused("end", Reason::Before { date: d, limit: d, after: "start".into() }),
            SimError::Row {
                table: "offices".into(),
                row: 3,
                problem: RowProblem::BadCell {
                    column: "role".into(),
                    value: "x".into(),
                    allowed: ["cm".into()].into(),
                },
            },
            SimError::Rows {
                table: "prefecture".into(),
                problems: vec![CellProblem {
                    row: 2,
                    column: "offices".into(),
                    reason: Reason::NotPositive { value: -0.0 },
                }],
            },
            SimError::Work { work: 1e12, max: f64::NEG_INFINITY },
        ];
        for e in errors {
            let text = serde_json::to_string(&e).unwrap_or_default();
            let back: SimError = serde_json::from_str(&text).unwrap_or(SimError::Cancelled);
            assert_eq!(back.to_string(), e.to_string(), "{text}");
        }
    }
}
