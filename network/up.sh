#!/usr/bin/env bash
# Starts the local four-org consortium (operator, manufacturer, customs, tax) on loopback.
# First run: builds, then creates keys, genesis and cluster config under network/.local/.
# Later runs start whichever node of it is not running. Ports: gRPC 7150-7153, HTTP 7160-7163,
# Raft 7170-7173 (LEDGER_BASE_PORT moves them all).
set -euo pipefail
[ -n "${LEDGER_NETWORK_DIR:-}" ] && LEDGER_NETWORK_DIR="$(mkdir -p "$LEDGER_NETWORK_DIR" && cd "$LEDGER_NETWORK_DIR" && pwd)"
cd "$(dirname "$0")/.."
. network/node-pid.sh
root="$(pwd)"
local_dir="${LEDGER_NETWORK_DIR:-$root/network/.local}"
node_dll="$root/node/Ledger.Node/bin/Release/net10.0/Ledger.Node.dll"

if [ ! -f "$node_dll" ] || [ ! -f "$root/client/Ledger.Cli/bin/Release/net10.0/ledger.dll" ] || [ "${LEDGER_REBUILD:-0}" = 1 ]; then
  dotnet build "$root/node/Ledger.Node" -c Release -nologo -v quiet
  dotnet build "$root/client/Ledger.Cli" -c Release -nologo -v quiet
fi

if [ ! -f "$local_dir/genesis.block" ]; then
  dotnet "$node_dll" init-network --dir "$local_dir" --base-port "${LEDGER_BASE_PORT:-7150}"
fi

# four nodes share this machine's cores: DATAS (the GC's adaptation to many processes on one machine)
# gave them 0.69-0.70 ms of CPU per transaction in all, against 0.91-1.05 ms with the classic server GC
# that a node on its own machine uses (its default; see node/Ledger.Node/Ledger.Node.csproj)
export DOTNET_GCDynamicAdaptationMode="${DOTNET_GCDynamicAdaptationMode:-1}"

while IFS=$'\t' read -r name grpc http _raft; do
  node_dir="$local_dir/nodes/$name"
  if pid="$(recorded_pid "$node_dir")"; then
    echo "$name is running (pid $pid) at $grpc"
    continue
  fi
  nohup dotnet "$node_dll" --data "$node_dir" --node-id "$name" --urls "$grpc" --http "$http" \
    --cluster "$local_dir/cluster.json" --Node:CreateDevConsortium=false </dev/null >>"$node_dir/node.out" 2>&1 &
  echo $! >"$node_dir/node.pid"
  echo "$name started (pid $!) at $grpc, health $http/readyz, log $node_dir/node.out"
done <"$local_dir/nodes.tsv"

echo "identities: $local_dir/identities/<org>.identity; status: network/status.sh; stop: network/down.sh"
