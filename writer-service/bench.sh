#!/usr/bin/env bash
# Writer drain benchmark (not a test). Builds the packaged writer, then runs
# io.loadproof.writer.bench.WriterBenchmark: a real redis-server, a MongoDB wire server admitting at
# most 100 commands/s, N requests (5 documents each) queued with the real codec, drained by 1, 2
# and 4 writer processes (the packaged jar). Prints documents/s and the busiest second at the server.
#
#   writer-service/bench.sh                                       # --requests 100000 --writers 1,2,4
#   writer-service/bench.sh --requests 20000 --writers 1 --batch 500
#
# Options: --requests, --writers (comma list), --budget (80), --batch (1000), --workers (4),
# --ceiling (100), --jvm; --help lists them.
set -euo pipefail
cd "$(dirname "$0")/.."
args="$*"
exec ./mvnw -B -pl writer-service -am verify -Pbench -DskipTests -DskipITs "-Dbench.args=${args}"
