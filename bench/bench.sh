#!/usr/bin/env bash
# Analysis cost of corolint against clang++-19 -fsyntax-only on the same
# Boost.Asio translation unit, and against clang-tidy-19 running
# misc-coroutine-hostile-raii. A benchmark, not a test: run it by hand.
#
# usage: bench/bench.sh [--instructions] [TU]
#
# Default: wall time, median of RUNS runs each. The runs are interleaved
# (syntax, command, plugin, raii, syntax, ...) so that a slow spell of the
# machine lands on every candidate alike instead of on one of them.
# --instructions: instructions executed, counted once each by callgrind.
# The count does not move with the machine's load, so it is the figure to
# compare across commits; it takes about two minutes per candidate.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
RUNS=${RUNS:-9}
MODE=time
if [ "${1:-}" = --instructions ]; then MODE=instructions; shift; fi
TU=${1:-/usr/share/doc/libboost1.81-doc/examples/libs/asio/example/cpp20/coroutines/chat_server.cpp}
ARGS=(-std=c++20)

names=(syntax command plugin raii)
declare -A label=(
  [syntax]="clang++-19 -fsyntax-only"
  [command]="corolint (all checks)"
  [plugin]="clang-tidy-19 + corolint plugin (all checks)"
  [raii]="clang-tidy-19 misc-coroutine-hostile-raii"
)
command_for() { # sets CMD to candidate $1's command line
  case $1 in
  syntax) CMD=(clang++-19 -fsyntax-only "${ARGS[@]}" "$TU") ;;
  command) CMD=("$BUILD_DIR/tool/corolint" --quiet "$TU" -- "${ARGS[@]}") ;;
  plugin) CMD=(clang-tidy-19 -load "$BUILD_DIR/checks/libcorolint-tidy.so"
    "--checks=-*,corolint-*" --quiet "$TU" -- "${ARGS[@]}") ;;
  raii) CMD=(clang-tidy-19 "--checks=-*,misc-coroutine-hostile-raii" --quiet
    "$TU" -- "${ARGS[@]}") ;;
  esac
}

declare -A result
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ "$MODE" = time ]; then
  for _ in $(seq "$RUNS"); do
    for n in "${names[@]}"; do
      command_for "$n"
      s=$(date +%s.%N); "${CMD[@]}" >/dev/null 2>&1 || true; e=$(date +%s.%N)
      echo "$e - $s" | bc -l >> "$tmp/$n"
    done
  done
  for n in "${names[@]}"; do
    result[$n]=$(sort -n "$tmp/$n" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  done
  unit=s what="median of $RUNS interleaved runs"
else
  command -v valgrind >/dev/null || { echo "bench: valgrind is needed" >&2; exit 2; }
  for n in "${names[@]}"; do
    # The clang driver runs cc1 in its own process, so one count covers it.
    command_for "$n"
    valgrind --tool=callgrind --callgrind-out-file="$tmp/$n.out" "${CMD[@]}" \
      >/dev/null 2>"$tmp/$n.log" || true
    result[$n]=$(awk '/Collected :/ {s += $NF} END {printf "%.3f", s / 1e9}' "$tmp/$n.log")
  done
  unit=G what="billions of instructions, callgrind"
fi

printf 'translation unit: %s (%s)\n' "$TU" "$what"
for n in "${names[@]}"; do
  printf '%-46s %8.3f%s  %.3fx\n' "${label[$n]}" "${result[$n]}" "$unit" \
    "$(echo "${result[$n]} / ${result[syntax]}" | bc -l)"
done
