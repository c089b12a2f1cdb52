#!/usr/bin/env bash
# media-core between two network namespaces, step by step:
#   ns A 10.96.0.1 --tap-- port0 10.96.0.254 [media-core] 10.97.0.254 port1 --tap-- ns B 10.97.0.1
# then a call through the control API: ffmpeg in ns A and ns B each send a PCMU tone to
# their leg of the session and receive the other side's, through media-core (relayed);
# then a transcoded call, PCMU on A and Opus on B, the same way.
# Run as root after scripts/setup.sh and scripts/build.sh. Build directory: MC_BUILD_DIR
# (default build). DEMO_SECONDS: length of the call (default 5). Everything it creates is
# removed on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lab/lab.sh

BUILD=${MC_BUILD_DIR:-build}
MC=$BUILD/app/media-core/media-core
MCCTL=$BUILD/app/mcctl/mcctl
ID=$$
NS_A=mcdts-$ID-0-a NS_B=mcdts-$ID-1-b
# The endpoints' senders live in namespaces of their own (see step 6).
NS_ATX=mcdts-$ID-2-atx NS_BTX=mcdts-$ID-3-btx
SECONDS_CALL=${DEMO_SECONDS:-5}
TAP_A=mtd${ID}a TAP_B=mtd${ID}b
PREFIX=mcdts-$ID-demo
WORK=$(mktemp -d /tmp/mc-demo.XXXXXX)
MC_PID=
RX_PIDS=() CAP_PIDS=()

step() { printf '\n== %s\n' "$*"; }

