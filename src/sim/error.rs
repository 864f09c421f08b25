//! Typed errors of the simulation core. Every message names the field (or the
//! row of a table) and what would have been accepted. The reasons a user can cause are
//! structured ([`Reason`], [`RowProblem`]) so the page can say them in its own language;
//! `Display` is the English the CLI prints.

use crate::sim::date::Date;
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum SimError {
    /// The JSON did not parse or did not match the schema (serde's message, with line and column).
    Parse(String),
    /// A value is not allowed: `field` is a path such as `params.q`.
    Invalid { field: String, reason: Reason },
    /// A row of an imported table could not be used (messages of the model's own table reader).
    Table { table: String, row: usize, message: String },
    /// A row of the office or edge table (`scenario::tables`) could not be used.
    Row { table: String, row: usize, problem: RowProblem },
    /// The population is too large for the requested run.
    TooLarge(String),
    /// replications × offices × weeks is over the bound of one run.
    Work { work: f64, max: f64 },
    /// The run was cancelled through the progress observer.
    Cancelled,
    /// A worker thread panicked: a bug in Renkei, not in the input.
    Internal(String),
}

/// Why a field's value was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// Outside `min..=max` (or not finite).
    Range { value: f64, min: f64, max: f64 },
    /// The text is not a number.
    NotNumber { text: String },
    /// The text is not a date YYYY-MM-DD.
    NotDate { text: String },
    /// Not one of the allowed values.
    Unknown { value: String, allowed: Vec<String> },
    /// A date before the date it must follow (`after` names that date: `start`, `announce`).
    Before { date: Date, limit: Date, after: &'static str },
    /// A date that must come after another (`after` names it: `start`).
    NotAfter { date: Date, limit: Date, after: &'static str },
    /// A message not (yet) structured: English only.
    Text(String),
}

/// Why a row of the office or edge table could not be used.
#[derive(Clone, Debug, PartialEq)]
pub enum RowProblem {
    /// The office table has no line at all.
    EmptyTable,
    /// The header lacks id, area or role; `found` is the header read.
    Header { found: String },
    /// A header and no office rows.
    NoRows,
    /// A required cell (`id`, `area` of a home office) is empty.
    EmptyCell { column: &'static str },
    /// A cell holds a value its column does not allow.
    BadCell { column: &'static str, value: String, allowed: &'static [&'static str] },
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
            Reason::NotNumber { text } => write!(f, "`{text}` is not a number"),
            Reason::NotDate { text } => write!(f, "`{text}` is not a date YYYY-MM-DD"),
            Reason::Unknown { value, allowed } => {
                write!(f, "`{value}` is not allowed; allowed: {}", allowed.join(", "))
            }
            Reason::Before { date, limit, after: "start" } => write!(f, "{date} is before start {limit}"),
            Reason::Before { date, limit, after: "announce" } => write!(f, "{date} is before the announcement {limit}"),
            Reason::Before { date, limit, after } => write!(f, "{date} is before {after} {limit}"),
            Reason::NotAfter { date, limit, after } => write!(f, "{date} must be after the scenario's {after} {limit}"),
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
                "header must name the columns id, area and role (separated by commas, tabs or semicolons); found `{found}`"
            ),
            RowProblem::NoRows => f.write_str("no office rows after the header"),
            RowProblem::EmptyCell { column: "area" } => {
                f.write_str("column area is empty (required for offices of the municipality)")
            }
            RowProblem::EmptyCell { column } => write!(f, "column {column} is empty"),
            RowProblem::BadCell { column, value, allowed } => {
                write!(f, "column {column} is `{value}`; expected {}", one_of(allowed, " or "))
            }
            RowProblem::Disagree { adopted, survey } => {
                write!(f, "column adopted is `{adopted}` but column survey is {survey}; they must agree")
            }
            RowProblem::DuplicateId { id } => write!(f, "id `{id}` appears twice"),
            RowProblem::TooFewCells => f.write_str("expected two office ids separated by a comma (or a tab)"),
            RowProblem::UnknownOffice { id, first } => {
                let hint = if *first { " (a header row names its columns, e.g. from,to)" } else { "" };
                write!(f, "office `{id}` is not in the office table{hint}")
            }
            RowProblem::SelfLink { id } => write!(f, "office `{id}` is linked to itself"),
            RowProblem::OutOfScopeLink { id } => {
                write!(f, "office `{id}` is marked out_of_scope (no care-plan exchange) and cannot have links")
            }
            RowProblem::AllExternal => {
                f.write_str("every office is external; at least one office must belong to the municipality")
            }
            RowProblem::SecondCentre { area } => write!(f, "area `{area}` already has a centre; one centre per area"),
        }
    }
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
