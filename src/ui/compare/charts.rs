//! More result charts, in `chart.rs`'s style: the active-link share (median
//! and 90% band per strategy) and one small chart per area (median lines).

use crate::ui::shared::bridge::Summary;
use crate::ui::shared::bridge_compare::{paired_difference, PairedDifference};
use crate::ui::shared::chart::PALETTE;
use crate::ui::shared::i18n::{t, Key, Lang};
use crate::ui::shared::labels::pp;
use crate::ui::shared::readout::{Line, PlotArea, Point};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// At most this many small charts by area; a note says how many are left out.
pub const MAX_AREAS: usize = 24;

fn y_top(top: f64) -> f64 {
    ((top * 1.1 * 10.0).ceil() / 10.0).clamp(0.1, 1.0) * 100.0
}

/// Active-link share (links whose two ends both use the system): median line
/// and 90% band per strategy.
pub fn draw_active(canvas: HtmlCanvasElement, series: &[(String, &Summary)], median_label: &str) -> Result<(), String> {
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let Some((_, first)) = series.first() else { return Ok(()) };
    let n = first.months.len();
    if n == 0 {
        return Ok(());
    }
    let top = series.iter().flat_map(|(_, s)| s.months.iter().map(|m| m.active_link_share.p95)).fold(0.0, f64::max);
    let labels: Vec<String> = first.months.iter().map(|m| m.date.chars().take(7).collect()).collect();
    let font = ("sans-serif", 13).into_font();
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(52)
        .build_cartesian_2d(0f64..(n.max(2) - 1) as f64, 0f64..y_top(top))
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_labels(n.min(8))
        .x_label_formatter(&|x| labels.get(x.round() as usize).cloned().unwrap_or_default())
        .y_label_formatter(&|y| format!("{y:.0}%"))
        .label_style(font.clone())
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(|e| e.to_string())?;
    for (k, (name, s)) in series.iter().enumerate() {
        let c = PALETTE[k % PALETTE.len()];
        let mut band: Vec<(f64, f64)> =
            s.months.iter().enumerate().map(|(i, m)| (i as f64, m.active_link_share.p95 * 100.0)).collect();
        band.extend(s.months.iter().enumerate().rev().map(|(i, m)| (i as f64, m.active_link_share.p05 * 100.0)));
        chart.draw_series(std::iter::once(Polygon::new(band, c.mix(0.12).filled()))).map_err(|e| e.to_string())?;
        let label = format!("{name} ({median_label})");
        chart
            .draw_series(LineSeries::new(
                s.months.iter().enumerate().map(|(i, m)| (i as f64, m.active_link_share.median * 100.0)),
                c.stroke_width(3),
            ))
            .map_err(|e| e.to_string())?
            .label(label)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], c.stroke_width(3)));
    }
    crate::ui::shared::chart::finish(chart, &root, font, SeriesLabelPosition::UpperLeft)
}

/// One small chart: the median adoption rate of area `area` for each strategy.
pub fn draw_area(canvas: HtmlCanvasElement, title: &str, summaries: &[&Summary], area: usize) -> Result<(), String> {
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let Some(first) = summaries.first() else { return Ok(()) };
    let n = first.months.len();
    if n == 0 {
        return Ok(());
    }
    let median = |s: &Summary, i: usize| s.months[i].by_area.get(area).map(|q| q.median).unwrap_or(0.0);
    let top = summaries.iter().flat_map(|s| (0..s.months.len()).map(move |i| median(s, i))).fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(&root)
        .margin(6)
        .caption(title, ("sans-serif", 13))
        .x_label_area_size(18)
        .y_label_area_size(36)
        .build_cartesian_2d(0f64..(n.max(2) - 1) as f64, 0f64..y_top(top))
        .map_err(|e| e.to_string())?;
    let years: Vec<String> = first.months.iter().map(|m| m.date.chars().take(4).collect()).collect();
    chart
        .configure_mesh()
        .x_labels(3)
        .y_labels(4)
        .x_label_formatter(&|x| years.get(x.round() as usize).cloned().unwrap_or_default())
        .y_label_formatter(&|y| format!("{y:.0}%"))
        .label_style(("sans-serif", 10))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()
        .map_err(|e| e.to_string())?;
    for (k, s) in summaries.iter().enumerate() {
        let c = PALETTE[k % PALETTE.len()];
        chart
            .draw_series(LineSeries::new(
                (0..s.months.len()).map(|i| (i as f64, median(s, i) * 100.0)),
                c.stroke_width(2),
            ))
            .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())?;
    Ok(())
}

/// The paired difference `s - reference` at every reporting date both report; dates the
/// core cannot pair (different seeds or replication counts) are left out.
pub fn difference_series(s: &Summary, reference: &Summary) -> Vec<PairedDifference> {
    (0..s.months.len()).filter_map(|i| paired_difference(s, reference, i).ok()).collect()
}

/// The difference chart's plot on its 900-pixel canvas (margin 12, y labels 72), for the readout.
pub const DIFF_PLOT: PlotArea = PlotArea { width: 900.0, left: 12.0 + 72.0, right: 12.0 };

