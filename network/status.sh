#!/usr/bin/env bash
# Each node of the local network: role, term, height and last block hash.
# --json: an array of {name, url, pid, role, term, height, lastBlockHash}.
set -uo pipefail
[ -n "${LEDGER_NETWORK_DIR:-}" ] && [ -d "$LEDGER_NETWORK_DIR" ] && LEDGER_NETWORK_DIR="$(cd "$LEDGER_NETWORK_DIR" && pwd)"
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/network/node-pid.sh"
local_dir="${LEDGER_NETWORK_DIR:-$root/network/.local}"
ledger=(dotnet "$root/client/Ledger.Cli/bin/Release/net10.0/ledger.dll")
[ -f "$local_dir/nodes.tsv" ] || { echo "no local network: run network/up.sh" >&2; exit 1; }
rows=()
while IFS=$'\t' read -r name grpc _http _raft; do
  pid="$(recorded_pid "$local_dir/nodes/$name")"
  if ! status="$("${ledger[@]}" --node "$grpc" --trust "$local_dir/genesis.block" status --json 2>/dev/null)"; then status=null; fi
  rows+=("$(printf '{"name":"%s","url":"%s","pid":%s,"status":%s}' "$name" "$grpc" "${pid:-null}" "$status")")
done <"$local_dir/nodes.tsv"
joined="$(IFS=,; echo "[${rows[*]}]")"
node -e '
  const nodes = JSON.parse(process.argv[1]).map(n => ({
    name: n.name, url: n.url, pid: n.pid,
    role: n.status ? n.status.role : "down", term: n.status ? n.status.term : null,
    height: n.status ? n.status.height : null, lastBlockHash: n.status ? n.status.lastBlockHash : null }));
  if (process.argv[2] === "--json") { console.log(JSON.stringify(nodes, null, 2)); }
  else { for (const n of nodes) console.log([n.name.padEnd(13), (n.role || "").padEnd(10), "term " + String(n.term ?? "-").padEnd(4), "height " + String(n.height ?? "-").padEnd(8), n.lastBlockHash ?? "-", n.url, n.pid ? "pid " + n.pid : "not running"].join(" ")); }
' "$joined" "${1:-}"
