#!/usr/bin/env bash
# Benchmark of the api-service alone (JVM mode): GET /api/data from wrk over loopback, with a real
# redis-server and a MongoDB wire-protocol server, all on this machine. Prints wrk's figures and
# the CPU seconds each process used during the measured run.
#
#   bench/api-benchmark.sh [--connections 256] [--duration 30] [--threads 2] [--no-build]
#
# Needs wrk (Debian: apt-get install wrk). Writes logs and results to target/bench/api/.
set -euo pipefail

connections=256
duration=30
threads=2
build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --no-build) build=false; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/target/bench/api"
mkdir -p "$out"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

if $build; then
  echo "==> building api-service and embedded-servers"
  (cd "$root" && ./mvnw -B -q -pl api-service,embedded-servers -am package -DskipTests)
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redis_port=$(free_port); mongo_port=$(free_port); api_port=$(free_port)
servers_jar=$(find "$root/embedded-servers/target" -maxdepth 1 -name "embedded-servers-*.jar" | head -1)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

echo "==> starting redis-server :$redis_port, mongo-wire-server :$mongo_port"
java -jar "$servers_jar" redis --port "$redis_port" >"$out/redis.log" 2>&1 & pids+=($!)
java -jar "$servers_jar" mongo --port "$mongo_port" >"$out/mongo.log" 2>&1 & pids+=($!)

wait_for() { # url, seconds
  for _ in $(seq 1 "$(( $2 * 10 ))"); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "timed out waiting for $1" >&2; return 1
}
for log in "$out/redis.log" "$out/mongo.log"; do
  for _ in $(seq 1 200); do grep -q listening "$log" 2>/dev/null && break; sleep 0.1; done
done

echo "==> starting api-service :$api_port"
REDIS_URL="redis://127.0.0.1:$redis_port" MONGO_URI="mongodb://127.0.0.1:$mongo_port" PORT="$api_port" \
  MAX_QUEUE_SIZE=1000000000 \
  java -jar "$root/api-service/target/quarkus-app/quarkus-run.jar" >"$out/api.log" 2>&1 & api_pid=$!; pids+=("$api_pid")
wait_for "http://127.0.0.1:$api_port/readyz" 60
redis_pid=$(pgrep -f "redis-server.*:$redis_port" | head -1)

url="http://127.0.0.1:$api_port/api/data"
echo "==> warm-up: 10 s at 64 connections"
wrk -t"$threads" -c64 -d10s "$url" >/dev/null
curl -s -o /dev/null "http://127.0.0.1:$api_port/api/data"

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
api_before=$(cpu_ticks "$api_pid"); redis_before=$(cpu_ticks "$redis_pid")
echo "==> measuring: ${duration} s, $connections connections, $threads wrk threads"
/usr/bin/time -f "%U %S" -o "$out/wrk.cpu" wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url" | tee "$out/wrk.txt"
api_after=$(cpu_ticks "$api_pid"); redis_after=$(cpu_ticks "$redis_pid")
hz=$(getconf CLK_TCK)
read -r wrk_user wrk_sys <"$out/wrk.cpu"
{
  echo "cpu seconds during the run (${duration} s wall, $(nproc) cores = $(( duration * $(nproc) )) core-seconds):"
  awk -v a="$api_before" -v b="$api_after" -v hz="$hz" 'BEGIN{printf "  api-service  %.1f\n", (b-a)/hz}'
  awk -v a="$redis_before" -v b="$redis_after" -v hz="$hz" 'BEGIN{printf "  redis-server %.1f\n", (b-a)/hz}'
  awk -v u="$wrk_user" -v s="$wrk_sys" 'BEGIN{printf "  wrk          %.1f\n", u+s}'
  echo "stream entries: $(curl -s "http://127.0.0.1:$api_port/api/queue")"
} | tee "$out/cpu.txt"
