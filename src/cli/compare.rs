//! `renkei compare`: strategies side by side with their cost-effectiveness (issue 14 §2), and
//! the `"cost"` block `renkei run` adds to its JSON.

use anyhow::{bail, Context, Result};
use clap::Parser;
use renkei::sim::date::Date;
use renkei::sim::experiment::cost::{self, CostSummary};
use renkei::sim::experiment::montecarlo::Summary;
use renkei::sim::experiment::options::{self, Drivers, Ranking, Target};
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
    /// Library strategies to compare (comma-separated); `own` is the scenario's own plan, `all`
    /// the own plan and every library strategy, ranked by median paired gain over the own plan. With
    /// --rules, at most 64 strategy × rule runs.
    #[arg(long, value_delimiter = ',', default_value = "own")]
    pub strategies: Vec<String>,
    /// A target rate (0 to 1), with --by: every row gets `p_target`, the probability of reaching it.
    #[arg(long, requires = "by")]
    pub rate: Option<f64>,
    /// The target's date (YYYY-MM-DD), with --rate; read at the last month end on or before it
    /// (runs are extended to it when it is after the scenario's end).
    #[arg(long, requires = "rate", value_parser = crate::target::parse_date)]
    pub by: Option<Date>,
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
/// the `"cost"` block and the `"drivers"` of the rise beside it.
pub fn run_json(summary: &Summary, with_paths: bool, scn: &Scenario, threads: usize) -> Result<String> {
    #[derive(Serialize)]
    struct WithCost<'a> {
        #[serde(flatten)]
        summary: &'a Summary,
        cost: CostSummary,
        drivers: Drivers,
    }
    let drivers = run_drivers(summary, scn, threads)?;
    let mut s = summary.clone();
    if !with_paths {
        s.paths.clear();
    }
    let reps = renkei::parallel::cost_reps(scn, threads)?;
    let cost = cost::summarise(scn, &Plan::new(scn), &reps);
    Ok(serde_json::to_string_pretty(&WithCost { summary: &s, cost, drivers })?)
}

/// The drivers of a run's rise: one more run, of the plan's calendar alone (none when the plan
/// has no local lever: then the calendar is the whole rise).
fn run_drivers(summary: &Summary, scn: &Scenario, threads: usize) -> Result<Drivers> {
    if !options::drivers::has_local(scn) {
        return Ok(options::drivers::of_summaries(scn, summary, summary));
    }
    let cal = options::calendar_only(scn);
    let cal_summary = renkei::parallel::run(&cal, threads).context("the plan's calendar alone (drivers)")?;
    Ok(options::drivers::of_summaries(scn, summary, &cal_summary))
}

