//! Networks from tables (docs/network-import.md): an office table and an edge list as CSV
//! text, read into rows, checked against the population that describes them, or turned into a
//! scenario of their own. The model builds its `World` from the rows (model/population.rs).

use super::survey;
use crate::sim::error::{Reason, Requirement, RowProblem, SimError, Tally};
use crate::sim::scenario::{Area, CentreKind, Network, Population, Scenario, MAX_OFFICES, MAX_TABLE_LINKS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Role {
    /// 居宅介護支援事業所: writes care plans.
    CareManagement = 0,
    /// 居宅サービス事業所: home help, day care, ...
    Provider = 1,
    /// 地域包括支援センター: also writes (preventive) care plans, so it is a care-management node.
    Centre = 2,
}

/// One row of an office table.
#[derive(Clone, Debug, PartialEq)]
pub struct OfficeRow {
    /// The row's line in the file (1-based, blank lines counted), for messages.
    pub line: usize,
    pub id: String,
    pub area: String,
    pub role: Role,
    pub adopted: bool,
    /// Listed as これから導入予定 (planning to adopt) in the `survey` column (issue 14).
    pub planning: bool,
    pub external: bool,
    pub barrier: bool,
    /// Takes part in no care-plan exchange (no links allowed; home offices only).
    pub out_of_scope: bool,
}

/// A parsed office table and edge list, before it is tied to a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Tables {
    pub offices: Vec<OfficeRow>,
    /// Links as indices into `offices`.
    pub edges: Vec<(u32, u32)>,
}

/// The lines of a table with their line numbers in the file (1-based). `\n`, `\r\n` and a
/// lone `\r` (old Mac editors, some Excel exports) all end a line, so a CR-only file is read
/// line by line instead of as one long header.
pub(crate) fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text;
    let mut line = 0;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        line += 1;
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let this = &rest[..end];
        let skip = if rest[end..].starts_with("\r\n") { 2 } else { usize::from(end < rest.len()) };
        rest = &rest[end + skip..];
        Some((line, this))
    })
}

/// Lines that are not blank: an upper bound on a table's rows, counted without parsing it.
pub fn data_lines(text: &str) -> usize {
    numbered_lines(text).filter(|(_, l)| !l.trim().is_empty()).count()
}

/// The field separator of a table, read from its first line: commas, else tabs (a
/// spreadsheet's "tab-separated" export), else semicolons (a European-locale CSV).
pub(crate) fn separator(first_line: &str) -> char {
    [',', '\t', ';'].into_iter().find(|&c| first_line.contains(c)).unwrap_or(',')
}

/// A line whose quotes do not close: a quoted field with a line break in it, which this reader
/// does not join (a row is a line), refused as such rather than as a broken cell.
pub(crate) fn open_quote(table: &str, row: usize, line: &str) -> Result<(), SimError> {
    if line.matches('"').count().is_multiple_of(2) {
        return Ok(());
    }
    Err(SimError::Table {
        table: table.into(),
        row,
        message: "a quoted field does not close on this line: a line break inside quotes is not read \
                  (one row per line); remove the line break from the cell"
            .into(),
    })
}

pub(crate) fn split_csv_line(line: &str, sep: char) -> Vec<String> {
    // Simple CSV: one separator, optional double quotes around a field.
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().map(|s| s.trim().to_string()).collect()
}

/// A table's header as `parse_tables` reads it: the first line that is not blank (whatever
/// the line endings), its separator and its cells; `span` is where the line lies in the
/// text, so that the page can rename columns and keep the rest as it is.
#[derive(Clone, Debug, PartialEq)]
pub struct HeaderRow {
    pub span: std::ops::Range<usize>,
    pub sep: char,
    pub cells: Vec<String>,
}

pub fn header_row(text: &str) -> Option<HeaderRow> {
    let (_, line) = numbered_lines(text).find(|(_, l)| !l.trim().is_empty())?;
    let start = line.as_ptr() as usize - text.as_ptr() as usize;
    let sep = separator(line);
    Some(HeaderRow { span: start..start + line.len(), sep, cells: split_csv_line(line, sep) })
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "済" | "導入済み" => Some(true),
        "0" | "false" | "no" | "n" | "" | "未" | "未導入" => Some(false),
        _ => None,
    }
}

