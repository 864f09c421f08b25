//! The browser page (built by Trunk from www/index.html).
#![allow(dead_code)]

#[path = "../ui/mod.rs"]
mod ui;

fn main() {
    ui::panic::install();
    let doc = web_sys::window().and_then(|w| w.document()).expect("a document");
    if let Some(el) = doc.get_element_by_id("boot-status") {
        el.remove();
    }
    let root = doc.create_element("div").expect("div");
    root.set_id("app");
    doc.body().expect("body").append_child(&root).expect("append");
    yew::Renderer::<ui::workshop::Root>::with_root(root).render();
}
