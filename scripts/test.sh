#!/usr/bin/env bash
# README's second command: every test, native and in headless Chromium.
# Needs the tools of scripts/install.sh (run scripts/setup.sh --no-serve once).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n== test: %s\n' "$*"; }

step "cargo test (native, default features)"
cargo test

step "cargo test --features web (native: UI state and reducer)"
cargo test --features web --lib

step "wasm-bindgen-test in headless Chromium"
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/scripts/webdriver.json"
export WASM_BINDGEN_TEST_TIMEOUT=120
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --features web --lib ui::browser_tests

step "wasm-bindgen-test: the engine's seeded run gives the native fingerprint in Chromium"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --no-default-features --test tests

step "build dist/"
scripts/build-web.sh > /dev/null

step "single-file build (dist-single/renkei.html, from dist/)"
scripts/build-single.sh --reuse-dist

step "release CLI for the e2e comparisons (e2e/native.mjs prefers it; a stale one would compare the page with old code)"
cargo build --release --bin renkei

step "e2e (node --test, playwright-core + /usr/bin/chromium)"
node --test --test-concurrency=1 e2e/