/// Whether the first row of an edge list, whose values are not office ids, is a header:
/// only when its cells read as column names. A headerless list whose first row names unknown
/// offices is then an error, not a row silently skipped.
fn is_edge_header(cells: &[String]) -> bool {
    const NAMES: [&str; 14] = [
        "from",
        "to",
        "a",
        "b",
        "source",
        "target",
        "src",
        "dst",
        "office",
        "partner",
        "cm",
        "provider",
        "事業所",
        "連携先",
    ];
    cells.iter().take(2).all(|c| {
        let c = c.to_lowercase();
        NAMES.contains(&c.as_str()) || c.contains("id") || c.contains("office") || c.contains("事業所")
    })
}

/// Parses the office table (`id,area,role[,adopted][,external][,barrier][,out_of_scope]`) and the
/// edge list (`a,b`, office ids). Messages name the table, the row (the file's line
/// number, blank lines counted) and the column. Comma-, tab- or semicolon-separated.
pub fn parse_tables(offices_csv: &str, edges_csv: &str) -> Result<Tables, SimError> {
    let err = |table: &str, row: usize, problem: RowProblem| SimError::Row { table: table.into(), row, problem };
    let offices_csv = offices_csv.strip_prefix('\u{feff}').unwrap_or(offices_csv);
    let edges_csv = edges_csv.strip_prefix('\u{feff}').unwrap_or(edges_csv);
    let mut lines = numbered_lines(offices_csv).filter(|(_, l)| !l.trim().is_empty());
    let (header_line, header) = lines.next().ok_or_else(|| err("offices", 1, RowProblem::EmptyTable))?;
    open_quote("offices", header_line, header)?;
    let sep = separator(header);
    let header: Vec<String> = split_csv_line(header, sep).into_iter().map(|h| h.to_ascii_lowercase()).collect();
    // A column named twice would be read from one of them, silently.
    if let Some((i, h)) = header.iter().enumerate().find(|(i, h)| !h.is_empty() && header[..*i].contains(h)) {
        return Err(SimError::Table {
            table: "offices".into(),
            row: header_line,
            message: format!(
                "column {} `{}` is named twice in the header; keep one",
                i + 1,
                crate::sim::error::short(h, crate::sim::error::ECHO_CHARS)
            ),
        });
    }
    let col = |name: &str| header.iter().position(|h| h == name);
    let (id_c, area_c, role_c) = match (col("id"), col("area"), col("role")) {
        (Some(a), Some(b), Some(c)) => (a, b, c),
        _ => return Err(err("offices", header_line, RowProblem::Header { found: header.join(",") })),
    };
    let (ad_c, ex_c, ba_c, os_c) = (col("adopted"), col("external"), col("barrier"), col("out_of_scope"));
    let sv_c = col("survey");
    let mut offices = Vec::new();
    let mut index = std::collections::HashMap::new();
    for (row, line) in lines {
        open_quote("offices", row, line)?;
        let f = split_csv_line(line, sep);
        let get = |c: usize| f.get(c).map(String::as_str).unwrap_or("");
        let id = get(id_c).to_string();
        if id.is_empty() {
            return Err(err("offices", row, RowProblem::EmptyCell { column: "id".into() }));
        }
        let role = match get(role_c).to_ascii_lowercase().as_str() {
            "care_management" | "cm" | "居宅介護支援" => Role::CareManagement,
            "provider" | "service" | "居宅サービス" => Role::Provider,
            "centre" | "center" | "包括" | "地域包括支援センター" => Role::Centre,
            other => {
                return Err(err(
                    "offices",
                    row,
                    RowProblem::BadCell {
                        column: "role".into(),
                        value: other.to_string(),
                        allowed: ["care_management", "provider", "centre"].map(String::from).into(),
                    },
                ))
            }
        };
        let flag = |c: Option<usize>, column: &'static str| -> Result<bool, SimError> {
            match c {
                None => Ok(false),
                Some(c) => parse_bool(get(c)).ok_or_else(|| {
                    let value = get(c).to_string();
                    err(
                        "offices",
                        row,
                        RowProblem::BadCell {
                            column: column.into(),
                            value,
                            allowed: ["1/0", "true/false"].map(String::from).into(),
                        },
                    )
                }),
            }
        };
        // The optional `survey` column (未導入 / これから導入予定 / 導入済み, scenario/survey.rs).
        let group = match sv_c {
            None => None,
            Some(c) => Some(survey::parse_group(get(c)).ok_or_else(|| {
                let value = get(c).to_string();
                err(
                    "offices",
                    row,
                    RowProblem::BadCell {
                        column: "survey".into(),
                        value,
                        allowed: [survey::GROUP_VALUES.into()].into(),
                    },
                )
            })?),
        };
        let adopted = flag(ad_c, "adopted")?;
        if let Some(g) = group.filter(|&g| ad_c.is_some() && adopted != (g == survey::Group::Adopted)) {
            let (adopted, survey) = (get(ad_c.unwrap_or(0)).to_string(), format!("{g:?}"));
            return Err(err("offices", row, RowProblem::Disagree { adopted, survey }));
        }
        let r = OfficeRow {
            line: row,
            id: id.clone(),
            area: get(area_c).to_string(),
            role,
            adopted: adopted || group == Some(survey::Group::Adopted),
            planning: group == Some(survey::Group::Planning),
            external: flag(ex_c, "external")?,
            barrier: flag(ba_c, "barrier")?,
            out_of_scope: flag(os_c, "out_of_scope")?,
        };
        if r.area.is_empty() && !r.external {
            return Err(err("offices", row, RowProblem::EmptyCell { column: "area".into() }));
        }
        if index.insert(id.clone(), offices.len() as u32).is_some() {
            return Err(err("offices", row, RowProblem::DuplicateId { id }));
        }
        offices.push(r);
    }
    if offices.is_empty() {
        return Err(err("offices", header_line + 1, RowProblem::NoRows));
    }
    let mut edges = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut edge_lines = numbered_lines(edges_csv).filter(|(_, l)| !l.trim().is_empty()).peekable();
    let sep = edge_lines.peek().map_or(',', |(_, l)| separator(l));
    for (k, (row, line)) in edge_lines.enumerate() {
        open_quote("edges", row, line)?;
        let f = split_csv_line(line, sep);
        if f.len() < 2 {
            return Err(err("edges", row, RowProblem::TooFewCells));
        }
        if k == 0 && !index.contains_key(&f[0]) && !index.contains_key(&f[1]) && is_edge_header(&f) {
            continue; // a header row (the first non-blank line, blank lines before it allowed)
        }
        let unknown = |id: &String, first: bool| err("edges", row, RowProblem::UnknownOffice { id: id.clone(), first });
        let a = *index.get(&f[0]).ok_or_else(|| unknown(&f[0], k == 0))?;
        let b = *index.get(&f[1]).ok_or_else(|| unknown(&f[1], false))?;
        if a == b {
            return Err(err("edges", row, RowProblem::SelfLink { id: f[0].clone() }));
        }
        if let Some(o) = [a, b].into_iter().find(|&o| offices[o as usize].out_of_scope) {
            return Err(err("edges", row, RowProblem::OutOfScopeLink { id: offices[o as usize].id.clone() }));
        }
        if seen.insert((a.min(b), a.max(b))) {
            edges.push((a, b));
        }
    }
    Ok(Tables { offices, edges })
}

