#!/usr/bin/env bash
# Fetches the Hazelcast member jar from Maven Central into .cache/hazelcast (idempotent).
# The tests, `npm start` and the Pod runner all start real members from this jar with `java`.
set -euo pipefail
source "$(dirname "$0")/versions.sh"

jar="$CACHE_DIR/hazelcast/hazelcast-$HAZELCAST_VERSION.jar"
if [ -s "$jar" ]; then
  exit 0
fi
command -v java >/dev/null || { echo "setup: java (17 or later) is needed to run Hazelcast members" >&2; exit 1; }
command -v mvn >/dev/null || { echo "setup: mvn is needed to fetch Hazelcast from Maven Central" >&2; exit 1; }

echo "setup: fetching com.hazelcast:hazelcast:$HAZELCAST_VERSION"
mkdir -p "$(dirname "$jar")"
mvn --batch-mode --quiet dependency:copy \
  -Dartifact="com.hazelcast:hazelcast:$HAZELCAST_VERSION" \
  -DoutputDirectory="$(dirname "$jar")" -Dmdep.overWriteIfNewer=false
test -s "$jar"
