//! Draws the partner network of the workshop view on a 2D canvas.
//!
//! The static part (every link, faint, and the area labels) is drawn once into
//! an off-screen canvas; each frame copies it, then draws the active links and
//! the offices batched by colour (one path per state), and a fading ring around
//! offices that changed state in the last second.

use renkei::sim::model::engine::State;
use renkei::sim::model::population::World;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Canvas size in canvas pixels (CSS scales it to the page width).
pub const WIDTH: u32 = 1600;
pub const HEIGHT: u32 = 900;

/// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
pub const NOT_ADOPTED: &str = "#b9bec2";
pub const PLANNING: &str = "#e69f00";
pub const ADOPTED: &str = "#0072b2";
pub const STOPPED: &str = "#d55e00";
pub const ACTIVE_LINK: &str = "#009e73";

pub fn state_colour(s: State) -> &'static str {
    match s {
        State::NotAdopted => NOT_ADOPTED,
        State::Planning => PLANNING,
        State::Adopted => ADOPTED,
        State::Stopped => STOPPED,
    }
}

const RING_MS: f64 = 900.0;

/// Everything needed to draw one network; rebuilt when the scenario changes.
pub struct NetworkPicture {
    pub pos: Vec<(f32, f32)>,
    pub edges: Vec<(u32, u32)>,
    centre: Vec<bool>,
    home: usize,
    node: f64,
    background: Option<HtmlCanvasElement>,
    /// Time (ms) at which each office last changed state, for the rings.
    changed_at: Vec<f64>,
    last_state: Vec<State>,
    /// Each area's box around its home offices (x0, y0, x1, y1), for the tipping mark.
    area_box: Vec<(f64, f64, f64, f64)>,
}

fn context(c: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    c.get_context("2d").ok().flatten().and_then(|x| x.dyn_into::<CanvasRenderingContext2d>().ok())
}

impl NetworkPicture {
    pub fn new(world: &World, area_names: &[String]) -> NetworkPicture {
        let pos = crate::ui::workshop::layout::layout(world, WIDTH as f64, HEIGHT as f64);
        let edges = crate::ui::workshop::layout::edges(world);
        let n = world.len();
        let mut centre = vec![false; n];
        for &c in &world.centre {
            if (c as usize) < n {
                centre[c as usize] = true;
            }
        }
        // Node size from the spacing of offices inside an area.
        let areas = world.members.len().max(1) as f64;
        let per_area = (world.n_home as f64 / areas).max(1.0);
        let cell = ((WIDTH as f64 * HEIGHT as f64) / areas).sqrt();
        let node = (0.55 * cell / per_area.sqrt()).clamp(3.0, 12.0);
        let area_box = world
            .members
            .iter()
            .map(|m| {
                m.iter().filter(|&&o| (o as usize) < world.n_home).fold(
                    (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
                    |b, &o| {
                        let (x, y) = pos[o as usize];
                        (b.0.min(x as f64), b.1.min(y as f64), b.2.max(x as f64), b.3.max(y as f64))
                    },
                )
            })
            .collect();
        let mut p = NetworkPicture {
            area_box,
            pos,
            edges,
            centre,
            home: world.n_home,
            node,
            background: None,
            changed_at: vec![f64::NEG_INFINITY; n],
            last_state: Vec::new(),
        };
        p.background = p.draw_background(world, area_names);
        p
    }

    /// Draws the background again with other area names (the page's language changed).
    pub fn relabel(&mut self, world: &World, area_names: &[String]) {
        self.background = self.draw_background(world, area_names);
    }

    fn draw_background(&self, world: &World, area_names: &[String]) -> Option<HtmlCanvasElement> {
        let doc = web_sys::window()?.document()?;
        let c: HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
        c.set_width(WIDTH);
        c.set_height(HEIGHT);
        let ctx = context(&c)?;
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, WIDTH as f64, HEIGHT as f64);
        // Links: faint, all in one path.
        let alpha = (3000.0 / self.edges.len().max(1) as f64).clamp(0.05, 0.25);
        ctx.set_stroke_style_str(&format!("rgba(60, 70, 80, {alpha:.3})"));
        ctx.set_line_width(1.0);
        ctx.begin_path();
        for &(a, b) in &self.edges {
            let (pa, pb) = (self.pos[a as usize], self.pos[b as usize]);
            ctx.move_to(pa.0 as f64, pa.1 as f64);
            ctx.line_to(pb.0 as f64, pb.1 as f64);
        }
        ctx.stroke();
        // Area labels under each cluster (only when there are few enough to read).
        if world.members.len() <= 30 {
            ctx.set_fill_style_str("#5f6b73");
            ctx.set_font("bold 20px system-ui, sans-serif");
            ctx.set_text_align("center");
            ctx.set_stroke_style_str("#ffffff");
            ctx.set_line_width(5.0);
            ctx.set_line_join("round");
            for (a, m) in world.members.iter().enumerate() {
                let Some(name) = area_names.get(a) else { continue };
                let ys = m.iter().map(|&o| self.pos[o as usize].1).fold(f32::MIN, f32::max);
                let c = world.centre.get(a).and_then(|&c| self.pos.get(c as usize).copied());
                if let Some((x, _)) = c {
                    // A white halo: the links under the name do not strike it through.
                    let y = ys as f64 + self.node + 18.0;
                    let _ = ctx.stroke_text(name, x as f64, y);
                    let _ = ctx.fill_text(name, x as f64, y);
                }
            }
        }
        Some(c)
    }

