#!/bin/sh
# Calibration on Kubernetes (docs/cluster.md): each round is one indexed Job of SHARDS pods
# (k8s-shard-job.yaml), then a merge here, where the state volume is mounted at $STATE.
# Interrupted, run it again: it resumes.
#   SHARDS=50 STATE=/mnt/renkei-calibration docs/cluster/k8s.sh
# KUBECTL=docs/cluster/local-kubectl.sh runs the same pods' command as local processes.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/settings.sh"
: "${KUBECTL:=kubectl}"
# shellcheck disable=SC2086
status() { "$RENKEI" calibrate $CALIBRATE_OPTS --state "$STATE" "$@"; }
status > /dev/null
until status | grep -q '"finished":true'; do
  round=$(status | sed 's/.*"round":\([0-9]*\).*/\1/')
  sed -e "s/ROUND/$round/" -e "s/\"SHARDS\"/\"$SHARDS\"/" -e "s/SHARDS$/$SHARDS/" \
      -e "s|\"CALIBRATE_OPTS\"|\"$CALIBRATE_OPTS\"|" "$HERE/k8s-shard-job.yaml" > "$STATE/job-$round.yaml"
  "$KUBECTL" apply -f "$STATE/job-$round.yaml"
  "$KUBECTL" wait --for=condition=complete --timeout=24h "job/renkei-shard-$round"
  status --merge
done
