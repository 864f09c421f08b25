//! The four model regions of brief §4 as presets, plus a small `example`.
//! Counts and dates come from the brief; every assumption (area names, office
//! split over areas, external partners, lever intensities) is listed in
//! docs/regions.md.

use crate::sim::date::d;
use crate::sim::scenario::municipality::{numbered, AreaFigure, External, Figures};
use crate::sim::scenario::strategies;
use crate::sim::scenario::{CentreKind, Observation, Scenario};

/// The preset names, in display order.
pub fn names() -> &'static [&'static str] {
    &["okazaki", "chitose", "higashisonogi", "sendai", "example"]
}

/// The four calibration regions (lower-case ASCII names).
pub const REGIONS: [&str; 4] = ["chitose", "okazaki", "higashisonogi", "sendai"];

/// Japanese display name of a preset.
pub fn display_name(name: &str) -> &'static str {
    match name {
        "chitose" => "北海道千歳市",
        "okazaki" => "愛知県岡崎市",
        "higashisonogi" => "長崎県東彼杵町",
        "sendai" => "宮城県仙台市",
        "example" => "サンプル市",
        _ => "",
    }
}

fn obs(date: &str, adopters: u32, offices: u32) -> Observation {
    Observation { date: d(date), adopters, offices }
}

/// A preset's figures: its name, offices and areas, its first and latest observations (brief
/// §4); the caller adds what the region has of its own.
fn figures(name: &str, offices: u32, areas: Vec<AreaFigure>, first: Observation, latest: Observation) -> Figures {
    let mut f = Figures::new(name, offices, areas, latest.adopters, latest.date);
    f.latest = latest;
    f.earlier = vec![first];
    f
}

/// The figures a preset is built from (docs/regions.md: which are published, which assumed).
pub fn preset_figures(name: &str) -> Option<Figures> {
    Some(match name {
        // 5 daily-life areas (public source); 169 offices; 51 adopters at 2025-08-31.
        "chitose" => {
            let mut f = figures(
                "chitose",
                169,
                numbered("千歳圏域", 5),
                obs("2025-08-31", 51, 169),
                obs("2026-02-28", 66, 163),
            );
            // Brief §4a (evidence): the FY2024 programme covered 88 of the 169 offices, all but
            // residential and facility services and offices with no service record.
            f.out_of_scope = Some(169 - 88);
            // Assumption: neighbouring cities' offices trade with Chitose's (the programme's
            // fair reached them; 5 of its adopters were outside the city, brief §4a).
            f.external = Some(External { offices: 40, cross_border: 0.1 });
            f
        }
        // Core city: about 20 centres (brief: ~20 centres at the online training), one core centre.
        "okazaki" => {
            let mut f = figures(
                "okazaki",
                664,
                numbered("岡崎圏域", 20),
                obs("2025-08-31", 20, 664),
                obs("2026-02-28", 122, 681),
            );
            f.core_area = Some(0);
            f
        }
        // Small town, one centre run by the town; trades with offices outside the town.
        "higashisonogi" => {
            let mut f = figures(
                "higashisonogi",
                25,
                vec![AreaFigure { name: "東彼杵町".into(), offices: None }],
                obs("2025-08-31", 0, 25),
                obs("2026-02-28", 14, 21),
            );
            f.centre_kind = Some(CentreKind::Direct);
            // Assumption: a small town's offices are mostly home services; 4 of 25 (Chitose's
            // share would leave 13 in scope for 14 observed adopters). No published figure.
            f.out_of_scope = Some(4);
            f.external = Some(External { offices: 20, cross_border: 0.35 });
            f
        }
        // Designated city: 51 centres; 東仙台 is the model area.
        "sendai" => {
            let mut areas = vec![AreaFigure { name: "東仙台".into(), offices: None }];
            areas.extend(numbered("仙台圏域", 51).into_iter().skip(1));
            figures("sendai", 2070, areas, obs("2025-08-31", 192, 2070), obs("2026-02-28", 357, 2104))
        }
        "example" => Figures::new("example", 300, numbered("圏域", 6), 20, d("2025-08-31")),
        _ => return None,
    })
}

/// A preset scenario by name, with the strategy the region actually ran: its figures through
/// the municipality constructor, the one every town goes through, unconditioned (the
/// counterfactual view; `--from last` plans from its latest figure).
pub fn preset(name: &str) -> Option<Scenario> {
    let mut s = preset_figures(name)?.scenario().ok()?;
    if name == "example" {
        s.replications = 100;
    }
    s.strategy = strategies::actual(name, &s);
    Some(s)
}
