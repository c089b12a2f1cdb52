#!/usr/bin/env bash
# Transcoding benchmark (not a test): builds transcode_bench and prints one JSON object
# per codec pair: the bare codec chain of both directions of a call (lib/codec + lib/dsp
# called directly) and media-core's worker transcoding N calls of the same frames in
# process, side by side, with the overhead ratio, calls per core and the added latency
# with the jitter buffer off.
#   scripts/bench/transcode.sh [calls (40)] [frames per call (250 = 5 s)]
# Build directory: ${MC_BUILD_DIR:-build} relative to the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${MC_BUILD_DIR:-build}
[[ -f $BUILD/build.ninja ]] || meson setup "$BUILD" >/dev/null
ninja -C "$BUILD" scripts/bench/transcode_bench >/dev/null
exec "$BUILD/scripts/bench/transcode_bench" "$@"
