#!/usr/bin/env bash
# Benchmark of the api-service alone (JVM mode): GET /api/data from wrk over loopback, with a real
# redis-server and a MongoDB wire-protocol server, all on this machine. Prints wrk's figures and
# the CPU seconds each process used during each measured run.
#
#   bench/api-benchmark.sh [--connections 256] [--duration 30] [--threads 2] [--no-build]
#                          [--app DIR[,DIR...]] [--rounds 1] [--java-opts "..."] [--jfr]
#                          [--redis-fsync always|everysec|none] [--min-replicas N[,N...]]
#
# --app     quarkus-app directories to compare (default: api-service/target/quarkus-app). With
#           several, each round runs every variant once, in turn (A, B, A, B, ...), each on a fresh
#           JVM against the same, emptied Redis: on a shared, noisy machine compare the ratio
#           between variants within one invocation, not absolute figures between invocations.
# --rounds  how many times each variant is measured.
# --redis-fsync  Redis' append-only file: fsync'd before each reply (always, the platform's
#           setting and the default), once a second (everysec), or none.
# --min-replicas  REDIS_MIN_REPLICAS of the API, one variant per value (with a single --app): with
#           a value above 0 the API WAITs after each batch of XADDs for that many replicas, and the
#           script starts that many replicas of the Redis (same fsync setting) before measuring.
# --jfr     records a JFR profile of each measured run (target/bench/api/<variant>-<round>.jfr).
#
# Needs wrk (Debian: apt-get install wrk). Writes logs and results to target/bench/api/.
set -euo pipefail

connections=256
duration=30
threads=2
build=true
apps=""
rounds=1
java_opts=""
jfr=false
fsync=always
min_replicas=0
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --no-build) build=false; shift ;;
    --app) apps="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --java-opts) java_opts="$2"; shift 2 ;;
    --jfr) jfr=true; shift ;;
    --redis-fsync) fsync="$2"; shift 2 ;;
    --min-replicas) min_replicas="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh" # free_port, wait_for, wait_for_line
out="$root/target/bench/api"
mkdir -p "$out"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
apps=${apps:-$root/api-service/target/quarkus-app}
IFS=, read -r -a variants <<<"$apps"
IFS=, read -r -a replica_counts <<<"$min_replicas"
if [ "${#variants[@]}" -gt 1 ] && [ "${#replica_counts[@]}" -gt 1 ]; then
  echo "--app and --min-replicas cannot both list several variants" >&2; exit 2
