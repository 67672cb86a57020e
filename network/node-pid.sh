# Sourced by up.sh, down.sh and status.sh.
# is_node PID NODE_DIR: whether PID is still the node whose data folder is NODE_DIR
# (not a reused pid, nor a process that has exited).
is_node() {
  [ -n "$1" ] && { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null | grep -qF "Ledger.Node.dll --data $2 "
}

# recorded_pid NODE_DIR: the pid up.sh recorded for that node, if it is still that node
recorded_pid() {
  local pid
  pid="$(cat "$1/node.pid" 2>/dev/null)" || return 1
  is_node "$pid" "$1" && echo "$pid"
}
