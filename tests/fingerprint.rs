//! The native half of the native-vs-wasm check (tests/wasm.rs is the other half).
//! If the engine changes on purpose, regenerate the fixture with
//! `RENKEI_BLESS=1 cargo test fingerprint` and commit it.

use renkei::sim::experiment::montecarlo::{self, Quiet};

#[test]
fn reference_run_matches_the_committed_fingerprint() {
    let scn = montecarlo::reference_scenario();
    let s = montecarlo::run(&scn, &mut Quiet).expect("runs");
    let fp = montecarlo::fingerprint(&s);
    // The threaded runner gives the same bytes.
    assert_eq!(montecarlo::fingerprint(&renkei::parallel::run(&scn, 3).expect("runs")), fp);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reference.fingerprint");
    if std::env::var_os("RENKEI_BLESS").is_some() {
        std::fs::write(path, format!("{fp}\n")).expect("write fixture");
    }
    let want = std::fs::read_to_string(path).expect("fixture exists");
    assert_eq!(fp, want.trim(), "native numbers changed; if intended, re-bless (see the module doc)");
    assert!(s.months.last().map_or(0.0, |m| m.rate.median) > 0.0, "the reference run does something");
}
