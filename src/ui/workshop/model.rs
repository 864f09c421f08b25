//! The workshop's animation state: the player of one replication, its picture, the clock,
//! and the frame loop (one `gloo_render` animation frame at a time).

use crate::ui::shared::i18n::workshop::tipped_note;
use crate::ui::shared::i18n::{area_name, region_name, Lang};
use crate::ui::shared::i18n::{t, Key};
use crate::ui::workshop::network_canvas::NetworkPicture;
use gloo_render::AnimationFrame;
use renkei::sim::experiment::rows::Denominator;
use renkei::sim::experiment::workshop::{demo_player, Demo, DemoSpec, Player};
use renkei::sim::model::engine::State;
use renkei::sim::scenario::regions;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;

/// Scenarios offered: the two demos, then the model regions (their actual strategy, replication 0).
pub fn scenario_ids() -> Vec<String> {
    let mut v = vec!["demo_scattered".to_string(), "demo_clustered".to_string()];
    v.extend(regions::REGIONS.iter().map(|s| s.to_string()));
    v
}

pub fn scenario_label(lang: Lang, id: &str) -> String {
    match id {
        "demo_scattered" => t(lang, Key::Scattered).to_string(),
        "demo_clustered" => t(lang, Key::Clustered).to_string(),
        _ => region_name(lang, id),
    }
}

/// The scenario's area names as the picture shows them, in `lang`.
fn area_labels(player: &Player, lang: Lang) -> Vec<String> {
    player.scn.population.areas.iter().map(|a| area_name(lang, &a.name)).collect()
}

fn build_player(id: &str) -> Result<Player, String> {
    let spec = DemoSpec::default();
    match id {
        "demo_scattered" => demo_player(&spec, Demo::Scattered, 0).map_err(|e| e.to_string()),
        "demo_clustered" => demo_player(&spec, Demo::Clustered, 0).map_err(|e| e.to_string()),
        _ => {
            let scn = regions::preset(id).ok_or_else(|| format!("unknown scenario {id}"))?;
            Player::new(scn, 0).map_err(|e| e.to_string())
        }
    }
}

pub const SPEEDS: [f64; 6] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0];

/// The animation's mutable state, shared by the component and the frame loop.
pub struct Model {
    pub id: String,
    pub player: Player,
    pub picture: NetworkPicture,
    pub canvas: Option<HtmlCanvasElement>,
    pub playing: bool,
    pub speed: f64,
    /// Weeks owed to the clock (fractional).
    pub owed: f64,
    pub last_t: Option<f64>,
    /// Frames drawn and time spent drawing, shown as data attributes for the e2e test.
    pub frames: u64,
    pub draw_ms: f64,
    pub raf: Option<AnimationFrame>,
    /// The first week an area tipped and which area ([`tipped_area`]: the tipping point the
    /// guide describes), if one has so far.
    pub crossing: Option<(u32, usize)>,
    /// The area names in the page's language (the tipping note names the area).
    pub area_names: Vec<String>,
    pub lang: Lang,
}

impl Model {
    pub fn new(id: &str, lang: Lang) -> Result<Model, String> {
        let player = build_player(id)?;
        let area_names = area_labels(&player, lang);
        let mut picture = NetworkPicture::new(&player.world, &area_names);
        picture.settle(&player.state);
        Ok(Model {
            id: id.to_string(),
            player,
            picture,
            canvas: None,
            playing: false,
            speed: 4.0,
            owed: 0.0,
            last_t: None,
            frames: 0,
            draw_ms: 0.0,
            raf: None,
            crossing: None,
            area_names,
            lang,
        })
    }

    /// The office count the counters are said in: the database's count at the region's latest
    /// figure, as on the planner (a demo's own offices).
    pub fn denominator(&self) -> Denominator {
        Denominator::of_scenario(&self.player.scn, self.player.world.n_home)
    }

    /// Writes the area names in `lang` on the picture.
    pub fn relabel(&mut self, lang: Lang) {
        self.lang = lang;
        self.area_names = area_labels(&self.player, lang);
        self.picture.relabel(&self.player.world, &self.area_names);
    }

    /// Notes the week the threshold is first crossed (after a step), or forgets a crossing
    /// later than the week shown (after back or reset).
    pub fn note_crossing(&mut self) {
        let week = self.player.week;
        if self.crossing.is_some_and(|(c, _)| c > week) {
            self.crossing = None;
        }
        if self.crossing.is_none() {
            self.crossing = tipped_area(&self.player).map(|a| (week, a));
        }
    }

