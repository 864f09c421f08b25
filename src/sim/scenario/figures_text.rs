//! A municipality's figures as a form gives them: text fields, read into
//! [`municipality::Figures`] (the one constructor, `municipality.rs`), and back from a scenario
//! built by it (so a share link or an autosave refills the form). Pure and tested here, so the
//! page holds no parsing of its own; every error is the core's typed error naming the form's
//! field (`offices`, `areas`, `adopted`, `on`, `observed`, `out_of_scope`, `external`,
//! `centre_kind`, `survey`), which the page says in its language.
//!
//! Lists (areas, earlier figures, survey rows) are separated by commas, `、`, `;` or new lines.

use crate::sim::date::Date;
use crate::sim::error::{Reason, Requirement, SimError};
use crate::sim::scenario::municipality::{self, AreaFigure, External, Figures};
use crate::sim::scenario::survey::SurveyArea;
use crate::sim::scenario::{CentreKind, Observation, Scenario, MAX_OFFICES};

/// Share of a care manager's links that cross the border when external offices are given
/// without one (the CLI's `--cross-border` default; assumption).
pub const CROSS_BORDER: f64 = 0.1;

/// The form's fields as typed. Empty optional fields take the presets' defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FiguresText {
    pub name: String,
    /// Offices in the national database.
    pub offices: String,
    /// A count (`3`) or areas `NAME[:OFFICES]` (`北部:40, 中部, 南部`).
    pub areas: String,
    /// The latest figure: `A` (of `offices`) or `A/N`.
    pub adopted: String,
    /// The latest figure's date.
    pub on: String,
    /// Earlier figures `DATE A/N` (or `DATE:A/N`), optional.
    pub observed: String,
    pub out_of_scope: String,
    /// Offices of neighbouring municipalities that trade with this one, optional.
    pub external: String,
    /// `""` (the default), `commissioned` or `direct`.
    pub centre_kind: String,
    /// Survey rows `AREA:NOT_ADOPTED/PLANNING/ADOPTED`, optional.
    pub survey: String,
}

fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', '、', ';', '\n']).map(str::trim).filter(|s| !s.is_empty())
}

fn whole(field: &str, text: &str) -> Result<u32, SimError> {
    let t = text.trim();
    match t.parse::<u64>() {
        Ok(v) => u32::try_from(v).map_err(|_| SimError::range(field, v as f64, 0.0, MAX_OFFICES as f64)),
        Err(_) => Err(SimError::refused(field, Reason::NotNumber { text: t.to_string() })),
    }
}

fn optional(field: &str, text: &str) -> Result<Option<u32>, SimError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        whole(field, text).map(Some)
    }
}

fn date(field: &str, text: &str) -> Result<Date, SimError> {
    Date::parse(text.trim()).ok_or_else(|| SimError::refused(field, Reason::NotDate { text: text.trim().to_string() }))
}

/// `A` (of `offices`) or `A/N`.
fn fraction(field: &str, text: &str, offices: u32) -> Result<(u32, u32), SimError> {
    match text.split_once('/') {
        Some((a, n)) => Ok((whole(field, a)?, whole(field, n)?)),
        None => Ok((whole(field, text)?, offices)),
    }
}

/// `NAME:REST`, split at the last colon (area names may hold none, dates hold none).
fn named(item: &str) -> Option<(&str, &str)> {
    item.rsplit_once([':', ':']).map(|(a, b)| (a.trim(), b.trim()))
}

