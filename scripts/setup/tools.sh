#!/usr/bin/env bash
# Installs the pinned chart tools into .cache/tools (idempotent): helm, ct and actionlint built
# with Go from the module proxy, two schemas from Go modules' sources (ServiceMonitor, Compose) and
# kind's default node image (its source, for the workflow's pin); yamllint, yamale (ct's linters) and kubernetes-validate (a strict validator
# that ships the Kubernetes schemas, for offline use) in a Python venv. Reruns check a stamp of the versions and do nothing.
set -euo pipefail
source "$(dirname "$0")/versions.sh"

tools="$CACHE_DIR/tools"
bin="$tools/bin"
stamp="$tools/versions"
wanted="helm=$HELM_VERSION ct=$CT_VERSION actionlint=$ACTIONLINT_VERSION yamllint=$YAMLLINT_VERSION yamale=$YAMALE_VERSION kubernetes-validate=$KUBERNETES_VALIDATE_VERSION prometheus-operator=$PROMETHEUS_OPERATOR_VERSION compose-go=$COMPOSE_GO_VERSION"

# `go install module@version` asks the proxy for the module's version list to check deprecation,
# which the proxy here refuses for chart-testing; building from a throw-away module that requires
# the exact version asks for nothing else and resolves the tool's own pinned dependencies.
go_tool() {
  local module=$1 package=$2 version=$3
  local work
  work=$(mktemp -d)
  (
    cd "$work"
    go mod init tools >/dev/null 2>&1
    go get "$package@$version" >>"$tools/setup.log" 2>&1
    GOBIN="$bin" go install -trimpath -ldflags=-s "$package" >>"$tools/setup.log" 2>&1
  ) || { echo "setup: building $package $version failed; see $tools/setup.log" >&2; exit 1; }
  rm -rf "$work"
  echo "setup: built $(basename "$package") $version"
}

# One file out of a Go module's source zip, fetched through the module proxy.
module_file() {
  local module=$1 version=$2 file=$3 target=$4
  local zip
  zip=$(go mod download -json "$module@$version" 2>>"$tools/setup.log" | python3 -c 'import json, sys; print(json.load(sys.stdin)["Zip"])') \
    || { echo "setup: fetching $module $version failed; see $tools/setup.log" >&2; exit 1; }
  mkdir -p "$(dirname "$target")"
  python3 -c 'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
    "$zip" "$module@$version/$file" "$target"
  echo "setup: fetched $(basename "$target") from $module $version"
}

# The node image kind was made for, by digest: what the workflow must pin (test/workflow/). Kept by
# version outside the stamp, so workspaces on other versions never undo each other's set-up.
kind_image="$tools/kind/$KIND_VERSION/image.go"
if [ ! -s "$kind_image" ]; then
  command -v go >/dev/null || { echo "setup: Go is needed to read kind's default node image" >&2; exit 1; }
  mkdir -p "$bin"
  module_file sigs.k8s.io/kind "$KIND_VERSION" pkg/apis/config/defaults/image.go "$kind_image"
fi

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  exit 0
fi
command -v go >/dev/null || { echo "setup: Go is needed to build helm and ct" >&2; exit 1; }
command -v python3 >/dev/null || { echo "setup: python3 is needed for yamllint and yamale" >&2; exit 1; }
mkdir -p "$bin"

started=$(date +%s)
go_tool helm.sh/helm/v3 helm.sh/helm/v3/cmd/helm "$HELM_VERSION"
go_tool github.com/helm/chart-testing/v3 github.com/helm/chart-testing/v3/ct "$CT_VERSION"
go_tool github.com/rhysd/actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION"

module_file github.com/prometheus-operator/prometheus-operator "$PROMETHEUS_OPERATOR_VERSION" \
  example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml "$tools/schemas/servicemonitors-crd.yaml"
module_file github.com/compose-spec/compose-go/v2 "$COMPOSE_GO_VERSION" schema/compose-spec.json "$tools/schemas/compose-spec.json"

python3 -m venv "$tools/venv"
"$tools/venv/bin/pip" install --quiet --disable-pip-version-check \
  "yamllint==$YAMLLINT_VERSION" "yamale==$YAMALE_VERSION" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
ln -sf "$tools/venv/bin/yamllint" "$tools/venv/bin/yamale" "$tools/venv/bin/kubernetes-validate" "$bin/"

echo "$wanted" > "$stamp"
echo "setup: chart tools ready in $(( $(date +%s) - started )) s"
