#!/usr/bin/env bash
# Runs every test: lit (checks, plugin in clang-tidy-19, command, real
# Boost.Asio), GoogleTest (model, profiles) and the Boost example corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
cd "$BUILD_DIR"
ctest --output-on-failure -j "$(nproc)"
