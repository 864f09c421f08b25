//! Checking a scenario document: every range and reference, with the field named in each
//! error. Kept out of `document.rs` because it needs the parts that read the whole document
//! (`forward`, `survey`, `tables`): they import the document, the document imports none of
//! them, and this file imports both (no circle).

use crate::sim::date::Date;
use crate::sim::error::{Bound, Named, Reason, Requirement, SimError, Tally};
use crate::sim::scenario::params::{check_range, PARAM_INFO};
use crate::sim::scenario::survey::{self, SurveyArea};
use crate::sim::scenario::tables::check_table;
use crate::sim::scenario::{forward, *};

impl Scenario {
    pub fn validate(&self) -> Result<(), SimError> {
        let pop = &self.population;
        if pop.areas.is_empty() {
            return Err(SimError::refused("population.areas", Reason::Needs(Requirement::AnArea)));
        }
        if pop.areas.len() > MAX_AREAS {
            return Err(SimError::TooLarge(format!(
                "population.areas has {} areas; at most {MAX_AREAS}",
                pop.areas.len()
            )));
        }
        let mut names = std::collections::HashSet::new();
        for (i, a) in pop.areas.iter().enumerate() {
            if a.name.trim().is_empty() {
                return Err(SimError::refused(
                    format!("population.areas[{i}].name"),
                    Reason::Needs(Requirement::NotEmpty),
                ));
            }
            // Compared without surrounding spaces: `north` and `north ` are one area to a reader.
            if !names.insert(a.name.trim()) {
                return Err(SimError::refused(
                    format!("population.areas[{i}].name"),
                    Reason::Duplicate { value: a.name.clone(), what: Named::AreaName },
                ));
            }
            if a.offices == 0 {
                return Err(SimError::refused(
                    format!("population.areas[{i}].offices"),
                    Reason::Needs(Requirement::TheCentre),
                ));
            }
        }
        let home = pop.areas.iter().map(|a| a.offices as u64).sum::<u64>();
        let total = home + pop.external_offices as u64;
        if total > MAX_OFFICES as u64 {
            return Err(SimError::TooLarge(format!(
                "population has {total} offices (home + external); at most {MAX_OFFICES}"
            )));
        }
        check_range("population.care_management_share", pop.care_management_share, 0.01, 1.0)?;
        if pop.initial_adopted as u64 > home {
            let of = Bound::HomeOffices { home };
            return Err(SimError::refused(
                "population.initial_adopted",
                Reason::TooMany { value: pop.initial_adopted as u64, of },
            ));
        }
        if pop.out_of_scope as u64 > home - pop.areas.len() as u64 {
            let of = Bound::HomeLessCentres { home, areas: pop.areas.len() as u64 };
            return Err(SimError::refused(
                "population.out_of_scope",
                Reason::TooMany { value: pop.out_of_scope as u64, of },
            ));
        }
        if pop.initial_external_adopted > pop.external_offices {
            let of = Bound::External { external: pop.external_offices as u64 };
            let value = pop.initial_external_adopted as u64;
            return Err(SimError::refused("population.initial_external_adopted", Reason::TooMany { value, of }));
        }
        if let Some(c) = pop.initial_centres_adopted {
            if c as usize > pop.areas.len() || c > pop.initial_adopted {
                let of =
                    Bound::CentresAndAdopters { centres: pop.areas.len() as u64, adopters: pop.initial_adopted as u64 };
                return Err(SimError::refused(
                    "population.initial_centres_adopted",
                    Reason::TooMany { value: c as u64, of },
                ));
            }
        }
        match &self.network {
            Network::Generated { mean_partners, provider_tail, in_area, cross_border, .. } => {
                check_range("network.mean_partners", *mean_partners, 0.0, 200.0)?;
                check_range("network.provider_tail", *provider_tail, 0.1, 20.0)?;
                check_range("network.in_area", *in_area, 0.0, 1.0)?;
                check_range("network.cross_border", *cross_border, 0.0, 1.0)?;
            }
            Network::Complete => {
                if total > 3000 {
                    return Err(SimError::TooLarge(format!(
                        "network.kind complete links every pair: {total} offices would make {} links; use at most 3000 offices",
                        total * (total - 1) / 2
                    )));
                }
            }
            Network::Table { offices, edges } => check_table(self, offices, edges)?,
        }
        self.params.validate()?;
        for (i, name) in self.pinned.iter().enumerate() {
            if !PARAM_INFO.iter().any(|p| p.name == name) {
                return Err(SimError::refused(
                    format!("pinned[{i}]"),
                    Reason::NoSuch { value: name.clone(), what: Named::Parameter },
                ));
            }
        }
        if self.end < self.start {
            return Err(SimError::Invalid {
                field: "end".into(),
                reason: Reason::Before { date: self.end, limit: self.start, after: "start".into() },
            });
        }
        let (y, m, d) = self.start.ymd();
        // `None` past the last supported year: then every valid end date is inside the horizon.
        let last = Date::from_ymd(y + MAX_YEARS, m, d.min(crate::sim::date::days_in_month(y + MAX_YEARS, m)));
        if let Some(last) = last.filter(|&l| self.end > l) {
            return Err(SimError::TooLarge(format!(
                "end: {} is more than {MAX_YEARS} years after start {}; the latest allowed end is {last}",
                self.end, self.start
            )));
        }
        if self.replications == 0 || self.replications > MAX_REPLICATIONS {
            return Err(SimError::range("replications", self.replications as f64, 1.0, MAX_REPLICATIONS as f64));
        }
        let work = self.replications as f64 * total as f64 * self.weeks() as f64;
        if work > MAX_WORK {
            return Err(SimError::Work { work, max: MAX_WORK });
        }
        for (i, o) in self.observed.iter().enumerate() {
            // Two figures on one date would decide by their order (conditioning, the fit).
            if self.observed[..i].iter().any(|p| p.date == o.date) {
                return Err(SimError::invalid(
                    format!("observed[{i}].date"),
                    format!("{} is observed twice; give each date's figure once", o.date),
                ));
            }
            if o.adopters > o.offices || o.offices == 0 {
                return Err(SimError::refused(
                    format!("observed[{i}]"),
                    Reason::Adopters { adopters: o.adopters, offices: o.offices },
                ));
            }
        }
        if self.strategy.levers.len() > MAX_LEVERS {
            return Err(SimError::TooLarge(format!(
                "strategy.levers has {} levers; at most {MAX_LEVERS}",
                self.strategy.levers.len()
            )));
        }
        self.strategy.validate(&self.area_names())?;
        forward::validate(self)?;
        if let Some(c) = &self.cost {
            c.validate()?;
        }
        if let Some(s) = &self.survey {
            check_survey(self, s)?;
        }
        Ok(())
    }
}