pub fn main(args: CompareArgs) -> Result<()> {
    let text = match args.format.as_str() {
        "text" => true,
        "json" => false,
        other => bail!("--format {other}: allowed text or json"),
    };
    let names = options::names(&args.strategies).map_err(|e| anyhow::anyhow!("--{e}"))?;
    // What-ifs apply to every strategy, so they wait until each is set.
    let (opts, what_ifs) = args.run.without_what_ifs()?;
    let (mut base, threads) = opts.scenario(&args.scenario, None)?;
    let target = match (args.rate, args.by) {
        (Some(rate), Some(by)) => {
            let t = Target { rate, by };
            t.validate(&base).map_err(|e| anyhow::anyhow!("--{e}"))?;
            t.extend(&mut base);
            Some(t)
        }
        _ => None,
    };
    let rules = args
        .rules
        .iter()
        .map(|r| Rule::parse(r).map_err(|e| anyhow::anyhow!("--rules: {e}")))
        .collect::<Result<Vec<_>>>()?;
    check_size(&base, names.len(), rules.len())?;
    let own = options::scenario(&base, options::OWN, &what_ifs).context("the scenario's own plan")?;
    let mut scenarios = Vec::new();
    for name in &names {
        let s = options::scenario(&base, name, &what_ifs).with_context(|| format!("strategy `{name}`"))?;
        for &rule in &rules {
            let mut r = s.clone();
            r.targeting = (rule != Rule::Random).then_some(Targeting { outreach: rule, visits: rule });
            r.strategy.name = format!("{} [{}]", s.strategy.name, rule.name());
            scenarios.push((format!("{name} [{}]", rule.name()), r));
        }
        if rules.is_empty() {
            scenarios.push((name.clone(), s));
        }
    }
    let sort = args.strategies.iter().any(|s| s.trim() == "all");
    let ranking = options::rank(&own, &scenarios, target, sort, &mut |s| renkei::parallel::cost_reps(s, threads))?;
    if text {
        outln!("{}", table(&ranking));
    } else {
        let mut manifest = report::scenario_manifest(&base).text("strategies", &args.strategies.join(","));
        if let Some(t) = &target {
            manifest = manifest.word("rate", t.rate).word("by", t.by);
        }
        outln!("{}", report::json_document(&manifest, &ranking)?.trim_end());
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

fn pts(x: f64) -> String {
    format!("{:+.1}", 100.0 * x)
}

/// A plain-text table: one line per option, then the decisive unknown and the drivers.
pub fn table(ranking: &Ranking) -> String {
    let with_target = ranking.target.is_some();
    let mut out = format!(
        "{:<40} {:>21} {:>20} {:>8} {:>8} {:>12} {:>10} {:>12}\n",
        "strategy",
        "rate (90% band)",
        "gain pt (90% band)",
        "P(beat)",
        if with_target { "P(target)" } else { "" },
        "city cost",
        "+adopters",
        "¥/+adopter"
    );
    for r in &ranking.rows {
        let (row, e) = (&r.row, &r.row.against_baseline);
        out.push_str(&format!(
            "{:<40} {:>21} {:>20} {:>8} {:>8} {:>12} {:>10} {:>12}\n",
            row.strategy.chars().take(40).collect::<String>(),
            format!("{} ({}–{})", pct(row.rate.median), pct(row.rate.p05), pct(row.rate.p95)),
            format!("{} ({}…{})", pts(r.gain_over_plan.median), pts(r.gain_over_plan.p05), pts(r.gain_over_plan.p95)),
            format!("{:.0}%", 100.0 * r.p_beats_plan),
            r.p_target.map_or(String::new(), |p| format!("{:.1}%", 100.0 * p)),
            yen(row.cost.city_yen.median),
            e.additional_adopters.median.map_or("-".into(), |v| format!("{v:+.0}")),
            yen(e.yen_per_additional_adopter.median),
        ));
    }
    out.push_str(&format!(
        "at {}; gain: rate minus the own plan's, paired by replication (percentage points); P(beat): share of \
         paired replications above the own plan",
        ranking.date
    ));
    if let Some(t) = &ranking.target {
        out.push_str(&format!("; P(target): {:.1}% by {} (read at {})", 100.0 * t.rate, t.by, t.date_used));
    }
    out.push_str(&format!(
        "; +adopters and ¥/+adopter against the baseline (policy calendar only); ∞: the median replication gained \
         nothing; {}\n",
        cost::NOTE
    ));
    if let Some(d) = &ranking.decisive {
        out.push_str(&format!("decisive unknown: {}\n", d.sentence));
    }
    let d = &ranking.drivers;
    out.push_str(&format!(
        "drivers of the own plan's rise {} → {}: total {} pt ({}…{}), national calendar {} pt ({}…{}), local plan {} \
         pt ({}…{}) (paired; the calendar part includes the offices' own momentum; deadline strength is an \
         assumption: --what-if deadlines=none|strong)",
        d.from_date,
        d.date,
        pts(d.total.median),
        pts(d.total.p05),
        pts(d.total.p95),
        pts(d.calendar.median),
        pts(d.calendar.p05),
        pts(d.calendar.p95),
        pts(d.local.median),
        pts(d.local.p05),
        pts(d.local.p95),
    ));
    out
}
