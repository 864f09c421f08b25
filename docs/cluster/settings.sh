# Settings shared by the drivers (sourced). Override any of them in the environment.
: "${RENKEI:=renkei}"                 # the binary (on every node)
: "${STATE:=calibration-state}"       # the state folder, on storage every node shares
: "${SHARDS:=3}"                      # array tasks per round
: "${CALIBRATE_OPTS:=--particles 400 --generations 12 --seed 20261130}"
export RENKEI STATE SHARDS CALIBRATE_OPTS
