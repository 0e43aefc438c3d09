#!/usr/bin/env bash
# Runs every test: lit (checks, plugin in clang-tidy-19, command, runtime,
# real Boost.Asio), GoogleTest (model, profiles, readers), the Boost example
# corpus and the fuzz smoke run; then the same suite against the command
# and checks built with AddressSanitizer and UndefinedBehaviorSanitizer
# (scripts/test-sanitized.sh, its own build in build-sanitize/).
# QUICK=1 skips the sanitized run.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
(cd "$BUILD_DIR" && ctest --output-on-failure -j "$(nproc)")
if [ "${QUICK:-}" != 1 ]; then
  ./scripts/test-sanitized.sh
fi
