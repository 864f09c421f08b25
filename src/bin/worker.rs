//! The simulation Web Worker (Trunk `data-type="worker"`): it runs the app's job kinds.

fn main() {
    renkei::ui::workers::start_worker(renkei::ui::jobs::REGISTRY);
}
