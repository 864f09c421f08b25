//! A small time series beside the network: the adopted share of home offices and the share
//! of links that are active, week by week, with the week an area first reached the
//! threshold θ (the tipping point of the guide) marked and said in words. The axis labels sit
//! outside the plot (above and below), so no line runs through them.

use crate::ui::shared::i18n::workshop::tipped_note;
use crate::ui::shared::i18n::Lang;
use crate::ui::shared::i18n::{t, Key};
use crate::ui::workshop::network_canvas as net;
use std::rc::Rc;
use yew::prelude::*;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 120.0;
/// Room above and below the plot for the axis labels (user units of the viewBox).
const PAD: f64 = 24.0;

#[derive(Properties, PartialEq)]
pub struct SparklineProps {
    /// Adopted home offices and active links after each week so far.
    pub history: Rc<Vec<(u32, u64)>>,
    pub weeks: u32,
    pub n_home: usize,
    /// Links of the network (the most that can be active).
    pub links: u64,
    /// The week an area tipped and its name.
    pub crossing: Option<(u32, String)>,
    pub lang: Lang,
}

/// The top of the y axis: the highest share so far rounded up to the next 10%, so that the
/// lines fill the box early in a play instead of lying flat along the bottom.
fn y_top(highest: f64) -> f64 {
    ((highest * 10.0).ceil() / 10.0).clamp(0.1, 1.0)
}

/// Weeks the x axis shows at least: half a year, so the first weeks of a play are drawn wide.
const MIN_SPAN: u32 = 26;

/// The weeks the x axis spans after `played` weeks of `weeks`: a quarter more than played
/// (room ahead), at least [`MIN_SPAN`], at most the whole play. Like the y axis, it grows
/// with the play, so the lines are readable from the first weeks, not a dot in a corner.
fn x_span(played: usize, weeks: u32) -> u32 {
    ((played as f64 * 1.25).ceil() as u32).max(MIN_SPAN).min(weeks.max(1))
}

/// SVG polyline points of `share(week)` over the box, the y axis running from 0 to `top`.
fn points(history: &[(u32, u64)], weeks: u32, top: f64, share: impl Fn(&(u32, u64)) -> f64) -> String {
    let w = weeks.max(1) as f64;
    history
        .iter()
        .enumerate()
        .map(|(k, h)| format!("{:.1},{:.1}", k as f64 / w * WIDTH, HEIGHT - (share(h) / top).clamp(0.0, 1.0) * HEIGHT))
        .collect::<Vec<_>>()
        .join(" ")
}

#[function_component(Sparkline)]
pub fn sparkline(p: &SparklineProps) -> Html {
    let lang = p.lang;
    let (n, l) = (p.n_home.max(1) as f64, p.links.max(1) as f64);
    let highest = p.history.iter().map(|h| (h.0 as f64 / n).max(h.1 as f64 / l)).fold(0.0, f64::max);
    let top = y_top(highest);
    let span = x_span(p.history.len(), p.weeks);
    let adopted = points(&p.history, span, top, |h| h.0 as f64 / n);
    let active = points(&p.history, span, top, |h| h.1 as f64 / l);
    let x = |week: u32| week.min(span) as f64 / span as f64 * WIDTH;
    let crossing = p.crossing.as_ref().map(|(c, area)| {
        let at = x(*c);
        // The word beside the line, on the side with room, clear of the top-left axis label.
        let (tx, anchor) = if at < WIDTH / 2.0 { ((at + 4.0).max(56.0), "start") } else { (at - 4.0, "end") };
        (*c, area.clone(), at, tx, anchor)
    });
    html! {
        <figure id="ws-series" class="ws-series" data-crossing={p.crossing.as_ref().map(|c| c.0.to_string()).unwrap_or_default()}>
            <svg viewBox={format!("0 {} {WIDTH} {}", -PAD, HEIGHT + 2.0 * PAD)} role="img" aria-label={t(lang, Key::Series)}>
                <rect x="0" y="0" width={WIDTH.to_string()} height={HEIGHT.to_string()} class="frame" />
                <text id="ws-series-top" x="2" y={(-6.0).to_string()} class="scale">{ format!("{:.0}%", top * 100.0) }</text>
                <text id="ws-series-span" x={WIDTH.to_string()} y={(HEIGHT + PAD - 3.0).to_string()} text-anchor="end"
                    class="scale">{ format!("{} {span}", t(lang, Key::Week)) }</text>
                <polyline points={adopted} fill="none" stroke={net::ADOPTED} stroke-width="3" />
                <polyline points={active} fill="none" stroke={net::ACTIVE_LINK} stroke-width="3" stroke-dasharray="6 3" />
                if let Some((_, _, at, tx, anchor)) = crossing.clone() {
                    <line id="ws-crossing" x1={at.to_string()} x2={at.to_string()} y1="0" y2={HEIGHT.to_string()}
                        class="crossing" />
                    <text id="ws-crossing-label" x={tx.to_string()} y={(-6.0).to_string()} text-anchor={anchor}
                        class="scale tipped">{ t(lang, Key::Tipped) }</text>
                }
            </svg>
            <figcaption>
                <span class="key adopted">{ t(lang, Key::SeriesAdopted) }</span>
                <span class="key links">{ t(lang, Key::SeriesLinks) }</span>
            </figcaption>
            // For screen readers (the sentence is drawn on the map, which has no text); always present,
            // so the note is announced when it appears.
            <p id="ws-tipped" class="visually-hidden" role="status">
                { crossing.map(|(c, area, ..)| tipped_note(lang, &area, c)).unwrap_or_default() }</p>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_grows_with_the_play_and_the_lines_fill_the_box() {
        assert_eq!(y_top(0.0), 0.1);
        assert_eq!(y_top(0.03), 0.1);
        assert!((y_top(0.31) - 0.4).abs() < 1e-9);
        assert_eq!(y_top(0.97), 1.0);
        // 5% of 0.1 is half the box high, not 5% of it.
        let p = points(&[(5, 0)], 10, 0.1, |h| h.0 as f64 / 100.0);
        assert_eq!(p, format!("0.0,{:.1}", HEIGHT / 2.0));
        // the x axis: half a year at first, then a quarter ahead of the play, never past its end
        assert_eq!(x_span(3, 104), 26);
        assert_eq!(x_span(40, 104), 50);
        assert_eq!(x_span(100, 104), 104);
        assert_eq!(x_span(3, 10), 10);
    }
}
