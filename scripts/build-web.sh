#!/usr/bin/env bash
# Build the browser app into dist/ (release, offline, relative URLs).
#   scripts/build-web.sh [extra trunk args]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
trunk build --offline --release --public-url ./ "$@"
# Trunk's own wasm-opt would be downloaded, so it is off in www/index.html
# (data-wasm-opt="0"); Debian's binaryen does the same job here.
if command -v wasm-opt > /dev/null; then
  for w in dist/*.wasm; do
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$w" -o "$w.opt" && mv "$w.opt" "$w" || echo "build-web: wasm-opt skipped for $w"
  done
fi
ls -l dist/
