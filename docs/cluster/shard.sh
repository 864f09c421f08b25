#!/bin/sh
# One array task of a cluster calibration: evaluates slice I of N of the current round.
# I comes from the scheduler (Slurm: SLURM_ARRAY_TASK_ID; Kubernetes indexed Job:
# JOB_COMPLETION_INDEX). The driver (slurm.sh, k8s.sh) exports RENKEI, STATE, SHARDS and
# CALIBRATE_OPTS; every command of one calibration must use the same CALIBRATE_OPTS (the state
# folder checks them).
set -eu
I="${SLURM_ARRAY_TASK_ID:-${JOB_COMPLETION_INDEX:?set SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX}}"
# shellcheck disable=SC2086 # CALIBRATE_OPTS is a list of options
exec "$RENKEI" calibrate $CALIBRATE_OPTS --state "$STATE" --shard "$I/$SHARDS" > /dev/null
