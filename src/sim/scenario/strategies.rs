//! The strategy library (brief §3): named plans a planner can apply to any
//! region, plus the plan each model region actually ran (brief §4). Every plan
//! includes the national policy calendar (brief §6).

use crate::sim::date::d;
use crate::sim::scenario::lever_fields::{capacity, LeverDefaults};
use crate::sim::scenario::strategy::{Audience, Groups, Lever, LeverKind, Strategy};
use crate::sim::scenario::Scenario;

/// Library strategies: (name, English description, Japanese description).
pub const LIBRARY: &[(&str, &str, &str)] = &[
    (
        "baseline",
        "Policy calendar only (free pass, wage-support pledge, pay add-on)",
        "国の施策のみ(フリーパス・賃上げ支援・処遇改善加算)",
    ),
    (
        "area_by_area",
        "Every centre approaches its area's offices by group (①–④), with support for planners",
        "全包括が圏域の事業所にグループ別に働きかけ(①〜④)、導入予定には伴走",
    ),
    (
        "focus_training",
        "Focus areas plus citywide training for centres and offices (as Okazaki)",
        "重点圏域+全市研修(岡崎市型)",
    ),
    (
        "centre_partners",
        "Each centre approaches all its trading partners, in and outside the town (as Higashisonogi)",
        "包括が取引先全てに働きかけ(町外含む、東彼杵町型)",
    ),
    ("visits_support", "Individual visits with hands-on support (as Chitose)", "個別訪問と伴走支援(千歳市型)"),
    ("trainings_only", "Trainings only (as Sendai)", "研修のみ(仙台市型)"),
    ("partner_request", "Approach the partners adopters name", "導入済み事業所が希望する取引先への働きかけ"),
    (
        "free_pass_ends_2026_05",
        "The scenario's own plan (the region's levers kept), but the free pass ends on 2026-05-31 (fee until 2027-01)",
        "地域の取組はそのまま、フリーパスが2026年5月末で終了する場合",
    ),
    (
        "free_pass_ends_2026_09",
        "The scenario's own plan (the region's levers kept), but the free pass ends on 2026-09-30 (fee until 2027-01)",
        "地域の取組はそのまま、フリーパスが2026年9月末で終了する場合",
    ),
];

/// The national policy calendar (brief §6), with the free pass ending on `free_pass_end`.
pub fn calendar(free_pass_end: &str) -> Vec<Lever> {
    vec![
        Lever::FeeWaiver { start: d("2025-06-01"), end: Some(d(free_pass_end)) },
        // From 2027-01 the system is a function of the national care web service, with no fee.
        Lever::FeeWaiver { start: d("2027-01-01"), end: None },
        Lever::Deadline {
            name: "wage-support pledge (賃上げ支援)".into(),
            announce: d("2025-12-01"),
            date: d("2027-03-31"),
            weight: 1.0,
            pledge: false,
        },
        Lever::Deadline {
            name: "pay add-on requirement (処遇改善加算)".into(),
            announce: d("2026-06-01"),
            date: d("2027-03-31"),
            weight: 1.0,
            // Brief §6: an office may pledge and must fulfil the pledge by the end of March 2027.
            pledge: true,
        },
    ]
}

/// The free pass as published: to the end of FY2026 (brief §6, reported extension).
pub const FREE_PASS_END: &str = "2027-03-31";

fn areas_top(scn: &Scenario, k: usize) -> Vec<String> {
    // The k largest areas (ties: list order), as the focus of an area-by-area plan.
    let mut idx: Vec<usize> = (0..scn.population.areas.len()).collect();
    idx.sort_by_key(|&i| std::cmp::Reverse(scn.population.areas[i].offices));
    idx.into_iter().take(k).map(|i| scn.population.areas[i].name.clone()).collect()
}

/// A library strategy applied to a scenario's areas. Its levers start the day after the
/// conditioning date in a conditioned scenario (a plan from today, named so), otherwise on
/// 2025-09-01 (the counterfactual view: what the region could have done instead). The
/// free-pass variants are the scenario's own plan with the free pass moved.
pub fn library(name: &str, scn: &Scenario) -> Option<Strategy> {
    let mut st = library_levers(name, scn)?;
    if let Some(c) = &scn.condition {
        st.name = format!("{name} from {}", c.date);
    }
    Some(st)
}

