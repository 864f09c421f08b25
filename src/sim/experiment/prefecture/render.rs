//! The prefecture's view as a text table and as CSV (the JSON is the `Prefecture` itself,
//! after the manifest: `report::json_document`).

use super::{Prefecture, Total};
use crate::sim::experiment::report::{csv_field, Manifest};
use std::fmt::Write;

fn yen(x: Option<f64>) -> String {
    match x {
        None => "-".into(),
        Some(v) if v.abs() >= 1e6 => format!("¥{:.1}M", v / 1e6),
        Some(v) => format!("¥{:.0}k", v / 1e3),
    }
}

/// `text` cut and padded to `width` columns of a terminal (a CJK character takes two).
fn cell(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = if ('\u{1100}'..='\u{ffdc}').contains(&c) { 2 } else { 1 };
        if used + w > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out + &" ".repeat(width - used)
}

fn band(median: f64, p05: f64, p95: f64) -> String {
    format!("{median:.0} ({p05:.0}–{p95:.0})")
}

fn total_line(label: &str, t: &Total) -> String {
    format!(
        "{label}: {} of {} offices, {:.1}% ({:.1}–{:.1}%); today {} ({:.1}%)",
        band(t.median, t.p05, t.p95),
        t.offices,
        100.0 * t.rate.median,
        100.0 * t.rate.p05,
        100.0 * t.rate.p95,
        t.adopted_today,
        100.0 * t.adopted_today as f64 / t.offices.max(1) as f64
    )
}

/// One line per municipality (today, the national policy only's forecast, its best-ranked
/// option), the total, the ranking's first `top` pairs and the allocation.
pub fn text(p: &Prefecture, top: usize) -> String {
    let mut out = format!(
        "{:<16} {:>14} {:>18} {:<18} {:>10} {:>9} {:>11}\n",
        "municipality", "today", "national only", "best option", "+adopters", "city ¥", "¥/+adopter"
    );
    for m in &p.municipalities {
        let own = &m.options[0];
        let best = p.ranking.iter().find(|r| r.municipality == m.municipality);
        let _ = writeln!(
            out,
            "{} {:>14} {:>18} {:<18} {:>10} {:>9} {:>11}",
            cell(&m.municipality, 16),
            format!("{}/{} {}", m.today.adopted, m.today.offices, &m.today.date[2..]),
            band(own.median, own.p05, own.p95),
            best.map_or("-".to_string(), |b| b.strategy.chars().take(18).collect()),
            best.map_or("-".into(), |b| format!("{:+.1}", b.additional_adopters)),
            yen(best.map(|b| b.additional_city_yen)),
            yen(best.and_then(|b| b.yen_per_additional_adopter)),
        );
    }
    let _ = writeln!(out, "{}", total_line(&format!("prefecture at {} (national policy only)", p.date), &p.total));
    let _ = writeln!(out, "ranking (cheapest additional adopter first; {} pairs):", p.ranking.len());
    for r in p.ranking.iter().take(top) {
        let _ = writeln!(
            out,
            "{:>3}. {} {:<18} {:>+7.1} adopters {:>+8.0} links {:>9} {:>9}/adopter {:>9}/link",
            r.rank,
            cell(&r.municipality, 16),
            r.strategy.chars().take(18).collect::<String>(),
            r.additional_adopters,
            r.additional_active_links,
            yen(Some(r.additional_city_yen)),
            yen(r.yen_per_additional_adopter),
            yen(r.yen_per_additional_active_link),
        );
    }
    if let (Some(choices), Some(a)) = (&p.allocation, &p.allocation_total) {
        let _ = writeln!(
            out,
            "allocation of {} (greedy on gain per yen): expected {} spent, {:+.1} adopters ({:+.0}…{:+.0})",
            yen(Some(a.budget)),
            yen(Some(a.city_yen)),
            a.additional_adopters,
            a.additional_adopters_band.p05,
            a.additional_adopters_band.p95
        );
        for c in choices {
            let _ = writeln!(
                out,
                "  {} {:<18} {:>9} {:>+7.1}",
                cell(&c.municipality, 16),
                c.strategy,
                yen(Some(c.city_yen)),
                c.additional_adopters
            );
        }
        let _ = writeln!(out, "{}", total_line("prefecture with the allocation", &a.total));
    }
    out.push_str(super::NOTE);
    out.push('\n');
    out
}

/// One row per (municipality, option); the prefecture totals last, with an empty
/// municipality (a municipality's name is never empty): strategy `own` for the national policy
/// only and `allocation` for the allocated plan.
pub fn csv(manifest: &Manifest, p: &Prefecture) -> String {
    let mut out = format!("# {}\n", manifest.line());
    out.push_str(
        "municipality,strategy,today_adopted,today_offices,today_date,date,median,p05,p95,additional_adopters,\
         additional_active_links,city_yen,additional_city_yen,yen_per_additional_adopter,\
         yen_per_additional_active_link,rank,allocated\n",
    );
    let opt = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
    for m in &p.municipalities {
        for o in &m.options {
            let rank = p.ranking.iter().find(|r| r.municipality == m.municipality && r.strategy == o.strategy);
            let allocated = p
                .allocation
                .as_ref()
                .is_some_and(|a| a.iter().any(|c| c.municipality == m.municipality && c.strategy == o.strategy));
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{:.3},{:.3},{:.0},{:.0},{},{},{},{}",
                csv_field(&m.municipality),
                csv_field(&o.strategy),
                m.today.adopted,
                m.today.offices,
                m.today.date,
                p.date,
                o.median,
                o.p05,
                o.p95,
                o.additional_adopters,
                o.additional_active_links,
                o.city_yen,
                o.additional_city_yen,
                opt(o.yen_per_additional_adopter),
                opt(o.yen_per_additional_active_link),
                rank.map_or(String::new(), |r| r.rank.to_string()),
                u8::from(allocated),
            );
        }
    }
    let mut total = |label: &str, t: &Total, extra: f64, yen: f64| {
        let _ = writeln!(
            out,
            ",{label},{},{},,{},{},{},{},{extra:.3},,,{yen:.0},,,,",
            t.adopted_today, t.offices, p.date, t.median, t.p05, t.p95
        );
    };
    total("own", &p.total, 0.0, 0.0);
    if let Some(a) = &p.allocation_total {
        total("allocation", &a.total, a.additional_adopters, a.city_yen);
    }
    out
}
