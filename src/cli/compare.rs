//! `renkei compare`: strategies side by side with their cost-effectiveness (issue 14 §2), and
//! the `"cost"` block `renkei run` adds to its JSON.

use anyhow::{bail, Context, Result};
use clap::Parser;
use renkei::sim::experiment::cost::{self, CostSummary};
use renkei::sim::experiment::montecarlo::Summary;
use renkei::sim::experiment::report;
use renkei::sim::model::plan::Plan;
use renkei::sim::scenario::targeting::{Rule, Targeting};
use renkei::sim::scenario::Scenario;
use serde::Serialize;

/// Strategies side by side: adoption rate with its 90% band, the city's cost, and the cost per
/// additional adopting office and active link against the baseline (the policy calendar only),
/// paired replication by replication (same seed).
#[derive(Parser, Debug)]
#[command(about)]
pub struct CompareArgs {
    /// A scenario file or a preset name.
    pub scenario: String,
    /// Library strategies to compare (comma-separated); `own` is the scenario's own plan. With
    /// --rules, at most 64 strategy × rule runs.
    #[arg(long, value_delimiter = ',', default_value = "own")]
    pub strategies: Vec<String>,
    /// text (a table) or json.
    #[arg(long, default_value = "text")]
    pub format: String,
    /// Targeting rules to compare (comma-separated; each applies to the outreach and visits
    /// levers): random, most_partners, near_threshold, large_care_management, partner_requests.
    #[arg(long, value_delimiter = ',')]
    pub rules: Vec<String>,
    #[command(flatten)]
    pub run: crate::target::RunOptions,
}

/// The run's JSON: the summary (`paths`, every replication's trajectory, only on request) with
/// the `"cost"` block beside it.
pub fn run_json(summary: &Summary, with_paths: bool, scn: &Scenario, threads: usize) -> Result<String> {
    #[derive(Serialize)]
    struct WithCost<'a> {
        #[serde(flatten)]
        summary: &'a Summary,
        cost: CostSummary,
    }
    let mut s = summary.clone();
    if !with_paths {
        s.paths.clear();
    }
    let reps = renkei::parallel::cost_reps(scn, threads)?;
    let cost = cost::summarise(scn, &Plan::new(scn), &reps);
    Ok(serde_json::to_string_pretty(&WithCost { summary: &s, cost })?)
}

pub use renkei::sim::experiment::cost::Row;

pub fn main(args: CompareArgs) -> Result<()> {
    let text = match args.format.as_str() {
        "text" => true,
        "json" => false,
        other => bail!("--format {other}: allowed text or json"),
    };
    // What-ifs apply to every strategy, so they wait until each is set.
    let what_ifs: Vec<&str> = args.run.what_if.iter().map(String::as_str).collect();
    let opts = crate::target::RunOptions { what_if: vec![], ..args.run };
    let (base, threads) = opts.scenario(&args.scenario, None)?;
    let rules = args
        .rules
        .iter()
        .map(|r| Rule::parse(r).map_err(|e| anyhow::anyhow!("--rules: {e}")))
        .collect::<Result<Vec<_>>>()?;
    check_size(&base, args.strategies.len(), rules.len())?;
    let known = renkei::sim::scenario::strategies::LIBRARY;
    if let Some(name) = args.strategies.iter().find(|n| *n != "own" && !known.iter().any(|s| s.0 == n.as_str())) {
        bail!(
            "--strategies {}: no strategy named so; known: own, {}",
            crate::sink::short(name),
            known.iter().map(|s| s.0).collect::<Vec<_>>().join(", ")
        );
    }
    let mut scenarios = Vec::new();
    for name in &args.strategies {
        let mut s = base.clone();
        let plan = crate::args::PlanArgs {
            from: None,
            strategy: (name != "own").then(|| name.clone()),
            what_if: what_ifs.iter().map(|w| w.to_string()).collect(),
        };
        crate::plan_options(&mut s, &plan)?;
        for &rule in &rules {
            let mut r = s.clone();
            r.targeting = (rule != Rule::Random).then_some(Targeting { outreach: rule, visits: rule });
            r.strategy.name = format!("{} [{}]", s.strategy.name, rule.name());
            scenarios.push(r);
        }
        if rules.is_empty() {
            scenarios.push(s);
        }
    }
    let rows = compare(&base, &scenarios, threads)?;
    if text {
        outln!("{}", table(&rows));
    } else {
        #[derive(Serialize)]
        struct Rows<'a> {
            rows: &'a [Row],
        }
        let manifest = report::scenario_manifest(&base).text("strategies", &args.strategies.join(","));
        outln!("{}", report::json_document(&manifest, &Rows { rows: &rows })?.trim_end());
    }
    Ok(())
}

