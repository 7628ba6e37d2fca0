#!/usr/bin/env bash
# The whole platform on this machine, no Docker needed: builds, starts a real Redis, a MongoDB
# limited to MONGO_IOPS commands/s (default 100), the api-service and the writer-service, runs the
# stress scenario with Gatling, waits for the backlog to drain, audits MongoDB for lost or
# duplicated documents, writes the report under target/lab/, and stops everything it started.
#
#   ./lab.sh [--profile smoke|lab|full] [--output DIR] [--drain-timeout SECONDS]
#   ./lab.sh faults [--quick]          # the fault-injection suite (see docs/reliability.md)
#
# SKIP_BUILD=true reuses the last build. The embedded MongoDB runs in its own JVM and keeps every
# document in memory (about 1.1 KB each): MONGO_JAVA_OPTS (default -Xmx16g) bounds it. The lab
# profile stores about 11 million documents (12 GB); the full 13-minute profile stores more than a
# 24 GB machine holds, so run it with MONGO_URI pointing at a real MongoDB. LAB_JAVA_OPTS sizes the
# orchestrator.
set -euo pipefail
cd "$(dirname "$0")"

if [ "${SKIP_BUILD:-false}" != true ]; then
  echo "==> Building the services and the lab (./mvnw package -DskipTests)"
  ./mvnw -B -q package -DskipTests -pl api-service,writer-service,lab -am
fi

main=io.loadproof.lab.Lab
if [ "${1:-}" = faults ]; then
  shift
  main=io.loadproof.lab.faults.FaultSuite
fi
# shellcheck disable=SC2086 # LAB_JAVA_OPTS holds several options
exec java ${LAB_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseParallelGC} -cp "lab/target/lab.jar:lab/target/lib/*" "$main" "$@"
