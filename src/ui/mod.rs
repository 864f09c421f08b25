//! Browser UI (feature `web`): a yew page that runs the simulation in Web Workers.
//!
//! Organised by feature; each feature folder holds its view and, where it has one, its
//! state slice with a sub-reducer (`state.rs`):
//! - [`planner`]: the scenario, the levers, the run and its chart (the default view);
//! - [`compare`]: results area by area and against a reference;
//! - [`research`]: sensitivity (tornado) and calibration;
//! - [`goal`]: the goal panel (what it takes to reach a rate by a date, issue 14);
//! - [`import`]: a municipality's own network from two CSV tables;
//! - [`workshop`]: the animated network for a room;
//! - [`prefecture`]: many municipalities at once (`#prefecture`, issue 26);
//! - [`shared`]: the bridge to the core, the translation table, chart and DOM helpers;
//! - [`workers`]: the simulation workers (pool, messages, job slot, the worker's main).
//!
//! [`router`] holds the page state above every view and maps an address (`#workshop`, ...) to
//! a view; [`state`] composes the slices; [`page`] composes the planner's page from the
//! features' panels. A feature imports no other feature: what they share is in [`shared`]
//! (checked by `tests/page_house.rs`).

pub mod bench;
pub mod compare;
pub mod cost;
pub mod goal;
pub mod import;
pub mod jobs;
pub mod options;
pub mod page;
pub mod planner;
pub mod prefecture;
pub mod research;
pub mod router;
pub mod shared;
pub mod state;
pub mod survey;
pub mod workers;
pub mod workshop;

// The benchmark and the browser tests name the bridge by its old name; the panic hook is `ui::panic`.
pub(crate) use shared::bridge as engine;
pub use shared::panic;

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;

/// Mounts the page (the `app` binary's `main`).
pub fn start_page() {
    panic::install();
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(el) = doc.get_element_by_id("boot-status") {
        el.remove();
    }
    let Ok(root) = doc.create_element("div") else { return };
    root.set_id("app");
    if let Some(body) = doc.body() {
        let _ = body.append_child(&root);
    }
    yew::Renderer::<router::Root>::with_root(root).render();
}
