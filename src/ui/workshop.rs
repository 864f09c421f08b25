//! Workshop mode, for a trainer at a projector: the partner network on a canvas,
//! one replication played week by week in the page (the same engine as the
//! planner, through `renkei::sim::workshop::Player`), large type, live counters,
//! and a guided demo contrasting scattered first adopters with one clustered area
//! whose centre leads. Also the page's root: `#workshop` in the address shows this
//! view, anything else the planner (`components::App`).

use super::components::App;
use super::i18n::{region_name, Lang};
use super::network_canvas::{self as net, NetworkPicture};
use renkei::sim::regions;
use renkei::sim::workshop::{demo_player, Demo, DemoSpec, Player};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum W {
    Title,
    Nav,
    Planner,
    Workshop,
    Scenario,
    Play,
    Pause,
    Step,
    Back,
    Reset,
    Speed,
    WeeksPerSecond,
    Date,
    Week,
    Adopted,
    Planning,
    Stopped,
    ActiveLinks,
    Centres,
    NotAdopted,
    Legend,
    Keys,
    Canvas,
    Guide,
    Guide1,
    Guide2,
    Guide3,
    RunScattered,
    RunClustered,
    Compare,
    FinalAdopted,
    FinalLinks,
    Scattered,
    Clustered,
    Centre,
    ActiveLink,
}

fn wt(lang: Lang, k: W) -> &'static str {
    use W::*;
    let ja = lang == Lang::Ja;
    match k {
        Title => {
            if ja {
                "ワークショップ：連携の広がりを見る"
            } else {
                "Workshop: watch the linkage spread"
            }
        }
        Nav => {
            if ja {
                "表示の切り替え"
            } else {
                "Views"
            }
        }
        Planner => {
            if ja {
                "計画"
            } else {
                "Planner"
            }
        }
        Workshop => {
            if ja {
                "ワークショップ"
            } else {
                "Workshop"
            }
        }
        Scenario => {
            if ja {
                "シナリオ"
            } else {
                "Scenario"
            }
        }
        Play => {
            if ja {
                "再生"
            } else {
                "Play"
            }
        }
        Pause => {
            if ja {
                "一時停止"
            } else {
                "Pause"
            }
        }
        Step => {
            if ja {
                "1週進む"
            } else {
                "Step a week"
            }
        }
        Back => {
            if ja {
                "1週戻る"
            } else {
                "Back a week"
            }
        }
        Reset => {
            if ja {
                "最初から"
            } else {
                "Restart"
            }
        }
        Speed => {
            if ja {
                "速さ"
            } else {
                "Speed"
            }
        }
        WeeksPerSecond => {
            if ja {
                "週/秒"
            } else {
                "weeks/s"
            }
        }
        Date => {
            if ja {
                "日付"
            } else {
                "Date"
            }
        }
        Week => {
            if ja {
                "週"
            } else {
                "Week"
            }
        }
        Adopted => {
            if ja {
                "導入済み"
            } else {
                "Adopted"
            }
        }
        Planning => {
            if ja {
                "導入予定"
            } else {
                "Planning"
            }
        }
        Stopped => {
            if ja {
                "停止"
            } else {
                "Stopped"
            }
        }
        NotAdopted => {
            if ja {
                "未導入"
            } else {
                "Not adopted"
            }
        }
        ActiveLinks => {
            if ja {
                "有効な連携（両方が導入済み）"
            } else {
                "Active links (both ends adopted)"
            }
        }
        Centres => {
            if ja {
                "包括センター導入"
            } else {
                "Centres adopted"
            }
        }
        Legend => {
            if ja {
                "凡例"
            } else {
                "Legend"
            }
        }
        Keys => {
            if ja {
                "キー操作：スペース＝再生／一時停止、→＝1週進む、←＝1週戻る、Home＝最初から"
            } else {
                "Keys: Space = play/pause, → = step a week, ← = back a week, Home = restart"
            }
        }
        Canvas => {
            if ja {
                "事業所の取引ネットワーク。圏域ごとにまとまり、大きな四角が地域包括支援センター、緑の線が有効な連携"
            } else {
                "Partner network of the offices, grouped by area; large squares are the centres, green lines active links"
            }
        }
        Guide => {
            if ja {
                "ガイド付きデモ"
            } else {
                "Guided demo"
            }
        }
        Guide1 => {
            if ja {
                "同じ2,000事業所・同じ取引ネットワーク・同じ40の先行導入事業所で、配置だけを変えて比べます。"
            } else {
                "Same 2,000 offices, same partner network, same 40 first adopters: only where they are differs."
            }
        }
        Guide2 => {
            if ja {
                "① 散在型：先行導入が市内に点在。取引先のほとんどが未導入なので、連携の効果が出ず広がりません。"
            } else {
                "① Scattered: first adopters spread over the city. Most of their partners have not adopted, so linking pays little and it does not spread."
            }
        }
        Guide3 => {
            if ja {
                "② 集中型：1つの圏域に集中し、その圏域のセンターが自ら導入して働きかけます。圏域内で閾値を超え（ティッピングポイント）、有効な連携が一気に増えます。"
            } else {
                "② Clustered: all in one area whose centre adopts itself and reaches out. The area passes the threshold (the tipping point) and active links take off."
            }
        }
        RunScattered => {
            if ja {
                "① 散在型を再生"
            } else {
                "Play ① scattered"
            }
        }
        RunClustered => {
            if ja {
                "② 集中型を再生"
            } else {
                "Play ② clustered"
            }
        }
        Compare => {
            if ja {
                "比較（期間の終わり）"
            } else {
                "Comparison (end of the horizon)"
            }
        }
        FinalAdopted => {
            if ja {
                "導入済み"
            } else {
                "Adopted"
            }
        }
        FinalLinks => {
            if ja {
                "有効な連携"
            } else {
                "Active links"
            }
        }
        Scattered => {
            if ja {
                "デモ① 散在型"
            } else {
                "Demo ① scattered"
            }
        }
        Clustered => {
            if ja {
                "デモ② 集中型（センター主導）"
            } else {
                "Demo ② clustered (centre leads)"
            }
        }
        Centre => {
            if ja {
                "地域包括支援センター"
            } else {
                "Community support centre"
            }
        }
        ActiveLink => {
            if ja {
                "有効な連携"
            } else {
                "Active link"
            }
        }
    }
}

