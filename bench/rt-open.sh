#!/usr/bin/env bash
# What an open per request costs under the runtime (a benchmark, not a
# test): test/runtime/Inputs/open-per-request.c returns from epoll_wait
# and opens, reads and closes a small file, N times, on a busy loop
# thread, with and without libcorolint-rt preloaded (file I/O not watched,
# the default). Paired runs, interleaved and alternating which goes first,
# pinned to one CPU when taskset is there; prints the median ratio of the
# pairs' wall times and its spread (min-max), and the cost per request.
# Usage: bench/rt-open.sh [BUILD_DIR] [PAIRS] [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
PAIRS=${2:-9}
N=${3:-400000}
LIB="$(cd "$BUILD_DIR" && pwd)/runtime/libcorolint-rt.so"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
clang-19 -O2 test/runtime/Inputs/open-per-request.c -o "$OUT/open"
PIN=()
command -v taskset > /dev/null && PIN=(taskset -c "$(($(nproc) - 1))")
ns() { date +%s%N; }
base_run() { local s; s=$(ns); "${PIN[@]}" "$OUT/open" "$N" > /dev/null; echo $(( $(ns) - s )); }
rt_run() {
  local s; s=$(ns)
  COROLINT_RT_REPORT="$OUT/r.jsonl" LD_PRELOAD="$LIB" "${PIN[@]}" "$OUT/open" "$N" > /dev/null
  echo $(( $(ns) - s ))
}
for i in $(seq "$PAIRS"); do
  if ((i % 2)); then b=$(base_run); r=$(rt_run); else r=$(rt_run); b=$(base_run); fi
  echo "$b $r"
done > "$OUT/pairs.txt"
python3 - "$N" "$OUT/pairs.txt" <<'PY'
import statistics, sys
n = int(sys.argv[1])
pairs = [tuple(map(int, l.split())) for l in open(sys.argv[2]) if l.strip()]
ratios = sorted(r / b for b, r in pairs)
extra = statistics.median((r - b) / n for b, r in pairs) / 1000
print("open per request, %d pairs of %d requests: with runtime %.3fx "
      "(median; spread %.3f-%.3f), %+.2f us per request"
      % (len(pairs), n, statistics.median(ratios), ratios[0], ratios[-1], extra))
PY