fi
if [ "${#replica_counts[@]}" -gt 1 ]; then
  for i in $(seq 1 $((${#replica_counts[@]} - 1))); do variants[i]=${variants[0]}; done
fi
max_replicas=0
for n in "${replica_counts[@]}"; do [ "$n" -gt "$max_replicas" ] && max_replicas=$n; done

if $build; then
  echo "==> building api-service and embedded-servers"
  (cd "$root" && ./mvnw -B -q -pl api-service,embedded-servers -am package -DskipTests)
fi

redis_port=$(free_port); mongo_port=$(free_port)
servers_jar=$(find "$root/embedded-servers/target" -maxdepth 1 -name "embedded-servers-*.jar" | head -1)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
redis_command() { # one command, inline protocol, on a fresh connection
  python3 -c 'import socket,sys; s=socket.create_connection(("127.0.0.1",int(sys.argv[1]))); s.sendall((" ".join(sys.argv[2:])+"\r\n").encode()); print(s.recv(1024).decode().strip())' "$redis_port" "$@"
}

echo "==> starting redis-server :$redis_port (append-only file: $fsync), mongo-wire-server :$mongo_port"
rm -rf "$out/redis-data"
aof=(--appendonly --appendfsync "$fsync")
if [ "$fsync" = none ]; then aof=(); fi
java -jar "$servers_jar" redis --port "$redis_port" "${aof[@]}" --dir "$out/redis-data" >"$out/redis.log" 2>&1 & pids+=($!)
java -jar "$servers_jar" mongo --port "$mongo_port" >"$out/mongo.log" 2>&1 & pids+=($!)
wait_for_line "$out/redis.log" listening
wait_for_line "$out/mongo.log" listening
redis_pid=$(pgrep -f "redis-server.*:$redis_port" | head -1)
for replica in $(seq 1 "$max_replicas"); do
  replica_port=$(free_port)
  rm -rf "$out/replica-$replica-data"
  java -jar "$servers_jar" redis --port "$replica_port" "${aof[@]}" --dir "$out/replica-$replica-data" \
    >"$out/replica-$replica.log" 2>&1 & pids+=($!)
  wait_for_line "$out/replica-$replica.log" listening
  python3 -c 'import socket,sys; s=socket.create_connection(("127.0.0.1",int(sys.argv[1]))); s.sendall(("REPLICAOF 127.0.0.1 "+sys.argv[2]+"\r\n").encode()); print(s.recv(1024).decode().strip())' \
    "$replica_port" "$redis_port"
  echo "==> replica $replica of redis-server :$redis_port on :$replica_port"
done

# One measured run of a variant: fresh JVM, emptied Redis, 10 s warm-up, then wrk. Appends a line
# "variant round req/s p50 p99 api-cpu redis-cpu wrk-cpu" to $out/summary.txt.
measure() { # app-dir, label, REDIS_MIN_REPLICAS
  local app=$1 label=$2 replicas=$3 api_port api_pid jfr_opt=""
  api_port=$(free_port)
  redis_command FLUSHALL >/dev/null
  $jfr && jfr_opt="-XX:StartFlightRecording=delay=12s,duration=${duration}s,filename=$out/$label.jfr,settings=profile"
  # shellcheck disable=SC2086 # java_opts holds several options
  REDIS_URL="redis://127.0.0.1:$redis_port" MONGO_URI="mongodb://127.0.0.1:$mongo_port" PORT="$api_port" \
    MAX_QUEUE_SIZE=1000000000 REDIS_MIN_REPLICAS="$replicas" \
    java $java_opts $jfr_opt -jar "$app/quarkus-run.jar" >"$out/api-$label.log" 2>&1 & api_pid=$!
  pids+=("$api_pid")
  wait_for "http://127.0.0.1:$api_port/readyz" 60
  local url="http://127.0.0.1:$api_port/api/data"
  echo "==> $label ($app, REDIS_MIN_REPLICAS=$replicas): warm-up 10 s at 64 connections"
  wrk -t"$threads" -c64 -d10s "$url" >/dev/null
  local api_before redis_before api_after redis_after
  api_before=$(cpu_ticks "$api_pid"); redis_before=$(cpu_ticks "$redis_pid")
  echo "==> $label: measuring ${duration} s, $connections connections, $threads wrk threads (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  /usr/bin/time -f "%U %S" -o "$out/wrk-$label.cpu" \
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url" | tee "$out/wrk-$label.txt"
  api_after=$(cpu_ticks "$api_pid"); redis_after=$(cpu_ticks "$redis_pid")
  echo "stream entries (warm-up + measured requests): $(redis_command XLEN write_queue)"
  kill "$api_pid"; wait "$api_pid" 2>/dev/null || true
  local hz; hz=$(getconf CLK_TCK)
  awk -v label="$label" -v hz="$hz" -v a0="$api_before" -v a1="$api_after" -v r0="$redis_before" -v r1="$redis_after" \
      -v cpu="$(cat "$out/wrk-$label.cpu")" '
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = $2 }
    $1 == "99%" { p99 = $2 }
    /Non-2xx/ { errors = $NF }
    END {
      split(cpu, w, " ")
      api = (a1 - a0) / hz
      printf "%-14s %10.0f req/s  p50 %-8s p99 %-8s non-2xx %-6s cpu s api %5.1f redis %5.1f wrk %5.1f\n",
        label, rps, p50, p99, (errors == "" ? 0 : errors), api, (r1 - r0) / hz, w[1] + w[2]
    }' "$out/wrk-$label.txt" | tee -a "$out/summary.txt"
}

: >"$out/summary.txt"
for round in $(seq 1 "$rounds"); do
  for i in "${!variants[@]}"; do
    measure "${variants[$i]}" "$(printf 'v%d-r%d' "$((i + 1))" "$round")" "${replica_counts[$i]:-${replica_counts[0]}}"
  done
done
echo "==> summary (v1 = ${variants[0]}${variants[1]:+, v2 = ${variants[1]}}; REDIS_MIN_REPLICAS ${min_replicas})"
cat "$out/summary.txt"
