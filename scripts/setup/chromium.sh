#!/usr/bin/env bash
# Debian's chromium, for the API docs page test (test/observability/docs-page.spec.ts), driven by
# playwright-core: a browser from the distribution rather than a download of Playwright's own.
# Idempotent: nothing happens when /usr/bin/chromium is there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
command -v apt-get >/dev/null || { echo "setup: apt-get is needed to install chromium (Debian's package)" >&2; exit 1; }
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
started=$(date +%s)
sudo_if_needed apt-get update -qq
DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "setup: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}') installed in $(( $(date +%s) - started )) s"
