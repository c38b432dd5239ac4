#!/usr/bin/env bash
# Builds the local cluster (tools/cluster) from the Go module proxy: etcd; kube-apiserver,
# kube-controller-manager, kube-scheduler, kube-proxy and kubectl; CoreDNS. Each is cached by version
# outside the checkout (a cold build costs minutes of CPU) and linked into .cache/kubernetes/bin.
# kube-proxy needs iptables, installed from Debian when missing. Idempotent: reruns build nothing.
set -euo pipefail
source "$(dirname "$0")/versions.sh"

store_root="${HAZELCAST_SIDECAR_CACHE:-$HOME/.cache/hazelcast-sidecar}"
link="$CACHE_DIR/kubernetes"
log="$store_root/kubernetes-build.log"
commands="kube-apiserver kube-controller-manager kube-scheduler kube-proxy kubectl"
mkdir -p "$store_root" "$link/bin"
started=$(date +%s)
built_any=""

# `go install` refuses modules with replace directives (etcd and Kubernetes both have them), so each
# is built from a scratch module that requires it and repeats its replaces with published versions.
scratch_module() {
  local work=$1 module=$2 version=$3
  shift 3
  (
    cd "$work"
    go mod init scratch >>"$log" 2>&1
    go mod edit -require="$module@$version"
    for replaced in "$@"; do
      go mod edit -replace="$replaced"
    done
    go mod tidy >>"$log" 2>&1
  )
}

# The staging modules Kubernetes replaces with ./staging/src/k8s.io/X are published as k8s.io/X v0.Y.Z.
staging_replaces() {
  local gomod
  gomod=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_BINARIES_VERSION" | python3 -c 'import json, sys; print(json.load(sys.stdin)["GoMod"])')
  sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\) => \./staging/src/.*#\1#p' "$gomod" |
    while read -r staging; do echo "$staging=$staging@v0.${KUBERNETES_BINARIES_VERSION#v1.}"; done
}

build_kubernetes() {
  local work=$1 bin=$2
  mapfile -t replaces < <(staging_replaces)
  [ "${#replaces[@]}" -gt 20 ] || { echo "setup: found only ${#replaces[@]} Kubernetes staging modules" >&2; return 1; }
  {
    printf '//go:build tools\n\npackage scratch\n\nimport (\n'
    for c in $commands; do printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "$c"; done
    printf ')\n'
  } >"$work/tools.go"
  scratch_module "$work" k8s.io/kubernetes "$KUBERNETES_BINARIES_VERSION" "${replaces[@]}"
  local minor=${KUBERNETES_BINARIES_VERSION#v1.}
  minor=${minor%%.*}
  # Without the stamp the API server reports v0.0.0-master, which breaks Helm's kubeVersion checks.
  local flags="-s"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags="$flags -X $pkg.gitVersion=$KUBERNETES_BINARIES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  # One go build for all commands, so the packages they share compile once.
  (cd "$work" && nice -n 10 go build -trimpath -ldflags="$flags" -o "$bin/" \
    $(for c in $commands; do echo "k8s.io/kubernetes/cmd/$c"; done) >>"$log" 2>&1)
}

build_etcd() {
  local work=$1 bin=$2
  printf '//go:build tools\n\npackage scratch\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >"$work/tools.go"
  scratch_module "$work" go.etcd.io/etcd/server/v3 "$ETCD_VERSION" \
    $(for m in api/v3 client/pkg/v3 client/v3 pkg/v3; do echo "go.etcd.io/etcd/$m=go.etcd.io/etcd/$m@$ETCD_VERSION"; done)
  (cd "$work" && nice -n 10 go build -trimpath -ldflags=-s -o "$bin/etcd" go.etcd.io/etcd/server/v3 >>"$log" 2>&1)
}

build_coredns() {
  local work=$1 bin=$2
  printf '//go:build tools\n\npackage scratch\n\nimport _ "github.com/coredns/coredns"\n' >"$work/tools.go"
  scratch_module "$work" github.com/coredns/coredns "$COREDNS_VERSION"
  (cd "$work" && nice -n 10 go build -trimpath -ldflags=-s -o "$bin/coredns" github.com/coredns/coredns >>"$log" 2>&1)
}

# component name, version, builder: builds into $store_root/<name>/<version>/bin unless its stamp is there.
component() {
  local name=$1 version=$2 builder=$3
  local store="$store_root/$name/$version"
  if [ ! -f "$store/built" ]; then
    command -v go >/dev/null || { echo "setup: Go is needed to build $name" >&2; exit 1; }
    local work
    work=$(mktemp -d)
    mkdir -p "$store/bin"
    local began=$(date +%s)
    "$builder" "$work" "$store/bin" || { echo "setup: building $name $version failed; see $log" >&2; exit 1; }
    rm -rf "$work"
    date -u +%FT%TZ >"$store/built"
    echo "setup: built $name $version in $(($(date +%s) - began)) s"
    built_any=1
  fi
  ln -sfn "$store"/bin/* "$link/bin/"
}

component etcd "$ETCD_VERSION" build_etcd
component kubernetes "$KUBERNETES_BINARIES_VERSION" build_kubernetes
component coredns "$COREDNS_VERSION" build_coredns
echo "kubernetes=$KUBERNETES_BINARIES_VERSION etcd=$ETCD_VERSION coredns=$COREDNS_VERSION" >"$link/versions"

# kube-proxy programs iptables (inside the node's network namespace only).
if ! command -v iptables-restore >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iptables >>"$log" 2>&1 ||
      { apt-get update -qq >>"$log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iptables >>"$log" 2>&1; } ||
      { echo "setup: installing iptables failed; see $log" >&2; exit 1; }
    echo "setup: installed iptables"
  else
    echo "setup: kube-proxy needs iptables (Debian: apt-get install iptables)" >&2
    exit 1
  fi
fi
[ -z "$built_any" ] || echo "setup: local cluster binaries ready in $(($(date +%s) - started)) s"
