#!/usr/bin/env bash
# Codec benchmark: builds codec_bench and prints one JSON object per line, interface
# and bare library call side by side for each codec's 20 ms encode and decode.
#   scripts/bench/codec.sh [rounds] [frames_per_round]
# Build directory: ${MC_BUILD_DIR:-build} relative to the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${MC_BUILD_DIR:-build}
[[ -f $BUILD/build.ninja ]] || meson setup "$BUILD" >/dev/null
ninja -C "$BUILD" lib/codec/codec_bench >/dev/null
exec "$BUILD/lib/codec/codec_bench" "$@"
