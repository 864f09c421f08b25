//! Results as text, every CSV and JSON output of the CLI: a run's summary as JSON or CSV, a
//! sweep's table, the calibration and forecast documents; the one manifest format that says
//! what produced a file (a CSV's first comment line, a JSON document's first field
//! `manifest`); and CSV cells that cannot forge a column or a row.

use crate::sim::error::SimError;
use crate::sim::experiment::montecarlo::{Header, Quantiles, Summary};
use crate::sim::experiment::sweep::Row;
use crate::sim::model::targeting::Ranked;
use crate::sim::scenario::Scenario;
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Write;

/// FNV-1a of a text as 16 hex digits: the one short hash of scenarios, fingerprints and the
/// identity of a cluster calibration's files.
pub fn text_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// What produced a result, on one line: `renkei VERSION` and then `key=value` pairs, text
/// values as JSON strings (escapes, quotes, so a line break in a name cannot start a forged
/// row), numbers and hashes as they are. The same format in every output.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest(String);

impl Manifest {
    /// `renkei VERSION` (this crate's version).
    pub fn new() -> Manifest {
        Manifest(format!("renkei {}", env!("CARGO_PKG_VERSION")))
    }

    /// `key="text"` (quoted and escaped).
    pub fn text(mut self, key: &str, value: &str) -> Manifest {
        let _ = write!(self.0, " {key}={}", serde_json::to_string(value).unwrap_or_default());
        self
    }

    /// `key=value` for a number or a hash (no spaces, quotes or line breaks in its text).
    pub fn word(mut self, key: &str, value: impl std::fmt::Display) -> Manifest {
        let _ = write!(self.0, " {key}={value}");
        self
    }

    pub fn line(&self) -> &str {
        &self.0
    }
}

impl Default for Manifest {
    fn default() -> Manifest {
        Manifest::new()
    }
}

/// A run's manifest: `renkei VERSION scenario="NAME" hash=H seed=S replications=N`.
pub fn manifest(h: &Header) -> String {
    let mut m = Manifest(format!("renkei {}", h.version)).text("scenario", &h.scenario);
    m = m.word("hash", &h.scenario_hash).word("seed", h.seed).word("replications", h.replications);
    m.0
}

/// The manifest of an output computed from one scenario (before its run: `renkei target`,
/// `compare`, `rank`): the same keys as a run's, [`manifest`].
pub fn scenario_manifest(scn: &Scenario) -> Manifest {
    Manifest::new()
        .text("scenario", &scn.name)
        .word("hash", scn.hash())
        .word("seed", scn.seed)
        .word("replications", scn.replications)
}

/// The ranked office list (`renkei rank`, the list a centre takes on its rounds): the manifest
/// as a comment line, a header, one office a line; ids and area names through [`csv_field`], so
/// an imported id cannot forge a row or run as a spreadsheet formula.
pub fn ranked_csv(manifest: &Manifest, rows: &[Ranked]) -> String {
    let mut out = format!("# {}\nrank,id,area,role,partners,adopted_partners,score\n", manifest.line());
    for r in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{}",
            r.rank,
            csv_field(&r.id),
            csv_field(&r.area),
            r.role,
            r.partners,
            r.adopted_partners,
            (r.score * 1e6).round() / 1e6
        );
    }
    out
}

/// The list a centre takes on its rounds for a scenario with an imported network (`renkei rank`
/// and the page's download): its not-adopted offices of `areas` (all when empty) ranked by
/// `rule` on the start state, as [`ranked_csv`] with the scenario's manifest and the rule.
pub fn rounds_csv(
    scn: &Scenario,
    rule: crate::sim::model::targeting::Rule,
    areas: &[String],
) -> Result<String, SimError> {
    use crate::sim::model::{population::World, targeting};
    use crate::sim::scenario::{tables, Network};
    let Network::Table { offices, edges } = &scn.network else {
        return Err(SimError::refused("network", crate::sim::error::Reason::Text(
            "the ranked list needs an imported network (network.kind = \"table\"): a generated network has no real offices to list".into(),
        )));
    };
    for a in areas {
        if scn.area_index(a).is_none() {
            let names: Vec<&str> = scn.population.areas.iter().map(|x| x.name.as_str()).collect();
            return Err(SimError::unknown("areas", a.as_str(), &names));
        }
    }
    let t = tables::parse_tables(offices, edges)?;
    let world = World::build(scn, &mut crate::sim::rng::stream(scn.seed, 0, 1))?;
    let ids: Vec<String> = tables::table_order(&t).iter().map(|&i| t.offices[i].id.clone()).collect();
    let adopted = world.fixed_adopted.clone().unwrap_or_else(|| vec![false; world.len()]);
    let names: Vec<String> = scn.population.areas.iter().map(|a| a.name.clone()).collect();
    let rows = targeting::ranked_list(rule, &world, &ids, &names, &adopted, &scn.area_mask(areas));
    Ok(ranked_csv(&scenario_manifest(scn).text("rule", rule.name()), &rows))
}

