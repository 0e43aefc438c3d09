#!/usr/bin/env bash
# What per-file crash isolation costs: corolint over the Boost.Asio C++20
# examples with its crash recovery (the default: each file under LLVM's
# CrashRecoveryContext, on worker threads with an alternate signal stack)
# against the same run without (COROLINT_NO_CRASH_RECOVERY=1, a switch for
# this benchmark only). Paired runs, interleaved and alternating which goes
# first; prints the median ratio and its spread (min-max). A benchmark, not
# a test: run it by hand.
# --instructions: instructions executed for one translation unit, counted
# once each way by callgrind (repeatable whatever the machine does).
#   bench/isolation.sh [PAIRS]
#   bench/isolation.sh --instructions [TU]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
if [ "${1:-}" = --instructions ]; then
  TU=${2:-/usr/share/doc/libboost1.81-doc/examples/libs/asio/example/cpp20/coroutines/chat_server.cpp}
  count() { # $@: environment assignments; prints billions of instructions
    local log
    log=$(mktemp)
    env "$@" valgrind --tool=callgrind --callgrind-out-file=/dev/null \
      "$BUILD_DIR/tool/corolint" --quiet "$TU" -- -std=c++20 >/dev/null 2>"$log" || true
    awk '/Collected :/ {s += $NF} END {printf "%.3f", s / 1e9}' "$log"
    rm -f "$log"
  }
  with=$(count COROLINT_ISOLATION_BENCH=1)
  without=$(count COROLINT_NO_CRASH_RECOVERY=1)
  printf '%s: isolated %sG, bare %sG instructions: %.4fx\n' "$(basename "$TU")" \
    "$with" "$without" "$(echo "$with / $without" | bc -l)"
  exit 0
fi
PAIRS=${1:-5}
EX=/usr/share/doc/libboost1.81-doc/examples/libs/asio/example/cpp20
mapfile -t FILES < <(find "$EX/coroutines" "$EX/channels" -name '*.cpp' | sort)
run() { # $1: with (isolated) or without; prints seconds
  local s e
  s=$(date +%s.%N)
  if [ "$1" = with ]; then
    "$BUILD_DIR/tool/corolint" --quiet -j 2 "${FILES[@]}" -- -std=c++20 \
      >/dev/null 2>&1 || true
  else
    COROLINT_NO_CRASH_RECOVERY=1 "$BUILD_DIR/tool/corolint" --quiet -j 2 \
      "${FILES[@]}" -- -std=c++20 >/dev/null 2>&1 || true
  fi
  e=$(date +%s.%N)
  echo "$e - $s" | bc -l
}
ratios=()
for i in $(seq "$PAIRS"); do
  if [ $((i % 2)) = 1 ]; then w=$(run with); o=$(run without)
  else o=$(run without); w=$(run with); fi
  ratios+=("$(echo "$w / $o" | bc -l)")
  printf 'pair %d: with %.2fs, without %.2fs\n' "$i" "$w" "$o"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk -v n="${#FILES[@]}" '
  {r[NR]=$1} END {printf "%d files: isolated/bare = %.3f (median of %d pairs; spread %.3f-%.3f)\n",
                  n, r[int((NR+1)/2)], NR, r[1], r[NR]}'
