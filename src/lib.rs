pub mod sim;

// The native shells' threads (CLI, benchmarks, tests); the core in `sim` has none.
#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
pub mod parallel;

// The page and the worker (feature `web`); both binaries call into it.
#[cfg(feature = "web")]
pub mod ui;
// The ui names the core `renkei::sim`, as the native shells do.
#[cfg(feature = "web")]
extern crate self as renkei;
