//! `renkei scenario --new NAME ...`: a municipality from its own figures. The options become
//! the same text fields the page's form has (`scenario::figures_text::FiguresText`), read by
//! the core into `municipality::Figures` and built by the one constructor the presets use; every
//! range is checked there, and here the figure a message names becomes the option the user typed.

use crate::args::{CentreKindArg, NewArgs};
use anyhow::{anyhow, Result};
use renkei::sim::error::SimError;
use renkei::sim::scenario::figures_text::FiguresText;
use renkei::sim::scenario::municipality::{self, External, Figures};
use renkei::sim::scenario::Scenario;

/// The option that gives a figure the core names `field` (`out_of_scope` → `--out-of-scope`).
fn option(field: &str, args: &NewArgs) -> String {
    let base = field.split(['[', '.']).next().unwrap_or(field);
    match base {
        "name" => "--new".into(),
        "external_offices" => "--external".into(),
        "areas" | "area" if !args.area.is_empty() => "--area".into(),
        other => format!("--{}", other.replace('_', "-")),
    }
}

/// The core's error with the option the user gave in front.
fn named(e: SimError, args: &NewArgs) -> anyhow::Error {
    match &e {
        SimError::Invalid { field, reason } => anyhow!("{}: {reason}", option(field, args)),
        _ => anyhow!(e),
    }
}

/// The options as the form's fields; a repeated option is one line each.
fn text(args: &NewArgs) -> FiguresText {
    let lines = |v: &[String]| v.join("\n");
    let num = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    FiguresText {
        name: args.new.clone().unwrap_or_default(),
        offices: num(args.offices),
        areas: match args.areas {
            Some(k) => k.to_string(),
            None => lines(&args.area),
        },
        adopted: args.adopted.clone().unwrap_or_default(),
        on: args.on.clone().unwrap_or_default(),
        observed: lines(&args.observed),
        out_of_scope: num(args.out_of_scope),
        external: num(args.external),
        centre_kind: match args.centre_kind {
            None => String::new(),
            Some(CentreKindArg::Commissioned) => "commissioned".into(),
            Some(CentreKindArg::Direct) => "direct".into(),
        },
        survey: lines(&args.survey),
    }
}

/// The figures the options give.
pub fn figures(args: &NewArgs) -> Result<Figures> {
    let mut f = text(args).figures().map_err(|e| named(e, args))?;
    if let (Some(n), Some(s)) = (args.external, args.cross_border) {
        f.external = Some(External { offices: n, cross_border: s });
    }
    Ok(f)
}

/// The municipality's scenario, planned from its latest figure.
pub fn scenario(args: &NewArgs) -> Result<Scenario> {
    municipality::municipality(&figures(args)?).map_err(|e| named(e, args))
}
