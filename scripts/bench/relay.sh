#!/usr/bin/env bash
# Relay packets per second on one worker core with live sessions, side by side with
# dpdk-testpmd io forwarding over the same net_pcap vdevs (target ratio >= 0.5 with
# 10,000 sessions). Root (DPDK runtime directories).
#   scripts/bench/relay.sh [-n 10000] [--per-flow 2] [--seconds 5] [--rounds 2] [--rewrite]
# Build directory: ${MC_BUILD_DIR:-build} relative to the repository root. One JSON
# object per line on stdout; MC_BENCH_KEEP=1 keeps the pcaps and logs (path in /tmp).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${MC_BUILD_DIR:-build}
[[ -f $BUILD/build.ninja ]] || meson setup "$BUILD" >/dev/null
if ! out=$(ninja -C "$BUILD" app/media-core/media-core 2>&1); then
  printf '%s\n' "$out" | tail -n 20 >&2; echo "${0##*/}: build failed" >&2; exit 1
fi
command -v dpdk-testpmd >/dev/null || { echo "relay.sh: dpdk-testpmd not installed" >&2; exit 1; }
export MC_BUILD_DIR=$(cd "$BUILD" && pwd)
exec /usr/bin/python3 scripts/bench/relay_bench.py "$@"