fn library_levers(name: &str, scn: &Scenario) -> Option<Strategy> {
    let s = crate::sim::scenario::forward::plan_start(scn);
    let e = d("2027-03-31").max(s);
    let offices = scn.population.home_offices();
    // A lever at its declared defaults from `s` to `e` (all areas, the library's intensities);
    // the levers below that differ from them say so.
    let plain = LeverDefaults::new(scn, s, e);
    let on = |date| LeverDefaults { start: date, ..plain };
    let mut levers = calendar(FREE_PASS_END);
    match name {
        "baseline" => {}
        "area_by_area" => {
            levers.push(plain.lever(LeverKind::Outreach));
            levers.push(plain.lever(LeverKind::Support));
        }
        "focus_training" => {
            let k = (scn.population.areas.len() / 5).max(1);
            levers.push(Lever::Outreach {
                areas: areas_top(scn, k),
                start: s,
                end: e,
                contacts_per_month: 4.0,
                groups: Groups::default(),
                centre_partners: false,
            });
            levers.push(on(s.add_days(120)).lever(LeverKind::Training));
            levers.push(Lever::Training {
                date: s.add_days(135),
                audience: Audience::Offices,
                areas: vec![],
                attendance: offices / 6,
            });
        }
        "centre_partners" => {
            levers.push(plain.lever(LeverKind::CentreAdoption));
            levers.push(Lever::Outreach {
                areas: vec![],
                start: s,
                end: e,
                contacts_per_month: 4.0,
                groups: Groups::default(),
                centre_partners: true,
            });
        }
        "visits_support" => {
            levers.push(Lever::Visits {
                areas: vec![],
                start: s,
                end: e,
                per_month: capacity(scn),
                hands_on: true,
                include_external: true,
            });
            levers.push(plain.lever(LeverKind::Support));
        }
        "trainings_only" => {
            levers.push(on(s.add_days(150)).lever(LeverKind::Training));
            levers.push(Lever::Training {
                date: s.add_days(180),
                audience: Audience::Offices,
                areas: vec![],
                attendance: offices / 6,
            });
        }
        "partner_request" => {
            levers.push(plain.lever(LeverKind::PartnerRequest));
        }
        // On top of the scenario's own plan (it used to be the calendar alone, which silently
        // dropped the region's levers).
        "free_pass_ends_2026_05" | "free_pass_ends_2026_09" => {
            let end = if name == "free_pass_ends_2026_05" { "2026-05-31" } else { "2026-09-30" };
            let mut own = scn.strategy.clone();
            let what_if = crate::sim::scenario::forward::WhatIf::FreePassEnd { date: d(end) };
            if what_if.apply(&mut own, scn).is_err() {
                // A plan without a free pass gets one, ending then.
                own.levers.push(Lever::FeeWaiver { start: d("2025-06-01"), end: Some(d(end)) });
            }
            own.name = name.to_string();
            return Some(own);
        }
        _ => return None,
    }
    Some(Strategy { name: name.to_string(), levers })
}

/// What each model region actually ran from September 2025 (brief §4), as a dated plan.
pub fn actual(region: &str, scn: &Scenario) -> Strategy {
    let mut levers = calendar(FREE_PASS_END);
    let all = Vec::new;
    match region {
        "chitose" => {
            // NPO: individual visits to offices and corporate HQs, install and usage support,
            // lectures and a fair reaching neighbouring cities.
            levers.push(Lever::Visits {
                areas: all(),
                start: d("2025-09-01"),
                end: d("2026-03-31"),
                per_month: 8,
                hands_on: true,
                include_external: true,
            });
            levers.push(Lever::Support { areas: all(), start: d("2025-09-01"), end: d("2026-03-31"), per_month: 4 });
            levers.push(Lever::Training {
                date: d("2025-11-15"),
                audience: Audience::Offices,
                areas: all(),
                attendance: 40,
            });
        }
        "okazaki" => {
            // Four focus areas approached by their centres; online training for all centres
            // (mid-Jan 2026); in-person training for home-service offices (late Jan, ~120 offices);
            // every centre but the core one set up by March 2026.
            let names: Vec<String> = scn.population.areas.iter().map(|a| a.name.clone()).collect();
            let focus: Vec<String> = names.iter().skip(1).take(4).cloned().collect();
            levers.push(Lever::Outreach {
                areas: focus,
                start: d("2025-09-01"),
                end: d("2026-03-31"),
                contacts_per_month: 4.0,
                groups: Groups::default(),
                centre_partners: false,
            });
            levers.push(Lever::Training {
                date: d("2026-01-15"),
                audience: Audience::Centres,
                areas: all(),
                attendance: 20,
            });
            levers.push(Lever::Training {
                date: d("2026-01-27"),
                audience: Audience::Offices,
                areas: all(),
                attendance: 120,
            });
            levers.push(Lever::CentreAdoption { areas: names.into_iter().skip(1).collect(), date: d("2026-03-15") });
        }
        "higashisonogi" => {
            // The town's centre approached the offices it exchanges care plans with, inside and
            // outside the town: calls Nov–Dec 2025, an HQ visit in Jan 2026, onboarding Feb–Mar 2026.
            // Assumption (docs/regions.md): the earlier prefectural project that "covered in-town
            // links" is modelled as outreach to the town's own offices at the library's usual
            // intensity (4 contacts a month) over the observed window; the brief gives no dates.
            levers.push(Lever::Outreach {
                areas: all(),
                start: d("2025-09-01"),
                end: d("2026-02-28"),
                contacts_per_month: 4.0,
                groups: Groups::default(),
                centre_partners: false,
            });
            levers.push(Lever::CentreAdoption { areas: all(), date: d("2025-11-01") });
            levers.push(Lever::Outreach {
                areas: all(),
                start: d("2025-11-01"),
                end: d("2025-12-31"),
                contacts_per_month: 6.0,
                groups: Groups::default(),
                centre_partners: true,
            });
            levers.push(Lever::Visits {
                areas: all(),
                start: d("2026-01-05"),
                end: d("2026-01-31"),
                per_month: 6,
                hands_on: true,
                include_external: true,
            });
            levers.push(Lever::Support { areas: all(), start: d("2026-02-01"), end: d("2026-03-31"), per_month: 4 });
        }
        "sendai" => {
            // Three trainings: the model area's offices, all 51 centres online, all home-service offices.
            levers.push(Lever::Training {
                date: d("2026-02-10"),
                audience: Audience::Offices,
                areas: vec!["東仙台".into()],
                attendance: 24,
            });
            levers.push(Lever::Training {
                date: d("2026-02-17"),
                audience: Audience::Centres,
                areas: all(),
                attendance: 51,
            });
            levers.push(Lever::CentreAdoption { areas: vec!["東仙台".into()], date: d("2026-02-24") });
            levers.push(Lever::Training {
                date: d("2026-03-10"),
                audience: Audience::Offices,
                areas: all(),
                attendance: 337,
            });
        }
        _ => {}
    }
    Strategy { name: format!("{region}: actual"), levers }
}
