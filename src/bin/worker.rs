//! The simulation Web Worker (Trunk `data-type="worker"`).
#![allow(dead_code)]

#[path = "../ui/mod.rs"]
mod ui;

fn main() {
    ui::worker_main::start();
}