impl FiguresText {
    /// The figures the fields give; the first field that cannot be read is named.
    pub fn figures(&self) -> Result<Figures, SimError> {
        let offices = whole("offices", &self.offices)?;
        let areas = self.areas.trim();
        let areas = if areas.parse::<u64>().is_ok() {
            let k = whole("areas", areas)?;
            let max = (offices as usize).min(crate::sim::scenario::MAX_AREAS);
            if k == 0 || k as usize > max {
                return Err(SimError::range("areas", k as f64, 1.0, max as f64));
            }
            municipality::numbered("圏域", k)
        } else {
            items(areas)
                .map(|item| match named(item) {
                    Some((n, o)) => Ok(AreaFigure { name: n.to_string(), offices: Some(whole("areas", o)?) }),
                    None => Ok(AreaFigure { name: item.to_string(), offices: None }),
                })
                .collect::<Result<Vec<_>, SimError>>()?
        };
        let on = date("on", &self.on)?;
        let (adopted, of) = fraction("adopted", &self.adopted, offices)?;
        let mut f = Figures::new(self.name.trim(), offices, areas, adopted, on);
        f.latest = Observation { date: on, adopters: adopted, offices: of };
        for item in items(&self.observed) {
            let (d, rest) = item.split_once([' ', ':', ':', '\t']).ok_or_else(|| match Date::parse(item) {
                // a date alone: what is missing is its count, not a date
                Some(_) => SimError::refused("observed", Reason::Needs(Requirement::DateAndCount)),
                None => SimError::refused("observed", Reason::NotDate { text: item.to_string() }),
            })?;
            let (a, n) = fraction("observed", rest, offices)?;
            f.earlier.push(Observation { date: date("observed", d)?, adopters: a, offices: n });
        }
        f.out_of_scope = optional("out_of_scope", &self.out_of_scope)?;
        f.external = optional("external", &self.external)?.map(|n| External { offices: n, cross_border: CROSS_BORDER });
        f.centre_kind = match self.centre_kind.trim() {
            "" => None,
            "commissioned" => Some(CentreKind::Commissioned),
            "direct" => Some(CentreKind::Direct),
            other => return Err(SimError::unknown("centre_kind", other, &["commissioned", "direct"])),
        };
        if !self.survey.trim().is_empty() {
            let rows = items(&self.survey)
                .map(|item| {
                    let bad = || SimError::refused("survey", Reason::NotNumber { text: item.to_string() });
                    let (area, counts) = named(item).ok_or_else(bad)?;
                    let c: Vec<&str> = counts.split('/').collect();
                    let [n, p, a] = c.as_slice() else { return Err(bad()) };
                    Ok(SurveyArea {
                        area: area.to_string(),
                        not_adopted: whole("survey", n)?,
                        planning: whole("survey", p)?,
                        adopted: whole("survey", a)?,
                    })
                })
                .collect::<Result<Vec<_>, SimError>>()?;
            f.survey = Some(rows);
        }
        Ok(f)
    }

    /// The fields of a scenario built from figures (`Figures::scenario`): what a share link or
    /// an autosave gives back to the form. A value the scenario took by default (listed in
    /// `assumed`) is left empty, so it stays a default.
    pub fn of(scn: &Scenario) -> FiguresText {
        let assumed = |field: &str| scn.assumed.iter().any(|a| a.field == field);
        let opt = |field: &str, v: u32| if assumed(field) { String::new() } else { v.to_string() };
        let p = &scn.population;
        let offices = p.home_offices();
        let numbered = municipality::numbered("圏域", p.areas.len() as u32);
        let even = p.areas.iter().map(|a| a.offices).max().unwrap_or(0)
            - p.areas.iter().map(|a| a.offices).min().unwrap_or(0)
            <= 1;
        let areas = if even && p.areas.iter().zip(&numbered).all(|(a, n)| a.name == n.name) {
            p.areas.len().to_string()
        } else {
            p.areas.iter().map(|a| format!("{}:{}", a.name, a.offices)).collect::<Vec<_>>().join(", ")
        };
        let mut observed = scn.observed.clone();
        observed.sort_by_key(|o| o.date);
        let latest = observed.pop();
        let fraction = |o: &Observation| {
            if o.offices == offices {
                o.adopters.to_string()
            } else {
                format!("{}/{}", o.adopters, o.offices)
            }
        };
        FiguresText {
            name: scn.name.clone(),
            offices: offices.to_string(),
            areas,
            adopted: latest.as_ref().map(fraction).unwrap_or_default(),
            on: latest.map(|o| o.date.to_string()).unwrap_or_default(),
            observed: observed.iter().map(|o| format!("{} {}", o.date, fraction(o))).collect::<Vec<_>>().join(", "),
            out_of_scope: opt("population.out_of_scope", p.out_of_scope),
            external: opt("population.external_offices", p.external_offices),
            centre_kind: match p.areas.first().map(|a| a.centre) {
                _ if assumed("population.areas.centre") => String::new(),
                Some(CentreKind::Direct) => "direct".into(),
                Some(CentreKind::Commissioned) => "commissioned".into(),
                None => String::new(),
            },
            survey: scn.survey.as_deref().map(FiguresText::survey_text).unwrap_or_default(),
        }
    }

