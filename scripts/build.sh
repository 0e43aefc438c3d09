#!/usr/bin/env bash
# Configures (once) and builds corolint with Ninja into ${BUILD_DIR:-build}.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
# SANITIZE=address,undefined: the sanitized configuration (run by
# scripts/test.sh and CI through scripts/test-sanitized.sh), in its own build directory.
if [ -n "${SANITIZE:-}" ]; then
  BUILD_DIR=${SANITIZE_BUILD_DIR:-build-sanitize}
fi
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-Release} \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DCOROLINT_SANITIZE="${SANITIZE:-}"
fi
cmake --build "$BUILD_DIR" "$@"
