#!/usr/bin/env bash
# corolint's main job on the bundled example, the whole loop:
#   1. check:   static analysis finds the planted misuse (SARIF);
#   2. run:     the example service runs for 3 s with the runtime preloaded;
#   3. confirm: the findings the running service proved are marked confirmed.
# Exit 0 when every step ran (corolint's own status 1 means findings).
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
COROLINT="$BUILD_DIR/tool/corolint"
OUT="$BUILD_DIR/demo"
mkdir -p "$OUT"

ok() { [ "$1" -le 1 ] || { echo "demo: step '$2' failed with status $1" >&2; exit "$1"; }; }

echo "== corolint check examples/asio-service/service.cpp"
"$COROLINT" examples/asio-service/service.cpp
ok $? check
"$COROLINT" --quiet --format=sarif --output="$OUT/findings.sarif" \
  examples/asio-service/service.cpp
ok $? "check (SARIF)"

echo
echo "== corolint run -- asio-service --seconds 3"
"$COROLINT" run --file-io --report "$OUT/runtime.jsonl" -- \
  "$BUILD_DIR/examples/asio-service" --seconds 3 2> "$OUT/run.log"
status=$?
[ $status -eq 0 ] || { cat "$OUT/run.log" >&2; echo "demo: the service failed ($status)" >&2; exit 2; }
grep '^corolint run:' "$OUT/run.log"
echo "(stacks: $OUT/run.log)"

echo
echo "== corolint confirm"
"$COROLINT" confirm --findings "$OUT/findings.sarif" --report "$OUT/runtime.jsonl"
ok $? confirm
exit 0
