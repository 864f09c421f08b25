//! The simulation Web Worker (Trunk `data-type="worker"`).

fn main() {
    renkei::ui::workers::worker_main::start();
}
