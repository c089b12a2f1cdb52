#!/usr/bin/env bash
# Configures (once) and builds media-core into ${MC_BUILD_DIR:-build}.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${MC_BUILD_DIR:-build}
[[ -f $BUILD/build.ninja ]] || meson setup "$BUILD" >/dev/null
ninja -C "$BUILD"