    /// Notes which offices changed state since the last call (for the rings).
    pub fn observe(&mut self, state: &[State], now_ms: f64) {
        if self.last_state.len() != state.len() {
            self.last_state = state.to_vec();
            return;
        }
        for (o, (&s, old)) in state.iter().zip(self.last_state.iter_mut()).enumerate() {
            if s != *old {
                *old = s;
                self.changed_at[o] = now_ms;
            }
        }
    }

    /// Forgets the rings (after a reset or a jump back).
    pub fn settle(&mut self, state: &[State]) {
        self.last_state = state.to_vec();
        self.changed_at.iter_mut().for_each(|t| *t = f64::NEG_INFINITY);
    }

    /// Are rings still fading (so the next frame differs from this one)?
    pub fn animating(&self, now_ms: f64) -> bool {
        self.changed_at.iter().any(|&t| now_ms - t < RING_MS)
    }

    /// Draws one frame; `mark`: the area that tipped and the sentence that says so.
    pub fn draw(&self, canvas: &HtmlCanvasElement, state: &[State], now_ms: f64, mark: Option<(usize, &str)>) {
        let Some(ctx) = context(canvas) else { return };
        match &self.background {
            Some(bg) => {
                let _ = ctx.draw_image_with_html_canvas_element(bg, 0.0, 0.0);
            }
            None => {
                ctx.set_fill_style_str("#ffffff");
                ctx.fill_rect(0.0, 0.0, WIDTH as f64, HEIGHT as f64);
            }
        }
        let adopted = |o: u32| state.get(o as usize) == Some(&State::Adopted);
        // Active links: both ends adopted.
        ctx.set_stroke_style_str(ACTIVE_LINK);
        ctx.set_line_width(2.0);
        ctx.begin_path();
        for &(a, b) in &self.edges {
            if adopted(a) && adopted(b) {
                let (pa, pb) = (self.pos[a as usize], self.pos[b as usize]);
                ctx.move_to(pa.0 as f64, pa.1 as f64);
                ctx.line_to(pb.0 as f64, pb.1 as f64);
            }
        }
        ctx.stroke();
        // Offices, one path per state; external offices smaller.
        let s = self.node;
        for st in [State::NotAdopted, State::Stopped, State::Planning, State::Adopted] {
            ctx.set_fill_style_str(state_colour(st));
            ctx.begin_path();
            for (o, &(x, y)) in self.pos.iter().enumerate() {
                if state[o] != st || self.centre[o] {
                    continue;
                }
                let size = if o < self.home { s } else { s * 0.6 };
                ctx.rect(x as f64 - size / 2.0, y as f64 - size / 2.0, size, size);
            }
            ctx.fill();
        }
        // Centres: large squares with a dark border.
        let cs = (s * 2.4).max(12.0);
        ctx.set_line_width(3.0);
        ctx.set_stroke_style_str("#1d2327");
        for (o, &(x, y)) in self.pos.iter().enumerate() {
            if !self.centre[o] {
                continue;
            }
            ctx.set_fill_style_str(state_colour(state[o]));
            ctx.fill_rect(x as f64 - cs / 2.0, y as f64 - cs / 2.0, cs, cs);
            ctx.stroke_rect(x as f64 - cs / 2.0, y as f64 - cs / 2.0, cs, cs);
        }
        // Rings around offices that just changed state.
        ctx.set_line_width(2.0);
        for (o, &t) in self.changed_at.iter().enumerate() {
            let age = now_ms - t;
            if !(0.0..RING_MS).contains(&age) {
                continue;
            }
            let k = age / RING_MS;
            let (x, y) = self.pos[o];
            ctx.set_global_alpha(1.0 - k);
            ctx.set_stroke_style_str(state_colour(state[o]));
            ctx.begin_path();
            let _ = ctx.arc(x as f64, y as f64, s * (0.8 + 2.2 * k), 0.0, std::f64::consts::TAU);
            ctx.stroke();
        }
        ctx.set_global_alpha(1.0);
        if let Some((area, note)) = mark {
            self.draw_mark(&ctx, area, note);
        }
    }

    /// The tipping moment on the map: a red frame around the area and the sentence in a
    /// banner along the top, large enough to read from the back of a room.
    fn draw_mark(&self, ctx: &CanvasRenderingContext2d, area: usize, note: &str) {
        const RED: &str = "#b3261e";
        if let Some(&(x0, y0, x1, y1)) = self.area_box.get(area).filter(|b| b.0 <= b.2) {
            let pad = self.node * 2.0 + 6.0;
            ctx.set_stroke_style_str(RED);
            ctx.set_line_width(6.0);
            ctx.stroke_rect(x0 - pad, y0 - pad, x1 - x0 + 2.0 * pad, y1 - y0 + 2.0 * pad);
        }
        // Shrink the type until the sentence fits the width.
        let mut size = 40.0;
        let width = WIDTH as f64 - 40.0;
        loop {
            ctx.set_font(&format!("bold {size}px system-ui, sans-serif"));
            let w = ctx.measure_text(note).map(|m| m.width()).unwrap_or(0.0);
            if w <= width || size <= 20.0 {
                break;
            }
            size -= 2.0;
        }
        let h = size * 1.6;
        ctx.set_fill_style_str("rgba(255, 255, 255, 0.92)");
        ctx.fill_rect(0.0, 0.0, WIDTH as f64, h);
        ctx.set_fill_style_str(RED);
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        let _ = ctx.fill_text_with_max_width(note, WIDTH as f64 / 2.0, h / 2.0, width);
        ctx.set_text_baseline("alphabetic");
    }
}
