#!/usr/bin/env bash
# Builds the conformance oracle to conformance/bin/oracle. Idempotent: does nothing when the binary
# was built from the current sources, go.mod/go.sum and Go toolchain (hash kept in bin/.stamp).
# Set FORCE=1 to rebuild anyway. The first build downloads the pinned modules and compiles
# k8s.io/kubernetes' scheduler (minutes); later rebuilds reuse Go's build cache (seconds).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v go >/dev/null 2>&1; then
  echo "build.sh: go (>= 1.26) is required" >&2
  exit 1
fi

stamp() {
  {
    go version
    go env GOOS GOARCH GOAMD64 CGO_ENABLED
    sha256sum go.mod go.sum
    find . -maxdepth 1 -name '*.go' ! -name '*_test.go' -print0 | sort -z | xargs -0 sha256sum
  } | sha256sum | cut -d' ' -f1
}

want="$(stamp)"
if [[ "${FORCE:-0}" != 1 && -x bin/oracle && -f bin/.stamp && "$(cat bin/.stamp)" == "$want" ]]; then
  echo "bin/oracle is up to date"
  exit 0
fi

mkdir -p bin
# GOTOOLCHAIN=local: never fetch another toolchain; -trimpath/-buildvcs=false: reproducible binary.
GOTOOLCHAIN=local GOFLAGS=-mod=readonly go build -trimpath -buildvcs=false -o bin/oracle.tmp .
mv bin/oracle.tmp bin/oracle
echo "$want" > bin/.stamp
echo "built bin/oracle ($(bin/oracle -describe </dev/null | sed -n 's/.*"kubernetesVersion": "\(.*\)".*/\1/p'))"
