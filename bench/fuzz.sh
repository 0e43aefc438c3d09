#!/usr/bin/env bash
# Longer fuzzing than CI's smoke run: each target for SECONDS (default 600)
# from the seed corpus. Builds the targets first.
#   bench/fuzz.sh [SECONDS] [NAME...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
./scripts/build.sh fuzz-profile fuzz-report fuzz-sarif
exec fuzz/run.sh "${BUILD_DIR:-build}/fuzz" "$seconds" "$@"
