#!/bin/sh
# Stand-in for `sbatch --wait --array=0-K ... SCRIPT`: runs SCRIPT once per array index as
# local processes with SLURM_ARRAY_TASK_ID set, waits, and fails if any task failed. Only
# for showing slurm.sh working on one machine (docs/cluster.md).
set -eu
array=''
for a in "$@"; do
  case "$a" in --array=*) array=${a#--array=} ;; -*) ;; *) script=$a ;; esac
done
last=${array#*-}
pids=''
i=${array%-*}
while [ "$i" -le "$last" ]; do
  SLURM_ARRAY_TASK_ID=$i sh "$script" & pids="$pids $!"
  i=$((i + 1))
done
fail=0
for p in $pids; do wait "$p" || fail=1; done
exit $fail
