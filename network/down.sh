#!/usr/bin/env bash
# Stops exactly the nodes network/up.sh started (by their recorded process ids).
set -uo pipefail
. "$(dirname "$0")/node-pid.sh"
[ -n "${LEDGER_NETWORK_DIR:-}" ] && [ -d "$LEDGER_NETWORK_DIR" ] && LEDGER_NETWORK_DIR="$(cd "$LEDGER_NETWORK_DIR" && pwd)"
local_dir="${LEDGER_NETWORK_DIR:-$(cd "$(dirname "$0")" && pwd)/.local}"
[ -f "$local_dir/nodes.tsv" ] || { echo "no local network in $local_dir"; exit 0; }
while IFS=$'\t' read -r name _grpc _http _raft; do
  node_dir="$local_dir/nodes/$name"
  if pid="$(recorded_pid "$node_dir")"; then
    kill "$pid"
    for _ in $(seq 1 50); do is_node "$pid" "$node_dir" || break; sleep 0.1; done
    if is_node "$pid" "$node_dir"; then kill -9 "$pid"; fi
    echo "$name stopped (pid $pid)"
  else
    echo "$name was not running"
  fi
  rm -f "$node_dir/node.pid"
done <"$local_dir/nodes.tsv"
