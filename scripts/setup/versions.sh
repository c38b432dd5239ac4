# Pinned versions of everything the project's set-up fetches. Sourced by the other scripts here.
# Hazelcast 5.7.0 is the newest open-source 5.x; its jar targets Java 17 (class file version 61),
# so it runs on the machine's JDK 17 as well as in the hazelcast/hazelcast image (JDK 21).
HAZELCAST_VERSION=5.7.0
HELM_VERSION=v3.21.0
CT_VERSION=v3.14.0
# Checks the GitHub Actions workflow that users run (ct install, docker build) without running it.
ACTIONLINT_VERSION=v1.7.12
YAMLLINT_VERSION=1.38.0
YAMALE_VERSION=6.1.0
# kubernetes-validate ships the Kubernetes OpenAPI schemas, strict flavour included, for offline use.
KUBERNETES_VALIDATE_VERSION=1.37.0
# Schemas for what kubernetes-validate does not know, taken from these Go modules' sources: the
# ServiceMonitor CRD of the Prometheus Operator, and the Compose Specification's JSON schema.
PROMETHEUS_OPERATOR_VERSION=v0.80.1
COMPOSE_GO_VERSION=v2.9.0
# The kind release the users' workflow installs the chart with (helm/kind-action's default); its
# node image is the one this release was made for, read from kind's own source (tools.sh).
KIND_VERSION=v0.31.0
# The cluster version the schemas are checked against (native sidecars need 1.29 or later).
KUBERNETES_VERSION=1.33.0

# Everything fetched lands here, git-ignored, so a clean clone fetches it once and reruns are no-ops.
CACHE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.cache"
# The local cluster (tools/cluster): the control plane built from the Go module proxy. etcd 3.6 is
# needed by Kubernetes 1.34 (3.4 lacks RequestWatchProgress and watches fall back to slow polling).
KUBERNETES_BINARIES_VERSION=v1.34.4
ETCD_VERSION=v3.6.16
# Cluster DNS for the local cluster (its kubernetes plugin), which DNS discovery and `helm test` need.
COREDNS_VERSION=v1.15.0
