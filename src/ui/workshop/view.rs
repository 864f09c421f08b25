//! The workshop view: scenario and speed, play controls, live counters, the network canvas,
//! its legend and the guided demo.

use crate::ui::shared::i18n::workshop::speed_label;
use crate::ui::shared::i18n::Lang;
use crate::ui::shared::i18n::{t, Key};
use crate::ui::workshop::model::{
    self, now_ms, scenario_ids, scenario_label, start_playing, Final, Model, OnChange, SharedModel, SPEEDS,
};
use crate::ui::workshop::network_canvas as net;
use crate::ui::workshop::sparkline::Sparkline;
use gloo_events::{EventListener, EventListenerOptions};
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WorkshopProps {
    pub lang: Lang,
    pub on_toggle_lang: Callback<()>,
}

#[function_component(Workshop)]
pub fn workshop(props: &WorkshopProps) -> Html {
    let lang = props.lang;
    let model: SharedModel = use_mut_ref(|| None::<Model>).clone();
    let canvas_ref = use_node_ref();
    let redraw = use_force_update();
    let scenario = use_state(|| "demo_scattered".to_string());
    let error = use_state(|| None::<String>);
    // End-of-horizon results per scenario, for the comparison table.
    let finals = use_mut_ref(BTreeMap::<String, (u32, u64, usize)>::new);
    // A demo button asked to play a scenario that is still being built.
    let autoplay = use_mut_ref(|| None::<String>);

    // After a frame that changed the picture: note a finished play and redraw the counters.
    let on_change: OnChange = {
        let finals = finals.clone();
        let redraw = redraw.clone();
        let cb: OnChange = Rc::new(move |done: Option<Final>| {
            if let Some((id, a, l, n)) = done {
                finals.borrow_mut().insert(id, (a, l, n));
            }
            redraw.force_update();
        });
        (*use_mut_ref(|| cb)).borrow().clone()
    };
    // Schedules a frame unless one is pending.
    let kick = {
        let model = model.clone();
        let on_change = on_change.clone();
        Rc::new(move || model::kick(&model, &on_change))
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
            // Dropping the old model cancels its pending frame.
            drop(model.borrow_mut().take());
            match Model::new(id, lang) {
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
                model::stop(&model);
            }
        });
    }

    // The area names on the picture follow the page's language.
    {
        let (model, kick, redraw) = (model.clone(), kick.clone(), redraw.clone());
        use_effect_with(lang, move |lang| {
            if let Some(m) = model.borrow_mut().as_mut() {
                m.relabel(*lang);
            }
            kick();
            redraw.force_update();
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
        m.note_crossing();
        let t = now_ms();
        m.picture.observe(&m.player.state, t);
    });
    let back = act(|m| {
        m.playing = false;
        m.player.back();
        m.note_crossing();
        m.picture.settle(&m.player.state);
    });
    let reset = act(|m| {
        m.playing = false;
        m.player.reset();
        m.crossing = None;
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

    // The keyboard (and a presenter's clicker, which sends these keys) drives the play from
    // anywhere on the page as soon as the view shows: one listener on the window, calling the
    // handler of the latest render.
    let on_key: Rc<dyn Fn(&KeyboardEvent)> = {
        let (toggle_play, step, back, reset) = (toggle_play.clone(), step.clone(), back.clone(), reset.clone());
        Rc::new(move |e: &KeyboardEvent| {
            if let Some(cb) = key_action(e, [&toggle_play, &step, &back, &reset]) {
                e.prevent_default();
                cb.emit(());
            }
        })
    };
    let key_handler = use_mut_ref(|| on_key.clone());
    *key_handler.borrow_mut() = on_key;
    use_effect_with((), move |_| {
        let listeners = web_sys::window().map(|w| {
            let h = key_handler.clone();
            let down = EventListener::new_with_options(
                &w,
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |e| {
                    if let Some(e) = e.dyn_ref::<KeyboardEvent>() {
                        let f = h.borrow().clone();
                        f(e);
                    }
                },
            );
            // Space on a focused button clicks it on key *up*: swallow that, so the clicker's
            // Space plays/pauses instead of repeating the last button pressed.
            let up =
                EventListener::new_with_options(&w, "keyup", EventListenerOptions::enable_prevent_default(), |e| {
                    if let Some(k) = e.dyn_ref::<KeyboardEvent>() {
                        if k.key() == " " && target_tag(k).as_deref() == Some("BUTTON") {
                            e.prevent_default();
                        }
                    }
                });
            (down, up)
        });
        move || drop(listeners)
    });

    let m = model.borrow();
    let (frame, n_home, playing, speed, done, weeks) = match m.as_ref() {
        Some(m) => (m.player.frame(), m.player.world.n_home, m.playing, m.speed, m.player.done(), m.player.weeks()),
        None => (Default::default(), 0, false, 4.0, false, 0),
    };
    // Counts said in the planner's denominator (a region's database count at its latest figure).
    let den = m.as_ref().map(|m| m.denominator());
    let count = |x: u32| den.as_ref().map_or(x, |d| d.scale(x, n_home));
    let (history, links, crossing) = match m.as_ref() {
        Some(m) => (Rc::new(m.player.history.clone()), m.player.world.links() as u64, m.tipped()),
        None => (Rc::new(Vec::new()), 0, None),
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
        <section id="workshop" class="workshop" aria-label={t(lang, Key::WorkshopTitle)}>
            <div class="ws-head">
                <h1 id="ws-title">{ t(lang, Key::WorkshopTitle) }</h1>
                <button id="ws-lang" type="button" lang={lang.other().code()} onclick={toggle_lang}>
                    { if lang == Lang::Ja { "English" } else { "日本語" } }
                </button>
            </div>
            <div class="ws-controls">
                <label for="ws-scenario">{ t(lang, Key::Scenario) }</label>
                <select id="ws-scenario" onchange={on_scenario}>
                    { for scenario_ids().into_iter().map(|id| {
                        let selected = id == *scenario;
                        html! { <option value={id.clone()} {selected}>{ scenario_label(lang, &id) }</option> }
                    }) }
                </select>
                <button id="ws-play" type="button" class="primary" onclick={click(&toggle_play)}
                    aria-keyshortcuts="Space" aria-pressed={playing.to_string()}>
                    { if playing { t(lang, Key::Pause) } else { t(lang, Key::Play) } }
                </button>
                <button id="ws-back" type="button" onclick={click(&back)} aria-keyshortcuts="ArrowLeft"
                    disabled={frame.week == 0}>{ t(lang, Key::Back) }</button>
                <button id="ws-step" type="button" onclick={click(&step)} aria-keyshortcuts="ArrowRight"
                    disabled={done}>{ t(lang, Key::Step) }</button>
                <button id="ws-reset" type="button" onclick={click(&reset)} aria-keyshortcuts="Home">
                    { t(lang, Key::Reset) }</button>
                <label for="ws-speed">{ t(lang, Key::Speed) }</label>
                <select id="ws-speed" onchange={on_speed}>
                    { for SPEEDS.iter().map(|&s| html! {
                        <option value={s.to_string()} selected={s == speed}>
                            { speed_label(lang, s) }
                        </option>
                    }) }
                </select>
            </div>
            // The guided demo in the first screen: its one-line explanation and its buttons
            // above the stage; what to watch for in each run is told below it.
            <section id="ws-guide" class="ws-guide" aria-labelledby="ws-guide-title">
                <h2 id="ws-guide-title">{ t(lang, Key::Guide) }</h2>
                <p>{ t(lang, Key::Guide1) }</p>
                <button id="ws-demo-scattered" type="button" onclick={play_demo("demo_scattered")}>
                    { t(lang, Key::RunScattered) }</button>
                <button id="ws-demo-clustered" type="button" onclick={play_demo("demo_clustered")}>
                    { t(lang, Key::RunClustered) }</button>
            </section>
            if let Some(e) = (*error).clone() {
                <p class="banner error" role="alert">{ e }</p>
            }
            // The stage: the network beside its counters, time series and legend, sized to
            // the screen (www/workshop.css) so a room sees all of it without scrolling.
            <div id="ws-stage" class="ws-stage">
                // The legend right under the map it explains.
                <div class="ws-map">
                    <canvas id="ws-canvas" ref={canvas_ref} width={net::WIDTH.to_string()} height={net::HEIGHT.to_string()}
                        role="img" aria-label={t(lang, Key::Canvas)} tabindex="0"></canvas>
                    <ul class="ws-legend" aria-label={t(lang, Key::Legend)}>
                        <li><span class="sw" style={format!("background:{}", net::NOT_ADOPTED)}></span>{ t(lang, Key::NotAdopted) }</li>
                        <li><span class="sw" style={format!("background:{}", net::PLANNING)}></span>{ t(lang, Key::Planning) }</li>
                        <li><span class="sw" style={format!("background:{}", net::ADOPTED)}></span>{ t(lang, Key::Adopted) }</li>
                        <li><span class="sw" style={format!("background:{}", net::STOPPED)}></span>{ t(lang, Key::Stopped) }</li>
                        <li><span class="sw centre"></span>{ t(lang, Key::Centre) }</li>
                        <li><span class="sw line" style={format!("background:{}", net::ACTIVE_LINK)}></span>{ t(lang, Key::ActiveLink) }</li>
                    </ul>
                </div>
                <div class="ws-side">
                    <div class="ws-counters">
                        <div class="ws-counter"><span class="label">{ t(lang, Key::Date) }</span>
                            <span id="ws-date" class="value">{ date }</span>
                            <span class="sub">{ format!("{} {} / {}", t(lang, Key::Week), frame.week, weeks) }</span></div>
                        <div class="ws-counter adopted"><span class="label">{ t(lang, Key::Adopted) }</span>
                            <span id="ws-adopted" class="value">{ count(frame.adopted_home) }</span>
                            <span class="sub">{ format!("/ {} ({:.1}%)", den.as_ref().map_or(0, |d| d.offices), pct(frame.adopted_home)) }</span></div>
                        <div class="ws-counter links"><span class="label">{ t(lang, Key::ActiveLinks) }</span>
                            <span id="ws-links" class="value">{ frame.active_links }</span></div>
                        <div class="ws-counter"><span class="label">{ t(lang, Key::Planning) }</span>
                            <span id="ws-planning" class="value">{ count(frame.planning_home) }</span></div>
                        <div class="ws-counter"><span class="label">{ t(lang, Key::Centres) }</span>
                            <span id="ws-centres" class="value">{ frame.centres_adopted }</span></div>
                    </div>
                    <Sparkline {history} {weeks} {n_home} {links} {crossing} {lang} />
                </div>
            </div>
            <p class="ws-keys">{ t(lang, Key::Keys) }</p>
            if let Some(d) = &den {
                <p id="ws-denominator" class="ws-keys" data-offices={d.offices.to_string()}>{ d.line(lang == Lang::Ja) }</p>
            }
            <section class="ws-watch" aria-labelledby="ws-watch-title">
                <h2 id="ws-watch-title">{ t(lang, Key::WatchTitle) }</h2>
                <p>{ t(lang, Key::Guide2) }</p>
                <p>{ t(lang, Key::Guide3) }</p>
                if !finals.is_empty() {
                    <table id="ws-compare">
                        <caption>{ t(lang, Key::Compare) }</caption>
                        <thead><tr><th>{ t(lang, Key::Scenario) }</th><th>{ t(lang, Key::FinalAdopted) }</th>
                            <th>{ t(lang, Key::FinalLinks) }</th></tr></thead>
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

/// The tag of the element a key event is aimed at ("BUTTON", "SELECT", ...).
fn target_tag(e: &KeyboardEvent) -> Option<String> {
    e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).map(|el| el.tag_name())
}

/// Which of [play/pause, step, back, restart] a key asks for, if any. Keys typed into a form
/// field or choosing in a list stay theirs; on a focused button Enter still presses it, while
/// Space plays/pauses (see the keyup listener).
fn key_action<'a>(e: &KeyboardEvent, [toggle, step, back, reset]: [&'a Callback<()>; 4]) -> Option<&'a Callback<()>> {
    if e.ctrl_key() || e.alt_key() || e.meta_key() || e.default_prevented() {
        return None;
    }
    let tag = target_tag(e);
    if matches!(tag.as_deref(), Some("SELECT" | "INPUT" | "TEXTAREA")) {
        return None;
    }
    match e.key().as_str() {
        " " | "k" => Some(toggle),
        "ArrowRight" | "PageDown" | "l" => Some(step),
        "ArrowLeft" | "PageUp" | "j" => Some(back),
        "Home" => Some(reset),
        _ => None,
    }
}
