//! `renkei target`: goal seek (issue 14 §1, src/sim/goal.rs). Prints one JSON answer:
//! `{"lever", "value", "probability", "reachable", "evaluations", ...}`.

use anyhow::{bail, Context, Result};
use clap::Parser;
use renkei::sim::date::Date;
use renkei::sim::experiment::goal::{self, Dimension, Goal};
use renkei::sim::experiment::{cost, options, report};
use renkei::sim::model::plan::Plan;
use renkei::sim::scenario::forward::WhatIf;
use renkei::sim::scenario::targeting::{Rule, Targeting};
use renkei::sim::scenario::Scenario;

/// What it takes: the smallest intensity of one lever that reaches an adoption rate by a date
/// with at least a probability (posterior-predictive runs, common random numbers, bisection).
#[derive(Parser, Debug)]
#[command(about)]
pub struct TargetArgs {
    /// A scenario file or a preset name (okazaki, chitose, higashisonogi, sendai, example).
    pub scenario: String,
    /// The adoption rate sought (0 to 1), e.g. 0.3.
    #[arg(long)]
    pub rate: f64,
    /// The date by which the rate is sought (the last month end on or before it is read).
    #[arg(long, value_parser = parse_date)]
    pub by: Date,
    /// The probability with which the rate must be reached (0 to 1), e.g. 0.8.
    #[arg(long)]
    pub prob: f64,
    /// The lever dimension: outreach.contacts_per_month, visits.per_month, support.per_month,
    /// outreach.focus_areas, training.attendance, free_pass.end or requests.per_month.
    #[arg(long, required_unless_present = "strategies")]
    pub lever: Option<String>,
    /// Goals across options instead of one lever: `all` (the own plan and every library
    /// strategy) or a comma-separated list (`own` is the scenario's own plan). Each option's main
    /// lever is sized; the answers are sorted by city cost (JSON `"options"`).
    #[arg(long, value_delimiter = ',', conflicts_with_all = ["lever", "range", "tol", "check", "strategy"])]
    pub strategies: Vec<String>,
    /// The search range A,B (dates YYYY-MM-DD for free_pass.end); default depends on the lever.
    #[arg(long)]
    pub range: Option<String>,
    /// Stop when the bracket is this narrow, 0.001 to 1000000 and at most 40 halvings of the
    /// range (default 0.1 contacts; 1 office, area or day).
    #[arg(long)]
    pub tol: Option<f64>,
    /// Also evaluate a grid of N values across the range and report it (a monotonicity check).
    #[arg(long)]
    pub check: Option<usize>,
    /// A library strategy, as `renkei run --strategy`.
    #[arg(long)]
    pub strategy: Option<String>,
    /// Targeting rule of the outreach and visits levers (random, most_partners, near_threshold,
    /// large_care_management, partner_requests).
    #[arg(long)]
    pub rule: Option<String>,
    /// json (the default), or text: a table (with --strategies).
    #[arg(long, default_value = "json")]
    pub format: String,
    #[command(flatten)]
    pub run: RunOptions,
}

/// Options shared by `target` and `compare`: the runs and the plan.
#[derive(clap::Args, Debug)]
pub struct RunOptions {
    /// Replications (default: the scenario's).
    #[arg(long, value_name = "N")]
    pub reps: Option<u32>,
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub threads: crate::args::Threads,
    /// Plan from an observation (`last` or a date), as `renkei run --from`.
    #[arg(long, value_name = "DATE|last")]
    pub from: Option<String>,
    /// What-ifs on top of the plan, as `renkei run --what-if` (repeatable).
    #[arg(long = "what-if", value_name = "WHAT_IF")]
    pub what_if: Vec<String>,
}

impl RunOptions {
    /// The options without their what-ifs, and the what-ifs read: for commands that apply them
    /// to every option in turn.
    pub fn without_what_ifs(self) -> Result<(RunOptions, Vec<WhatIf>)> {
        let what_ifs = self
            .what_if
            .iter()
            .map(|w| WhatIf::parse(w).with_context(|| format!("--what-if {w}")))
            .collect::<Result<Vec<_>>>()?;
        Ok((RunOptions { what_if: vec![], ..self }, what_ifs))
    }

