//! The prefecture file (docs/prefecture.md): one municipality a row,
//! `municipality,offices,areas,adopted,date[,out_of_scope][,centre_kind]`, header required,
//! separated by commas, tabs or semicolons (as the network import). Every row is checked in
//! full and every problem is returned at once (`SimError::Rows`), each naming the file's line
//! and the column; a row whose cells read is then built by the municipality constructor
//! (`scenario::municipality`), whose refusal is reported against the column it names. Lines
//! starting with `#` are comments.

use crate::sim::date::Date;
use crate::sim::error::{CellProblem, Named, Reason, Requirement, SimError};
use crate::sim::scenario::municipality::{self, Figures};
use crate::sim::scenario::tables::{numbered_lines, open_quote, separator, split_csv_line};
use crate::sim::scenario::{CentreKind, Observation, Scenario, MAX_OFFICES};

/// The table's name in messages.
pub const TABLE: &str = "prefecture";
/// The columns every file has, in the order docs/prefecture.md gives them.
pub const REQUIRED: [&str; 5] = ["municipality", "offices", "areas", "adopted", "date"];
/// The columns a file may add.
pub const OPTIONAL: [&str; 2] = ["out_of_scope", "centre_kind"];
/// The most municipalities a file may list (Hokkaido, the largest prefecture, has 179).
pub const MAX_MUNICIPALITIES: usize = 500;
/// The most bytes of a prefecture file (500 rows of a few dozen characters fit many times).
pub const MAX_BYTES: usize = 1 << 20;

/// One municipality of the file: its line, its figures and its scenario (planned from its
/// latest figure, its own plan the national policy only).
#[derive(Clone, Debug, PartialEq)]
pub struct Town {
    pub line: usize,
    pub figures: Figures,
    pub scenario: Scenario,
}

/// The column of the file a constructor's field comes from (`on` is the file's `date`).
fn column_of(field: &str) -> &str {
    match field.split(['[', '.']).next().unwrap_or(field) {
        "name" => "municipality",
        "on" | "observed" => "date",
        "area" => "areas",
        other => other,
    }
}

/// A whole number of `column`, `min..=max`; an empty cell is refused as empty.
fn whole(cell: &str, min: u32, max: u32) -> Result<u32, Reason> {
    if cell.is_empty() {
        return Err(Reason::Needs(Requirement::NotEmpty));
    }
    match cell.parse::<u64>() {
        Ok(v) if (min as u64..=max as u64).contains(&v) => Ok(v as u32),
        Ok(v) => Err(Reason::Range { value: v as f64, min: min as f64, max: max as f64 }),
        Err(_) => match cell.parse::<f64>() {
            Ok(v) if v.is_finite() => Err(Reason::Range { value: v, min: min as f64, max: max as f64 }),
            _ => Err(Reason::NotNumber { text: cell.to_string() }),
        },
    }
}

/// `r`'s value, or its reason noted against `column` of `row`.
fn note<T>(problems: &mut Vec<CellProblem>, row: usize, column: &str, r: Result<T, Reason>) -> Option<T> {
    r.map_err(|reason| problems.push(CellProblem { row, column: column.to_string(), reason })).ok()
}

/// The header's problems: unknown and repeated columns, and required ones missing.
fn header_problems(header: &[String], line: usize) -> Vec<CellProblem> {
    let allowed: Vec<String> = REQUIRED.iter().chain(&OPTIONAL).map(|s| s.to_string()).collect();
    let mut problems = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let reason = if !allowed.contains(h) {
            Reason::Unknown { value: h.clone(), allowed: allowed.clone() }
        } else if header[..i].contains(h) {
            Reason::Duplicate { value: h.clone(), what: Named::Column }
        } else {
            continue;
        };
        problems.push(CellProblem { row: line, column: format!("column {}", i + 1), reason });
    }
    for r in REQUIRED.iter().filter(|r| !header.iter().any(|h| h == *r)) {
        problems.push(CellProblem {
            row: line,
            column: r.to_string(),
            reason: Reason::NoSuch { value: r.to_string(), what: Named::Column },
        });
    }
    problems
}

