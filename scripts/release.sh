#!/usr/bin/env bash
# Tags a release: checks that CMakeLists.txt's version and the newest
# released heading of CHANGELOG.md agree and that the tree is clean, then
# runs the release check (a fuzzing minute per target), then creates the annotated tag vX.Y.Z (pre-commit's `rev:`
# names it).
# usage: scripts/release.sh            (then push the tag)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake_version=$(sed -n 's/^project(corolint VERSION \([0-9.]*\) .*/\1/p' CMakeLists.txt)
changelog_version=$(sed -n 's/^## \([0-9][0-9.]*\) (.*/\1/p' CHANGELOG.md | head -1)
if [ "$cmake_version" != "$changelog_version" ]; then
  echo "release: CMakeLists.txt says $cmake_version, CHANGELOG.md's newest release is $changelog_version" >&2
  exit 2
fi
if [ -n "$(git status --porcelain)" ]; then
  echo "release: the working tree has uncommitted changes" >&2
  exit 2
fi
tag="v$cmake_version"
if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
  echo "release: $tag exists already (at $(git rev-list -n1 "$tag"))" >&2
  exit 2
fi
# The release check: the fuzz targets for a minute each beyond CI's smoke
# run (SKIP_RELEASE_CHECKS=1 to tag without).
if [ "${SKIP_RELEASE_CHECKS:-}" != 1 ]; then
  BUILD_DIR=${BUILD_DIR:-build} bench/fuzz.sh 60
fi
git tag -a "$tag" -m "corolint $cmake_version"
echo "release: tagged $tag at $(git rev-parse --short HEAD)"