    /// The scenario with --reps, --seed, --from, the library `strategy` and --what-if applied
    /// (what-ifs also with `strategy` None), and the thread count.
    pub fn scenario(&self, file: &str, strategy: Option<&str>) -> Result<(Scenario, usize)> {
        let mut scn = crate::load_scenario(file)?;
        if let Some(r) = self.reps {
            scn.replications = r;
        }
        if let Some(s) = self.seed {
            scn.seed = s;
        }
        let plan = crate::args::PlanArgs {
            from: self.from.clone(),
            strategy: strategy.map(str::to_string),
            what_if: self.what_if.clone(),
        };
        crate::plan_options(&mut scn, &plan)?;
        scn.validate().context("after applying the options")?;
        Ok((scn, crate::threads(&self.threads)))
    }
}

pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date YYYY-MM-DD"))
}

/// `A,B` as numbers, or as dates for the free pass.
fn parse_range(dim: Dimension, text: &str) -> Result<(f64, f64)> {
    let (a, b) = text.split_once(',').with_context(|| format!("--range {text}: expected A,B"))?;
    let one = |v: &str| -> Result<f64> {
        let v = v.trim();
        if dim == Dimension::FreePassEnd {
            Ok(Date::parse(v).with_context(|| format!("--range {text}: `{v}` is not a date YYYY-MM-DD"))?.days() as f64)
        } else {
            let x: f64 = v
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite() && *x >= 0.0)
                .with_context(|| format!("--range {text}: `{v}` is not a number ≥ 0"))?;
            Ok(x)
        }
    };
    let (a, b) = (one(a)?, one(b)?);
    if a > b {
        bail!("--range {text}: A must not be above B");
    }
    Ok((a, b))
}