/// The most runs one comparison makes (strategies × rules, the baseline aside).
pub const MAX_COMPARED: usize = 64;

/// Refuses a comparison of more than [`MAX_COMPARED`] runs, or of more work than ten runs at
/// the bound of one, before any of them, with an estimate of its size.
fn check_size(base: &Scenario, strategies: usize, rules: usize) -> Result<()> {
    let runs = strategies * rules.max(1);
    let work = (runs + 1) as f64
        * base.replications as f64
        * (base.population.home_offices() + base.population.external_offices) as f64
        * base.weeks() as f64;
    let max_work = 10.0 * renkei::sim::scenario::MAX_WORK;
    if runs > MAX_COMPARED || work > max_work {
        bail!(
            "--strategies × --rules: {strategies} × {} = {runs} runs besides the baseline, about {work:.1e} \
             replication-office-weeks; at most {MAX_COMPARED} runs and {max_work:.0e}: compare fewer strategies \
             or rules, or lower --reps",
            rules.max(1)
        );
    }
    Ok(())
}

/// Runs the baseline and every scenario with the same seed and compares each with the baseline
/// (`cost::compare`, which the page runs too), replications spread over `threads`.
pub fn compare(base: &Scenario, scenarios: &[Scenario], threads: usize) -> Result<Vec<Row>> {
    cost::baseline(base).context("the baseline")?;
    for s in scenarios {
        s.validate().with_context(|| format!("strategy `{}`", s.strategy.name))?;
    }
    Ok(cost::compare(base, scenarios, &mut |s| renkei::parallel::cost_reps(s, threads))?)
}

fn yen(x: Option<f64>) -> String {
    match x {
        None => "∞".into(),
        Some(v) if v.abs() >= 1e6 => format!("¥{:.1}M", v / 1e6),
        Some(v) => format!("¥{:.0}k", v / 1e3),
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{:.1}%", 100.0 * v))
}

/// A plain-text table: one line per strategy.
pub fn table(rows: &[Row]) -> String {
    let mut out = format!(
        "{:<52} {:>22} {:>18} {:>12} {:>16} {:>16}\n",
        "strategy", "rate (90% band)", "city cost (median)", "+adopters", "¥/+adopter", "¥/+active link"
    );
    for r in rows {
        let e = &r.against_baseline;
        out.push_str(&format!(
            "{:<52} {:>22} {:>18} {:>12} {:>16} {:>16}\n",
            r.strategy.chars().take(52).collect::<String>(),
            format!("{} ({}–{})", pct(r.rate.median), pct(r.rate.p05), pct(r.rate.p95)),
            yen(r.cost.city_yen.median),
            e.additional_adopters.median.map_or("-".into(), |v| format!("{v:+.0}")),
            yen(e.yen_per_additional_adopter.median),
            yen(e.yen_per_additional_active_link.median),
        ));
    }
    if let Some(r) = rows.first() {
        out.push_str(&format!(
            "at {}; medians over replications paired with the baseline (policy calendar only); ∞: the median \
             replication gained nothing; {}",
            r.date,
            cost::NOTE
        ));
    }
    out
}
