#!/usr/bin/env bash
# The API tier with its writer running: GET /api/data from wrk at 256 connections while the writer
# drains the stream into a MongoDB wire server capped at 100 commands/s, all on this machine.
# Rounds alternate between the targets, each on a fresh Redis and MongoDB, so that their ratio
# comes from one run on one machine, whatever else the machine is doing.
#
#   bench/tier-benchmark.sh [--targets java,seed] [--rounds 3] [--connections 256] [--duration 30]
#                           [--java-home DIR] [--no-build]
#
# Targets: `java` (api-service + writer-service, the packaged jars, on --java-home or the `java` on
# the PATH), `java@DIR` (the same on the JDK in DIR, to compare JDKs) and `seed` (bench/seed: the
# earlier Python solution rebuilt from its write-up, gunicorn with 2 Uvicorn workers and their
# in-process writers). Redis keeps an append-only file fsync'd on every write (the platform's
# setting) for both; the MongoDB wire server stores documents the lab's way (payloads as
# digests). Needs wrk; the seed needs Debian's python3-fastapi python3-uvicorn gunicorn
# python3-redis python3-motor. Results: target/bench/tier/results.tsv, one line per round.
set -euo pipefail

targets=java,seed
rounds=3
connections=256
duration=30
build=true
java_home="${JAVA_HOME:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --targets) targets="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --java-home) java_home="$2"; shift 2 ;;
    --no-build) build=false; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh" # free_port, wait_for, wait_for_line
out="$root/target/bench/tier"
mkdir -p "$out"
java="${java_home:+$java_home/bin/}java"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
if [[ ",$targets," == *",seed,"* ]] && ! /usr/bin/python3 -c 'import fastapi, uvicorn, redis, motor' 2>/dev/null; then
  echo "the seed needs: apt-get install -y python3-fastapi python3-uvicorn gunicorn python3-redis python3-motor" >&2
  exit 1
fi
if $build; then
  echo "==> building api-service, writer-service and embedded-servers"
  (cd "$root" && ./mvnw -B -q -pl api-service,writer-service,embedded-servers -am package -DskipTests)
fi
servers_jar=$(find "$root/embedded-servers/target" -maxdepth 1 -name "embedded-servers-*.jar" | head -1)

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_all EXIT INT TERM

# CPU ticks of a process and its children (gunicorn's workers).
tree_ticks() {
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{print $14+$15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

start_infra() { # round directory
  redis_port=$(free_port); mongo_port=$(free_port); admin_port=$(free_port)
  "$java" -jar "$servers_jar" redis --port "$redis_port" --appendonly --dir "$1/redis" >"$1/redis.log" 2>&1 & pids+=($!)
  "$java" -Xms2g -Xmx4g -jar "$servers_jar" mongo --port "$mongo_port" --iops 100 --digest-payloads --admin-port "$admin_port" >"$1/mongo.log" 2>&1 & pids+=($!)
  mongo_pid=$!
  wait_for_line "$1/redis.log" listening
  wait_for_line "$1/mongo.log" listening
  redis_pid=$(pgrep -f "redis-server.*:$redis_port" | head -1)
}

start_java() { # round directory [JDK directory]
  local java="$java"
  if [ -n "${2:-}" ]; then java="$2/bin/java"; fi
  port=$(free_port); writer_port=$(free_port)
  REDIS_URL="redis://127.0.0.1:$redis_port" MONGO_URI="mongodb://127.0.0.1:$mongo_port" PORT="$port" \
    MAX_QUEUE_SIZE=1000000000 "$java" -jar "$root/api-service/target/quarkus-app/quarkus-run.jar" >"$1/api.log" 2>&1 &
  pids+=($!); tier_pids=("$!")
  REDIS_URL="redis://127.0.0.1:$redis_port" MONGO_URI="mongodb://127.0.0.1:$mongo_port" PORT="$writer_port" \
    "$java" -jar "$root/writer-service/target/quarkus-app/quarkus-run.jar" >"$1/writer.log" 2>&1 &
  pids+=($!); tier_pids+=("$!")
  wait_for "http://127.0.0.1:$port/readyz" 60
  wait_for "http://127.0.0.1:$writer_port/q/health/ready" 60
}

start_seed() { # round directory
  port=$(free_port)
  (cd "$root/bench/seed" && REDIS_URL="redis://127.0.0.1:$redis_port" MONGO_URI="mongodb://127.0.0.1:$mongo_port" \
    MAX_QUEUE_SIZE=1000000000 exec /usr/bin/gunicorn -w 2 -k uvicorn.workers.UvicornWorker \
    -b "127.0.0.1:$port" seed_app:app) >"$1/seed.log" 2>&1 &
  pids+=($!); tier_pids=("$!")
  wait_for "http://127.0.0.1:$port/readyz" 60
}

measure() { # target, round directory
  local url="http://127.0.0.1:$port/api/data" before=() after=() pid i
  wrk -t2 -c64 -d10s "$url" >/dev/null
  for pid in "${tier_pids[@]}" "$redis_pid" "$mongo_pid"; do before+=("$(tree_ticks "$pid")"); done
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$url" >"$2/wrk.txt"
  for pid in "${tier_pids[@]}" "$redis_pid" "$mongo_pid"; do after+=("$(tree_ticks "$pid")"); done
  local cpu="" hz; hz=$(getconf CLK_TCK)
  for i in "${!before[@]}"; do
    cpu+=$(awk -v a="${before[$i]}" -v b="${after[$i]}" -v hz="$hz" -v d="$duration" 'BEGIN{printf "%.2f/", (b-a)/hz/d}')
  done
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/{print $2}' "$2/wrk.txt")
  p50=$(awk '$1=="50%"{print $2}' "$2/wrk.txt")
  p99=$(awk '$1=="99%"{print $2}' "$2/wrk.txt")
  errors=$(awk '/Non-2xx|Socket errors/{printf "%s ", $0}' "$2/wrk.txt")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$1" "$rps" "$p50" "$p99" "${cpu%/}" "${errors:-none}" \
    | tee -a "$out/results.tsv"
}

[ -f "$out/results.tsv" ] || printf 'time\ttarget\treq/s\tp50\tp99\tcores: tier processes/redis/mongo\terrors\n' >"$out/results.tsv"
first_line=$(($(wc -l <"$out/results.tsv") + 1))
echo "==> $rounds rounds of: ${targets//,/ then }; wrk -t2 -c$connections -d${duration}s after a 10 s warm-up"
for round in $(seq 1 "$rounds"); do
  for target in ${targets//,/ }; do
    dir="$out/$(date -u +%H%M%S)-${target//[@\/]/_}-$round"; mkdir -p "$dir"
    start_infra "$dir"
    case "$target" in
      java@*) start_java "$dir" "${target#java@}" ;;
      *) "start_$target" "$dir" ;;
    esac
    measure "$target" "$dir"
    stop_all
  done
done
echo "==> medians"
tail -n +"$first_line" "$out/results.tsv" | awk -F'\t' '{print $2, $3}' | sort -k1,1 -k2,2n | awk '
  {v[$1]=v[$1] " " $2; n[$1]++}
  END{for (t in v) {split(substr(v[t],2), a, " "); printf "  %-5s median %s req/s over %d rounds (all: %s)\n", t, a[int((n[t]+1)/2)], n[t], substr(v[t],2)}}'
