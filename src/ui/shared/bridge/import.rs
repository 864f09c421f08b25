//! Network import: the office and link tables, their headers, the preview.

use super::*;

// ---------------------------------------------------------------------------
// Network import

/// The columns the office table must have.
pub const REQUIRED_COLUMNS: [&str; 3] = ["id", "area", "role"];

/// The sample files (docs/samples), offered for download.
pub const SAMPLE_OFFICES: &str = include_str!("../../../../docs/samples/offices.csv");
pub const SAMPLE_EDGES: &str = include_str!("../../../../docs/samples/edges.csv");

/// The header cells of a CSV text (BOM and quotes removed), read as the core reads them:
/// the first line that is not blank, whatever its line ending (LF, CRLF or CR alone),
/// comma-, tab- or semicolon-separated.
pub fn csv_headers(text: &str) -> Vec<String> {
    let text = text.trim_start_matches('\u{feff}');
    renkei::sim::scenario::tables::header_row(text).map(|h| h.cells).unwrap_or_default()
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
    let Some(head) = renkei::sim::scenario::tables::header_row(text) else { return text.to_string() };
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
    let mut scenario = renkei::sim::scenario::tables::scenario_from_tables(base, offices, edges)?;
    let t = renkei::sim::scenario::tables::parse_tables(offices, edges)?;
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
