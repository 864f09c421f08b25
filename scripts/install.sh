#!/usr/bin/env bash
# Install everything the browser half needs, from crates.io, npm and Debian only.
# Idempotent: each step is skipped when the right version is already there.
#   scripts/install.sh            # all tools
# Used by scripts/setup.sh (then serves the app) and by .ci/run (then tests).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14   # 0.22 needs rustc 1.96
log() { printf '\n== install: %s\n' "$*"; }

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$WBG_VERSION" ]; then
  echo "install: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi

need_apt=()
for pair in chromium:/usr/bin/chromium chromium-driver:/usr/bin/chromedriver binaryen:/usr/bin/wasm-opt; do
  [ -x "${pair#*:}" ] || need_apt+=("${pair%%:*}")
done

apt_pid=""
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]} (background)"
  ( apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" ) \
    > /tmp/renkei-apt.log 2>&1 &
  apt_pid=$!
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# Every crate Cargo.lock names, for every target (wasm32 too) and every feature
# (`web`: yew, bincode, ...): `trunk build --offline` and `cargo ... --offline`
# must find them on a machine that has never built the project. `cargo fetch`
# without --target covers all targets; --locked fails if Cargo.lock is stale.
log "cargo fetch --locked (all targets and features)"
cargo fetch --locked

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  log "cargo install trunk $TRUNK_VERSION"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ] \
  || ! command -v wasm-bindgen-test-runner > /dev/null; then
  log "cargo install wasm-bindgen-cli $WBG_VERSION"
  # Not --locked: the CLI's own lock file pins crates that no longer build on current rustc.
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

if [ -n "$apt_pid" ]; then
  log "waiting for apt-get"
  if ! wait "$apt_pid"; then
    cat /tmp/renkei-apt.log >&2
    exit 1
  fi
fi

log "npm ci (e2e: playwright-core only, no browser download)"
( cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error )

log "tools ready: $(trunk --version), wasm-bindgen $WBG_VERSION, $(/usr/bin/chromium --version 2>/dev/null)"
