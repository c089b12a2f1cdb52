# Shell helpers for the two-namespace lab (sourced by scripts/demo.sh).
# Names follow dts/mclab (mcdts-<pid>-...), so a dts run sweeps what a killed demo left.
# Every wait is bounded.

LAB_PY=/usr/bin/python3
LAB_DTS=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../dts" && pwd)

lab_log() { printf '    %s\n' "$*"; }

# lab_ns_create NS: a namespace whose interfaces never start IPv6 (router
# solicitations would show up in media-core's drop counters).
lab_ns_create() {
  ip netns add "$1"
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$1" link set lo up
}

lab_ns_delete() {
  local pids
  pids=$(ip netns pids "$1" 2>/dev/null || true)
  [[ -n $pids ]] && kill -9 $pids 2>/dev/null || true
  ip netns del "$1" 2>/dev/null || true
}

# lab_wait SECONDS CMD...: retries CMD every 0.2 s until it succeeds or time is up.
lab_wait() {
  local tries=$(( $1 * 5 )); shift
  while (( tries-- > 0 )); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

# lab_ns_attach NS IF CIDR MAC: moves a root-namespace interface in and addresses it.
# The MAC: net_tap gives the kernel side the DPDK port's MAC; the endpoint gets its own.
lab_ns_attach() {
  local ns=$1 ifname=$2 cidr=$3 mac=$4
  lab_wait 20 ip link show dev "$ifname" || { echo "interface $ifname never appeared" >&2; return 1; }
  ip link set dev "$ifname" netns "$ns"
  ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$ifname.disable_ipv6=1"
  ip -n "$ns" link set dev "$ifname" address "$mac"
  ip -n "$ns" addr add "$cidr" dev "$ifname"
  ip -n "$ns" link set dev "$ifname" up
}

# lab_telemetry PREFIX CMD: one request on media-core's control socket (no mcctl needed).
lab_telemetry() {
  PYTHONPATH=$LAB_DTS "$LAB_PY" -c '
import json, sys
from mclab.telemetry import call, socket_path
print(json.dumps(call(socket_path(sys.argv[1]), sys.argv[2], timeout=2.0)))' "$1" "$2"
}

lab_mc_ready() { lab_telemetry "$1" /mc/version | grep -q '"version"'; }

# lab_mc_stop PID [SECONDS]: SIGTERM, bounded wait, then SIGKILL. Sets LAB_RC to the
# exit status. Call it in the shell that started PID (not in $(...)): only the parent
# can collect the status.
lab_mc_stop() {
  local pid=$1 tries=$(( ${2:-20} * 5 ))
  kill -TERM "$pid" 2>/dev/null || true
  while (( tries-- > 0 )) && kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "media-core ignored SIGTERM: killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  LAB_RC=0
  wait "$pid" 2>/dev/null || LAB_RC=$?
}
