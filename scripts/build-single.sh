#!/usr/bin/env bash
# One self-contained HTML file for PCs without internet (USB stick, double click):
#   scripts/build-single.sh              # builds dist/ (release), then dist-single/renkei.html
#   scripts/build-single.sh --reuse-dist # only inlines an existing dist/
# Everything is inlined (wasm as base64, CSS, favicon); the worker starts from a
# Blob URL. See DEVELOPERS.md ("Single-file build").
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != "--reuse-dist" ]]; then
  scripts/build-web.sh > /dev/null
fi
node scripts/single-file.mjs "${RENKEI_DIST:-dist}" "${RENKEI_SINGLE:-dist-single/renkei.html}"
