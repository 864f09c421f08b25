pub mod sim;
#[cfg(feature = "web")]
pub mod ui;
// The ui names the core `renkei::sim` (as the binaries do), so that it compiles both here and
// through `#[path]` in src/bin/worker.rs until that binary calls the library.
#[cfg(feature = "web")]
extern crate self as renkei;
