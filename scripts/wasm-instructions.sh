#!/usr/bin/env bash
# Instructions per replication of the engine in wasm (node's V8, optimising compiler only,
# one thread) and natively, counted by callgrind at N and 2N replications: the difference is
# the N replications' own work, start-up, compilation and network building cancelling out.
# Exact and independent of the machine's load, unlike wall-clock time (docs/performance.md).
#   scripts/wasm-instructions.sh [CASE] [N]
#   CASE 0: the peers' core case; 1: Sendai size, every lever (default); 2: calibration
#   distances of the five calibration targets (N = evaluations, default 64: a calibration draws
#   its pools of networks as proposals first pick them, nearly all within the first 64, so the
#   difference is what a calibration's later evaluations cost; a few minutes under callgrind).
# Needs valgrind (apt-get install -y valgrind) and the wasm32 target (scripts/install.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
case_=${1:-1}
n=${2:-$([ "$case_" = 2 ] && echo 64 || echo 100)}
cargo build --quiet --release --example wasm_bench
cargo rustc --quiet --release --example wasm_bench --target wasm32-unknown-unknown --no-default-features \
  -- -C link-arg=--export=bench_run
wasm=target/wasm32-unknown-unknown/release/examples/wasm_bench.wasm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/run.mjs" <<'JS'
import { readFileSync } from 'node:fs';
const [file, c, n] = process.argv.slice(2);
const { exports } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {});
console.log(BigInt.asUintN(64, exports.bench_run(Number(c), Number(n))).toString(16).padStart(16, '0'));
JS
count() { # label, then the command: prints the instruction count, checks the fingerprint
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" --smc-check=all-non-file "${@:2}" \
    >"$tmp/out" 2>"$tmp/err"
  grep -o 'refs: *[0-9,]*' "$tmp/err" | tr -d ', ' | cut -d: -f2
  cat "$tmp/out" >>"$tmp/prints.$1"
}
for side in wasm native; do
  for k in 1 2; do
    reps=$((k * n))
    if [ $side = wasm ]; then
      c=$(count "$side$k" node --single-threaded --no-liftoff --no-wasm-tier-up "$tmp/run.mjs" "$wasm" "$case_" "$reps")
    else
      c=$(count "$side$k" target/release/examples/wasm_bench "$case_" "$reps")
    fi
    eval "${side}_$k=$c"
  done
done
for k in 1 2; do
  cmp -s "$tmp/prints.wasm$k" "$tmp/prints.native$k" || { echo "wasm and native fingerprints differ" >&2; exit 1; }
done
python3 - "$case_" "$n" "$wasm_1" "$wasm_2" "$native_1" "$native_2" <<'PY'
import sys
case, n, w1, w2, n1, n2 = sys.argv[1], *map(int, sys.argv[2:])
w, nat = (w2 - w1) / n, (n2 - n1) / n
unit = "evaluations (five targets' distances)" if case == "2" else "replications"
print(f"case {case}: {n} more {unit}: wasm {w/1e6:.3f} M instructions each, native {nat/1e6:.3f} M, wasm/native {w/nat:.3f}")
PY
