#!/usr/bin/env bash
# Sessions created and destroyed per second through the control API (target 2,000/s).
#   scripts/bench/sessions.sh [-n 10000] [--rounds 3] [--idle-sleep-us 0]
# Root (DPDK runtime directory). Build directory: ${MC_BUILD_DIR:-build} relative to the
# repository root. One JSON object per line on stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${MC_BUILD_DIR:-build}
[[ -f $BUILD/build.ninja ]] || meson setup "$BUILD" >/dev/null
if ! out=$(ninja -C "$BUILD" app/media-core/media-core 2>&1); then
  printf '%s\n' "$out" | tail -n 20 >&2; echo "${0##*/}: build failed" >&2; exit 1
fi
export MC_BUILD_DIR=$(cd "$BUILD" && pwd)
exec /usr/bin/python3 scripts/bench/sessions_bench.py "$@"
