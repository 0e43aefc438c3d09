#!/usr/bin/env bash
# Precision and recall of corolint on the development set: the five public
# coroutine code bases of ../shared/devset, scored by its score.py.
# A benchmark, not a test: run it by hand before and after a change to a
# check, and put the table in the change's note.
#
# usage: bench/devset-score.sh [--repos a,b] [other score.py options]
#
# The shared folder is read-only, so this works on a copy of it:
# * bench/devset/verdicts/NAME.tsv holds our triage of findings the shared
#   verdicts do not cover (new findings a change made); its rules are
#   appended after the shared ones, which therefore win.
# * Qt's moc output is a stand-in like the folder's other shims: qcoro
#   files end in `#include "foo.moc"`, which its CMake build generates;
#   empty stand-ins let those translation units parse (the code before the
#   include is what corolint reads; moc output only defines meta-objects).
# The sources are expected where ../shared/devset/README.md puts them
# ($DEVSET_ROOT, default /tmp/devset).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${DEVSET_SHARED:-$ROOT/../shared/devset}
COROLINT=${COROLINT:-$ROOT/${BUILD_DIR:-build}/tool/corolint}
DEVSET_ROOT=${DEVSET_ROOT:-/tmp/devset}
export DEVSET_ROOT

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$SHARED" "$work/devset"
chmod -R u+w "$work/devset"
for ours in "$HERE"/devset/verdicts/*.tsv; do
  [ -e "$ours" ] || continue
  name=$(basename "$ours")
  grep -v '^#' "$ours" | grep . >>"$work/devset/verdicts/$name" || true
done
if [ -d "$DEVSET_ROOT/qcoro" ]; then
  while read -r f; do
    grep -ho '#include "[^"]*\.moc"' "$DEVSET_ROOT/qcoro/$f" 2>/dev/null |
      sed 's/#include "\(.*\)"/\1/' |
      while read -r moc; do : >"$work/devset/shims/qcoro/$moc"; done || true
  done <"$work/devset/lists/qcoro.files"
fi
# Files that do not parse are skipped, as ../shared/devset/README.md says
# (step 3), each listed with the reason in bench/devset/skip.txt; the
# script names them on every run so the skip stays visible.
if [ -f "$HERE/devset/skip.txt" ]; then
  grep -v '^#' "$HERE/devset/skip.txt" | grep . |
    while read -r repo file reason; do
      echo "skipped (does not parse): $repo $file: $reason" >&2
      grep -vxF "$file" "$work/devset/lists/$repo.files" \
        >"$work/devset/lists/$repo.files.new" || true
      mv "$work/devset/lists/$repo.files.new" "$work/devset/lists/$repo.files"
    done
fi
# SCORE_PY: a variant of score.py to run instead (one that lists more).
[ -n "${SCORE_PY:-}" ] && cp "$SCORE_PY" "$work/devset/score.py"
python3 "$work/devset/score.py" "$COROLINT" "$@"