/// A scenario for a real network: `base`'s parameters, strategy and dates, with the
/// population (areas, office counts, initial adopters) taken from the tables.
/// Levers that name areas the tables do not have are dropped, so any strategy can run.
pub fn scenario_from_tables(base: &Scenario, offices_csv: &str, edges_csv: &str) -> Result<Scenario, SimError> {
    let t = parse_tables(offices_csv, edges_csv)?;
    let mut names: Vec<String> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    for r in t.offices.iter().filter(|r| !r.external) {
        match names.iter().position(|n| *n == r.area) {
            Some(i) => counts[i] += 1,
            None => {
                names.push(r.area.clone());
                counts.push(1);
            }
        }
    }
    if names.is_empty() {
        return Err(SimError::Row {
            table: "offices".into(),
            row: t.offices.first().map_or(2, |r| r.line),
            problem: RowProblem::AllExternal,
        });
    }
    let mut s = base.clone();
    s.population = Population {
        areas: names
            .iter()
            .zip(&counts)
            .map(|(n, &c)| Area { name: n.clone(), offices: c, centre: CentreKind::Commissioned, core: false })
            .collect(),
        care_management_share: base.population.care_management_share,
        external_offices: t.offices.iter().filter(|r| r.external).count() as u32,
        initial_adopted: t.offices.iter().filter(|r| !r.external && r.adopted).count() as u32,
        initial_external_adopted: t.offices.iter().filter(|r| r.external && r.adopted).count() as u32,
        initial_centres_adopted: None,
        out_of_scope: t.offices.iter().filter(|r| !r.external && r.out_of_scope).count() as u32,
    };
    s.network = Network::Table { offices: offices_csv.to_string(), edges: edges_csv.to_string() };
    s.observed.clear();
    s.strategy.levers.retain_mut(|l| l.retain_areas(&names));
    s.validate()?;
    Ok(s)
}

