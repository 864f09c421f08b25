//! Typed errors of the simulation core. Every message names the field (or the
//! row of a table) and what would have been accepted.

use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum SimError {
    /// The JSON did not parse or did not match the schema (serde's message, with line and column).
    Parse(String),
    /// A value is outside its allowed range: `field` is a path such as `params.q`.
    Invalid { field: String, message: String },
    /// A CSV table row could not be used.
    Table { table: String, row: usize, message: String },
    /// The population is too large for the requested run.
    TooLarge(String),
    /// The run was cancelled through the progress observer.
    Cancelled,
    /// A worker thread panicked: a bug in Renkei, not in the input.
    Internal(String),
}

impl SimError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> SimError {
        SimError::Invalid { field: field.into(), message: message.into() }
    }

    /// The field path the error is about, for showing the message next to it.
    pub fn field(&self) -> Option<&str> {
        match self {
            SimError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::Parse(m) => write!(f, "scenario is not valid JSON for Renkei: {m}"),
            SimError::Invalid { field, message } => write!(f, "{field}: {message}"),
            SimError::Table { table, row, message } => write!(f, "{table}, row {row}: {message}"),
            SimError::TooLarge(m) => write!(f, "too large: {m}"),
            SimError::Cancelled => write!(f, "cancelled"),
            SimError::Internal(m) => write!(f, "internal error (please report it with the scenario): {m}"),
        }
    }
}

impl std::error::Error for SimError {}