cleanup() {
  local rc=$?
  set +e
  local p
  for p in "${RX_PIDS[@]}" "${CAP_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
  if [[ -n $MC_PID ]] && kill -0 "$MC_PID" 2>/dev/null; then lab_mc_stop "$MC_PID"; fi
  if (( rc != 0 )) && [[ -f $WORK/media-core.log ]]; then
    echo "--- media-core log (tail)"; tail -n 30 "$WORK/media-core.log"
  fi
  lab_ns_delete "$NS_ATX"; lab_ns_delete "$NS_BTX"
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

# sender_ns NS_TX NS IF IP MAC MC_IP MC_MAC: a namespace for an endpoint's sender with the
# endpoint's own address and MAC, whose frames NS sends out of IF unchanged (tc mirred).
# ffmpeg's sender and receiver are separate processes that cannot share a port in one
# namespace; this way both use IP:port, as one symmetric SIP endpoint would.
sender_ns() {
  local tx=$1 ns=$2 ifname=$3 ip=$4 mac=$5 mc_ip=$6 mc_mac=$7 vin=${1##*-}i$ID vout=${1##*-}o$ID
  vin=${vin:0:15} vout=${vout:0:15}
  lab_ns_create "$tx"
  ip -n "$ns" link add "$vin" type veth peer name "$vout" netns "$tx"
  ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$vin.disable_ipv6=1"
  ip -n "$ns" link set "$vin" up
  ip netns exec "$ns" tc qdisc add dev "$vin" clsact
  ip netns exec "$ns" tc filter add dev "$vin" ingress protocol all prio 1 u32 match u32 0 0 \
    action mirred egress redirect dev "$ifname"
  ip netns exec "$tx" sysctl -qw "net.ipv6.conf.$vout.disable_ipv6=1"
  ip -n "$tx" link set dev "$vout" address "$mac"
  ip -n "$tx" addr add "$ip/24" dev "$vout"
  ip -n "$tx" link set dev "$vout" up
  ip -n "$tx" neigh replace "$mc_ip" lladdr "$mc_mac" dev "$vout" nud permanent
  ip netns exec "$tx" ethtool -K "$vout" tx off >/dev/null
}

# json_field JSON PATH...: one field of a JSON document (e.g. legs 0 local).
json_field() {
  "$LAB_PY" -c 'import json, sys
v = json.loads(sys.argv[1])
for k in sys.argv[2:]:
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v)' "$@"
}

sdp() {
  printf 'v=0\r\no=- 0 0 IN IP4 %s\r\ns=demo\r\nc=IN IP4 %s\r\nt=0 0\r\nm=audio %s RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n' "$1" "$1" "$2"
}

step_call() {
  step "6. a call: session demo-call, leg a = ns A 10.96.0.1:40000, leg b = ns B 10.97.0.1:40002"
  local ports; ports=$(lab_telemetry "$PREFIX" /mc/ports)
  sender_ns "$NS_ATX" "$NS_A" "$TAP_A" 10.96.0.1 02:6e:73:00:00:0a 10.96.0.254 \
    "$(json_field "$ports" ports 0 mac)"
  sender_ns "$NS_BTX" "$NS_B" "$TAP_B" 10.97.0.1 02:6e:73:00:00:0b 10.97.0.254 \
    "$(json_field "$ports" ports 1 mac)"
  local pcmu='{"pt":0,"name":"PCMU","rate":8000}' req reply
  req='{"id":"demo-call","legs":[
    {"name":"a","interface":"port0","remote":"10.96.0.1:40000","codecs":['$pcmu']},
    {"name":"b","interface":"port1","remote":"10.97.0.1:40002","codecs":['$pcmu']}]}'
  echo "\$ mcctl session create --json '$(tr -d '\n ' <<<"$req")'"
  reply=$("$MCCTL" --file-prefix "$PREFIX" --json session create --json "$req")
  LOCAL_A=$(json_field "$reply" legs 0 local) LOCAL_B=$(json_field "$reply" legs 1 local)
  lab_log "mode $(json_field "$reply" mode): A sends to $LOCAL_A, B sends to $LOCAL_B"

  step "7. ffmpeg: A sends 440 Hz to $LOCAL_A, B sends 1000 Hz to $LOCAL_B, each receives the other (${SECONDS_CALL} s)"
  sdp 10.96.0.1 40000 >"$WORK/a.sdp"; sdp 10.97.0.1 40002 >"$WORK/b.sdp"
  local side ns pids=()
  for side in a b; do
    [[ $side == a ]] && ns=$NS_A || ns=$NS_B
    ip netns exec "$ns" tcpdump -i "$([[ $side == a ]] && echo "$TAP_A" || echo "$TAP_B")" -n -U \
      --immediate-mode -Z root -w "$WORK/$side.pcap" udp 2>"$WORK/tcpdump-$side.log" &
    pids+=($!)
    ip netns exec "$ns" ffmpeg -hide_banner -nostdin -loglevel error -y \
      -protocol_whitelist file,udp,rtp -i "$WORK/$side.sdp" -c:a pcm_s16le "$WORK/recv-$side.wav" &
    RX_PIDS+=($!)
  done
  CAP_PIDS=("${pids[@]}")
  lab_wait 10 grep -q listening "$WORK/tcpdump-a.log" "$WORK/tcpdump-b.log"
  lab_wait 10 bash -c "ip netns exec $NS_A ss -Hunl 'sport = :40000' | grep -q . && ip netns exec $NS_B ss -Hunl 'sport = :40002' | grep -q ."
  local tx=() args
  # Paced at one 20 ms packet per 20 ms (asetnsamples + arealtime; -re would burst).
  for args in "$NS_ATX 440 $LOCAL_A 40000" "$NS_BTX 1000 $LOCAL_B 40002"; do
    set -- $args
    ip netns exec "$1" ffmpeg -hide_banner -nostdin -loglevel error -f lavfi \
      -i "sine=frequency=$2:sample_rate=8000:duration=$SECONDS_CALL" \
      -af asetnsamples=n=160:p=1,arealtime -c:a pcm_mulaw -f rtp -rtpflags send_bye \
      "rtp://$3?localport=$4" >/dev/null &
    tx+=($!)
  done
  wait "${tx[@]}"
  # The receivers stop on the BYE relayed by media-core; bounded in case one is lost.
  local p; for p in "${RX_PIDS[@]}"; do
    lab_wait 10 bash -c "! kill -0 $p" || kill -INT "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  RX_PIDS=()
  sleep 0.5
  for p in "${CAP_PIDS[@]}"; do kill -INT "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  CAP_PIDS=()
}

step_received() {
  step "8. what media-core counted, and what each endpoint received"
  mcctl session info demo-call
  local side
  for side in a b; do
    echo; echo "-- ns ${side^^} received (ffmpeg decoded $WORK/recv-$side.wav):"
    PYTHONPATH=$LAB_DTS "$LAB_PY" -m mclab.media describe "$WORK/recv-$side.wav"
    echo "   tshark -z rtp,streams on ns ${side^^}'s interface:"
    tshark -n -r "$WORK/$side.pcap" -q -o rtp.heuristic_rtp:TRUE -z rtp,streams 2>/dev/null |
      sed -n '/Src IP/,/^====/p' | grep -v '^====' | cut -c1-150 | sed 's/^/   /'
  done
  step "9. end the call"
  mcctl session destroy demo-call
}

# capture SIDE: tcpdump on the endpoint's interface into $WORK/SIDE.pcap (CAP_PIDS).
capture() {
  local side=$1 ns tap
  [[ ${side: -1} == a ]] && ns=$NS_A tap=$TAP_A || ns=$NS_B tap=$TAP_B
  ip netns exec "$ns" tcpdump -i "$tap" -n -U --immediate-mode -Z root -w "$WORK/$side.pcap" \
    udp 2>"$WORK/tcpdump-$side.log" &
  CAP_PIDS+=($!)
}

