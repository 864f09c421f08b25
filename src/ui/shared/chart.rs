//! The adoption-rate chart, drawn with plotters on a `<canvas>`: one median
//! line and 90% band per compared strategy (plus the 50% band when alone),
//! and the observed points.

use crate::ui::shared::bridge::{self as engine, Summary, Tornado};
use crate::ui::shared::i18n::{t, Key, Lang};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// Series colours; `www/style.css` uses the same ones for `.s0`..`.s3`.
pub const PALETTE: [RGBColor; 4] =
    [RGBColor(31, 111, 139), RGBColor(214, 120, 30), RGBColor(70, 140, 60), RGBColor(140, 80, 160)];
const OBSERVED: RGBColor = RGBColor(200, 40, 40);

/// Width of `text` in pixels at `px` (a safe upper estimate: a CJK character is a full em,
/// another character 0.62 em), so labels are fitted without measuring the canvas.
fn text_width(text: &str, px: f64) -> f64 {
    text.chars().map(|c| if c.is_ascii() { 0.62 } else { 1.0 }).sum::<f64>() * px
}

/// `label` cut (with "…") to fit `width` pixels at `px`.
fn fit(label: &str, width: f64, px: f64) -> String {
    if text_width(label, px) <= width {
        return label.to_string();
    }
    let mut out = String::new();
    for c in label.chars() {
        if text_width(&out, px) + text_width(&c.to_string(), px) + px > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// `label` on at most two lines that fit `width` pixels at `px`: broken at the last space or
/// bracket that lets the first line fit (a Japanese name breaks before its code), the second
/// line cut with "…" only if it is still too long.
fn wrap2(label: &str, width: f64, px: f64) -> Vec<String> {
    if text_width(label, px) <= width {
        return vec![label.to_string()];
    }
    let at = label
        .char_indices()
        .rev()
        .find(|&(i, c)| i > 0 && (c == ' ' || c == '(') && text_width(label[..i].trim_end(), px) <= width)
        .map(|(i, _)| i);
    match at {
        Some(i) => vec![label[..i].trim_end().to_string(), fit(label[i..].trim_start(), width, px)],
        None => vec![fit(label, width, px)],
    }
}

/// The result chart's plot on its 900-pixel canvas (margin 12, y labels 64), for the readout.
pub const PLOT: crate::ui::shared::readout::PlotArea =
    crate::ui::shared::readout::PlotArea { width: 900.0, left: 12.0 + 64.0, right: 12.0 };

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
        .margin(PLOT.right as u32)
        .x_label_area_size(36)
        .y_label_area_size((PLOT.left - PLOT.right) as u32)
        .build_cartesian_2d(0f64..(n.max(2) - 1) as f64, 0f64..y_max)
        .map_err(|e| e.to_string())?;
    let labels: Vec<String> = rows.iter().map(|r| r.date.clone()).collect();
    chart
        .configure_mesh()
        .x_labels(n.min(10))
        .x_label_formatter(&|x| labels.get(x.round() as usize).map(|d| d.chars().take(7).collect()).unwrap_or_default())
        .y_label_formatter(&|y| format!("{y:.0}%"))
        .y_desc(t(lang, Key::YAxisTitle))
        .axis_desc_style(("sans-serif", 13).into_font())
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
            format!("{} ({})", series[k].0, t(lang, Key::Median))
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
    // "today": the conditioning date of a plan from the last observation
    if let Some(i) = first.header.today.as_ref().and_then(|d| rows.iter().position(|r| &r.date == d)) {
        let x = i as f64;
        let grey = RGBColor(90, 90, 90);
        chart
            .draw_series(DashedLineSeries::new([(x, 0.0), (x, y_max)], 6, 4, grey.stroke_width(2)))
            .map_err(|e| e.to_string())?;
        let label = format!("{} {}", t(lang, Key::Today), rows[i].date);
        chart
            .draw_series(std::iter::once(Text::new(
                label,
                // At the foot of the line: the legend sits in the top-left corner and covered it
                // there; right of today the curves are above the observed rate, so the foot is clear.
                (x, y_max * 0.06),
                ("sans-serif", 14).into_font().color(&grey),
            )))
            .map_err(|e| e.to_string())?;
    }
    if !observed.is_empty() {
        chart
            .draw_series(observed.iter().map(|&(i, r)| Circle::new((i as f64, r * 100.0), 6, OBSERVED.filled())))
            .map_err(|e| e.to_string())?
            .label(t(lang, Key::Observed))
            .legend(|(x, y)| Circle::new((x + 8, y), 5, OBSERVED.filled()));
    }
    // The legend is HTML under the canvas (`planner::results::Legend`): outside the plot, and
    // long strategy names wrap instead of being cut.
    let _ = font;
    root.present().map_err(|e| e.to_string())
}

/// Canvas height for a tornado of `bars` bars.
pub fn tornado_height(bars: usize) -> u32 {
    90 + 30 * bars.max(1) as u32
}

/// The tornado chart: one horizontal bar per parameter (widest swing on top)
/// from the base rate to the rate at the low end and at the high end.
pub fn draw_tornado(canvas: HtmlCanvasElement, tor: &Tornado, labels: &[String], lang: Lang) -> Result<(), String> {
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let n = tor.bars.len();
    if n == 0 {
        return Ok(());
    }
    let (mut lo, mut hi) = (tor.base_rate, tor.base_rate);
    for b in &tor.bars {
        lo = lo.min(b.rate_low).min(b.rate_high);
        hi = hi.max(b.rate_low).max(b.rate_high);
    }
    let pad = ((hi - lo) * 0.08).max(0.005);
    let (x0, x1) = (((lo - pad) * 100.0).max(0.0), ((hi + pad) * 100.0).min(100.0));
    let font = ("sans-serif", 13).into_font();
    // The label area fits the longest label, up to 45% of the canvas; a longer label takes two
    // lines (drawn below, as the mesh's labels are one line each), so none is cut or clipped.
    let width = root.dim_in_pixel().0 as f64;
    let area = labels.iter().map(|l| text_width(l, 13.0)).fold(60.0, f64::max).min(width * 0.45) + 14.0;
    let names: Vec<Vec<String>> = labels.iter().map(|s| wrap2(s, area - 14.0, 13.0)).collect();
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .margin_right(28)
        .x_label_area_size(32)
        .y_label_area_size(area as u32)
        .build_cartesian_2d(x0..x1, (0..(n as i32 - 1).max(1)).into_segmented())
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&|_| String::new())
        .x_label_formatter(&|x| format!("{x:.0}%"))
        .label_style(font.clone())
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(|e| e.to_string())?;
    let left = chart.plotting_area().get_pixel_range().0.start - 8;
    let label_style = TextStyle::from(font.clone()).pos(Pos::new(HPos::Right, VPos::Center));
    for (k, lines) in names.iter().enumerate() {
        let (_, y) = chart.backend_coord(&(x0, SegmentValue::CenterOf((n - 1 - k) as i32)));
        let h = lines.len() as i32;
        for (j, line) in lines.iter().enumerate() {
            let dy = (2 * j as i32 - (h - 1)) * 7;
            root.draw(&Text::new(line.clone(), (left, y + dy), label_style.clone())).map_err(|e| e.to_string())?;
        }
    }
    let base = tor.base_rate * 100.0;
    let (low_c, high_c) = (PALETTE[0], PALETTE[1]);
    let rect = |from: f64, to: f64, i: i32, c: RGBColor| {
        let mut r = Rectangle::new(
            [(from.min(to), SegmentValue::Exact(i)), (from.max(to), SegmentValue::Exact(i + 1))],
            c.mix(0.85).filled(),
        );
        r.set_margin(5, 5, 0, 0);
        r
    };
    chart
        .draw_series(
            tor.bars.iter().enumerate().map(|(k, b)| rect(base, b.rate_low * 100.0, (n - 1 - k) as i32, low_c)),
        )
        .map_err(|e| e.to_string())?
        .label(t_low(lang))
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], low_c.mix(0.85).filled()));
    chart
        .draw_series(
            tor.bars.iter().enumerate().map(|(k, b)| rect(base, b.rate_high * 100.0, (n - 1 - k) as i32, high_c)),
        )
        .map_err(|e| e.to_string())?
        .label(t_high(lang))
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], high_c.mix(0.85).filled()));
    chart
        .draw_series(std::iter::once(PathElement::new(
            [(base, SegmentValue::Exact(0)), (base, SegmentValue::Exact(n as i32))],
            BLACK.stroke_width(2),
        )))
        .map_err(|e| e.to_string())?
        .label(format!("{} {:.1}%", if lang == Lang::Ja { "基準" } else { "Base" }, base))
        .legend(|(x, y)| PathElement::new([(x + 8, y - 6), (x + 8, y + 6)], BLACK.stroke_width(2)));
    finish(chart, &root, font, SeriesLabelPosition::LowerRight)
}

