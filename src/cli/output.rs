//! Results as JSON or CSV.

use renkei::sim::montecarlo::{Quantiles, Summary};
use std::fmt::Write;

// The run's JSON (with its cost block) is `compare::run_json` (issue 14).

fn q(out: &mut String, x: &Quantiles) {
    let _ = write!(out, ",{:.6},{:.6},{:.6},{:.6},{:.6}", x.median, x.p05, x.p25, x.p75, x.p95);
}

/// One row per reporting date; a comment line carries the manifest.
pub fn csv(summary: &Summary) -> String {
    let h = &summary.header;
    // The name as a JSON string (escapes, quotes): a line break in it cannot start a forged row.
    let name = serde_json::to_string(&h.scenario).unwrap_or_default();
    let mut out = format!(
        "# renkei {} scenario={name} hash={} seed={} replications={}\n",
        h.version, h.scenario_hash, h.seed, h.replications
    );
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
