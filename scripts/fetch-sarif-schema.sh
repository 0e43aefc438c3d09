#!/usr/bin/env bash
# Fetches the official SARIF 2.1.0 JSON schema (OASIS, as published in the
# npm package @microsoft/jest-sarif) into .cache/, for the test that
# validates corolint's SARIF. The npm registry is the only network needed;
# the tarball is checked against its known SHA-256. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.cache/sarif-2.1.0-rtm.5.json
want_schema=2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8
if [ -f "$out" ] && echo "$want_schema  $out" | sha256sum -c --quiet 2>/dev/null; then
  echo "fetch-sarif-schema: $out present"
  exit 0
fi
mkdir -p .cache
python3 - "$out" <<'PY'
import hashlib, io, sys, tarfile, urllib.request
url = "https://registry.npmjs.org/@microsoft/jest-sarif/-/jest-sarif-1.0.0-beta.0.tgz"
want = "748e2c3d1a842e7bb258416685c7ea3a0da40005b72267b2052c2856d48ad102"
data = urllib.request.urlopen(url, timeout=60).read()
got = hashlib.sha256(data).hexdigest()
if got != want:
    sys.exit(f"fetch-sarif-schema: {url}: sha256 {got}, expected {want}")
with tarfile.open(fileobj=io.BytesIO(data)) as t:
    schema = t.extractfile("package/lib/schemas/sarif-2.1.0-rtm.5.json").read()
open(sys.argv[1], "wb").write(schema)
PY
echo "$want_schema  $out" | sha256sum -c --quiet
echo "fetch-sarif-schema: wrote $out"
