#!/bin/sh
# Calibration on a Slurm cluster (docs/cluster.md). Run it where `sbatch` works and the state
# folder is visible (a login node): each round is one array job of SHARDS tasks (shard.sh),
# then a merge here; it stops when the calibration has finished and written
# STATE/calibration.json and STATE/posterior.json. Interrupted, run it again: it resumes.
#   SHARDS=50 STATE=/shared/calib docs/cluster/slurm.sh
# SBATCH=docs/cluster/local-sbatch.sh runs the same array tasks as local processes.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/settings.sh"
: "${SBATCH:=sbatch}"
# shellcheck disable=SC2086
status() { "$RENKEI" calibrate $CALIBRATE_OPTS --state "$STATE" "$@"; }
status > /dev/null # starts the calibration, or checks the folder holds this one
until status | grep -q '"finished":true'; do
  "$SBATCH" --wait --array="0-$((SHARDS - 1))" --job-name=renkei-shard --export=ALL "$HERE/shard.sh"
  status --merge
done