# A transcoded call: leg a speaks PCMU, leg b Opus (opus/48000/2, as ffmpeg sends it);
# media-core decodes, resamples and encodes both ways on its worker.
step_tc_call() {
  step "10. a transcoded call: session demo-tc, leg a = ns A PCMU 10.96.0.1:40010, leg b = ns B Opus 10.97.0.1:40012"
  local pcmu='{"pt":0,"name":"PCMU","rate":8000}'
  local opus='{"pt":111,"name":"opus","rate":48000,"channels":2}' req reply
  req='{"id":"demo-tc","legs":[
    {"name":"a","interface":"port0","remote":"10.96.0.1:40010","codecs":['$pcmu']},
    {"name":"b","interface":"port1","remote":"10.97.0.1:40012","codecs":['$opus']}]}'
  echo "\$ mcctl session create --json '$(tr -d '\n ' <<<"$req")'"
  reply=$("$MCCTL" --file-prefix "$PREFIX" --json session create --json "$req")
  local la lb; la=$(json_field "$reply" legs 0 local) lb=$(json_field "$reply" legs 1 local)
  lab_log "mode $(json_field "$reply" mode): A sends PCMU to $la, B sends Opus to $lb"

  step "11. ffmpeg: A sends 440 Hz as PCMU, B sends 1000 Hz as Opus, each receives the other's codec (${SECONDS_CALL} s)"
  sdp 10.96.0.1 40010 >"$WORK/tc-a.sdp"
  printf 'v=0\r\no=- 0 0 IN IP4 10.97.0.1\r\ns=demo\r\nc=IN IP4 10.97.0.1\r\nt=0 0\r\nm=audio 40012 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n' >"$WORK/tc-b.sdp"
  capture tc-a; capture tc-b
  local side ns
  for side in a b; do
    [[ $side == a ]] && ns=$NS_A || ns=$NS_B
    # Decoded to 8 kHz mono whatever the codec, so both sides are described alike.
    ip netns exec "$ns" ffmpeg -hide_banner -nostdin -loglevel error -y \
      -protocol_whitelist file,udp,rtp -i "$WORK/tc-$side.sdp" -ac 1 -ar 8000 \
      -c:a pcm_s16le "$WORK/recv-tc-$side.wav" &
    RX_PIDS+=($!)
  done
  lab_wait 10 grep -q listening "$WORK/tcpdump-tc-a.log" "$WORK/tcpdump-tc-b.log"
  lab_wait 10 bash -c "ip netns exec $NS_A ss -Hunl 'sport = :40010' | grep -q . && ip netns exec $NS_B ss -Hunl 'sport = :40012' | grep -q ."
  local tx=()
  ip netns exec "$NS_ATX" ffmpeg -hide_banner -nostdin -loglevel error -f lavfi \
    -i "sine=frequency=440:sample_rate=8000:duration=$SECONDS_CALL" \
    -af asetnsamples=n=160:p=1,arealtime -c:a pcm_mulaw -f rtp -rtpflags send_bye \
    "rtp://$la?localport=40010" >/dev/null &
  tx+=($!)
  ip netns exec "$NS_BTX" ffmpeg -hide_banner -nostdin -loglevel error -f lavfi \
    -i "sine=frequency=1000:sample_rate=48000:duration=$SECONDS_CALL" \
    -af asetnsamples=n=960:p=1,arealtime -ac 2 -c:a libopus -b:a 32k -frame_duration 20 \
    -application voip -f rtp -payload_type 111 -rtpflags send_bye \
    "rtp://$lb?localport=40012" >/dev/null &
  tx+=($!)
  wait "${tx[@]}"
  # media-core passes each BYE on once the audio before it has played out.
  local p; for p in "${RX_PIDS[@]}"; do
    lab_wait 10 bash -c "! kill -0 $p" || kill -INT "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  RX_PIDS=()
  sleep 0.5
  for p in "${CAP_PIDS[@]}"; do kill -INT "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  CAP_PIDS=()

  step "12. the transcoded call's counters (jitter buffer, concealed, decoded/encoded), and what each side received"
  mcctl session info demo-tc
  local codec
  for side in a b; do
    [[ $side == a ]] && codec="PCMU (B's 1000 Hz, from Opus)" || codec="Opus (A's 440 Hz, from PCMU)"
    echo; echo "-- ns ${side^^} received $codec, ffmpeg decoded $WORK/recv-tc-$side.wav:"
    PYTHONPATH=$LAB_DTS "$LAB_PY" -m mclab.media describe "$WORK/recv-tc-$side.wav"
  done
  step "13. end the transcoded call"
  mcctl session destroy demo-tc
}

step_stop() {
  step "14. stop media-core (SIGTERM)"
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
step_call
step_received
step_tc_call
step_stop
