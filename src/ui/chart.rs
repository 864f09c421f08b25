//! The adoption-rate chart, drawn with plotters on a `<canvas>`: one median
//! line and 90% band per compared strategy (plus the 50% band when alone),
//! and the observed points.

use super::engine::{self, Summary};
use super::i18n::{t, Key, Lang};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// Series colours; `www/style.css` uses the same ones for `.s0`..`.s3`.
pub const PALETTE: [RGBColor; 4] =
    [RGBColor(31, 111, 139), RGBColor(214, 120, 30), RGBColor(70, 140, 60), RGBColor(140, 80, 160)];
const OBSERVED: RGBColor = RGBColor(200, 40, 40);

fn short(label: &str) -> String {
    let mut s: String = label.chars().take(28).collect();
    if label.chars().count() > 28 {
        s.push('…');
    }
    s
}

/// Draws the series on `canvas`; errors are returned as text for the console.
pub fn draw(canvas: HtmlCanvasElement, series: &[(String, &Summary)], lang: Lang) -> Result<(), String> {
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let Some((_, first)) = series.first() else { return Ok(()) };
    let all: Vec<Vec<engine::Row>> = series.iter().map(|(_, s)| engine::rows(s)).collect();
    let rows = &all[0];
    if rows.is_empty() {
        return Ok(());
    }
    let observed = engine::observed_points(first);
    let top = all.iter().flatten().map(|r| r.p95).chain(observed.iter().map(|o| o.1)).fold(0.0f64, f64::max);
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
        .x_label_formatter(&|x| labels.get(x.round() as usize).map(|d| d.chars().take(7).collect()).unwrap_or_default())
        .y_label_formatter(&|y| format!("{y:.0}%"))
        .label_style(font.clone())
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(|e| e.to_string())?;

    let band = |rows: &[engine::Row], lo: fn(&engine::Row) -> f64, hi: fn(&engine::Row) -> f64| {
        let mut pts: Vec<(f64, f64)> = rows.iter().enumerate().map(|(i, r)| (i as f64, hi(r) * 100.0)).collect();
        pts.extend(rows.iter().enumerate().rev().map(|(i, r)| (i as f64, lo(r) * 100.0)));
        pts
    };
    let alone = series.len() == 1;
    for (k, rows) in all.iter().enumerate() {
        let c = PALETTE[k % PALETTE.len()];
        let a90 = if alone { 0.15 } else { 0.10 };
        let b = chart
            .draw_series(std::iter::once(Polygon::new(band(rows, |r| r.p05, |r| r.p95), c.mix(a90).filled())))
            .map_err(|e| e.to_string())?;
        if alone {
            b.label(t(lang, Key::Band90))
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], c.mix(a90).filled()));
            chart
                .draw_series(std::iter::once(Polygon::new(band(rows, |r| r.p25, |r| r.p75), c.mix(0.3).filled())))
                .map_err(|e| e.to_string())?
                .label(t(lang, Key::Band50))
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], c.mix(0.3).filled()));
        }
    }
    for (k, rows) in all.iter().enumerate() {
        let c = PALETTE[k % PALETTE.len()];
        let label = if alone {
            t(lang, Key::Median).to_string()
        } else {
            format!("{} ({})", short(&series[k].0), t(lang, Key::Median))
        };
        chart
            .draw_series(LineSeries::new(
                rows.iter().enumerate().map(|(i, r)| (i as f64, r.median * 100.0)),
                c.stroke_width(3),
            ))
            .map_err(|e| e.to_string())?
            .label(label)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], c.stroke_width(3)));
    }
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
