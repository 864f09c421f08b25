//! A network imported from the planner's own tables (offices, partner links): their header
//! read as the table parser reads it, other column names mapped to the required ones, and
//! the scenario built with what it holds (shown before it is run).

use crate::sim::error::SimError;
use crate::sim::scenario::{tables, Scenario};

/// The columns the office table must have.
pub const REQUIRED_COLUMNS: [&str; 3] = ["id", "area", "role"];

/// The header cells of a CSV text (BOM and quotes removed), read as the core reads them:
/// the first line that is not blank, whatever its line ending (LF, CRLF or CR alone),
/// comma-, tab- or semicolon-separated.
pub fn csv_headers(text: &str) -> Vec<String> {
    let text = text.trim_start_matches('\u{feff}');
    tables::header_row(text).map(|h| h.cells).unwrap_or_default()
}

/// Required columns absent from `headers`.
pub fn missing_columns(headers: &[String]) -> Vec<&'static str> {
    REQUIRED_COLUMNS.iter().copied().filter(|c| !headers.iter().any(|h| h.eq_ignore_ascii_case(c))).collect()
}

/// Rewrites the header row: the column chosen for each required name gets that
/// name (`mapping`: required name → header cell). A cell already carrying a
/// required name that is mapped elsewhere is renamed `<name>_original`. The rest of
/// the text, its separator and its line endings are kept.
pub fn remap_header(text: &str, mapping: &[(String, String)]) -> String {
    let text = text.trim_start_matches('\u{feff}');
    let Some(head) = tables::header_row(text) else { return text.to_string() };
    let mut cells = head.cells;
    for (name, chosen) in mapping {
        if chosen == name {
            continue;
        }
        for c in cells.iter_mut() {
            if c == name {
                *c = format!("{name}_original");
            }
        }
    }
    let renamed: Vec<String> = cells
        .iter()
        .map(|c| mapping.iter().find(|(_, chosen)| chosen == c).map(|(n, _)| n.clone()).unwrap_or_else(|| c.clone()))
        .map(|c| if c.contains([head.sep, '"']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c })
        .collect();
    format!("{}{}{}", &text[..head.span.start], renamed.join(&head.sep.to_string()), &text[head.span.end..])
}

/// What an imported network holds (shown before it is run).
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub scenario: Scenario,
    pub offices: u32,
    pub external: u32,
    pub areas: usize,
    pub links: usize,
    pub adopters: u32,
}

/// Builds a scenario from the two tables on top of `base` (the core's
/// row-level messages on error).
pub fn import_tables(base: &Scenario, offices: &str, edges: &str, name: &str) -> Result<Preview, SimError> {
    let offices = offices.trim_start_matches('\u{feff}');
    let edges = edges.trim_start_matches('\u{feff}');
    let mut scenario = tables::scenario_from_tables(base, offices, edges)?;
    let t = tables::parse_tables(offices, edges)?;
    scenario.name = name.to_string();
    Ok(Preview {
        offices: scenario.population.home_offices(),
        external: scenario.population.external_offices,
        areas: scenario.population.areas.len(),
        links: t.edges.len(),
        adopters: scenario.population.initial_adopted,
        scenario,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_headers_are_read_whatever_the_line_endings_and_separator() {
        let want = ["ID", "area", "kind"].map(String::from).to_vec();
        for text in [
            "ID,area,kind\r1,a,cm\r2,a,provider\r",
            "\r\n\nID\tarea\tkind\n1\ta\tcm\n",
            "\u{feff}ID;area;kind\r\n1;a;cm\r\n",
        ] {
            assert_eq!(csv_headers(text), want, "{text:?}");
            assert_eq!(missing_columns(&csv_headers(text)), vec!["role"]);
        }
        // The mapping rewrites that header only, keeping separator and line endings.
        let map = vec![("role".to_string(), "kind".to_string())];
        assert_eq!(remap_header("ID,area,kind\r1,a,cm\r", &map), "ID,area,role\r1,a,cm\r");
        assert_eq!(remap_header("\nID\tarea\tkind\n1\ta\tcm\n", &map), "\nID\tarea\trole\n1\ta\tcm\n");
        // A cell already named `role` but not chosen keeps its data under another name.
        let map = vec![("role".to_string(), "kind".to_string())];
        assert_eq!(remap_header("id,role,kind\n", &map), "id,role_original,role\n");
    }
}
