#!/usr/bin/env bash
# Runs each fuzz target for SECONDS from the seed corpus (fuzz/corpus/NAME,
# read only: new inputs go to a scratch directory). Exit 1 on the first
# crash, leak, timeout or sanitizer report; the reproducer is left in the
# scratch directory, whose path is printed.
#   fuzz/run.sh BUILD/fuzz SECONDS [NAME...]
set -euo pipefail
bin=$(cd "$1" && pwd) seconds=$2
shift 2
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(profile report sarif)
src=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/corolint-fuzz.XXXXXX")
for n in "${names[@]}"; do
  mkdir -p "$scratch/$n"
  echo "fuzz-$n: ${seconds}s (scratch: $scratch/$n)"
  if ! (cd "$scratch/$n" && "$bin/fuzz-$n" -max_total_time="$seconds" \
          -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
          "$scratch/$n" "$src/corpus/$n" > "$scratch/$n.log" 2>&1); then
    tail -40 "$scratch/$n.log"
    echo "fuzz-$n: FAILED; the reproducer is in $scratch/$n" >&2
    exit 1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$scratch/$n.log" | tr '\n' ' '
  echo
done
rm -rf "$scratch"