    /// The tipped area's name (or its number when it has none) and the week it tipped.
    pub fn tipped(&self) -> Option<(u32, String)> {
        let (week, a) = self.crossing?;
        let name = self.area_names.get(a).filter(|n| !n.is_empty()).cloned().unwrap_or_else(|| format!("#{}", a + 1));
        Some((week, name))
    }

    pub fn draw(&mut self, now: f64) {
        let Some(c) = self.canvas.clone() else { return };
        let t0 = now_ms();
        // The tipped area is marked on the picture itself, in words (issue 23).
        let mark = self.crossing.zip(self.tipped()).map(|((_, a), (w, name))| (a, tipped_note(self.lang, &name, w)));
        self.picture.draw(&c, &self.player.state, now, mark.as_ref().map(|(a, s)| (*a, s.as_str())));
        self.frames += 1;
        self.draw_ms += now_ms() - t0;
        let _ = c.set_attribute("data-frames", &self.frames.to_string());
        let _ = c.set_attribute("data-draw-ms", &format!("{:.1}", self.draw_ms));
        let _ = c.set_attribute("data-week", &self.player.week.to_string());
    }
}

/// The first area that has tipped: at least half of its home offices have at least the share θ
/// of their partners adopted (θ: the threshold of the model's response, on partner shares).
pub fn tipped_area(p: &Player) -> Option<usize> {
    let theta = p.model.params.threshold;
    let areas = p.world.members.len();
    let mut over = vec![0u32; areas];
    let mut total = vec![0u32; areas];
    for o in 0..p.world.n_home {
        let a = p.world.area[o] as usize;
        if a >= areas {
            continue;
        }
        total[a] += 1;
        let partners = p.world.partners(o);
        let adopted = partners.iter().filter(|&&q| p.state[q as usize] == State::Adopted).count();
        if !partners.is_empty() && adopted as f64 >= theta * partners.len() as f64 {
            over[a] += 1;
        }
    }
    over.iter().zip(&total).position(|(&o, &t)| t > 0 && 2 * o >= t)
}

pub fn start_playing(m: &mut Model) {
    m.crossing = None;
    m.player.reset();
    m.picture.settle(&m.player.state);
    m.playing = true;
    m.owed = 0.0;
}

pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// The model, shared by the component and the frame loop.
pub type SharedModel = Rc<RefCell<Option<Model>>>;

/// A replication played to its end: scenario id, adopted home offices, active links, home offices.
pub type Final = (String, u32, u64, usize);

/// Called after a frame that changed the picture (with the end result when the play finished).
pub type OnChange = Rc<dyn Fn(Option<Final>)>;

/// Asks for one animation frame unless one is pending. The frame advances the player by the
/// clock, draws, and asks for the next while something moves.
pub fn kick(model: &SharedModel, on_change: &OnChange) {
    let pending = model.borrow().as_ref().map(|m| m.raf.is_some()).unwrap_or(true);
    if pending {
        return;
    }
    let (m2, cb) = (model.clone(), on_change.clone());
    let handle = gloo_render::request_animation_frame(move |t| frame(&m2, &cb, t));
    if let Some(m) = model.borrow_mut().as_mut() {
        m.raf = Some(handle);
    }
}

/// Stops the loop (the pending frame is cancelled when its handle drops).
pub fn stop(model: &SharedModel) {
    if let Some(m) = model.borrow_mut().as_mut() {
        m.playing = false;
        m.raf = None;
    }
}

fn frame(model: &SharedModel, on_change: &OnChange, t: f64) {
    let mut changed = false;
    let mut again = false;
    let mut finished = None;
    if let Some(m) = model.borrow_mut().as_mut() {
        // This frame has fired: its handle is spent.
        m.raf = None;
        let dt = m.last_t.map(|l| (t - l).max(0.0)).unwrap_or(0.0).min(250.0);
        m.last_t = Some(t);
        if m.playing {
            m.owed += dt / 1000.0 * m.speed;
            while m.owed >= 1.0 && !m.player.done() {
                m.owed -= 1.0;
                m.player.step();
                m.note_crossing();
                changed = true;
            }
            if m.player.done() {
                m.playing = false;
                let (c, den) = (&m.player.counts, m.denominator());
                let adopted = den.scale(c.adopted_home, m.player.world.n_home);
                finished = Some((m.id.clone(), adopted, c.active_links, den.offices as usize));
                changed = true;
            }
        }
        if changed {
            m.picture.observe(&m.player.state, t);
        }
        m.draw(t);
        again = m.playing || m.picture.animating(t);
        if !again {
            m.last_t = None;
        }
    }
    if again {
        kick(model, on_change);
    }
    if changed {
        on_change(finished);
    }
}
