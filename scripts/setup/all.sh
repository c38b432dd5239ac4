#!/usr/bin/env bash
# Everything the tests need that npm does not install: the Hazelcast jar, the chart tools, a
# browser for the API docs page and the local cluster's control plane (built once, cached outside
# the checkout).
# Idempotent: a rerun checks the pinned versions and fetches nothing.
set -euo pipefail
here="$(dirname "$0")"
bash "$here/hazelcast.sh"
bash "$here/tools.sh"
bash "$here/chromium.sh"
bash "$here/kubernetes.sh"
