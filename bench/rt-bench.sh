#!/usr/bin/env bash
# The runtime's overhead (a benchmark, not a test):
#  - throughput of a handler-heavy asio ping-pong, with and without
#    libcorolint-rt preloaded (target: at most 2% slower), median of runs
#    alternated so machine load hits both alike;
#  - peak RSS of both;
#  - delay from threshold crossing to the stall's capture, from the
#    report's detected_after_ms (target: within 10 ms).
# Usage: bench/rt-bench.sh [BUILD_DIR] [RUNS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
RUNS=${2:-7}
SECONDS_PER_RUN=${3:-3}
LIB="$BUILD_DIR/runtime/libcorolint-rt.so"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
clang++-19 -std=c++20 -O2 -g -pthread bench/rt-pingpong.cpp -o "$OUT/pingpong"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# Both sides run pinned to one CPU when taskset is there (migrations are
# most of the noise on a small machine), alternating which goes first.
PIN=()
command -v taskset > /dev/null && PIN=(taskset -c "$(($(nproc) - 1))")
base_run() { "${PIN[@]}" "$OUT/pingpong" "$SECONDS_PER_RUN" >> "$OUT/base.txt"; }
rt_run() {
  COROLINT_RT_REPORT="$OUT/r.jsonl" LD_PRELOAD="$LIB" \
    "${PIN[@]}" "$OUT/pingpong" "$SECONDS_PER_RUN" >> "$OUT/rt.txt"
}
for i in $(seq "$RUNS"); do
  if ((i % 2)); then base_run; rt_run; else rt_run; base_run; fi
done
base=$(awk '{print $2}' "$OUT/base.txt" | median)
rt=$(awk '{print $2}' "$OUT/rt.txt" | median)
base_rss=$(awk '{print $4}' "$OUT/base.txt" | median)
rt_rss=$(awk '{print $4}' "$OUT/rt.txt" | median)
echo "ping-pong round trips/s (median of $RUNS x ${SECONDS_PER_RUN}s): without $base, with runtime $rt"
awk -v b="$base" -v r="$rt" 'BEGIN {printf "throughput change (medians): %+.2f%%\n", (r-b)/b*100}'
# The same from each alternated pair, which cancels slow drifts.
paste "$OUT/base.txt" "$OUT/rt.txt" | awk '{print ($6-$2)/$2*100}' | median |
  awk '{printf "throughput change (median of pairs): %+.2f%%\n", $1}'
echo "peak RSS: without ${base_rss} KiB, with runtime ${rt_rss} KiB ($((rt_rss - base_rss)) KiB more)"
grep -c '"kind":"stall"' "$OUT/r.jsonl" > /dev/null 2>&1 && echo "warning: the ping-pong itself stalled" || true

rm -f "$OUT/d.jsonl"
COROLINT_RT_REPORT="$OUT/d.jsonl" LD_PRELOAD="$LIB" "$OUT/pingpong" stalls 20
python3 - "$OUT/d.jsonl" <<'PY'
import json, sys
delays = []
for line in open(sys.argv[1]):
    r = json.loads(line)
    # The first sample of each stall (later ones are at 2x, 4x... on purpose).
    if r["kind"] == "stall" and not r["ended"] and r.get("sample", 0) == 0:
        delays.append(r["detected_after_ms"] - r["threshold_ms"])
delays.sort()
print("threshold to capture, %d stalls: median %.2f ms, max %.2f ms" %
      (len(delays), delays[len(delays) // 2], delays[-1]))
PY
