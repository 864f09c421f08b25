pub mod sim;

// The native shells' threads (CLI, benchmarks, tests); the core in `sim` has none.
#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
pub mod parallel;
