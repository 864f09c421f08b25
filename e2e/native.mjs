// The native CLI's figures the browser must reproduce: `renkei bench --profile-sendai 1000`
// prints the fingerprint of Sendai-size 1,000 replications with every lever (the same case
// as #bench). Uses the release binary if built, else the debug one `cargo test` builds.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function renkeiBinary() {
  for (const p of ['target/release/renkei', 'target/debug/renkei']) {
    if (existsSync(resolve(root, p))) return resolve(root, p);
  }
  throw new Error('no renkei binary: run `cargo build --release` (scripts/test.sh builds one with `cargo test`)');
}

export function nativeSendaiFingerprint() {
  return execFileSync(renkeiBinary(), ['bench', '--profile-sendai', '1000'], { encoding: 'utf8' }).trim();
}

// Wall-clock milliseconds of `renkei ARGS` (process start included: a few ms), and its stderr.
export function timeNativeWithLog(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(renkeiBinary(), args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`renkei ${args.join(' ')}: ${r.stderr}`);
  return { ms, stderr: r.stderr };
}

export const timeNative = (args) => timeNativeWithLog(args).ms;
