//! `renkei rank`: the ranked list of offices a centre takes on its rounds (issue 14 §3), as
//! CSV, for an imported network (its office ids and its `adopted` column).

use anyhow::{bail, Context, Result};
use clap::Parser;
use renkei::sim::experiment::report;
use renkei::sim::model::population::World;
use renkei::sim::model::targeting::{self, Rule};
use renkei::sim::rng;
use renkei::sim::scenario::tables;
use renkei::sim::scenario::Network;

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
    let scn = match (&args.scenario, &args.offices, &args.edges) {
        (Some(file), None, None) => crate::load_scenario(file)?,
        (None, Some(o), Some(e)) => {
            let read = |f: &str| std::fs::read_to_string(f).with_context(|| format!("cannot read {f}"));
            let base = renkei::sim::scenario::regions::preset("example").context("the example preset")?;
            tables::scenario_from_tables(&base, &read(o)?, &read(e)?)?
        }
        _ => bail!("rank needs a scenario with a table network, or --offices FILE --edges FILE"),
    };
    let Network::Table { offices, edges } = &scn.network else {
        bail!("rank needs an imported network (network.kind = \"table\"): a generated network has no real offices to list");
    };
    for a in &args.areas {
        if scn.area_index(a).is_none() {
            bail!("--areas: no area named `{a}` in this network");
        }
    }
    let tables = tables::parse_tables(offices, edges)?;
    let world = World::build(&scn, &mut rng::stream(scn.seed, 0, 1))?;
    let ids: Vec<String> = tables::table_order(&tables).iter().map(|&i| tables.offices[i].id.clone()).collect();
    let adopted = world.fixed_adopted.clone().unwrap_or_else(|| vec![false; world.len()]);
    let names: Vec<String> = scn.population.areas.iter().map(|a| a.name.clone()).collect();
    let rows = targeting::ranked_list(rule, &world, &ids, &names, &adopted, &scn.area_mask(&args.areas));
    let out = crate::sink::Sink::open(args.out.as_deref(), &[])?;
    out.write(&report::ranked_csv(&report::scenario_manifest(&scn).text("rule", rule.name()), &rows))
}
