#!/usr/bin/env bash
# `npm test`: set-up, then every project's lint and tests, then one closing line for all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON="${NX_DAEMON:-false}"

node scripts/lockfile/complete-optional.mjs --check
bash scripts/setup/all.sh
rm -rf .cache/test-results && mkdir -p .cache/test-results
# The tests' process logs (test/support/sidecar.ts): this run's only.
rm -rf tmp/test-work
started=$(date +%s)
nx run-many -t lint test --outputStyle=static "$@"
node scripts/test-summary.mjs .cache/test-results "$(( $(date +%s) - started ))"