/// A JSON document with `manifest` as its first field, the document's own fields after it in
/// their order, pretty-printed and ending in a line break.
pub fn json_document<T: Serialize>(manifest: &Manifest, doc: &T) -> Result<String, SimError> {
    #[derive(Serialize)]
    struct WithManifest<'a, T> {
        manifest: &'a str,
        #[serde(flatten)]
        doc: &'a T,
    }
    let text = serde_json::to_string_pretty(&WithManifest { manifest: manifest.line(), doc })
        .map_err(|e| SimError::Internal(format!("writing a JSON document: {e}")))?;
    Ok(text + "\n")
}

/// A document [`json_document`] wrote (or one written before manifests, without it): its
/// manifest line, if any, and the document.
pub fn read_json_document<T: DeserializeOwned>(text: &str) -> Result<(Option<String>, T), SimError> {
    let mut v: serde_json::Value = serde_json::from_str(text).map_err(|e| SimError::Parse(e.to_string()))?;
    let manifest = v.as_object_mut().and_then(|o| o.remove("manifest")).and_then(|m| m.as_str().map(String::from));
    let doc = serde_json::from_value(v).map_err(|e| SimError::Parse(e.to_string()))?;
    Ok((manifest, doc))
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

/// A sweep's table: with `header` (shard 0), the manifest as a comment line and the column
/// names first, so shards concatenate into the single-run table.
pub fn sweep_csv(manifest: &Manifest, paths: &[String], rows: &[Row], header: bool) -> String {
    let mut out = String::new();
    if header {
        let _ = writeln!(out, "# {}", manifest.line());
        out.push_str("row,point,seed");
        for p in paths {
            out.push(',');
            out.push_str(&csv_field(p));
        }
        out.push_str(",date,median,p05,p95,mean\n");
    }
    for r in rows {
        let _ = write!(out, "{},{},{}", r.row, r.point, r.seed);
        for v in &r.values {
            out.push(',');
            match v {
                serde_json::Value::String(text) => out.push_str(&csv_field(text)),
                other => out.push_str(&csv_field(&other.to_string())),
            }
        }
        let _ = writeln!(out, ",{},{:.6},{:.6},{:.6},{:.6}", r.date, r.median, r.p05, r.p95, r.mean);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranked_list_id_cannot_run_as_a_spreadsheet_formula_or_forge_a_row() {
        let row = |id: &str, area: &str| Ranked {
            rank: 1,
            id: id.into(),
            area: area.into(),
            role: "care_manager",
            partners: 3,
            adopted_partners: 1,
            score: 1.0 / 3.0,
        };
        let text = ranked_csv(
            &Manifest::new().text("rule", "random"),
            &[row("=HYPERLINK(\"x\")", "North, 1"), row("A1", "S\nx")],
        );
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("# renkei ") && lines[0].ends_with(" rule=\"random\""), "{text}");
        assert_eq!(lines[2], "1,\"'=HYPERLINK(\"\"x\"\")\",\"North, 1\",care_manager,3,1,0.333333");
        assert_eq!(lines[3], "1,A1,\"S");
        assert_eq!(lines.len(), 5, "the quoted line break stays inside its cell: {text}");
    }

    #[test]
    fn a_manifest_quotes_text_and_keeps_words() {
        let m = Manifest::new().text("calibration", "a\nb").word("seed", 7);
        assert_eq!(m.line(), format!("renkei {} calibration=\"a\\nb\" seed=7", env!("CARGO_PKG_VERSION")));
    }

    #[test]
    fn a_json_document_reads_back_with_and_without_its_manifest() -> Result<(), SimError> {
        #[derive(Serialize, serde::Deserialize, PartialEq, Debug)]
        #[serde(deny_unknown_fields)]
        struct Doc {
            b: u32,
            a: String,
        }
        let doc = Doc { b: 2, a: "x".into() };
        let m = Manifest::new().word("seed", 1);
        let text = json_document(&m, &doc)?;
        assert!(text.starts_with("{\n  \"manifest\": \"renkei "), "{text}");
        assert!(text.find("\"b\"") < text.find("\"a\""), "the document's order is kept: {text}");
        assert_eq!(read_json_document::<Doc>(&text)?, (Some(m.line().to_string()), Doc { b: 2, a: "x".into() }));
        assert_eq!(read_json_document::<Doc>(r#"{"b": 2, "a": "x"}"#)?.0, None);
        Ok(())
    }
}
