//! The import slice: the two CSV tables of a network, the column mapping and the check;
//! [`ImportState::reduce`] is its sub-reducer.

use crate::ui::import::rows::{row_errors, RowErrors};
use crate::ui::shared::bridge::{self as engine, Preview, Scenario, SimError};
use crate::ui::shared::i18n::{region_name, Lang};
use renkei::sim::scenario::survey::{self, SurveyArea};
use std::collections::BTreeMap;
use std::rc::Rc;

/// One uploaded CSV table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableFile {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Offices,
    Edges,
}

/// The network being imported: the two files, the column mapping and the check.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportState {
    pub offices: Option<TableFile>,
    pub edges: Option<TableFile>,
    /// Required column (`id`, `area`, `role`) → header cell of the office table.
    pub mapping: BTreeMap<String, String>,
    /// `None` until both files are in (and every missing column is mapped).
    pub preview: Option<Result<Rc<Preview>, SimError>>,
    /// The last file refused for its size (name, bytes); the tables read before are kept.
    pub too_large: Option<(String, f64)>,
    /// The municipality's name typed for the imported network (empty: see [`ImportState::municipality`]).
    pub name: String,
    /// Every bad row when the check fails on rows (`rows::row_errors`).
    pub row_errors: Option<Rc<RowErrors>>,
    /// Per area, the groups of the office table's `survey` column, when it has one and the
    /// check passed (issue 14 §4).
    pub survey: Option<Rc<Vec<SurveyArea>>>,
}

#[derive(Debug, Clone)]
pub enum ImportAction {
    /// A CSV file chosen for the network import.
    Table { kind: TableKind, name: String, text: String },
    /// The office-table header cell used for a required column.
    MapColumn { column: String, header: String },
    /// The municipality's name for the imported network.
    SetName(String),
    /// A file over [`engine::MAX_IMPORT_BYTES`] chosen for a table: refused before it is read.
    TooLarge { name: String, bytes: f64 },
}

impl ImportState {
    /// Header cells of the office table.
    pub fn headers(&self) -> Vec<String> {
        self.offices.as_ref().map(|f| engine::csv_headers(&f.text)).unwrap_or_default()
    }

    /// Required columns the office table lacks (the page offers a select for each).
    pub fn missing(&self) -> Vec<&'static str> {
        match &self.offices {
            Some(_) => engine::missing_columns(&self.headers()),
            None => Vec::new(),
        }
    }

    /// The office table with its header rewritten by the mapping, once every missing column is mapped.
    pub fn mapped_offices(&self) -> Option<String> {
        let f = self.offices.as_ref()?;
        let missing = self.missing();
        let mapping: Vec<(String, String)> = missing
            .iter()
            .filter_map(|c| self.mapping.get(*c).filter(|h| !h.is_empty()).map(|h| (c.to_string(), h.clone())))
            .collect();
        (mapping.len() == missing.len()).then(|| engine::remap_header(&f.text, &mapping))
    }

    /// Name of the imported network: the office file's name without its extension.
    pub fn network_name(&self) -> String {
        let n = self.offices.as_ref().map(|f| f.name.as_str()).unwrap_or("imported");
        n.rsplit_once('.').map(|(a, _)| a).filter(|a| !a.is_empty()).unwrap_or(n).to_string()
    }

    /// The name results of the imported network are titled with: the name typed, else the
    /// planner's region (the municipality whose network it most likely is), marked as imported.
    pub fn municipality(&self, lang: Lang, region: &str) -> String {
        if !self.name.is_empty() {
            return self.name.clone();
        }
        match engine::preset(region) {
            Some(_) => {
                format!("{}{}", region_name(lang, region), lang.pick("(取り込んだネットワーク)", " (imported network)"))
            }
            None => region.to_string(),
        }
    }

    /// The imported network checked against `base` (the planner's scenario, whose parameters it keeps).
    pub fn check(&self, base: &Scenario) -> Option<Result<Rc<Preview>, SimError>> {
        let edges = self.edges.as_ref()?;
        let offices = self.mapped_offices()?;
        Some(engine::import_tables(base, &offices, &edges.text, &self.network_name()).map(Rc::new))
    }

    /// The sub-reducer (`base`: the planner's scenario).
    pub fn reduce(&mut self, action: ImportAction, base: &Scenario) {
        match action {
            ImportAction::Table { kind, name, text } => {
                self.too_large = None;
                let f = Some(TableFile { name, text });
                match kind {
                    TableKind::Offices => {
                        self.offices = f;
                        self.mapping.clear();
                    }
                    TableKind::Edges => self.edges = f,
                }
            }
            ImportAction::MapColumn { column, header } => {
                self.mapping.insert(column, header);
            }
            ImportAction::SetName(name) => {
                self.name = name.trim().to_string();
                return;
            }
            ImportAction::TooLarge { name, bytes } => {
                self.too_large = Some((name, bytes));
                return;
            }
        }
        self.preview = self.check(base);
        self.row_errors = match (&self.preview, self.mapped_offices(), &self.edges) {
            (Some(Err(_)), Some(offices), Some(edges)) => {
                Some(Rc::new(row_errors(&offices, &edges.text))).filter(|e| !e.shown.is_empty())
            }
            _ => None,
        };
        self.survey = self.survey_groups().map(Rc::new);
    }

    /// The survey column's groups per area (`survey::table_counts`), for a checked import
    /// whose office table has the column.
    fn survey_groups(&self) -> Option<Vec<SurveyArea>> {
        let (Some(Ok(_)), Some(offices), Some(edges)) = (&self.preview, self.mapped_offices(), &self.edges) else {
            return None;
        };
        if !self.headers().iter().any(|h| h.trim() == "survey") {
            return None;
        }
        let t =
            renkei::sim::scenario::tables::parse_tables(offices.trim_start_matches('\u{feff}'), &edges.text).ok()?;
        Some(survey::table_counts(&t))
    }
}