/// The table rows in office order (a world's office `o` is row `table_order(t)[o]`): home
/// offices first, in table order (in-scope ones first); external ones after.
pub fn table_order(t: &Tables) -> Vec<usize> {
    let out = |i: usize| !t.offices[i].external && t.offices[i].out_of_scope;
    let mut order: Vec<usize> = (0..t.offices.len()).filter(|&i| !t.offices[i].external && !out(i)).collect();
    order.extend((0..t.offices.len()).filter(|&i| out(i)));
    order.extend((0..t.offices.len()).filter(|&i| t.offices[i].external));
    order
}

/// A table network must agree with the population that describes it: the limits (size,
/// work, memory) are computed from the population, and the office counts, areas and
/// initial adopters come from the table. A disagreement is an error naming the field, so a
/// table never runs with counts that are not its own.
pub(crate) fn check_table(scn: &Scenario, offices: &str, edges: &str) -> Result<(), SimError> {
    let pop = &scn.population;
    // Counted before parsing, so a table far beyond the limits is refused without building it.
    let rows = data_lines(offices).saturating_sub(1);
    if rows > MAX_OFFICES as usize {
        return Err(SimError::TooLarge(format!("network.offices has {rows} office rows; at most {MAX_OFFICES}")));
    }
    let links = data_lines(edges);
    if links > MAX_TABLE_LINKS {
        return Err(SimError::TooLarge(format!("network.edges has {links} rows; at most {MAX_TABLE_LINKS} links")));
    }
    let t = parse_tables(offices, edges)?;
    if t.offices.iter().any(|r| r.planning) {
        survey::check_setup(&scn.params)?;
    }
    let home: Vec<&OfficeRow> = t.offices.iter().filter(|r| !r.external).collect();
    let external = t.offices.len() - home.len();
    for (i, a) in pop.areas.iter().enumerate() {
        let n = home.iter().filter(|r| r.area == a.name).count();
        if n != a.offices as usize {
            let tally = Tally::TableArea { area: a.name.clone() };
            let reason = Reason::Disagree { value: a.offices as u64, other: n as u64, tally };
            return Err(SimError::refused(format!("population.areas[{i}].offices"), reason));
        }
    }
    if home.len() != pop.home_offices() as usize {
        let reason =
            Reason::Disagree { value: pop.home_offices() as u64, other: home.len() as u64, tally: Tally::TableHome };
        return Err(SimError::refused("population.areas", reason));
    }
    let counts = [
        ("population.external_offices", pop.external_offices, external),
        ("population.initial_adopted", pop.initial_adopted, home.iter().filter(|r| r.adopted).count()),
        ("population.out_of_scope", pop.out_of_scope, home.iter().filter(|r| r.out_of_scope).count()),
        (
            "population.initial_external_adopted",
            pop.initial_external_adopted,
            t.offices.iter().filter(|r| r.external && r.adopted).count(),
        ),
    ];
    for (field, given, table) in counts {
        if given as usize != table {
            return Err(SimError::refused(
                field,
                Reason::Disagree { value: given as u64, other: table as u64, tally: Tally::Table },
            ));
        }
    }
    let mut centres = std::collections::HashSet::new();
    for r in home.iter().filter(|r| r.role == Role::Centre) {
        if !centres.insert(r.area.as_str()) {
            return Err(SimError::Row {
                table: "offices".into(),
                row: r.line,
                problem: RowProblem::SecondCentre { area: r.area.clone() },
            });
        }
    }
    // An area's outreach and cost come from its centre: a table area must list it.
    if let Some((i, a)) = pop.areas.iter().enumerate().find(|(_, a)| !centres.contains(a.name.as_str())) {
        return Err(SimError::invalid(
            format!("population.areas[{i}]"),
            format!(
                "area `{}` has no centre in the office table (a row with role centre); every area has its \
                 centre, whose outreach and cost the area's plan uses",
                crate::sim::error::short(&a.name, crate::sim::error::ECHO_CHARS)
            ),
        ));
    }
    if pop.initial_centres_adopted.is_some() {
        return Err(SimError::refused(
            "population.initial_centres_adopted",
            Reason::Needs(Requirement::NoCentresWithTable),
        ));
    }
    Ok(())
}
