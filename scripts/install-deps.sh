#!/usr/bin/env bash
# Installs the Debian 12 packages corolint needs to build, test and run.
# Idempotent: when everything is present it only checks and returns.
# With --bench, also what bench/ runs against (a real server and its load
# generator: lighttpd, ApacheBench).
set -euo pipefail

PACKAGES=(
  cmake ninja-build python3 python3-jsonschema git
  clang-19 clang-tidy-19 llvm-19-dev llvm-19-tools libclang-19-dev libclang-cpp19-dev
  clangd-19 neovim nodejs
  libclang-rt-19-dev
  libfmt-dev googletest libgtest-dev
  libboost1.81-dev libboost1.81-doc libssl-dev
  pkg-config libuv1-dev libevent-dev libglib2.0-dev
)
if [[ ${1:-} == --bench ]]; then
  PACKAGES+=(lighttpd apache2-utils)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
else
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: run as root (or install them) and try again" >&2
    exit 2
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The official SARIF schema the tests validate reports against (npm).
"$(dirname "$0")/fetch-sarif-schema.sh"
# vscode-jsonrpc, for the editor-protocol test of corolint-clangd (npm).
"$(dirname "$0")/fetch-lsp-client.sh"
