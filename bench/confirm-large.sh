#!/usr/bin/env bash
# What `corolint confirm` costs on a large SARIF: a generated file of N
# results (default 400,000: about 290 MB) and a small runtime report; prints
# its size, the command's wall time and its peak memory (max RSS), so that a
# change to the SARIF reader can be compared before and after. A benchmark,
# not a test: run it by hand.
#   bench/confirm-large.sh [RESULTS]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
N=${1:-400000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$N" "$BUILD_DIR/tool/corolint" <<'PY'
import json, os, resource, subprocess, sys, time
work, n, corolint = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sarif = os.path.join(work, "big.sarif")
result = {"ruleId": "corolint-blocking-call", "level": "warning",
          "message": {"text": "'sleep' blocks the thread of coroutine 'w'; "
                      "await an asynchronous timer instead" + " " * 400},
          "locations": [{"physicalLocation": {
              "artifactLocation": {"uri": "file:///src/app.cpp"},
              "region": {"startLine": 0, "startColumn": 3}}}]}
with open(sarif, "w") as f:
    f.write('{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"corolint"}},'
            '"results":[')
    for i in range(n):
        result["locations"][0]["physicalLocation"]["region"]["startLine"] = i + 1
        f.write(("," if i else "") + json.dumps(result))
    f.write("]}]}")
report = os.path.join(work, "rt.jsonl")
open(report, "w").close()
start = time.monotonic()
p = subprocess.Popen([corolint, "confirm", "--findings", sarif, "--report",
                      report], stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(p.pid, 0)
wall = time.monotonic() - start
print("confirm on %d results (%.0f MB): %.1f s, max RSS %.2f GB, exit %d" % (
    n, os.path.getsize(sarif) / 1e6, wall, usage.ru_maxrss / 1e6,
    os.waitstatus_to_exitcode(status)))
PY
