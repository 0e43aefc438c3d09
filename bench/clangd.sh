#!/usr/bin/env bash
# How long an editor waits for diagnostics with corolint-clangd, against
# Debian's stock clangd-19 on the same Boost.Asio coroutine file: from
# didOpen (the preamble built from scratch) and from an edit (the preamble
# reused; the median of EDITS edits a session). A benchmark, not a test:
# run it by hand. Needs scripts/fetch-lsp-client.sh (install-deps runs it).
#
# usage: bench/clangd.sh [FILE]   (PAIRS=9 EDITS=7 by default)
#
# Sessions run in pairs, stock and corolint-clangd back to back, the order
# alternating from pair to pair, so that a slow spell of the machine lands
# on both alike. Reported: the ratio corolint-clangd / clangd-19 of each
# pair, median and range over the pairs, and the medians in milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
PAIRS=${PAIRS:-9}
EDITS=${EDITS:-7}
FILE=${1:-examples/asio-service/service.cpp}
export VSCODE_JSONRPC=$PWD/.cache/node_modules/vscode-jsonrpc/node
STOCK=$(command -v clangd-19)
OURS=$BUILD_DIR/clangd/corolint-clangd
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for ((i = 0; i < PAIRS; i++)); do
  if ((i % 2)); then order=(ours stock); else order=(stock ours); fi
  for who in "${order[@]}"; do
    bin=$STOCK; [ "$who" = ours ] && bin=$OURS
    printf '%s %s %s\n' "$i" "$who" \
      "$(node bench/clangd-latency.js "$bin" "$FILE" "$EDITS")" >> "$out"
  done
done
python3 - "$out" "$FILE" "$PAIRS" "$EDITS" <<'PY'
import json, statistics, sys
path, file, pairs, edits = sys.argv[1:]
runs = {}
for line in open(path):
    i, who, rec = line.split(" ", 2)
    runs.setdefault(int(i), {})[who] = json.loads(rec)
def med(xs): return statistics.median(xs)
opens = [r["ours"]["open_ms"] / r["stock"]["open_ms"] for r in runs.values()]
edit = [med(r["ours"]["edit_ms"]) / med(r["stock"]["edit_ms"]) for r in runs.values()]
print(f"file: {file}; {pairs} pairs of sessions, {edits} edits a session")
print(f"corolint findings shown: {runs[0]['ours']['corolint']} (stock clangd-19: {runs[0]['stock']['corolint']})")
for name, key, ratios in (("didOpen -> diagnostics", "open_ms", opens),
                          ("edit -> diagnostics", "edit_ms", edit)):
    get = (lambda r: r[key]) if key == "open_ms" else (lambda r: med(r[key]))
    stock = med([get(r["stock"]) for r in runs.values()])
    ours = med([get(r["ours"]) for r in runs.values()])
    print(f"{name:24} clangd-19 {stock:7.0f} ms  corolint-clangd {ours:7.0f} ms  "
          f"ratio median {med(ratios):.3f}x (range {min(ratios):.3f}-{max(ratios):.3f})")
PY
