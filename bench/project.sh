#!/usr/bin/env bash
# corolint on a whole project: the C++20 coroutine examples of Boost.Asio
# and Beast that Debian's libboost1.81-doc ships, as one compile database.
# A benchmark, not a test: run it by hand.
#
# usage: bench/project.sh        (PAIRS=3 JOBS=$(nproc) by default)
#
# Cold, side by side in each round and in rotating order: the sum of
# `clang++-19 -fsyntax-only` over the files at -j JOBS (the floor: parsing
# every file), `corolint -p` with no cache, the same with
# `--shared-preamble`, and `run-clang-tidy-19` with the plugin. Then the result cache: a warm re-run with nothing changed, and a
# re-run after one .cpp changed, against that one file's cold cost.
# Reported: wall and CPU seconds (median of the rounds) and each ratio's
# median and range over the rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
PAIRS=${PAIRS:-3}
JOBS=${JOBS:-$(nproc)}
ROOT=/usr/share/doc/libboost1.81-doc/examples/libs
[ -d "$ROOT" ] || { echo "project: $ROOT missing (install libboost1.81-doc)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A copy, so that "one file changed" can change one.
cp -r "$ROOT/asio" "$ROOT/beast" "$work/"
mapfile -t files < <(cd "$work" && grep -rlE 'co_await' asio/example beast/example \
  --include='*.cpp' | sort)
python3 - "$work" "${files[@]}" > "$work/compile_commands.json" <<'PY'
import json, os, sys
root, files = sys.argv[1], sys.argv[2:]
# As test/corpus/run-corpus.sh compiles them.
print(json.dumps([{"directory": root, "file": os.path.join(root, f),
                   "arguments": ["clang++-19", "-std=c++20", "-I", "beast",
                                 "-I", "beast/example/common", "-include",
                                 "list", "-c", f]} for f in files], indent=1))
PY
export COROLINT=$PWD/$BUILD_DIR/tool/corolint PLUGIN=$PWD/$BUILD_DIR/checks/libcorolint-tidy.so
python3 - "$work" "$PAIRS" "$JOBS" "${files[@]}" <<'PY'
import os, resource, statistics, subprocess, sys, time
work, pairs, jobs, files = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
corolint, plugin = os.environ["COROLINT"], os.environ["PLUGIN"]
cache = os.path.join(work, "cache")

def timed(cmd, ok=(0, 1)):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    p = subprocess.run(cmd, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in ok:
        sys.exit(f"project: {cmd[0]} exited {p.returncode}: {p.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu

syntax = ["sh", "-c", "printf '%s\\n' \"$@\" | xargs -P " + jobs + " -I{} clang++-19 -fsyntax-only "
          "-std=c++20 -I beast -I beast/example/common -include list {}", "syntax"] + files
cold = [corolint, "-p", work, "-j", jobs, "--quiet", "--no-cache"]
shared = cold + ["--shared-preamble"]
tidy = ["run-clang-tidy-19", "-p", work, "-j", jobs, "-quiet", "-load", plugin,
        "-checks=-*,corolint-*"]
candidates = {"syntax": syntax, "corolint": cold, "shared": shared,
              "run-clang-tidy": tidy}
rounds = {k: [] for k in candidates}
order = list(candidates)
for i in range(pairs):
    for k in order[i % len(order):] + order[:i % len(order)]:
        rounds[k].append(timed(candidates[k], ok=(0, 1) if k != "syntax" else (0,)))

# The cache: fill it, re-run unchanged, then change one .cpp.
warm_cmd = [corolint, "-p", work, "-j", jobs, "--quiet", "--cache-dir", cache]
one = files[len(files) // 2]
one_cold = [corolint, "-p", work, "--quiet", "--no-cache", one]
warm, touched, single = [], [], []
for i in range(pairs):
    subprocess.run(["rm", "-rf", cache])
    timed(warm_cmd)
    warm.append(timed(warm_cmd))
    with open(os.path.join(work, one), "a") as f:
        f.write(f"\n// edit {i}\n")
    touched.append(timed(warm_cmd))
    single.append(timed(one_cold))

med = statistics.median
def show(name, runs):
    print(f"{name:38} wall {med(r[0] for r in runs):7.2f} s   cpu {med(r[1] for r in runs):7.2f} s")
def ratio(name, a, b, i=0):
    rs = [x[i] / y[i] for x, y in zip(a, b)]
    what = "wall" if i == 0 else "cpu"
    print(f"  {name:50} {what} {med(rs):.3f}x (range {min(rs):.3f}-{max(rs):.3f})")

print(f"{len(files)} translation units (Boost.Asio and Beast C++20 examples), -j {jobs}, {pairs} rounds")
show("clang++-19 -fsyntax-only, summed", rounds["syntax"])
show("corolint -p, cold (--no-cache)", rounds["corolint"])
show("corolint -p, cold, --shared-preamble", rounds["shared"])
show("run-clang-tidy-19 + plugin", rounds["run-clang-tidy"])
show("corolint, warm cache, nothing changed", warm)
show("corolint, warm cache, one .cpp changed", touched)
show("corolint on that one file, cold", single)
for i in (0, 1):
    ratio("corolint cold / sum of -fsyntax-only", rounds["corolint"], rounds["syntax"], i)
    ratio("corolint cold / run-clang-tidy-19", rounds["corolint"], rounds["run-clang-tidy"], i)
    ratio("--shared-preamble cold / sum of -fsyntax-only", rounds["shared"], rounds["syntax"], i)
    ratio("--shared-preamble cold / corolint cold", rounds["shared"], rounds["corolint"], i)
ratio("warm, unchanged / cold", warm, rounds["corolint"])
ratio("one changed / (that file cold + 0.05 x cold)", touched,
      [(s[0] + 0.05 * c[0], s[1] + 0.05 * c[1]) for s, c in zip(single, rounds["corolint"])])
PY
