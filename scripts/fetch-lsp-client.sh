#!/usr/bin/env bash
# Fetches vscode-jsonrpc (the JSON-RPC layer of VS Code's language client,
# no dependencies of its own) from the npm registry into .cache/, for the
# test that drives corolint-clangd as an editor does. The tarball is
# checked against its known SHA-256. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.cache/node_modules/vscode-jsonrpc
version=8.2.1
if [ -f "$dir/package.json" ] && grep -q "\"version\": \"$version\"" "$dir/package.json"; then
  echo "fetch-lsp-client: $dir $version present"
  exit 0
fi
mkdir -p "$dir"
python3 - "$dir" <<'PY'
import hashlib, io, sys, tarfile, urllib.request, os
url = "https://registry.npmjs.org/vscode-jsonrpc/-/vscode-jsonrpc-8.2.1.tgz"
want = "9198f963e8b893f1897dee0f9dabccccf0773225cc36cabd6a63cf67ade12fbc"
data = urllib.request.urlopen(url, timeout=60).read()
got = hashlib.sha256(data).hexdigest()
if got != want:
    sys.exit(f"fetch-lsp-client: {url}: sha256 {got}, expected {want}")
out = sys.argv[1]
with tarfile.open(fileobj=io.BytesIO(data)) as t:
    for m in t.getmembers():
        if not m.isfile() or not m.name.startswith("package/"):
            continue
        path = os.path.join(out, m.name[len("package/"):])
        if os.path.relpath(path, out).startswith(".."):
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "wb").write(t.extractfile(m).read())
PY
echo "fetch-lsp-client: wrote $dir $version"
