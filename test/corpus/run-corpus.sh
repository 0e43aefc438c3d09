#!/usr/bin/env bash
# Runs corolint over every C++20 coroutine example of Boost.Asio and Beast
# that Debian's libboost1.81-doc ships, and compares its findings with the
# reviewed list in expected.txt. Fails on a crash, on a file that does not
# compile, and on any finding that appears or disappears.
#
# usage: run-corpus.sh COROLINT EXPECTED [--update | OPTION...]
# (OPTIONs go to corolint: --shared-preamble must find the same.)
set -uo pipefail
corolint=$1 expected=$2 update=
shift 2
[ "${1:-}" = --update ] && { update=--update; shift; }
root=/usr/share/doc/libboost1.81-doc/examples/libs
[ -d "$root" ] || { echo "corpus: $root missing (install libboost1.81-doc)" >&2; exit 1; }

mapfile -t files < <(cd "$root" && grep -rlE 'co_await' asio/example beast/example \
  --include='*.cpp' | sort)
echo "corpus: ${#files[@]} files under $root"

# advanced_server_flex_awaitable.cpp uses std::list without including
# <list> (it compiles only where another header drags it in), hence
# -include list below.
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
( cd "$root" && "$corolint" "$@" --format=json --output="$out/report.json" --quiet \
    "${files[@]}" -- -std=c++20 -I beast -I beast/example/common -include list )
status=$?
if [ $status -ge 2 ]; then
  echo "corpus: corolint exited $status (crash, or a file that does not compile)" >&2
  [ -f "$out/report.json" ] && python3 - "$out/report.json" <<'PY' >&2
import json, sys
for e in json.load(open(sys.argv[1]))["errors"][:20]:
    print(f'{e["file"]}:{e["line"]}: {e["message"]}')
PY
  exit 1
fi

python3 - "$out/report.json" "$root/" > "$out/actual.txt" <<'PY'
import json, sys
report, root = json.load(open(sys.argv[1])), sys.argv[2]
for f in report["findings"]:
    print(f'{f["file"].replace(root, "")}:{f["line"]}:{f["column"]}: [{f["check"]}] {f["message"]}')
PY

if [ "$update" = --update ]; then
  { grep '^#' "$expected" 2>/dev/null; cat "$out/actual.txt"; } > "$expected.new"
  mv "$expected.new" "$expected"
  echo "corpus: wrote $(wc -l < "$out/actual.txt") findings to $expected"
  exit 0
fi
if diff -u <(grep -v '^#' "$expected") "$out/actual.txt"; then
  echo "corpus: $(wc -l < "$out/actual.txt") findings, as reviewed"
else
  echo "corpus: findings differ from $expected (review, then --update)" >&2
  exit 1
fi
