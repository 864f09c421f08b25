//! `renkei rank`: the ranked list of offices a centre takes on its rounds (issue 14 §3), as
//! CSV, for an imported network (its office ids and its `adopted` column).

use anyhow::{bail, Context, Result};
use clap::Parser;
use renkei::sim::experiment::report;
use renkei::sim::model::targeting::Rule;
use renkei::sim::scenario::tables;

/// The not-adopted offices of an imported network, ranked by a targeting rule (highest first):
/// rank,id,area,role,partners,adopted_partners,score.
#[derive(Parser, Debug)]
#[command(about)]
pub struct RankArgs {
    /// A scenario with a table network (`network.kind = "table"`); or give --offices and --edges.
    pub scenario: Option<String>,
    /// An office table (docs/network-import.md), with --edges, instead of a scenario.
    #[arg(long, requires = "edges")]
    pub offices: Option<String>,
    /// A partner edge list, with --offices.
    #[arg(long, requires = "offices")]
    pub edges: Option<String>,
    /// most_partners, near_threshold, large_care_management, partner_requests (or random:
    /// office order).
    #[arg(long)]
    pub rule: String,
    /// Only these areas (comma-separated; default every area).
    #[arg(long, value_delimiter = ',')]
    pub areas: Vec<String>,
    /// Write the CSV here (whole or not at all) instead of standard output.
    #[arg(long)]
    pub out: Option<String>,
}

pub fn main(args: RankArgs) -> Result<()> {
    let rule = Rule::parse(&args.rule).map_err(|e| anyhow::anyhow!("--rule: {e}"))?;
    // The output rule before any reading: the list never replaces a table or the scenario.
    let reads: Vec<(&str, &str)> = match (&args.scenario, &args.offices, &args.edges) {
        (Some(file), None, None) => crate::scenario_reads(file)?,
        (None, Some(o), Some(e)) => vec![("--offices", o.as_str()), ("--edges", e.as_str())],
        _ => bail!("rank needs a scenario with a table network, or --offices FILE --edges FILE"),
    };
    let out = crate::sink::Sink::open("--out", args.out.as_deref(), &reads)?;
    let scn = match (&args.scenario, &args.offices, &args.edges) {
        (None, Some(o), Some(e)) => {
            let read = |opt: &str, f: &str| crate::sink::read_text(opt, f, crate::sink::MAX_TABLE_BYTES);
            let base = renkei::sim::scenario::regions::preset("example").context("the example preset")?;
            tables::scenario_from_tables(&base, &read("--offices", o)?, &read("--edges", e)?)?
        }
        (Some(file), _, _) => crate::load_scenario(file)?,
        _ => bail!("rank needs a scenario with a table network, or --offices FILE --edges FILE"),
    };
    let text = report::rounds_csv(&scn, rule, &args.areas).map_err(|e| match e.field() {
        Some("areas") => anyhow::anyhow!("--{e}"),
        _ => e.into(),
    })?;
    out.write(&text)
}