pub fn main(args: TargetArgs) -> Result<()> {
    match (args.format.as_str(), args.strategies.is_empty()) {
        ("json", _) | ("text", false) => {}
        (other, true) => bail!("--format {other}: allowed json (text needs --strategies)"),
        (other, false) => bail!("--format {other}: allowed json or text"),
    }
    if !args.strategies.is_empty() {
        return across_options(args);
    }
    let lever = args.lever.as_deref().context("--lever or --strategies is needed")?;
    let dim = Dimension::parse(lever).map_err(|e| anyhow::anyhow!("--{e}"))?;
    let (mut scn, threads) = args.run.scenario(&args.scenario, args.strategy.as_deref())?;
    if let Some(r) = &args.rule {
        let rule = Rule::parse(r).map_err(|e| anyhow::anyhow!("--rule: {e}"))?;
        scn.targeting = (rule != Rule::Random).then_some(Targeting { outreach: rule, visits: rule });
    }
    if let Some(n) = args.check.filter(|n| !(2..=101).contains(n)) {
        bail!("--check {n}: allowed 2 to 101 points");
    }
    let g = Goal { rate: args.rate, by: args.by, prob: args.prob };
    g.validate(&scn).map_err(|e| anyhow::anyhow!("--{e}"))?;
    // The runs reach --by: a date past the longest horizon is refused naming it, not `end`.
    let mut reach = scn.clone();
    reach.end = reach.end.max(g.by);
    reach.validate().map_err(|e| anyhow::anyhow!("--by {}: {e}", g.by))?;
    let range = match &args.range {
        Some(r) => parse_range(dim, r)?,
        None => dim.default_range(&scn, g.by),
    };
    let tol = args.tol.unwrap_or(dim.default_tolerance());
    if !(tol.is_finite() && (goal::MIN_TOLERANCE..=goal::MAX_TOLERANCE).contains(&tol)) {
        bail!("--tol {tol}: allowed {} to {}", goal::MIN_TOLERANCE, goal::MAX_TOLERANCE);
    }
    let mut run = |s: &Scenario| renkei::parallel::run(s, threads);
    let started = std::time::Instant::now();
    let answer = goal::seek(&scn, dim, &g, range, tol, &mut run).map_err(|e| match e.field() {
        Some("tolerance") => anyhow::anyhow!("--tol (tolerance) {}", e.to_string().trim_start_matches("tolerance")),
        _ => e.into(),
    })?;
    let seconds = (started.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    // What the answer costs: the plan with the value found, priced (one more pass).
    let cost = match &answer.value {
        Some(_) => {
            let x = answer.trace.iter().find(|e| Some(&e.value) == answer.value.as_ref()).map(|e| e.x);
            let mut s = scn.clone();
            s.end = s.end.max(g.by);
            dim.apply(&mut s, x.unwrap_or(range.1), g.by)?;
            let reps = renkei::parallel::cost_reps(&s, threads)?;
            Some(cost::summarise(&s, &Plan::new(&s), &reps).total)
        }
        None => None,
    };
    let check = match args.check {
        None => None,
        Some(n) => {
            let grid = goal::grid(&scn, dim, &g, range, n, &mut run)?;
            Some(Check { monotone: goal::inversions(&grid).is_empty(), inversions: goal::inversions(&grid), grid })
        }
    };
    let out = Output { answer, seconds, cost, check };
    let manifest = report::scenario_manifest(&scn)
        .text("lever", dim.name())
        .word("rate", g.rate)
        .word("by", g.by)
        .word("prob", g.prob);
    outln!("{}", report::json_document(&manifest, &out)?.trim_end());
    Ok(())
}

/// The answer with the time the search took and the optional grid check.
#[derive(serde::Serialize)]
struct Output {
    #[serde(flatten)]
    answer: goal::Answer,
    /// Wall-clock seconds of the search (not of the check or the cost).
    seconds: f64,
    /// The cost of the plan at the value found (`null` when out of reach).
    cost: Option<cost::CostTotal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    check: Option<Check>,
}

#[derive(serde::Serialize)]
struct Check {
    monotone: bool,
    inversions: Vec<goal::Inversion>,
    grid: Vec<goal::Evaluation>,
}

/// `--strategies`: every option's main lever sized for the goal (`options::seek_options`).
fn across_options(args: TargetArgs) -> Result<()> {
    let names = options::names(&args.strategies).map_err(|e| anyhow::anyhow!("--{e}"))?;
    let (opts, what_ifs) = args.run.without_what_ifs()?;
    let (mut base, threads) = opts.scenario(&args.scenario, None)?;
    if let Some(r) = &args.rule {
        let rule = Rule::parse(r).map_err(|e| anyhow::anyhow!("--rule: {e}"))?;
        base.targeting = (rule != Rule::Random).then_some(Targeting { outreach: rule, visits: rule });
    }
    let g = Goal { rate: args.rate, by: args.by, prob: args.prob };
    g.validate(&base).map_err(|e| anyhow::anyhow!("--{e}"))?;
    let started = std::time::Instant::now();
    let found =
        options::seek_options(&base, &names, &what_ifs, &g, &mut |s| renkei::parallel::run(s, threads), &mut |s| {
            renkei::parallel::cost_reps(s, threads)
        })?;
    let seconds = (started.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    #[derive(serde::Serialize)]
    struct Out {
        goal: goal::GoalOut,
        options: Vec<options::OptionGoal>,
        seconds: f64,
        note: &'static str,
    }
    let out = Out {
        goal: goal::GoalOut { rate: g.rate, by: g.by.to_string(), prob: g.prob },
        options: found,
        seconds,
        note: options::SEEK_NOTE,
    };
    if args.format == "text" {
        outln!("{}", options_table(&out.options, &g));
        return Ok(());
    }
    let manifest = report::scenario_manifest(&base)
        .text("strategies", &args.strategies.join(","))
        .word("rate", g.rate)
        .word("by", g.by)
        .word("prob", g.prob);
    outln!("{}", report::json_document(&manifest, &out)?.trim_end());
    Ok(())
}

/// The options' answers as a table, cheapest first.
fn options_table(found: &[options::OptionGoal], g: &Goal) -> String {
    let mut out = format!(
        "goal: {:.1}% by {} with probability ≥ {:.0}%\n{:<24} {:<30} {:>12} {:>12} {:>12}\n",
        100.0 * g.rate,
        g.by,
        100.0 * g.prob,
        "strategy",
        "lever",
        "value",
        "probability",
        "city cost"
    );
    for o in found {
        let value = match (&o.value, o.reachable) {
            (Some(v), _) => v.to_string().trim_matches('"').to_string(),
            (None, true) => "as is".into(),
            (None, false) => "not reachable".into(),
        };
        out.push_str(&format!(
            "{:<24} {:<30} {:>12} {:>11.1}% {:>12}\n",
            o.strategy,
            o.lever.as_deref().unwrap_or("-"),
            value,
            100.0 * o.probability,
            o.city_yen.map_or("-".into(), |y| format!("¥{:.1}M", y / 1e6)),
        ));
        if let Some(e) = &o.error {
            out.push_str(&format!("  ({e})\n"));
        }
    }
    out.push_str(options::SEEK_NOTE);
    out
}
