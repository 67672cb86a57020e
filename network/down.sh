#!/usr/bin/env bash
# Stops exactly the nodes network/up.sh started (by their recorded process ids).
set -uo pipefail
[ -n "${LEDGER_NETWORK_DIR:-}" ] && [ -d "$LEDGER_NETWORK_DIR" ] && LEDGER_NETWORK_DIR="$(cd "$LEDGER_NETWORK_DIR" && pwd)"
local_dir="${LEDGER_NETWORK_DIR:-$(cd "$(dirname "$0")" && pwd)/.local}"
[ -f "$local_dir/nodes.tsv" ] || { echo "no local network in $local_dir"; exit 0; }
while IFS=$'\t' read -r name _grpc _http _raft; do
  pid_file="$local_dir/nodes/$name/node.pid"
  if [ -f "$pid_file" ]; then
    pid="$(cat "$pid_file")"
    if kill -0 "$pid" 2>/dev/null && { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "Ledger.Node.dll --data $local_dir/nodes/$name "; then
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      if { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "Ledger.Node.dll --data $local_dir/nodes/$name "; then kill -9 "$pid"; fi
      echo "$name stopped (pid $pid)"
    else
      echo "$name was not running"
    fi
    rm -f "$pid_file"
  else
    echo "$name was not running"
  fi
done <"$local_dir/nodes.tsv"
