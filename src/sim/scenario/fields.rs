//! A scenario edited one field at a time from text, as the page's form (and its share link)
//! does: the field's text for an input box, the text applied with the core's checks, and the
//! typed reason a text is refused. The CLI edits the same parameters through `set_param`.

use crate::sim::error::{Reason, SimError};
use crate::sim::scenario::params::PARAM_INFO;
use crate::sim::scenario::posterior::{self, Uncertainty};
use crate::sim::scenario::Scenario;

/// Field key of a parameter (`params.q`), as the core names it in errors.
pub fn param_field(name: &str) -> String {
    format!("params.{name}")
}

/// Current value of a field, as text for an input box.
pub fn field_text(scn: &Scenario, field: &str) -> String {
    match field {
        "replications" => scn.replications.to_string(),
        "seed" => scn.seed.to_string(),
        f => f.strip_prefix("params.").and_then(|n| scn.params.get(n)).map(|v| format!("{v}")).unwrap_or_default(),
    }
}

/// Why a field's text was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldError {
    NotNumber,
    NotWhole,
    NotDate,
    Range {
        min: f64,
        max: f64,
    },
    /// The core's error, e.g. the scenario-wide work bound (said on the page by `i18n::errors`).
    Sim(SimError),
}

impl From<SimError> for FieldError {
    /// A range error of the core is the field's own range; any other error is kept whole.
    fn from(e: SimError) -> FieldError {
        match e {
            SimError::Invalid { reason: Reason::Range { min, max, .. }, .. } => FieldError::Range { min, max },
            e => FieldError::Sim(e),
        }
    }
}

/// Applies a field's text to a scenario; on error the scenario is unchanged.
/// Returns the field the core blamed when it is another one.
pub fn apply_field(scn: &Scenario, field: &str, text: &str) -> Result<Scenario, (String, FieldError)> {
    let text = text.trim();
    let mut next = scn.clone();
    let err = |e: FieldError| Err((field.to_string(), e));
    match field {
        "uncertainty" => match text {
            "posterior" => next.uncertainty = Uncertainty::Posterior,
            "fixed" => next.uncertainty = Uncertainty::Fixed,
            _ => return err(FieldError::Sim(SimError::unknown("uncertainty", text, &["posterior", "fixed"]))),
        },
        "replications" | "seed" => {
            let Ok(v) = text.parse::<u64>() else {
                return err(if text.parse::<f64>().is_ok() { FieldError::NotWhole } else { FieldError::NotNumber });
            };
            if field == "seed" {
                next.seed = v;
            } else {
                // above u32, `validate` below names the range
                next.replications = u32::try_from(v).unwrap_or(u32::MAX);
            }
        }
        f => {
            let Some(name) = f.strip_prefix("params.") else {
                return err(FieldError::Sim(SimError::unknown(
                    "field",
                    f,
                    &["replications", "seed", "uncertainty", "params.*"],
                )));
            };
            if name == "setup_rate" && text.is_empty() {
                next.params.setup_rate = None;
            } else {
                let Ok(v) = text.parse::<f64>() else { return err(FieldError::NotNumber) };
                if !v.is_finite() {
                    return err(FieldError::NotNumber);
                }
                // `set_param` checks the range (and the name) once, for the CLI and the page alike
                if let Err(e) = next.set_param(name, v) {
                    return err(FieldError::from(e));
                }
                // an edited calibrated parameter is pinned in either mode (a fixed run ignores
                // pins), so switching modes keeps the user's edits as theirs
                if posterior::shipped().calibrates(name) && !next.pinned.iter().any(|n| n == name) {
                    next.pinned.push(name.to_string());
                }
                // one order whatever the order of the edits, so equal scenarios hash alike
                next.pinned.sort_by_key(|n| PARAM_INFO.iter().position(|i| i.name == n).unwrap_or(usize::MAX));
            }
        }
    }
    match next.validate() {
        Ok(()) => Ok(next),
        Err(e) => Err((e.field().unwrap_or(field).to_string(), FieldError::from(e))),
    }
}

/// A parameter set back to its value in `base` (the preset) is no longer the user's: it is
/// unpinned, so it is drawn from the posterior again.
pub fn unpin_if_default(scn: &mut Scenario, base: &Scenario, field: &str) {
    if let Some(name) = field.strip_prefix("params.") {
        if scn.params.get(name) == base.params.get(name) && !base.pinned.iter().any(|n| n == name) {
            scn.pinned.retain(|n| n != name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::regions;

    fn base() -> Scenario {
        regions::preset("okazaki").expect("preset")
    }

    #[test]
    fn a_field_reads_back_the_text_it_was_set_from() {
        let s = apply_field(&base(), "params.q", " 2.5 ").expect("in range");
        assert_eq!(field_text(&s, "params.q"), "2.5");
        let s = apply_field(&s, "replications", "77").expect("whole");
        assert_eq!((field_text(&s, "replications"), s.replications), ("77".to_string(), 77));
        assert_eq!(field_text(&s, "params.nope"), "");
    }

    #[test]
    fn a_refused_text_names_its_field_and_reason() {
        let b = base();
        assert_eq!(apply_field(&b, "params.q", "abc"), Err(("params.q".into(), FieldError::NotNumber)));
        assert_eq!(apply_field(&b, "params.q", "inf"), Err(("params.q".into(), FieldError::NotNumber)));
        assert_eq!(apply_field(&b, "seed", "1.5"), Err(("seed".into(), FieldError::NotWhole)));
        assert!(
            matches!(apply_field(&b, "params.q", "21"), Err((f, FieldError::Range { max, .. })) if f == "params.q" && max == 20.0)
        );
        assert!(
            matches!(apply_field(&b, "replications", "0"), Err((f, FieldError::Range { min, .. })) if f == "replications" && min == 1.0)
        );
        assert!(matches!(apply_field(&b, "uncertainty", "maybe"), Err((_, FieldError::Sim(SimError::Invalid { .. })))));
        assert!(matches!(apply_field(&b, "colour", "1"), Err((f, FieldError::Sim(_))) if f == "colour"));
    }

    #[test]
    fn an_edited_calibrated_parameter_is_pinned_in_one_order_and_unpinned_when_set_back() {
        let b = base();
        let calibrated: Vec<&str> =
            PARAM_INFO.iter().map(|i| i.name).filter(|n| posterior::shipped().calibrates(n)).take(2).collect();
        assert_eq!(calibrated.len(), 2, "the shipped posterior calibrates at least two parameters");
        let text = |n: &str| field_text(&b, &param_field(n));
        // the same two edits in either order give the same scenario
        let one = apply_field(&b, &param_field(calibrated[1]), &text(calibrated[1]))
            .and_then(|s| apply_field(&s, &param_field(calibrated[0]), &text(calibrated[0])))
            .expect("their own values");
        let two = apply_field(&b, &param_field(calibrated[0]), &text(calibrated[0]))
            .and_then(|s| apply_field(&s, &param_field(calibrated[1]), &text(calibrated[1])))
            .expect("their own values");
        assert_eq!(one, two);
        assert_eq!(one.pinned, calibrated);
        let mut back = one.clone();
        unpin_if_default(&mut back, &b, &param_field(calibrated[0]));
        assert_eq!(back.pinned, vec![calibrated[1]]);
    }
}
