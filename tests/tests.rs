//! The one integration-test binary (ripgrep style: `autotests = false`).
//! Regression tests are named after what broke.

mod bad_input;
mod cli;
mod engine;
mod sweep;
