#!/usr/bin/env bash
# The chart's lint, offline: helm lint --strict and ct lint on the defaults and every ci/ values
# file, then every rendering validated strictly (unknown fields are errors) against the Kubernetes
# schemas, for a cluster with native sidecars (the pinned version) and one without (1.28).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/setup/versions.sh
tools="$CACHE_DIR/tools"
export PATH="$tools/bin:$PATH"
chart=charts/hazelcast-sidecar

value_sets=("" $(ls "$chart"/ci/*-values.yaml))
for values in "${value_sets[@]}"; do
  helm lint --strict "$chart" ${values:+--values "$values"} > /dev/null
done
echo "helm lint --strict: defaults and $(( ${#value_sets[@]} - 1 )) ci values files pass"

ct lint --config ct.yaml --all --helm-lint-extra-args --strict > "$tools/ct-lint.log" 2>&1 || { cat "$tools/ct-lint.log"; exit 1; }
echo "ct lint: $(tail -n 1 "$tools/ct-lint.log")"

for kube in "$KUBERNETES_VERSION" 1.28.0; do
  for values in "${value_sets[@]}"; do
    rendered="$tools/rendered.yaml"
    helm template lint-check "$chart" --namespace lint --kube-version "$kube" ${values:+--values "$values"} > "$rendered"
    kubernetes-validate --strict --quiet --kubernetes-version "$kube" "$rendered" \
      || { echo "kubernetes-validate $kube ${values:-defaults}: the rendering above is invalid" >&2; exit 1; }
    echo "kubernetes-validate --strict $kube ${values:-defaults}: $(grep -c '^kind:' "$rendered") objects valid"
  done
done

# The ServiceMonitor is off by default and in no ci/ case (ct install's kind cluster has no
# Prometheus Operator): render it here, and check it strictly against the operator's CRD schema.
rendered="$tools/rendered-servicemonitor.yaml"
helm template lint-check "$chart" --namespace lint --kube-version "$KUBERNETES_VERSION" --set metrics.serviceMonitor.enabled=true > "$rendered"
kubernetes-validate --strict --quiet --no-warn --kubernetes-version "$KUBERNETES_VERSION" "$rendered"
monitors=$("$tools/venv/bin/python" scripts/chart/validate-crd-objects.py "$rendered" "$tools/schemas/servicemonitors-crd.yaml")
echo "ServiceMonitor: $monitors valid against the Prometheus Operator $PROMETHEUS_OPERATOR_VERSION CRD (strict)"

# The workflow that runs ct install and docker build for users, checked without running it.
actionlint .github/workflows/*.yaml
echo "actionlint: $(ls .github/workflows/*.yaml | wc -l) workflow(s) valid"
