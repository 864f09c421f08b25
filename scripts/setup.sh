#!/usr/bin/env bash
# README's first command: install the tools, build the app and serve it at
# http://127.0.0.1:8080 (Ctrl-C to stop).
#   scripts/setup.sh              # install + build + serve
#   scripts/setup.sh --no-serve   # install + build only
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/install.sh
cargo build --release
scripts/build-web.sh
if [ "${1:-}" = "--no-serve" ]; then
  exit 0
fi
echo "serving dist/ at http://127.0.0.1:8080/"
exec node e2e/serve.mjs dist 8080