/// Scenarios offered: the two demos, then the model regions (their actual strategy, replication 0).
fn scenario_ids() -> Vec<String> {
    let mut v = vec!["demo_scattered".to_string(), "demo_clustered".to_string()];
    v.extend(regions::REGIONS.iter().map(|s| s.to_string()));
    v
}

fn scenario_label(lang: Lang, id: &str) -> String {
    match id {
        "demo_scattered" => wt(lang, W::Scattered).to_string(),
        "demo_clustered" => wt(lang, W::Clustered).to_string(),
        _ => region_name(lang, id),
    }
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

const SPEEDS: [f64; 6] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0];

/// The animation's mutable state, shared by the component and the frame loop.
struct Model {
    id: String,
    player: Player,
    picture: NetworkPicture,
    canvas: Option<HtmlCanvasElement>,
    playing: bool,
    speed: f64,
    /// Weeks owed to the clock (fractional).
    owed: f64,
    last_t: Option<f64>,
    /// Frames drawn and time spent drawing, shown as data attributes for the e2e test.
    frames: u64,
    draw_ms: f64,
    raf: Option<i32>,
}

impl Model {
    fn new(id: &str) -> Result<Model, String> {
        let player = build_player(id)?;
        let names: Vec<String> = player.scn.population.areas.iter().map(|a| a.name.clone()).collect();
        let mut picture = NetworkPicture::new(&player.world, &names);
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
        })
    }

    fn draw(&mut self, now: f64) {
        let Some(c) = self.canvas.clone() else { return };
        let t0 = now_ms();
        self.picture.draw(&c, &self.player.state, now);
        self.frames += 1;
        self.draw_ms += now_ms() - t0;
        let _ = c.set_attribute("data-frames", &self.frames.to_string());
        let _ = c.set_attribute("data-draw-ms", &format!("{:.1}", self.draw_ms));
        let _ = c.set_attribute("data-week", &self.player.week.to_string());
    }
}

