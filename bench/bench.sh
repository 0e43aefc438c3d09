#!/usr/bin/env bash
# Analysis cost of corolint against clang++-19 -fsyntax-only on the same
# Boost.Asio translation unit, and against clang-tidy-19 running
# misc-coroutine-hostile-raii. Median of RUNS runs each; prints the ratios.
# A benchmark, not a test: run it by hand on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
RUNS=${RUNS:-7}
TU=${1:-/usr/share/doc/libboost1.81-doc/examples/libs/asio/example/cpp20/coroutines/chat_server.cpp}
ARGS=(-std=c++20)

median() { # seconds of RUNS runs of "$@", median
  for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
    echo "$e - $s" | bc -l
  done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

syntax=$(median clang++-19 -fsyntax-only "${ARGS[@]}" "$TU")
tool=$(median "$BUILD_DIR/tool/corolint" --quiet "$TU" -- "${ARGS[@]}")
plugin=$(median clang-tidy-19 -load "$BUILD_DIR/checks/libcorolint-tidy.so" \
  --checks='-*,corolint-*' --quiet "$TU" -- "${ARGS[@]}")
raii=$(median clang-tidy-19 --checks='-*,misc-coroutine-hostile-raii' --quiet \
  "$TU" -- "${ARGS[@]}")

printf 'translation unit: %s (median of %s runs)\n' "$TU" "$RUNS"
printf '%-40s %6.2fs\n' "clang++-19 -fsyntax-only" "$syntax"
printf '%-40s %6.2fs  %.2fx\n' "corolint (all checks)" "$tool" "$(echo "$tool / $syntax" | bc -l)"
printf '%-40s %6.2fs  %.2fx\n' "clang-tidy-19 + corolint plugin" "$plugin" "$(echo "$plugin / $syntax" | bc -l)"
printf '%-40s %6.2fs  %.2fx\n' "clang-tidy-19 misc-coroutine-hostile-raii" "$raii" "$(echo "$raii / $syntax" | bc -l)"