/// Checks the per-area counts against the population, each message naming its field.
fn check_survey(scn: &Scenario, survey: &[SurveyArea]) -> Result<(), SimError> {
    if matches!(scn.network, Network::Table { .. }) {
        return Err(SimError::refused("survey", Reason::Needs(Requirement::NoSurveyWithTable)));
    }
    if scn.population.initial_centres_adopted.is_some() {
        return Err(SimError::refused(
            "population.initial_centres_adopted",
            Reason::Needs(Requirement::NoCentresWithSurvey),
        ));
    }
    let mut seen = vec![false; scn.population.areas.len()];
    let mut adopted = 0u64;
    for (i, s) in survey.iter().enumerate() {
        let Some(a) = scn.area_index(&s.area) else {
            return Err(SimError::refused(
                format!("survey[{i}].area"),
                Reason::NoSuch { value: s.area.clone(), what: Named::Area },
            ));
        };
        if std::mem::replace(&mut seen[a], true) {
            return Err(SimError::refused(
                format!("survey[{i}].area"),
                Reason::Duplicate { value: s.area.clone(), what: Named::Area },
            ));
        }
        let sum = s.not_adopted as u64 + s.planning as u64 + s.adopted as u64;
        let offices = scn.population.areas[a].offices as u64;
        if sum != offices {
            let tally = Tally::SurveyArea { area: s.area.clone() };
            return Err(SimError::refused(
                format!("survey[{i}]"),
                Reason::Disagree { value: sum, other: offices, tally },
            ));
        }
        adopted += s.adopted as u64;
    }
    if let Some(a) = seen.iter().position(|s| !s) {
        let value = scn.population.areas[a].name.clone();
        return Err(SimError::refused("survey", Reason::NoSuch { value, what: Named::SurveyCounts }));
    }
    if adopted != scn.population.initial_adopted as u64 {
        let value = scn.population.initial_adopted as u64;
        let reason = Reason::Disagree { value, other: adopted, tally: Tally::SurveyAdopted };
        return Err(SimError::refused("population.initial_adopted", reason));
    }
    if survey.iter().any(|s| s.planning > 0) {
        survey::check_setup(&scn.params)?;
    }
    Ok(())
}
