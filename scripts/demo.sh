#!/usr/bin/env bash
# media-core between two network namespaces, step by step:
#   ns A 10.96.0.1 --tap-- port0 10.96.0.254 [media-core] 10.97.0.254 port1 --tap-- ns B 10.97.0.1
# Run as root after scripts/setup.sh and scripts/build.sh. Build directory: MC_BUILD_DIR
# (default build). Everything it creates is removed on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lab/lab.sh

BUILD=${MC_BUILD_DIR:-build}
MC=$BUILD/app/media-core/media-core
MCCTL=$BUILD/app/mcctl/mcctl
ID=$$
NS_A=mcdts-$ID-0-a NS_B=mcdts-$ID-1-b
TAP_A=mtd${ID}a TAP_B=mtd${ID}b
PREFIX=mcdts-$ID-demo
WORK=$(mktemp -d /tmp/mc-demo.XXXXXX)
MC_PID=

step() { printf '\n== %s\n' "$*"; }

cleanup() {
  local rc=$?
  set +e
  if [[ -n $MC_PID ]] && kill -0 "$MC_PID" 2>/dev/null; then lab_mc_stop "$MC_PID"; fi
  if (( rc != 0 )) && [[ -f $WORK/media-core.log ]]; then
    echo "--- media-core log (tail)"; tail -n 30 "$WORK/media-core.log"
  fi
  lab_ns_delete "$NS_A"; lab_ns_delete "$NS_B"
  rm -rf "/var/run/dpdk/$PREFIX" "$WORK"
  echo; echo "demo: cleaned up ($( ((rc == 0)) && echo ok || echo "failed, exit $rc"))"
}
trap cleanup EXIT
# A signal becomes an ordinary exit, so the EXIT trap cleans up in every case.
trap "exit 130" INT
trap "exit 143" TERM

mcctl() {
  if [[ -x $MCCTL ]]; then "$MCCTL" --file-prefix "$PREFIX" "$@"
  else lab_log "(mcctl not built; raw reply)"; lab_telemetry "$PREFIX" "/mc/$1"; fi
}

step_preflight() {
  step "0. preflight"
  (( $(id -u) == 0 )) || { echo "demo.sh: run as root (namespaces, taps)" >&2; exit 1; }
  [[ -x $MC ]] || { echo "demo.sh: $MC not built (scripts/build.sh, or set MC_BUILD_DIR)" >&2; exit 1; }
  lab_log "media-core: $MC"
}

step_namespaces() {
  step "1. namespaces $NS_A and $NS_B"
  lab_ns_create "$NS_A"; lab_ns_create "$NS_B"
}

step_start() {
  step "2. start media-core on taps $TAP_A and $TAP_B"
  cat > "$WORK/media-core.ini" <<INI
[general]
log_level = info
idle_sleep_us = 100
[lcores]
control = 0
workers = 1
[mempool]
mbufs = 8192
cache = 256
[media]
port_min = 30000
port_max = 39999
[port0]
dev = net_tap0,iface=$TAP_A
address = 10.96.0.254/24
[port1]
dev = net_tap1,iface=$TAP_B
address = 10.97.0.254/24
INI
  setsid "$MC" -l 0-1 --no-huge -m 512 --file-prefix "$PREFIX" --no-pci --log-level=notice \
    -- --config "$WORK/media-core.ini" >"$WORK/media-core.log" 2>&1 &
  MC_PID=$!
  lab_log "pid $MC_PID, log $WORK/media-core.log"
  lab_wait 60 lab_mc_ready "$PREFIX" || { echo "media-core control socket never answered" >&2; exit 1; }
  lab_log "control socket /var/run/dpdk/$PREFIX/dpdk_telemetry.v2 answers"
}

step_attach() {
  # Only after the control socket answers: moving a tap earlier races with port start.
  step "3. move the taps into the namespaces"
  lab_ns_attach "$NS_A" "$TAP_A" 10.96.0.1/24 02:6e:73:00:00:0a
  lab_ns_attach "$NS_B" "$TAP_B" 10.97.0.1/24 02:6e:73:00:00:0b
  lab_log "$NS_A: $TAP_A 10.96.0.1/24   $NS_B: $TAP_B 10.97.0.1/24"
}

step_ping() {
  step "4. ping media-core from both sides"
  ip netns exec "$NS_A" ping -n -c 3 -i 0.2 -W 5 10.96.0.254
  ip netns exec "$NS_B" ping -n -c 3 -i 0.2 -W 5 10.97.0.254
}

step_show() {
  step "5. what media-core reports"
  local c
  for c in version ports neighbors lcores stats; do
    echo "\$ mcctl $c"; mcctl "$c"; echo
  done
}

step_stop() {
  step "6. stop media-core (SIGTERM)"
  lab_mc_stop "$MC_PID" 20
  MC_PID=
  lab_log "media-core exited with $LAB_RC"
  (( LAB_RC == 0 ))
}

step_preflight
step_namespaces
step_start
step_attach
step_ping
step_show
step_stop
