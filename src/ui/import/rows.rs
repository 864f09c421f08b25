//! Every row error of an imported network, not only the first: the core's parser stops at
//! the first bad row, so the page blanks that row (blank lines keep the other rows' numbers)
//! and asks again, up to [`MAX_TRIES`] times.

use renkei::sim::error::{RowProblem, SimError};
use renkei::sim::scenario::tables::parse_tables;

/// Row errors listed one by one; the rest are counted.
pub const SHOWN: usize = 10;
/// Parses at most this many times (each parse reads both tables).
pub const MAX_TRIES: usize = 200;

/// One bad row: the table (`offices` or `edges`), its line number and what is wrong with it
/// (said in the page's language by `i18n::errors::row_problem`).
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub table: String,
    pub row: usize,
    pub problem: RowProblem,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowErrors {
    /// The first [`SHOWN`] errors, in the order found.
    pub shown: Vec<RowError>,
    /// Errors found beyond those shown.
    pub more: usize,
    /// The search stopped at [`MAX_TRIES`]: there may be more still.
    pub capped: bool,
}

/// `text` with line `row` (1-based, as the core counts) made blank; `None` if there is no such line.
fn blank(text: &str, row: usize) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut found = false;
    for (k, line) in text.split_inclusive('\n').enumerate() {
        if k + 1 == row {
            found = true;
            out.push_str(if line.ends_with("\r\n") {
                "\r\n"
            } else if line.ends_with('\n') {
                "\n"
            } else {
                ""
            });
        } else {
            out.push_str(line);
        }
    }
    found.then_some(out)
}

/// Every row error of the two tables (header errors end the search: no row can be read).
pub fn row_errors(offices: &str, edges: &str) -> RowErrors {
    let (mut offices, mut edges) = (offices.to_string(), edges.to_string());
    let mut out = RowErrors::default();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..MAX_TRIES {
        let Err(SimError::Row { table, row, problem }) = parse_tables(&offices, &edges) else { return out };
        // A row already blanked blamed again: a consequence of the blanking (no rows left).
        if !seen.insert((table.clone(), row)) {
            return out;
        }
        let next = match table.as_str() {
            "offices" => blank(&offices, row).map(|t| offices = t),
            _ => blank(&edges, row).map(|t| edges = t),
        };
        let header = matches!(problem, RowProblem::Header { .. } | RowProblem::EmptyTable);
        if out.shown.len() < SHOWN {
            out.shown.push(RowError { table, row, problem });
        } else {
            out.more += 1;
        }
        if next.is_none() || header {
            return out;
        }
    }
    out.capped = true;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_row_is_found_with_its_line_number() {
        let mut offices = String::from("id,area,role\n");
        for i in 0..30 {
            let role = if i % 2 == 0 { "cm" } else { "wizard" };
            offices.push_str(&format!("o{i},A,{role}\n"));
        }
        let edges = "a,b\no0,o2\no0,nobody\n";
        let e = row_errors(&offices, edges);
        assert_eq!(e.shown.len(), SHOWN);
        assert_eq!(e.shown[0].row, 3, "line 3 is o1, the first wizard");
        assert_eq!(e.shown[1].row, 5);
        assert!(e.shown.iter().all(|r| r.table == "offices" && r.problem.to_string().contains("wizard")));
        // 15 wizards, then the edge naming an unknown office
        assert_eq!(e.shown.len() + e.more, 16);
        assert!(!e.capped);
    }

    #[test]
    fn good_tables_have_no_row_errors_and_crlf_lines_keep_their_numbers() {
        assert_eq!(row_errors("id,area,role\r\no1,A,cm\r\no2,A,provider\r\n", "o1,o2\r\n"), RowErrors::default());
        let e = row_errors("id,area,role\r\no1,A,x\r\no2,A,y\r\n", "o1,o2\r\n");
        assert_eq!(e.shown.iter().map(|r| r.row).collect::<Vec<_>>(), vec![2, 3]);
    }
}
