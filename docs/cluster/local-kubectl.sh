#!/bin/sh
# Stand-in for the two kubectl calls of k8s.sh, for showing it working on one machine:
# `apply -f JOB.yaml` runs the Job's pods as local processes (JOB_COMPLETION_INDEX =
# 0 … completions-1, the command shard.sh, the env the driver exported) and waits for them;
# `wait` then has nothing left to wait for.
set -eu
case "$1" in
  apply)
    n=$(sed -n 's/^ *completions: *\([0-9]*\).*/\1/p' "$3")
    pids=''
    i=0
    while [ "$i" -lt "$n" ]; do
      JOB_COMPLETION_INDEX=$i sh "$(dirname "$0")/shard.sh" & pids="$pids $!"
      i=$((i + 1))
    done
    fail=0
    for p in $pids; do wait "$p" || fail=1; done
    exit $fail ;;
  wait) exit 0 ;;
  *) echo "local-kubectl: only apply and wait" >&2; exit 2 ;;
esac
