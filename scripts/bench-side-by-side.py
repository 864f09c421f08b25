#!/usr/bin/env python3
"""Usage: scripts/bench-side-by-side.py ROUNDS BINARY:DIST [BINARY:DIST ...]
Alternating runs: for each config (native binary, dist dir) run `bench` and the page's #bench.
Prints medians of native Sendai best-of-3, page one-worker Sendai and the page's calibration."""
import json, os, re, subprocess, sys, statistics
rounds = int(sys.argv[1]); cfgs = [c.split(':') for c in sys.argv[2:]]
res = {c[0]: {'native_sendai_ms': [], 'native_core_ms': [], 'page_sendai1_ms': [], 'page_core1_msteps': [], 'page_calib_ms': [], 'fp': set()} for c in cfgs}
for r in range(rounds):
    order = cfgs if r % 2 == 0 else cfgs[::-1]
    for b, dist in order:
        out = subprocess.run([b, 'bench'], capture_output=True, text=True).stdout
        m = re.search(r'sendai-size.*?1 thread: ([\d.]+) s', out); res[b]['native_sendai_ms'].append(1000*float(m.group(1)))
        m = re.search(r'core case.*?1 thread: ([\d.]+) s', out); res[b]['native_core_ms'].append(1000*float(m.group(1)))
        env = dict(os.environ, RENKEI_DIST=dist)
        p = subprocess.run(['node', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'e2e', 'pagebench.mjs')], capture_output=True, text=True, env=env)
        j = json.loads(p.stdout.strip().splitlines()[-1])
        res[b]['page_sendai1_ms'].append(j['sendai_1000_ms_one_worker'])
        res[b]['page_core1_msteps'].append(j['core_case_office_steps_per_s_one_worker']/1e6)
        res[b]['page_calib_ms'].append(j['calibration_ms'])
        res[b]['fp'].add(j['sendai_1000_fingerprint_one_worker'])
    print('round', r, 'load', os.getloadavg()[0], flush=True)
for b, _ in cfgs:
    print(b, {k: (round(statistics.median(v),1), v) if k != 'fp' else v for k, v in res[b].items()})
base = cfgs[0][0]
for k in ['native_sendai_ms', 'native_core_ms', 'page_sendai1_ms', 'page_core1_msteps', 'page_calib_ms']:
    print(k, ' '.join(f'{statistics.median(res[b][k])/statistics.median(res[base][k]):.3f}' for b, _ in cfgs))
