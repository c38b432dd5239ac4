#!/usr/bin/env bash
# Everything the tests need that npm does not install: the Hazelcast jar and the chart tools.
# Idempotent: a rerun checks the pinned versions and fetches nothing.
set -euo pipefail
here="$(dirname "$0")"
bash "$here/hazelcast.sh"
bash "$here/tools.sh"
