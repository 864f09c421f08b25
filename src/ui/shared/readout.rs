//! A readout over a time chart: the date under the pointer (or the keyboard's cursor) and
//! each line's value there. The chart's frame takes focus; ←/→ move one date, Home/End go to
//! the ends, PageUp/PageDown a year. The text sits in a live region, so a screen reader reads
//! each step. Used by the main result chart and the difference chart.

use std::rc::Rc;
use web_sys::HtmlElement;
use yew::prelude::*;

/// What one series says at one date: its swatch's class (`s0`..`s3` as in the legend, `obs`
/// for the observed points), its name, its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub swatch: String,
    pub label: String,
    pub text: String,
}

/// One date of the chart and the values of its lines there.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub date: String,
    pub lines: Vec<Line>,
}

/// Where the plot sits on the canvas, in canvas pixels: the x axis runs from `left` to
/// `width - right` (plotters' margin plus the y label area on the left, the margin on the right).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotArea {
    pub width: f64,
    pub left: f64,
    pub right: f64,
}

impl PlotArea {
    /// The x position of point `i` of `n`, as a percentage of the canvas width.
    pub fn x_percent(&self, i: usize, n: usize) -> f64 {
        let span = self.width - self.left - self.right;
        let f = if n > 1 { i as f64 / (n - 1) as f64 } else { 0.0 };
        (self.left + f * span) / self.width * 100.0
    }

    /// The point nearest to `x` (a fraction 0..1 of the drawn canvas width).
    pub fn index_at(&self, x: f64, n: usize) -> usize {
        let span = self.width - self.left - self.right;
        let f = ((x * self.width - self.left) / span).clamp(0.0, 1.0);
        (f * n.saturating_sub(1) as f64).round() as usize
    }
}

/// The index after key `key` from `i` (of `n` points); `None` for keys the readout leaves alone.
pub fn step(key: &str, i: usize, n: usize) -> Option<usize> {
    let last = n.saturating_sub(1);
    Some(match key {
        "ArrowLeft" | "ArrowDown" => i.saturating_sub(1),
        "ArrowRight" | "ArrowUp" => (i + 1).min(last),
        "Home" => 0,
        "End" => last,
        "PageUp" => i.saturating_sub(12),
        "PageDown" => (i + 12).min(last),
        _ => return None,
    })
}

#[derive(Properties, PartialEq)]
pub struct ReadoutProps {
    /// Id of the readout box (the frame is `{id}-frame`).
    pub id: AttrValue,
    /// What the focusable frame is, with how to use it.
    pub label: AttrValue,
    pub points: Rc<Vec<Point>>,
    pub plot: PlotArea,
    /// The point shown when the frame takes focus (default: the last).
    #[prop_or_default]
    pub start: Option<usize>,
    pub children: Children,
}

#[function_component(Readout)]
pub fn readout(p: &ReadoutProps) -> Html {
    let at = use_state(|| None::<usize>);
    let focused = use_state(|| false);
    let n = p.points.len();
    let frame = use_node_ref();
    let on_focus = {
        let (at, focused, start) = (at.clone(), focused.clone(), p.start);
        Callback::from(move |_: FocusEvent| {
            focused.set(true);
            if at.is_none() {
                at.set(Some(start.unwrap_or(n.saturating_sub(1)).min(n.saturating_sub(1))));
            }
        })
    };
    let on_blur = {
        let (at, focused) = (at.clone(), focused.clone());
        Callback::from(move |_: FocusEvent| {
            focused.set(false);
            at.set(None);
        })
    };
    let on_key = {
        let at = at.clone();
        Callback::from(move |e: KeyboardEvent| {
            let i = at.unwrap_or(n.saturating_sub(1));
            if let Some(next) = step(&e.key(), i, n) {
                e.prevent_default();
                at.set(Some(next));
            }
        })
    };
    let on_move = {
        let (at, frame, plot) = (at.clone(), frame.clone(), p.plot);
        Callback::from(move |e: MouseEvent| {
            let Some(el) = frame.cast::<HtmlElement>() else { return };
            let rect = el.get_bounding_client_rect();
            if rect.width() > 0.0 && n > 0 {
                let x = (e.client_x() as f64 - rect.left()) / rect.width();
                at.set(Some(plot.index_at(x, n)));
            }
        })
    };
    let on_leave = {
        let (at, focused) = (at.clone(), focused.clone());
        Callback::from(move |_: MouseEvent| {
            if !*focused {
                at.set(None);
            }
        })
    };
    let shown = (*at).filter(|&i| i < n);
    let x = shown.map(|i| p.plot.x_percent(i, n));
    // the box stands right of the guide, or left of it in the right half of the plot
    let side = if x.is_some_and(|x| x > 55.0) { "left" } else { "right" };
    let point = shown.and_then(|i| p.points.get(i));
    html! {
        <div id={format!("{}-frame", p.id)} ref={frame} class="readout-frame" tabindex="0" role="group"
            aria-label={p.label.clone()} onfocus={on_focus} onblur={on_blur} onkeydown={on_key}
            onmousemove={on_move} onmouseleave={on_leave}>
            { p.children.clone() }
            if let Some(x) = x {
                <div class="readout-guide" aria-hidden="true" style={format!("left: {x:.2}%")}></div>
            }
            <div id={p.id.clone()} class={classes!("readout", side, point.is_none().then_some("hidden"))}
                role="status" aria-live="polite" aria-atomic="true"
                data-index={shown.map(|i| i.to_string())}
                style={x.map(|x| format!("--x: {x:.2}%"))}>
                if let Some(pt) = point {
                    <strong class="readout-date">{ &pt.date }</strong>
                    <ul>
                        { for pt.lines.iter().map(|l| html! {
                            <li><span class={classes!("swatch", l.swatch.clone())}></span>
                                <span class="what">{ &l.label }</span>{ " " }<span class="value">{ &l.text }</span></li>
                        }) }
                    </ul>
                }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_within_the_dates_and_the_pointer_finds_the_nearest() {
        assert_eq!(step("ArrowRight", 3, 5), Some(4));
        assert_eq!(step("ArrowRight", 4, 5), Some(4), "stops at the last date");
        assert_eq!(step("ArrowLeft", 0, 5), Some(0));
        assert_eq!(step("End", 0, 5), Some(4));
        assert_eq!(step("PageUp", 20, 30), Some(8));
        assert_eq!(step("a", 2, 5), None);
        let plot = PlotArea { width: 900.0, left: 76.0, right: 12.0 };
        assert_eq!(plot.index_at(76.0 / 900.0, 10), 0);
        assert_eq!(plot.index_at(888.0 / 900.0, 10), 9);
        assert_eq!(plot.index_at(0.0, 10), 0, "left of the plot: the first date");
        let mid = plot.x_percent(5, 11);
        assert!((plot.index_at(mid / 100.0, 11) as i64 - 5).abs() == 0, "{mid}");
    }
}