    /// Survey rows as the `survey` field reads them.
    pub fn survey_text(rows: &[SurveyArea]) -> String {
        rows.iter()
            .map(|s| format!("{}:{}/{}/{}", s.area, s.not_adopted, s.planning, s.adopted))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::date::d;

    fn town() -> FiguresText {
        FiguresText {
            name: "三川町".into(),
            offices: "120".into(),
            areas: "3".into(),
            adopted: "18".into(),
            on: "2026-02-28".into(),
            ..FiguresText::default()
        }
    }

    #[test]
    fn a_town_of_three_numbers_reads_as_the_cli_reads_it() {
        let f = town().figures().unwrap();
        let cli = Figures::new("三川町", 120, municipality::numbered("圏域", 3), 18, d("2026-02-28"));
        assert_eq!(f, cli);
        let s = municipality::municipality(&f).unwrap();
        assert_eq!(s.condition.as_ref().map(|c| c.date), Some(d("2026-02-28")), "planned from its latest figure");
    }

    #[test]
    fn every_optional_field_is_read() {
        let t = FiguresText {
            areas: "北部:40、中部, 南部".into(),
            adopted: "18/121".into(),
            observed: "2025-08-31 10/118\n2025-11-30:14/120".into(),
            out_of_scope: "50".into(),
            external: "30".into(),
            centre_kind: "direct".into(),
            survey: "北部:30/5/5, 中部:36/2/2, 南部:34/0/6".into(),
            ..town()
        };
        let f = t.figures().unwrap();
        assert_eq!(f.areas[0], AreaFigure { name: "北部".into(), offices: Some(40) });
        assert_eq!(f.areas[1].offices, None);
        assert_eq!(f.latest, Observation { date: d("2026-02-28"), adopters: 18, offices: 121 });
        assert_eq!(f.earlier.len(), 2);
        assert_eq!(f.earlier[1], Observation { date: d("2025-11-30"), adopters: 14, offices: 120 });
        assert_eq!((f.out_of_scope, f.external.map(|e| e.offices)), (Some(50), Some(30)));
        assert_eq!(f.centre_kind, Some(CentreKind::Direct));
        assert_eq!(f.survey.as_ref().map(|s| s[2].adopted), Some(6));
    }

    #[test]
    fn a_field_that_cannot_be_read_is_named() {
        let field = |t: FiguresText| t.figures().unwrap_err().field().map(str::to_string);
        assert_eq!(field(FiguresText { offices: "abc".into(), ..town() }).as_deref(), Some("offices"));
        assert_eq!(field(FiguresText { areas: "500".into(), ..town() }).as_deref(), Some("areas"));
        assert_eq!(field(FiguresText { areas: "北部:x".into(), ..town() }).as_deref(), Some("areas"));
        assert_eq!(field(FiguresText { on: "2026-02-30x".into(), ..town() }).as_deref(), Some("on"));
        assert_eq!(field(FiguresText { adopted: "".into(), ..town() }).as_deref(), Some("adopted"));
        assert_eq!(field(FiguresText { observed: "2025-08-31".into(), ..town() }).as_deref(), Some("observed"));
        // a date alone lacks its count; it is a date (this said "not a date" once)
        let alone = FiguresText { observed: "2025-08-31".into(), ..town() }.figures().unwrap_err();
        assert!(
            matches!(&alone, SimError::Invalid { reason: Reason::Needs(Requirement::DateAndCount), .. }),
            "{alone:?}"
        );
        assert!(alone.to_string().contains("DATE:A"), "{alone}");
        assert_eq!(field(FiguresText { out_of_scope: "-1".into(), ..town() }).as_deref(), Some("out_of_scope"));
        assert_eq!(field(FiguresText { centre_kind: "x".into(), ..town() }).as_deref(), Some("centre_kind"));
        assert_eq!(field(FiguresText { survey: "北部:1/2".into(), ..town() }).as_deref(), Some("survey"));
        // read, then refused by the constructor with its own field
        let e = municipality::municipality(&FiguresText { adopted: "130".into(), ..town() }.figures().unwrap());
        assert_eq!(e.unwrap_err().field(), Some("adopted"));
    }

    #[test]
    fn the_fields_come_back_from_the_scenario_they_built() {
        let plain = town();
        let full = FiguresText {
            areas: "北部:40, 中部:50, 南部:30".into(),
            adopted: "18/121".into(),
            observed: "2025-08-31 10/118, 2025-11-30 14".into(),
            out_of_scope: "50".into(),
            external: "30".into(),
            centre_kind: "direct".into(),
            ..town()
        };
        let surveyed = FiguresText {
            areas: "北部:40, 中部:40, 南部:40".into(),
            survey: "北部:30/5/5, 中部:36/2/2, 南部:32/0/8".into(),
            adopted: "15".into(),
            ..town()
        };
        for t in [plain, full, surveyed] {
            let s = t.figures().unwrap().scenario().unwrap();
            let back = FiguresText::of(&s);
            assert_eq!(back.figures().unwrap().scenario().unwrap(), s, "{back:?}");
            assert_eq!(FiguresText::of(&s), back);
        }
        assert_eq!(FiguresText::of(&town().figures().unwrap().scenario().unwrap()), town(), "defaults stay empty");
    }
}
