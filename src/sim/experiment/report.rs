//! Results as text: a run's summary as JSON or CSV, the manifest line that says what produced
//! a file (version, scenario, hash, seed, replications), and CSV cells that cannot forge a
//! column or a row. The CLI writes through these; sweep rows use `csv_field`.

use crate::sim::experiment::montecarlo::{Header, Quantiles, Summary};
use std::fmt::Write;

/// What produced a result, on one line: `renkei VERSION scenario="NAME" hash=H seed=S
/// replications=N`. The name is a JSON string (escapes, quotes), so a line break in it cannot
/// start a forged row.
pub fn manifest(h: &Header) -> String {
    let name = serde_json::to_string(&h.scenario).unwrap_or_default();
    format!(
        "renkei {} scenario={name} hash={} seed={} replications={}",
        h.version, h.scenario_hash, h.seed, h.replications
    )
}

/// The summary as JSON; `paths` (every replication's trajectory) only on request.
pub fn json(summary: &Summary, with_paths: bool) -> String {
    let mut s = summary.clone();
    if !with_paths {
        s.paths.clear();
    }
    serde_json::to_string_pretty(&s).unwrap_or_default()
}

fn q(out: &mut String, x: &Quantiles) {
    let _ = write!(out, ",{:.6},{:.6},{:.6},{:.6},{:.6}", x.median, x.p05, x.p25, x.p75, x.p95);
}

/// One row per reporting date; a comment line carries the manifest.
pub fn csv(summary: &Summary) -> String {
    let mut out = format!("# {}\n", manifest(&summary.header));
    out.push_str("date");
    for m in ["rate", "active_link_share", "centres_adopted", "stopped", "planning"] {
        for s in ["median", "p05", "p25", "p75", "p95"] {
            let _ = write!(out, ",{m}_{s}");
        }
    }
    out.push('\n');
    for m in &summary.months {
        out.push_str(&m.date);
        for x in [&m.rate, &m.active_link_share, &m.centres_adopted, &m.stopped, &m.planning] {
            q(&mut out, x);
        }
        out.push('\n');
    }
    out
}

/// One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, so a
/// value cannot forge a column or a row; text that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@` first) gets a leading apostrophe (OWASP's advice). Numbers are kept as they are.
pub fn csv_field(text: &str) -> std::borrow::Cow<'_, str> {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.parse::<f64>().is_err();
    if !formula && !text.contains([',', '"', '\n', '\r']) {
        return text.into();
    }
    let body = text.replace('"', "\"\"");
    format!("\"{}{body}\"", if formula { "'" } else { "" }).into()
}