/// What the difference chart's readout says at each date: per compared strategy (`series`:
/// colour index, name, its differences) the median difference, its 90% band, the share ahead.
pub fn difference_points(lang: Lang, series: &[(usize, String, Vec<PairedDifference>)]) -> Vec<Point> {
    let n = series.iter().map(|(_, _, d)| d.len()).max().unwrap_or(0);
    (0..n)
        .map(|i| Point {
            date: series.iter().find_map(|(_, _, d)| d.get(i)).map(|p| p.date.clone()).unwrap_or_default(),
            lines: series
                .iter()
                .filter_map(|(k, label, d)| {
                    let p = d.get(i)?;
                    let q = &p.difference;
                    let text = format!(
                        "{} · {} {}…{} · {} {:.0}%",
                        pp(q.median),
                        t(lang, Key::Band90),
                        pp(q.p05),
                        pp(q.p95),
                        lang.pick("基準より上", "ahead"),
                        p.share_ahead * 100.0
                    );
                    Some(Line { swatch: format!("s{k}"), label: label.clone(), text })
                })
                .collect(),
        })
        .collect()
}

/// The difference from the reference strategy, paired by seed: per strategy the median
/// line and the 90% band of the per-replication difference, with a zero line.
pub fn draw_difference(
    canvas: HtmlCanvasElement,
    series: &[(usize, Vec<PairedDifference>)],
    lang: Lang,
) -> Result<(), String> {
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let Some(n) = series.iter().map(|(_, d)| d.len()).max().filter(|&n| n > 0) else { return Ok(()) };
    let (lo, hi) = series
        .iter()
        .flat_map(|(_, d)| d.iter())
        .fold((0.0f64, 0.0f64), |(lo, hi), p| (lo.min(p.difference.p05), hi.max(p.difference.p95)));
    // Symmetric-ish range in points with a little room, never flat.
    let pad = ((hi - lo) * 100.0 * 0.1).max(0.5);
    let (y0, y1) = (lo * 100.0 - pad, hi * 100.0 + pad);
    let labels: Vec<String> = series
        .iter()
        .find(|(_, d)| d.len() == n)
        .map(|(_, d)| d.iter().map(|p| p.date.chars().take(7).collect()).collect())
        .unwrap_or_default();
    let font = ("sans-serif", 13).into_font();
    let mut chart = ChartBuilder::on(&root)
        .margin(DIFF_PLOT.right as u32)
        .x_label_area_size(44)
        .y_label_area_size((DIFF_PLOT.left - DIFF_PLOT.right) as u32)
        .build_cartesian_2d(0f64..(n.max(2) - 1) as f64, y0..y1)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_labels(n.min(8))
        .x_label_formatter(&|x| labels.get(x.round() as usize).cloned().unwrap_or_default())
        .y_label_formatter(&|y| format!("{y:+.1}"))
        .x_desc(t(lang, Key::XAxisTitle))
        .y_desc(t(lang, Key::DiffAxisTitle))
        .axis_desc_style(font.clone())
        .label_style(font)
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(|e| e.to_string())?;
    let grey = RGBColor(90, 90, 90);
    chart
        .draw_series(LineSeries::new([(0.0, 0.0), ((n.max(2) - 1) as f64, 0.0)], grey.stroke_width(1)))
        .map_err(|e| e.to_string())?;
    for (k, d) in series {
        let c = PALETTE[k % PALETTE.len()];
        let mut band: Vec<(f64, f64)> =
            d.iter().enumerate().map(|(i, p)| (i as f64, p.difference.p95 * 100.0)).collect();
        band.extend(d.iter().enumerate().rev().map(|(i, p)| (i as f64, p.difference.p05 * 100.0)));
        chart.draw_series(std::iter::once(Polygon::new(band, c.mix(0.15).filled()))).map_err(|e| e.to_string())?;
        chart
            .draw_series(LineSeries::new(
                d.iter().enumerate().map(|(i, p)| (i as f64, p.difference.median * 100.0)),
                c.stroke_width(3),
            ))
            .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(paths: Vec<Vec<f32>>) -> Summary {
        let mut s = Summary::default();
        s.header.seed = 7;
        s.months = (0..paths[0].len())
            .map(|i| renkei::sim::experiment::montecarlo::MonthStats {
                date: format!("2026-0{}-01", i + 1),
                ..Default::default()
            })
            .collect();
        s.paths = paths;
        s
    }

    #[test]
    fn the_difference_series_pairs_replications_at_every_date() {
        let a = summary(vec![vec![0.2, 0.4], vec![0.3, 0.5], vec![0.1, 0.6]]);
        let r = summary(vec![vec![0.1, 0.1], vec![0.1, 0.2], vec![0.1, 0.3]]);
        let d = difference_series(&a, &r);
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].date, "2026-02-01");
        assert!((d[1].difference.median - 0.3).abs() < 1e-6, "{:?}", d[1]);
        assert_eq!(d[0].pairs, 3);
        // Runs that cannot be paired give no series rather than a wrong one.
        let mut other = r.clone();
        other.header.seed = 8;
        assert!(difference_series(&a, &other).is_empty());
    }
}
