//! The simulation Web Worker (Trunk `data-type="worker"`).

fn main() {
    renkei::ui::worker_main::start();
}
