#!/usr/bin/env bash
# Part of scripts/test.sh: builds the command, the checks and the unit tests with
# AddressSanitizer and UndefinedBehaviorSanitizer (SANITIZE=address,
# undefined) into ${SANITIZE_BUILD_DIR:-build-sanitize}, and runs the whole
# suite against them. (The plugin and
# the runtime stay plain; see COROLINT_SANITIZE in CMakeLists.txt.)
set -euo pipefail
cd "$(dirname "$0")/.."
export SANITIZE=${SANITIZE:-address,undefined}
BUILD_DIR=${SANITIZE_BUILD_DIR:-build-sanitize}
SANITIZE_BUILD_DIR=$BUILD_DIR ./scripts/build.sh
# clang-tidy and LLVM keep some allocations to exit on purpose: leaks are
# not what this run looks for. Any other report fails the test it is in.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:allow_user_segv_handler=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd "$BUILD_DIR"
ctest --output-on-failure -j "$(nproc)" "$@"
