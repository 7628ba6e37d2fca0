#!/usr/bin/env bash
# The whole platform on this machine, no Docker needed: builds, starts a real Redis (append-only
# file, appendfsync always), a MongoDB limited to MONGO_IOPS commands/s (default 100), the
# api-service and the writer-service, runs the stress scenario with Gatling, waits for the backlog
# to drain, audits MongoDB for lost or duplicated documents, writes the report under target/lab/,
# and stops everything it started.
#
#   ./lab.sh [--profile smoke|lab|full] [--output DIR] [--scenario FILE] [--drain-timeout SECONDS]
#            [--mongo-docs-per-second N] [--redis standalone|sentinel]
#   ./lab.sh --target URL [--profile ...]   # the same scenario, checks, report and chart against a running
#                                           # deployment (e.g. http://assessment.local); starts nothing; audits
#                                           # only with MONGO_URI, follows the backlog only with REDIS_URL
#   ./lab.sh faults [--quick] [--only NAME,...]   # the fault-injection suite (see docs/reliability.md)
#   ./lab.sh --help                         # this text, at once (nothing is built)
#
# SKIP_BUILD=true reuses the last build. The embedded MongoDB runs in its own JVM and keeps each
# document with its payload reduced to a digest: about 150 bytes of heap per document; the
# 13-minute full profile stored 48 million documents and filled an 8 GB heap. MONGO_JAVA_OPTS (default
# -Xms12g -Xmx12g -Xmn1g -XX:+UseParallelGC -XX:MaxTenuringThreshold=0) bounds it. The api-service
# has no entry cap: it refuses by Redis memory, and the embedded Redis gets maxmemory 3gb
# (LAB_REDIS_MAXMEMORY). --mongo-docs-per-second N makes the MongoDB store at most N documents/s
# while the load runs (a slow MongoDB; the limit is lifted when the load ends). --redis sentinel
# runs Redis as a primary, a replica and three Sentinels, the API waiting for the replica.
# LAB_CPU_SHARES=k8s gives the processes the CPU shares of the manifests (nice values).
# LAB_JAVA_OPTS sizes the orchestrator, GATLING_JAVA_OPTS the load generator, API_JAVA_OPTS and
# WRITER_JAVA_OPTS the services.
set -euo pipefail
cd "$(dirname "$0")"

# Help at once: no build for it.
for argument in "$@"; do
  case "$argument" in
    -h | --help)
      awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
      exit 0
      ;;
  esac
done

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
