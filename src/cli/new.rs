//! `renkei scenario --new NAME ...`: a municipality from its own figures, through the core's
//! constructor (`scenario/municipality.rs`), the one the presets are built by. This file only
//! reads the options; every range is checked by the core, whose messages name the figure, and
//! here the figure becomes the option the user typed.

use crate::args::{CentreKindArg, NewArgs};
use anyhow::{anyhow, Context, Result};
use renkei::sim::date::Date;
use renkei::sim::error::SimError;
use renkei::sim::scenario::municipality::{self, AreaFigure, External, Figures};
use renkei::sim::scenario::survey::SurveyArea;
use renkei::sim::scenario::{CentreKind, Observation, Scenario};

/// The option that gives a figure the core names `field` (`offices` → `--offices`).
fn option(field: &str) -> String {
    let base = field.split(['[', '.']).next().unwrap_or(field);
    match base {
        "name" => "--new".into(),
        "external_offices" => "--external".into(),
        other => format!("--{}", other.replace('_', "-")),
    }
}

/// The core's error with the option the user gave in front.
fn named(e: SimError) -> anyhow::Error {
    match &e {
        SimError::Invalid { field, reason } => anyhow!("{}: {reason}", option(field)),
        _ => anyhow!(e),
    }
}

fn date(opt: &str, text: &str) -> Result<Date> {
    Date::parse(text.trim()).with_context(|| format!("{opt} {text}: expected a date YYYY-MM-DD"))
}

fn count(opt: &str, text: &str, what: &str) -> Result<u32> {
    text.trim().parse::<u32>().map_err(|_| anyhow!("{opt} {text}: {what} must be a whole number from 0 to 4294967295"))
}

/// `A` or `A/N`.
fn fraction(opt: &str, text: &str, offices: u32) -> Result<(u32, u32)> {
    match text.split_once('/') {
        Some((a, n)) => Ok((count(opt, a, "the adopted offices")?, count(opt, n, "the offices")?)),
        None => Ok((count(opt, text, "the adopted offices")?, offices)),
    }
}

/// The figures the options give.
pub fn figures(args: &NewArgs) -> Result<Figures> {
    let name = args.new.clone().unwrap_or_default();
    let offices = args.offices.context("--new needs --offices N")?;
    let areas = match (args.areas, args.area.is_empty()) {
        (Some(k), _) => {
            if k == 0 || k as usize > (offices as usize).min(renkei::sim::scenario::MAX_AREAS) {
                return Err(named(SimError::range(
                    "areas",
                    k as f64,
                    1.0,
                    (offices as usize).min(renkei::sim::scenario::MAX_AREAS) as f64,
                )));
            }
            municipality::numbered("圏域", k)
        }
        (None, false) => args
            .area
            .iter()
            .map(|a| {
                let (n, o) = a.rsplit_once(':').unwrap_or((a.as_str(), ""));
                let offices = if o.trim().is_empty() { None } else { Some(count("--area", o, "an area's offices")?) };
                Ok(AreaFigure { name: n.trim().to_string(), offices })
            })
            .collect::<Result<Vec<_>>>()?,
        (None, true) => anyhow::bail!("--new needs --areas K or --area NAME[:OFFICES] (repeatable)"),
    };
    let on = date("--on", args.on.as_deref().unwrap_or_default())?;
    let (adopted, of) = fraction("--adopted", args.adopted.as_deref().unwrap_or_default(), offices)?;
    let mut f = Figures::new(&name, offices, areas, adopted, on);
    f.latest = Observation { date: on, adopters: adopted, offices: of };
    for o in &args.observed {
        let (d, rest) = o.split_once(':').with_context(|| format!("--observed {o}: expected DATE:A/N"))?;
        let (a, n) = rest.split_once('/').with_context(|| format!("--observed {o}: expected DATE:A/N"))?;
        f.earlier.push(Observation {
            date: date("--observed", d)?,
            adopters: count("--observed", a, "the adopted offices")?,
            offices: count("--observed", n, "the offices")?,
        });
    }
    f.out_of_scope = args.out_of_scope;
    f.centre_kind = args.centre_kind.map(|k| match k {
        CentreKindArg::Commissioned => CentreKind::Commissioned,
        CentreKindArg::Direct => CentreKind::Direct,
    });
    if let Some(n) = args.external {
        f.external = Some(External { offices: n, cross_border: args.cross_border.unwrap_or(0.1) });
    }
    if !args.survey.is_empty() {
        let rows = args
            .survey
            .iter()
            .map(|s| {
                let bad = || anyhow!("--survey {s}: expected AREA:NOT_ADOPTED/PLANNING/ADOPTED");
                let (area, counts) = s.rsplit_once(':').ok_or_else(bad)?;
                let c: Vec<&str> = counts.split('/').collect();
                let [n, p, a] = c.as_slice() else { return Err(bad()) };
                Ok(SurveyArea {
                    area: area.trim().to_string(),
                    not_adopted: count("--survey", n, "a count")?,
                    planning: count("--survey", p, "a count")?,
                    adopted: count("--survey", a, "a count")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        f.survey = Some(rows);
    }
    Ok(f)
}

/// The municipality's scenario, planned from its latest figure.
pub fn scenario(args: &NewArgs) -> Result<Scenario> {
    municipality::municipality(&figures(args)?).map_err(named)
}