fn start_playing(m: &mut Model) {
    m.player.reset();
    m.picture.settle(&m.player.state);
    m.playing = true;
    m.owed = 0.0;
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

type Shared = Rc<RefCell<Option<Model>>>;
type Loop = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

fn request_frame(lp: &Loop) -> Option<i32> {
    let w = web_sys::window()?;
    let l = lp.borrow();
    let cb = l.as_ref()?;
    w.request_animation_frame(cb.as_ref().unchecked_ref()).ok()
}

#[derive(Properties, PartialEq)]
pub struct WorkshopProps {
    pub lang: Lang,
    pub on_toggle_lang: Callback<()>,
}

#[function_component(Workshop)]
pub fn workshop(props: &WorkshopProps) -> Html {
    let lang = props.lang;
    let model: Shared = use_mut_ref(|| None::<Model>).clone();
    let frame_loop: Loop = use_mut_ref(|| None::<Closure<dyn FnMut(f64)>>).clone();
    let canvas_ref = use_node_ref();
    let redraw = use_force_update();
    let scenario = use_state(|| "demo_scattered".to_string());
    let error = use_state(|| None::<String>);
    // End-of-horizon results per scenario, for the comparison table.
    let finals = use_mut_ref(BTreeMap::<String, (u32, u64, usize)>::new);
    // A demo button asked to play a scenario that is still being built.
    let autoplay = use_mut_ref(|| None::<String>);

    // The frame loop: advances the player by the clock and draws.
    {
        let model = model.clone();
        let lp = frame_loop.clone();
        let redraw = redraw.clone();
        let finals = finals.clone();
        use_effect_with((), move |_| {
            let lp2 = lp.clone();
            let cb = Closure::<dyn FnMut(f64)>::new(move |t: f64| {
                let mut changed = false;
                let mut again = false;
                if let Some(m) = model.borrow_mut().as_mut() {
                    m.raf = None;
                    let dt = m.last_t.map(|l| (t - l).max(0.0)).unwrap_or(0.0).min(250.0);
                    m.last_t = Some(t);
                    if m.playing {
                        m.owed += dt / 1000.0 * m.speed;
                        while m.owed >= 1.0 && !m.player.done() {
                            m.owed -= 1.0;
                            m.player.step();
                            changed = true;
                        }
                        if m.player.done() {
                            m.playing = false;
                            let c = &m.player.counts;
                            finals
                                .borrow_mut()
                                .insert(m.id.clone(), (c.adopted_home, c.active_links, m.player.world.n_home));
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
                    let id = request_frame(&lp2);
                    if let Some(m) = model.borrow_mut().as_mut() {
                        m.raf = id;
                    }
                }
                if changed {
                    redraw.force_update();
                }
            });
            *lp.borrow_mut() = Some(cb);
            let lp = lp.clone();
            move || {
                *lp.borrow_mut() = None;
            }
        });
    }

    // Schedules a frame unless one is pending.
    let kick = {
        let model = model.clone();
        let lp = frame_loop.clone();
        Rc::new(move || {
            let pending = model.borrow().as_ref().map(|m| m.raf.is_some()).unwrap_or(true);
            if !pending {
                let id = request_frame(&lp);
                if let Some(m) = model.borrow_mut().as_mut() {
                    m.raf = id;
                }
            }
        })
    };

    // (Re)build the model when the scenario changes.
    {
        let model = model.clone();
        let canvas_ref = canvas_ref.clone();
        let error = error.clone();
        let redraw = redraw.clone();
        let kick = kick.clone();
        let autoplay = autoplay.clone();
        use_effect_with((*scenario).clone(), move |id| {
            let old_speed = model.borrow().as_ref().map(|m| m.speed);
            if let Some(m) = model.borrow_mut().take() {
                if let (Some(w), Some(r)) = (web_sys::window(), m.raf) {
                    let _ = w.cancel_animation_frame(r);
                }
            }
            match Model::new(id) {
                Ok(mut m) => {
                    m.canvas = canvas_ref.cast::<HtmlCanvasElement>();
                    if let Some(s) = old_speed {
                        m.speed = s;
                    }
                    if autoplay.borrow_mut().take().as_deref() == Some(id.as_str()) {
                        start_playing(&mut m);
                    }
                    *model.borrow_mut() = Some(m);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            kick();
            redraw.force_update();
            let model = model.clone();
            move || {
                // Leaving the view: stop the loop.
                if let Some(m) = model.borrow_mut().as_mut() {
                    m.playing = false;
                    if let (Some(w), Some(r)) = (web_sys::window(), m.raf.take()) {
                        let _ = w.cancel_animation_frame(r);
                    }
                }
            }
        });
    }

    let act = {
        let model = model.clone();
        let redraw = redraw.clone();
        let kick = kick.clone();
        move |f: fn(&mut Model)| {
            let model = model.clone();
            let redraw = redraw.clone();
            let kick = kick.clone();
            Callback::from(move |_: ()| {
                if let Some(m) = model.borrow_mut().as_mut() {
                    f(m);
                }
                kick();
                redraw.force_update();
            })
        }
    };
    let toggle_play = act(|m| {
        if m.player.done() {
            m.player.reset();
            m.picture.settle(&m.player.state);
        }
        m.playing = !m.playing;
        m.owed = 0.0;
    });
    let step = act(|m| {
        m.playing = false;
        m.player.step();
        let t = now_ms();
        m.picture.observe(&m.player.state, t);
    });
    let back = act(|m| {
        m.playing = false;
        m.player.back();
        m.picture.settle(&m.player.state);
    });
    let reset = act(|m| {
        m.playing = false;
        m.player.reset();
        m.picture.settle(&m.player.state);
    });

    let on_scenario = {
        let scenario = scenario.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            scenario.set(sel.value());
        })
    };
    let on_speed = {
        let model = model.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let (Some(m), Ok(v)) = (model.borrow_mut().as_mut(), sel.value().parse::<f64>()) {
                m.speed = v;
            }
            redraw.force_update();
        })
    };
    let play_demo = |id: &'static str| {
        let scenario = scenario.clone();
        let model = model.clone();
        let kick = kick.clone();
        let redraw = redraw.clone();
        let autoplay = autoplay.clone();
        Callback::from(move |_: MouseEvent| {
            if *scenario != id {
                // The model is rebuilt by the effect, which then starts playing.
                *autoplay.borrow_mut() = Some(id.to_string());
                scenario.set(id.to_string());
                return;
            }
            if let Some(m) = model.borrow_mut().as_mut() {
                start_playing(m);
            }
            kick();
            redraw.force_update();
        })
    };

    let onkeydown = {
        let (toggle_play, step, back, reset) = (toggle_play.clone(), step.clone(), back.clone(), reset.clone());
        Callback::from(move |e: KeyboardEvent| {
            let tag = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).map(|el| el.tag_name());
            if matches!(tag.as_deref(), Some("BUTTON" | "SELECT" | "INPUT" | "A")) {
                return;
            }
            let cb = match e.key().as_str() {
                " " | "k" => &toggle_play,
                "ArrowRight" | "l" => &step,
                "ArrowLeft" | "j" => &back,
                "Home" => &reset,
                _ => return,
            };
            e.prevent_default();
            cb.emit(());
        })
    };

    let m = model.borrow();
    let (frame, n_home, playing, speed, done, weeks) = match m.as_ref() {
        Some(m) => (m.player.frame(), m.player.world.n_home, m.playing, m.speed, m.player.done(), m.player.weeks()),
        None => (Default::default(), 0, false, 4.0, false, 0),
    };
    drop(m);
    let pct = |x: u32| if n_home == 0 { 0.0 } else { x as f64 / n_home as f64 * 100.0 };
    let date = frame.date.map(|d| d.to_string()).unwrap_or_default();
    let finals = finals.borrow().clone();
    let toggle_lang = {
        let cb = props.on_toggle_lang.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };

    html! {
        <section id="workshop" class="workshop" aria-label={wt(lang, W::Title)} tabindex="0" {onkeydown}>
            <div class="ws-head">
                <h1 id="ws-title">{ wt(lang, W::Title) }</h1>
                <button id="ws-lang" type="button" lang={lang.other().code()} onclick={toggle_lang}>
                    { if lang == Lang::Ja { "English" } else { "日本語" } }
                </button>
            </div>
            <div class="ws-controls">
                <label for="ws-scenario">{ wt(lang, W::Scenario) }</label>
                <select id="ws-scenario" onchange={on_scenario}>
                    { for scenario_ids().into_iter().map(|id| {
                        let selected = id == *scenario;
                        html! { <option value={id.clone()} {selected}>{ scenario_label(lang, &id) }</option> }
                    }) }
                </select>
                <button id="ws-play" type="button" class="primary" onclick={click(&toggle_play)}
                    aria-keyshortcuts="Space" aria-pressed={playing.to_string()}>
                    { if playing { wt(lang, W::Pause) } else { wt(lang, W::Play) } }
                </button>
                <button id="ws-back" type="button" onclick={click(&back)} aria-keyshortcuts="ArrowLeft"
                    disabled={frame.week == 0}>{ wt(lang, W::Back) }</button>
                <button id="ws-step" type="button" onclick={click(&step)} aria-keyshortcuts="ArrowRight"
                    disabled={done}>{ wt(lang, W::Step) }</button>
                <button id="ws-reset" type="button" onclick={click(&reset)} aria-keyshortcuts="Home">
                    { wt(lang, W::Reset) }</button>
                <label for="ws-speed">{ wt(lang, W::Speed) }</label>
                <select id="ws-speed" onchange={on_speed}>
                    { for SPEEDS.iter().map(|&s| html! {
                        <option value={s.to_string()} selected={s == speed}>
                            { format!("{s} {}", wt(lang, W::WeeksPerSecond)) }
                        </option>
                    }) }
                </select>
            </div>
            if let Some(e) = (*error).clone() {
                <p class="banner error" role="alert">{ e }</p>
            }
            <div class="ws-counters">
                <div class="ws-counter"><span class="label">{ wt(lang, W::Date) }</span>
                    <span id="ws-date" class="value">{ date }</span>
                    <span class="sub">{ format!("{} {} / {}", wt(lang, W::Week), frame.week, weeks) }</span></div>
                <div class="ws-counter adopted"><span class="label">{ wt(lang, W::Adopted) }</span>
                    <span id="ws-adopted" class="value">{ frame.adopted_home }</span>
                    <span class="sub">{ format!("{:.1}%", pct(frame.adopted_home)) }</span></div>
                <div class="ws-counter links"><span class="label">{ wt(lang, W::ActiveLinks) }</span>
                    <span id="ws-links" class="value">{ frame.active_links }</span></div>
                <div class="ws-counter"><span class="label">{ wt(lang, W::Planning) }</span>
                    <span id="ws-planning" class="value">{ frame.planning_home }</span></div>
                <div class="ws-counter"><span class="label">{ wt(lang, W::Centres) }</span>
                    <span id="ws-centres" class="value">{ frame.centres_adopted }</span></div>
            </div>
            <canvas id="ws-canvas" ref={canvas_ref} width={net::WIDTH.to_string()} height={net::HEIGHT.to_string()}
                role="img" aria-label={wt(lang, W::Canvas)} tabindex="0"></canvas>
            <ul class="ws-legend" aria-label={wt(lang, W::Legend)}>
                <li><span class="sw" style={format!("background:{}", net::NOT_ADOPTED)}></span>{ wt(lang, W::NotAdopted) }</li>
                <li><span class="sw" style={format!("background:{}", net::PLANNING)}></span>{ wt(lang, W::Planning) }</li>
                <li><span class="sw" style={format!("background:{}", net::ADOPTED)}></span>{ wt(lang, W::Adopted) }</li>
                <li><span class="sw" style={format!("background:{}", net::STOPPED)}></span>{ wt(lang, W::Stopped) }</li>
                <li><span class="sw centre"></span>{ wt(lang, W::Centre) }</li>
                <li><span class="sw line" style={format!("background:{}", net::ACTIVE_LINK)}></span>{ wt(lang, W::ActiveLink) }</li>
            </ul>
            <p class="ws-keys">{ wt(lang, W::Keys) }</p>
            <section class="ws-guide" aria-labelledby="ws-guide-title">
                <h2 id="ws-guide-title">{ wt(lang, W::Guide) }</h2>
                <p>{ wt(lang, W::Guide1) }</p>
                <p>{ wt(lang, W::Guide2) }</p>
                <p>{ wt(lang, W::Guide3) }</p>
                <div class="ws-controls">
                    <button id="ws-demo-scattered" type="button" onclick={play_demo("demo_scattered")}>
                        { wt(lang, W::RunScattered) }</button>
                    <button id="ws-demo-clustered" type="button" onclick={play_demo("demo_clustered")}>
                        { wt(lang, W::RunClustered) }</button>
                </div>
                if !finals.is_empty() {
                    <table id="ws-compare">
                        <caption>{ wt(lang, W::Compare) }</caption>
                        <thead><tr><th>{ wt(lang, W::Scenario) }</th><th>{ wt(lang, W::FinalAdopted) }</th>
                            <th>{ wt(lang, W::FinalLinks) }</th></tr></thead>
                        <tbody>
                            { for finals.iter().map(|(id, (a, l, n))| html! {
                                <tr data-scenario={id.clone()}>
                                    <td>{ scenario_label(lang, id) }</td>
                                    <td class="num">{ format!("{a} ({:.1}%)", *a as f64 / (*n).max(1) as f64 * 100.0) }</td>
                                    <td class="num">{ l }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </section>
        </section>
    }
}

fn hash_is_workshop() -> bool {
    web_sys::window().and_then(|w| w.location().hash().ok()).map(|h| h == "#workshop").unwrap_or(false)
}

fn html_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|c| Lang::from_code(&c))
        .unwrap_or_default()
}

/// The page root: a view switch (planner / workshop) by the address's `#workshop`.
#[function_component(Root)]
pub fn root() -> Html {
    let workshop = use_state(hash_is_workshop);
    let bench = use_state(super::bench::hash_is_bench);
    let lang = use_state(html_lang);
    // The planner is mounted the first time it is shown (so opening `#workshop` does not
    // start its Monte-Carlo run), then kept, hidden, so its results survive a visit here.
    let planner_mounted = use_mut_ref(|| false);
    if !*workshop {
        *planner_mounted.borrow_mut() = true;
    }
    let show_planner = *planner_mounted.borrow();
    {
        let workshop = workshop.clone();
        let lang = lang.clone();
        let bench = bench.clone();
        use_effect_with((), move |_| {
            let cb = Closure::<dyn FnMut()>::new(move || {
                bench.set(super::bench::hash_is_bench());
                let on = hash_is_workshop();
                if on {
                    lang.set(html_lang());
                }
                workshop.set(on);
            });
            let w = web_sys::window();
            if let Some(w) = &w {
                w.set_onhashchange(Some(cb.as_ref().unchecked_ref()));
            }
            move || {
                if let Some(w) = w {
                    w.set_onhashchange(None);
                }
                drop(cb);
            }
        });
    }
    // The workshop keeps <html lang> and the title in step with its language.
    {
        let on = *workshop;
        use_effect_with((*lang, on), move |(lang, on)| {
            if *on {
                if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                    if let Some(el) = doc.document_element() {
                        let _ = el.set_attribute("lang", lang.code());
                    }
                    doc.set_title(wt(*lang, W::Title));
                }
            }
        });
    }
    let toggle = {
        let lang = lang.clone();
        Callback::from(move |_| lang.set(lang.other()))
    };
    let l = if *workshop { *lang } else { html_lang() };
    if *bench {
        return html! { <super::bench::BenchPage /> };
    }
    html! {
        <>
            <nav class="views" aria-label={wt(l, W::Nav)}>
                <a id="nav-planner" href="#" aria-current={(!*workshop).then_some("page")}>{ wt(l, W::Planner) }</a>
                <a id="nav-workshop" href="#workshop" aria-current={workshop.then_some("page")}>{ wt(l, W::Workshop) }</a>
            </nav>
            if show_planner {
                <div id="planner-view" hidden={*workshop}>
                    <App />
                </div>
            }
            if *workshop {
                <Workshop lang={*lang} on_toggle_lang={toggle} />
            }
        </>
    }
}
