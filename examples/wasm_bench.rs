//! The engine's benchmark cases as a bare wasm module (no imports, no JavaScript glue), so
//! that the wasm build's work per replication can be counted exactly: node runs the module
//! under callgrind at two replication counts and the difference is the replications' own
//! instructions, compile and start-up cancelling out (`scripts/wasm-instructions.sh`, issue
//! 13 item 4); natively, `wasm_bench CASE REPS` runs the same work for the same count.
use renkei::sim::experiment::bench_cases::{self, core_case, every_lever_sendai};
use renkei::sim::experiment::montecarlo;

/// Case 0: the peers' core case; case 1: Sendai size with every lever; otherwise a
/// calibration's work, one distance of the five calibration targets at the default parameters per
/// replication count. Returns the run's fingerprint folded to a number (0 on an error).
fn run(case: u32, reps: u32) -> u64 {
    let summary = match case {
        0 => core_case(2100, 50, 26, reps).and_then(|s| montecarlo::run(&s, &mut montecarlo::Quiet)),
        1 => every_lever_sendai(reps).and_then(|s| montecarlo::run(&s, &mut montecarlo::Quiet)),
        _ => return bench_cases::calibration_work(reps).unwrap_or(0),
    };
    summary.map_or(0, |s| u64::from_str_radix(&montecarlo::fingerprint(&s), 16).unwrap_or(0))
}

/// The module's one export (wasm: `bench_run(case, reps)`).
#[no_mangle]
pub extern "C" fn bench_run(case: u32, reps: u32) -> u64 {
    run(case, reps)
}

fn main() {
    let arg = |i: usize, default: u32| std::env::args().nth(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    println!("{:016x}", run(arg(1, 1), arg(2, 4)));
}
