#!/usr/bin/env bash
# The runtime's cost on a real Debian server (a benchmark, not a test):
# lighttpd, unmodified, serving a 1 KiB static file on 127.0.0.1 to
# ApacheBench, with and without libcorolint-rt preloaded, with keep-alive
# and without. The figure is the server's CPU time per request (every
# thread of the process, the runtime's watchdog included, from
# /proc/PID/task/*/schedstat), as the ratio of paired runs, interleaved
# and alternating which goes first; the server and ab are pinned to
# different CPUs when taskset is there. Prints the median ratio and its
# spread (min-max) for each mode. Target: at most 1.02.
# Needs lighttpd and apache2-utils (scripts/install-deps.sh --bench).
# Usage: bench/rt-server.sh [BUILD_DIR] [PAIRS] [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
PAIRS=${2:-9}
N=${3:-20000}
LIB="$(cd "$BUILD_DIR" && pwd)/runtime/libcorolint-rt.so"
LIGHTTPD=$(command -v lighttpd || echo /usr/sbin/lighttpd)
for tool in "$LIGHTTPD" ab; do
  command -v "$tool" > /dev/null || {
    echo "rt-server.sh: $tool not found; run scripts/install-deps.sh --bench" >&2
    exit 2
  }
done
OUT=$(mktemp -d)
SERVER=
trap '[[ -n $SERVER ]] && kill "$SERVER" 2> /dev/null; rm -rf "$OUT"' EXIT
mkdir -p "$OUT/www"
head -c 1024 /dev/urandom | base64 -w 0 | head -c 1024 > "$OUT/www/index.html"
PORT=$((20000 + RANDOM % 20000))
cat > "$OUT/lighttpd.conf" <<EOF
server.document-root = "$OUT/www"
server.bind = "127.0.0.1"
server.port = $PORT
server.errorlog = "$OUT/error.log"
server.max-keep-alive-requests = 100000
index-file.names = ("index.html")
EOF
SERVER_PIN=() CLIENT_PIN=()
if command -v taskset > /dev/null && (($(nproc) > 1)); then
  SERVER_PIN=(taskset -c 1)
  CLIENT_PIN=(taskset -c 0)
fi

# CPU time of every thread of process $1, in ns.
cpu_ns() {
  local total=0 t
  for t in /proc/"$1"/task/*/schedstat; do
    read -r run _ < "$t" && total=$((total + run))
  done
  echo "$total"
}

# One run: starts the server (with the runtime when $1 is "rt"), loads it
# with ab ($2: -k or empty), prints its CPU ns per request.
run() {
  local -a env=()
  [[ $1 == rt ]] && env=(COROLINT_RT_REPORT="$OUT/rt.jsonl" LD_PRELOAD="$LIB")
  env "${env[@]}" "${SERVER_PIN[@]}" "$LIGHTTPD" -D -f "$OUT/lighttpd.conf" &
  SERVER=$!
  for _ in $(seq 100); do
    ab -q -n 1 "http://127.0.0.1:$PORT/" > /dev/null 2>&1 && break
    sleep 0.05
  done
  local before after
  before=$(cpu_ns "$SERVER")
  "${CLIENT_PIN[@]}" ab -q $2 -c 8 -n "$N" "http://127.0.0.1:$PORT/" > "$OUT/ab.txt" 2>&1
  after=$(cpu_ns "$SERVER")
  grep -q "^Failed requests: *0" "$OUT/ab.txt" || {
    echo "rt-server.sh: ab failed:" >&2
    cat "$OUT/ab.txt" >&2
    exit 1
  }
  kill "$SERVER"
  wait "$SERVER" 2> /dev/null || true
  SERVER=
  echo $(((after - before) / N))
}

for mode in keep-alive close; do
  flag=
  [[ $mode == keep-alive ]] && flag=-k
  for i in $(seq "$PAIRS"); do
    if ((i % 2)); then b=$(run base "$flag"); r=$(run rt "$flag"); else
      r=$(run rt "$flag"); b=$(run base "$flag"); fi
    echo "$b $r"
  done > "$OUT/$mode.txt"
  python3 - "$mode" "$N" "$OUT/$mode.txt" <<'PY'
import statistics, sys
mode, n = sys.argv[1], int(sys.argv[2])
pairs = [tuple(map(int, l.split())) for l in open(sys.argv[3]) if l.strip()]
ratios = sorted(r / b for b, r in pairs)
print("lighttpd %-10s %d pairs of %d requests: %.0f ns CPU per request "
      "without, %.0f with; with runtime %.3fx (median; spread %.3f-%.3f)"
      % (mode, len(pairs), n, statistics.median(b for b, _ in pairs),
         statistics.median(r for _, r in pairs), statistics.median(ratios),
         ratios[0], ratios[-1]))
PY
done