/// One row's figures, or its problems added to `problems`.
fn figures(cell: &dyn Fn(&str) -> String, line: usize, problems: &mut Vec<CellProblem>) -> Option<Figures> {
    let before = problems.len();
    let name = cell("municipality");
    if name.is_empty() {
        note::<()>(problems, line, "municipality", Err(Reason::Needs(Requirement::NotEmpty)));
    }
    let offices = note(problems, line, "offices", whole(&cell("offices"), 1, MAX_OFFICES));
    let areas = note(problems, line, "areas", whole(&cell("areas"), 1, crate::sim::scenario::MAX_AREAS as u32));
    // `A` of the municipality's offices, or `A/N`: A of N offices on that date (as --adopted).
    let adopted_cell = cell("adopted");
    let adopted = match adopted_cell.split_once('/') {
        Some((a, n)) => {
            let a = note(problems, line, "adopted", whole(a.trim(), 0, MAX_OFFICES));
            let n = note(problems, line, "adopted", whole(n.trim(), 1, MAX_OFFICES));
            a.zip(n).map(|(a, n)| (a, Some(n)))
        }
        None => note(problems, line, "adopted", whole(&adopted_cell, 0, MAX_OFFICES)).map(|a| (a, None)),
    };
    let date_cell = cell("date");
    let date = note(
        problems,
        line,
        "date",
        match date_cell.as_str() {
            "" => Err(Reason::Needs(Requirement::NotEmpty)),
            d => Date::parse(d).ok_or_else(|| Reason::NotDate { text: d.to_string() }),
        },
    );
    let out_of_scope = match cell("out_of_scope").as_str() {
        "" => Some(None),
        c => note(problems, line, "out_of_scope", whole(c, 0, MAX_OFFICES)).map(Some),
    };
    let kind = match cell("centre_kind").to_lowercase().as_str() {
        "" => Ok(None),
        "commissioned" | "委託" => Ok(Some(CentreKind::Commissioned)),
        "direct" | "直営" => Ok(Some(CentreKind::Direct)),
        other => Err(Reason::Unknown {
            value: other.to_string(),
            allowed: ["commissioned", "direct", "委託", "直営"].map(String::from).to_vec(),
        }),
    };
    let centre_kind = note(problems, line, "centre_kind", kind);
    if problems.len() > before {
        return None;
    }
    let (offices, areas, (adopted, of), on) = (offices?, areas?, adopted?, date?);
    let mut f = Figures::new(&name, offices, municipality::numbered("圏域", areas), adopted, on);
    f.latest = Observation { date: on, adopters: adopted, offices: of.unwrap_or(offices) };
    f.out_of_scope = out_of_scope?;
    f.centre_kind = centre_kind?;
    Some(f)
}

/// Reads a prefecture file into its municipalities, each built by the constructor. Every
/// problem is listed (`SimError::Rows`); a file too large, or with a line whose quotes do not
/// close, is refused as a whole.
pub fn read(text: &str) -> Result<Vec<Town>, SimError> {
    if text.len() > MAX_BYTES {
        return Err(SimError::TooLarge(format!(
            "the prefecture file has {} bytes; at most {MAX_BYTES} (up to {MAX_MUNICIPALITIES} municipalities)",
            text.len()
        )));
    }
    let rows_error = |problems| SimError::Rows { table: TABLE.into(), problems };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Blank lines and comment lines (`#` first, as the manifest line of renkei's own CSV) are skipped.
    let mut lines = numbered_lines(text).filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let Some((header_line, header)) = lines.next() else {
        return Err(rows_error(header_problems(&[], 1)));
    };
    open_quote(TABLE, header_line, header)?;
    let sep = separator(header);
    let header: Vec<String> = split_csv_line(header, sep).into_iter().map(|h| h.to_ascii_lowercase()).collect();
    let mut problems = header_problems(&header, header_line);
    if !problems.is_empty() {
        return Err(rows_error(problems));
    }
    let rows: Vec<(usize, &str)> = lines.collect();
    if rows.len() > MAX_MUNICIPALITIES {
        return Err(SimError::TooLarge(format!(
            "the prefecture file lists {} municipalities; at most {MAX_MUNICIPALITIES}",
            rows.len()
        )));
    }
    if rows.is_empty() {
        let reason = Reason::Needs(Requirement::NotEmpty);
        problems.push(CellProblem { row: header_line + 1, column: "municipality".into(), reason });
    }
    let mut towns: Vec<Town> = Vec::with_capacity(rows.len());
    let mut names: Vec<String> = Vec::new();
    for (line, text) in rows {
        open_quote(TABLE, line, text)?;
        let cells = split_csv_line(text, sep);
        let cell =
            |name: &str| header.iter().position(|h| h == name).and_then(|c| cells.get(c)).cloned().unwrap_or_default();
        let name = cell("municipality");
        if !name.is_empty() && names.contains(&name) {
            let reason = Reason::Duplicate { value: name.clone(), what: Named::Municipality };
            problems.push(CellProblem { row: line, column: "municipality".into(), reason });
        }
        names.push(name);
        let Some(f) = figures(&cell, line, &mut problems) else { continue };
        match municipality::municipality(&f) {
            Ok(scenario) => towns.push(Town { line, figures: f, scenario }),
            Err(SimError::Invalid { field, reason }) => {
                problems.push(CellProblem { row: line, column: column_of(&field).into(), reason })
            }
            Err(e) => problems.push(CellProblem {
                row: line,
                column: "municipality".into(),
                reason: Reason::Text(e.to_string()),
            }),
        }
    }
    if problems.is_empty() {
        Ok(towns)
    } else {
        Err(rows_error(problems))
    }
}
