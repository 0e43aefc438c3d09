#!/usr/bin/env bash
# The release check: builds the command, the checks and the unit tests with
# AddressSanitizer and UndefinedBehaviorSanitizer into ${BUILD_DIR:-
# build-sanitize}, and runs the whole suite against them. (The plugin and
# the runtime stay plain; see COROLINT_SANITIZE in CMakeLists.txt.)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-sanitize}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DCOROLINT_SANITIZE=address,undefined
fi
cmake --build "$BUILD_DIR"
# clang-tidy and LLVM keep some allocations to exit on purpose: leaks are
# not what this run looks for. Any other report fails the test it is in.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:allow_user_segv_handler=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd "$BUILD_DIR"
ctest --output-on-failure -j "$(nproc)" "$@"
