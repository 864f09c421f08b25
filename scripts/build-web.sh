#!/usr/bin/env bash
# Build the browser app into dist/ (release, offline, relative URLs).
#   scripts/build-web.sh [extra trunk args]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
trunk build --offline --release --public-url ./ "$@"
# Trunk's own wasm-opt would be downloaded, so it is off in www/index.html
# (data-wasm-opt="0"). Debian's binaryen (108) cannot parse the app's wasm and
# gains <1% on the worker's (the release profile already has LTO), and
# rewriting the wasm would break Trunk's subresource-integrity hashes: so no
# wasm-opt pass.
ls -l dist/