fn t_low(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "範囲の下端",
        Lang::En => "Low end of the range",
    }
}

fn t_high(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "範囲の上端",
        Lang::En => "High end of the range",
    }
}

/// The legend box every chart uses, then the drawing is shown.
pub fn finish<CT: CoordTranslate>(
    mut chart: ChartContext<'_, CanvasBackend, CT>,
    root: &DrawingArea<CanvasBackend, plotters::coord::Shift>,
    font: FontDesc<'_>,
    position: SeriesLabelPosition,
) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(200, 200, 200))
        .label_font(font)
        .draw()
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_fitted_to_their_width_and_cut_visibly() {
        assert_eq!(fit("q", 100.0, 13.0), "q");
        let long = "事業所が導入を検討し始める基礎的な確率(週あたり)";
        let cut = fit(long, 120.0, 13.0);
        assert!(cut.ends_with('…') && text_width(&cut, 13.0) <= 120.0, "{cut}");
        assert!(long.starts_with(cut.trim_end_matches('…')));
    }

    #[test]
    fn a_long_tornado_label_takes_two_whole_lines_a_japanese_one_breaks_before_its_code() {
        let en = "Chance an isolated free-pass adopter stops when the waiver ends (waiver_end_stop)";
        let lines = wrap2(en, 400.0, 13.0);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, 13.0) <= 400.0 && !l.ends_with('…')), "{lines:?}");
        assert_eq!(lines.join(" "), en);
        let ja = "障壁が解消する率(介護ソフトの対応版が届く) (readiness_rate)";
        assert_eq!(wrap2(ja, 320.0, 13.0), vec!["障壁が解消する率(介護ソフトの対応版が届く)", "(readiness_rate)"]);
        assert_eq!(wrap2("q", 100.0, 13.0), vec!["q"]);
    }
}
