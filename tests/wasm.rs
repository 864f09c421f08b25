//! Runs in headless Chromium (wasm-bindgen-test): the same seeded run gives the
//! same numbers in the browser as natively.

use renkei::sim::experiment::montecarlo::{self, Quiet};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn reference_run_matches_the_native_fingerprint() {
    let s = montecarlo::run(&montecarlo::reference_scenario(), &mut Quiet).expect("runs");
    assert_eq!(montecarlo::fingerprint(&s), include_str!("fixtures/reference.fingerprint").trim());
}
