//! The adoption-rate chart, drawn with plotters on a `<canvas>`.

use super::engine::{self, Summary};
use super::i18n::{t, Key, Lang};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

const MEDIAN: RGBColor = RGBColor(31, 111, 139);
const OBSERVED: RGBColor = RGBColor(200, 60, 40);

/// Draws `summary` on `canvas`; errors are returned as text for the console.
pub fn draw(canvas: HtmlCanvasElement, summary: &Summary, lang: Lang) -> Result<(), String> {
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let rows = engine::rows(summary);
    if rows.is_empty() {
        return Ok(());
    }
    let observed = engine::observed_points(summary);
    let top = rows.iter().map(|r| r.p95).chain(observed.iter().map(|o| o.1)).fold(0.0f64, f64::max);
    let y_max = ((top * 1.1 * 10.0).ceil() / 10.0).clamp(0.1, 1.0) * 100.0;
    let n = rows.len();
    let font = ("sans-serif", 14).into_font();
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(52)
        .build_cartesian_2d(0f64..(n.max(2) - 1) as f64, 0f64..y_max)
        .map_err(|e| e.to_string())?;
    let labels: Vec<String> = rows.iter().map(|r| r.date.clone()).collect();
    chart
        .configure_mesh()
        .x_labels(n.min(10))
        .x_label_formatter(&|x| {
            let i = x.round() as usize;
            labels.get(i).map(|d| d.chars().take(7).collect()).unwrap_or_default()
        })
        .y_label_formatter(&|y| format!("{y:.0}%"))
        .label_style(font.clone())
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(|e| e.to_string())?;

    let band = |lo: fn(&engine::Row) -> f64, hi: fn(&engine::Row) -> f64| {
        let mut pts: Vec<(f64, f64)> = rows.iter().enumerate().map(|(i, r)| (i as f64, hi(r) * 100.0)).collect();
        pts.extend(rows.iter().enumerate().rev().map(|(i, r)| (i as f64, lo(r) * 100.0)));
        pts
    };
    chart
        .draw_series(std::iter::once(Polygon::new(band(|r| r.p05, |r| r.p95), MEDIAN.mix(0.15).filled())))
        .map_err(|e| e.to_string())?
        .label(t(lang, Key::Band90))
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], MEDIAN.mix(0.15).filled()));
    chart
        .draw_series(std::iter::once(Polygon::new(band(|r| r.p25, |r| r.p75), MEDIAN.mix(0.3).filled())))
        .map_err(|e| e.to_string())?
        .label(t(lang, Key::Band50))
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], MEDIAN.mix(0.3).filled()));
    chart
        .draw_series(LineSeries::new(
            rows.iter().enumerate().map(|(i, r)| (i as f64, r.median * 100.0)),
            MEDIAN.stroke_width(3),
        ))
        .map_err(|e| e.to_string())?
        .label(t(lang, Key::Median))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], MEDIAN.stroke_width(3)));
    if !observed.is_empty() {
        chart
            .draw_series(observed.iter().map(|&(i, r)| Circle::new((i as f64, r * 100.0), 6, OBSERVED.filled())))
            .map_err(|e| e.to_string())?
            .label(t(lang, Key::Observed))
            .legend(|(x, y)| Circle::new((x + 8, y), 5, OBSERVED.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(200, 200, 200))
        .label_font(font)
        .draw()
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())?;
    Ok(())
}
