//! Network import: the office and link tables (`sim::scenario::network_import`) and the
//! sample files offered for download.

pub use renkei::sim::scenario::network_import::{
    csv_headers, import_tables, missing_columns, remap_header, Preview, REQUIRED_COLUMNS,
};

/// The sample files (docs/samples), offered for download.
pub const SAMPLE_OFFICES: &str = include_str!("../../../../docs/samples/offices.csv");
pub const SAMPLE_EDGES: &str = include_str!("../../../../docs/samples/edges.csv");
