//! The browser page (built by Trunk from www/index.html).

fn main() {
    renkei::ui::start_page();
}
