//! The one integration-test binary (ripgrep style: `autotests = false`).
//! Regression tests are named after what broke. Natively everything runs; on
//! wasm32 (headless Chromium) the cross-platform fingerprint check runs.

#[cfg(not(target_arch = "wasm32"))]
mod bad_input;
#[cfg(not(target_arch = "wasm32"))]
mod calibration;
#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod cluster;
#[cfg(not(target_arch = "wasm32"))]
mod cost;
#[cfg(not(target_arch = "wasm32"))]
mod docs_paths;
#[cfg(not(target_arch = "wasm32"))]
mod engine;
#[cfg(not(target_arch = "wasm32"))]
mod fingerprint;
#[cfg(not(target_arch = "wasm32"))]
mod forward;
#[cfg(not(target_arch = "wasm32"))]
mod goal;
#[cfg(not(target_arch = "wasm32"))]
mod hostile;
#[cfg(not(target_arch = "wasm32"))]
mod municipality;
#[cfg(not(target_arch = "wasm32"))]
mod options;
#[cfg(not(target_arch = "wasm32"))]
mod page_house;
#[cfg(not(target_arch = "wasm32"))]
mod prefecture;
#[cfg(not(target_arch = "wasm32"))]
mod properties;
#[cfg(not(target_arch = "wasm32"))]
mod reliability;
#[cfg(not(target_arch = "wasm32"))]
mod structure;
#[cfg(not(target_arch = "wasm32"))]
mod survey;
#[cfg(not(target_arch = "wasm32"))]
mod sweep;
#[cfg(not(target_arch = "wasm32"))]
mod targeting;
#[cfg(not(target_arch = "wasm32"))]
mod uncertainty;
#[cfg(target_arch = "wasm32")]
mod wasm;
