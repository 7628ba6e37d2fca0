#!/usr/bin/env bash
# Brings the platform up on a local k3d cluster, as the assessment's original setup.sh did, and
# can be run again: it creates only what is missing and changes nothing that is right already.
#
#   ./setup.sh                 native images (Quarkus container build), cluster, manifests, waits
#   ./setup.sh --jvm           JVM images instead (a faster build, a slower start)
#   ./setup.sh --skip-build    reuse the images already in the local Docker
#   ./setup.sh --monitoring    also Prometheus and Grafana with the platform's dashboard and alerts
#                              (namespace monitoring; prints the command that opens Grafana)
#   ./setup.sh --dry-run       print every command a fresh machine needs, run none; works without
#                              docker, k3d, kubectl or a JDK and names the ones missing
#   ./setup.sh local [ARGS]    no Docker, no Kubernetes: the local lab (./lab.sh ARGS)
#
# Environment: REDIS_PASSWORD and ADMIN_TOKEN are used for the Secrets when they do not exist yet
# (random values otherwise); ROLLOUT_TIMEOUT (default 300s) bounds each rollout wait;
# MVN_EXTRA_ARGS adds Maven flags to the image build. docs/kubernetes.md explains the rest.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/scripts/lib.sh" # ROOT, log, warn, die, show, run, exists, ...
# shellcheck source=scripts/monitoring.sh
source "$(dirname "${BASH_SOURCE[0]}")/scripts/monitoring.sh" # install_monitoring

CLUSTER=assessment
CONTEXT="k3d-${CLUSTER}"
NAMESPACE=assessment
HOST=assessment.local
IMAGE_GROUP=loadproof
IMAGE_TAG=1.0.0
API_IMAGE="${IMAGE_GROUP}/api-service:${IMAGE_TAG}"
WRITER_IMAGE="${IMAGE_GROUP}/writer-service:${IMAGE_TAG}"
# The Quarkus 3.33 defaults, pinned so that a Quarkus upgrade does not change them silently.
NATIVE_BASE_IMAGE=quay.io/quarkus/ubi9-quarkus-micro-image:2.0
JVM_BASE_IMAGE=registry.access.redhat.com/ubi9/openjdk-17-runtime:1.24
# The user the manifests run the containers as (runAsUser).
IMAGE_USER=1001
ROLLOUT_TIMEOUT="${ROLLOUT_TIMEOUT:-300s}"

# k3d's nginx load balancer in front of port 80 allows 1,024 connections per worker process by
# default (k3d: DefaultLoadbalancerWorkerConnections). Each k6 user holds one connection, which
# nginx pairs with one to the cluster: 10,000 users are 20,000 connections, all on one worker in
# the worst case. 32,768 carries them with room for reconnections.
LB_WORKER_CONNECTIONS=32768
LB_CONTAINER="k3d-${CLUSTER}-serverlb"
# What the k6 shell needs: one descriptor per user, and some.
K6_OPEN_FILES=65536

# The Docker host the platform is sized for. The resource requests of k8s/ add up to these
# (deploy-tests HostSizeTest recomputes them from the manifests and the HPA's bounds):
#   10 API pods (the HPA minimum), 2 writers, Redis and MongoDB: 2150 millicores, 4352 MiB
#   100 API pods (the HPA maximum), the rest the same:            11150 millicores, 15872 MiB
# (Redis asks for 2560 MiB: its maxmemory holds the queue of a whole judge run, k8s/redis/configmap.yaml)
# leaving at least half a core and 1.5 GiB of the host for k3s, Docker and the load balancer.
REQUESTS_MILLICPU_AT_HPA_MIN=2150
REQUESTS_MIB_AT_HPA_MIN=4352
REQUESTS_MILLICPU_AT_HPA_MAX=11150
REQUESTS_MIB_AT_HPA_MAX=15872
HOST_CPUS=4
HOST_MEMORY_GIB=8
HOST_CPUS_AT_HPA_MAX=12
HOST_MEMORY_GIB_AT_HPA_MAX=18

# What a whole judge run leaves on the Docker host's disk (docs/kubernetes.md, "MongoDB's disk"):
# RUN_REQUESTS (15,000 requests/s through the 13-minute profile, the rate k8s/redis/configmap.yaml
# sizes Redis for) of 5 documents, each MONGO_DOCUMENT_BYTES of BSON (exact) and an estimated
# MONGO_INDEX_BYTES_PER_DOCUMENT of _id index and record key, uncompressed (an upper bound: WiredTiger's
# snappy can only shrink it), plus the Redis volume. k3d's local-path volumes live under Docker's root
# directory and do not enforce their claims (mongo-pvc asks for 2Gi): the host's disk is the limit.
# deploy-tests DockerDiskTest recomputes the BSON size and checks the Redis volume against redis-pvc.
RUN_REQUESTS=11700000
MONGO_DOCUMENT_BYTES=594
MONGO_INDEX_BYTES_PER_DOCUMENT=32
REDIS_VOLUME_GIB=8
# --monitoring adds Prometheus, kube-state-metrics and Grafana (k8s/monitoring/): 260 millicores,
# 512 MiB, which the host of the HPA maximum still holds with the same share for the system.
REQUESTS_MILLICPU_MONITORING=260
REQUESTS_MIB_MONITORING=512

NATIVE=true
BUILD=true
MONITORING=false
WORKDIR=""

kube() {
  run kubectl --context "$CONTEXT" --namespace "$NAMESPACE" "$@"
}

cleanup_workdir() {
  if [[ -n "$WORKDIR" ]]; then
    rm -rf "$WORKDIR"
  fi
}

run_local_lab() {
  cd "$ROOT"
  if [[ ! -e ./lab.sh ]]; then
    die "./lab.sh not found in $ROOT: the local lab (no Docker, no Kubernetes) is not part of this checkout yet"
  fi
  if [[ ! -x ./lab.sh ]]; then
    die "./lab.sh is not executable (chmod +x lab.sh)"
  fi
  exec ./lab.sh "$@"
}

parse_arguments() {
  if [[ "${1:-}" == local ]]; then
    shift
    run_local_lab "$@"
  fi
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --dry-run) DRY_RUN=true ;;
      --jvm) NATIVE=false ;;
      --native) NATIVE=true ;;
      --skip-build) BUILD=false ;;
      --monitoring) MONITORING=true ;;
      -h | --help)
        usage
        exit 0
        ;;
      local) die "'local' must be the first argument: ./setup.sh local [lab arguments]" ;;
      *)
        usage >&2
        die "unknown argument: $1"
        ;;
    esac
    shift
  done
}

# The java the Maven build would use: JAVA_HOME's, else the PATH's.
java_program() {
  if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
    printf '%s\n' "${JAVA_HOME}/bin/java"
  else
    command -v java 2>/dev/null || true
  fi
}

# What keeps this machine from building the images with Maven (a JDK 17+), or nothing.
jdk_problem() {
  local java version major
  java="$(java_program)"
  if [[ -z "$java" ]]; then
    echo "no JDK (no java on the PATH, no JAVA_HOME)"
    return
  fi
  if $DRY_RUN; then
    return # a dry run runs nothing, not even java -version
  fi
  version="$("$java" -version 2>&1 | head -n 1 || true)"
  if [[ "$version" =~ \"1\.([0-9]+) ]]; then
    major="${BASH_REMATCH[1]}" # 1.8.0_402 is Java 8
  elif [[ "$version" =~ \"([0-9]+) ]]; then
    major="${BASH_REMATCH[1]}"
  else
    echo "${java} does not run (java -version says: ${version:-nothing})"
    return
  fi
  if ((major < 17)); then
    echo "${java} is Java ${major}"
  elif [[ ! -x "$(dirname "$java")/javac" ]] && ! command -v javac >/dev/null 2>&1; then
    echo "${java} is a Java runtime without a compiler (no javac)"
  fi
}

# The command that installs a JDK 17 here.
jdk_install_command() {
  local ids=""
  if [[ "$(uname -s)" == Darwin ]]; then
    echo "brew install openjdk@17"
    return
  fi
  if [[ -r /etc/os-release ]]; then
    ids=" $(sed -n -e 's/^ID=//p' -e 's/^ID_LIKE=//p' /etc/os-release | tr -d '"' | tr '\n' ' ') "
  fi
  case "$ids" in
    *" debian "* | *" ubuntu "*) echo "sudo apt-get install -y openjdk-17-jdk-headless" ;;
    *" fedora "* | *" rhel "* | *" centos "*) echo "sudo dnf install -y java-17-openjdk-devel" ;;
    *" suse "* | *" opensuse "*) echo "sudo zypper install -y java-17-openjdk-devel" ;;
    *" arch "*) echo "sudo pacman -S --needed jdk17-openjdk" ;;
    *" alpine "*) echo "sudo apk add openjdk17-jdk" ;;
    *) echo "your package manager's JDK 17, or one from https://adoptium.net" ;;
  esac
}

check_tools() {
  log "Checking the tools"
  local missing=() problem
  command -v docker >/dev/null 2>&1 || missing+=("docker: install Docker (https://docs.docker.com/get-docker/)")
  command -v k3d >/dev/null 2>&1 || missing+=("k3d: install k3d 5.x (https://k3d.io/#installation)")
  command -v kubectl >/dev/null 2>&1 || missing+=("kubectl: install kubectl (https://kubernetes.io/docs/tasks/tools/)")
  if $BUILD; then
    problem="$(jdk_problem)"
    if [[ -n "$problem" ]]; then
      missing+=("java: ${problem}; the image build needs a JDK 17 or newer: $(jdk_install_command) (or set JAVA_HOME; or ./setup.sh --skip-build with images built elsewhere)")
    fi
  fi
  missing_tools ${missing[@]+"${missing[@]}"}
  check_docker_host
  check_docker_disk
}

# Formats millicores as CPUs (2150 -> 2.15) and MiB as GiB (2816 -> 2.75).
cpus() {
  printf '%d.%02d' $(($1 / 1000)) $(($1 % 1000 / 10))
}
gib() {
  printf '%d.%02d' $(($1 / 1024)) $(($1 % 1024 * 100 / 1024))
}

# The daemon answers, and the host it runs on is big enough for the resource requests.
check_docker_host() {
  local want info host_cpus host_bytes host_mib
  want="${HOST_CPUS} CPUs / ${HOST_MEMORY_GIB} GiB (requests at the HPA minimum: $(cpus "$REQUESTS_MILLICPU_AT_HPA_MIN") CPUs, $(gib "$REQUESTS_MIB_AT_HPA_MIN") GiB)"
  if $DRY_RUN; then
    show docker info --format '{{.NCPU}} {{.MemTotal}}'
    printf '  (dry run: not asked; the platform wants a Docker host of %s)\n' "$want"
    return
  fi
  info="$(docker info --format '{{.NCPU}} {{.MemTotal}}' 2>/dev/null)" ||
    die "docker is installed but its daemon does not answer (is Docker running?)"
  read -r host_cpus host_bytes <<<"$info"
  if [[ ! "$host_cpus" =~ ^[0-9]+$ || ! "${host_bytes:-}" =~ ^[0-9]+$ ]]; then
    warn "docker info answered '${info}': the host size is not checked"
    return
  fi
  host_mib=$((host_bytes / 1048576))
  echo "docker, k3d, kubectl found; the Docker host has ${host_cpus} CPUs and $(gib "$host_mib") GiB"
  # A machine or VM of 8 GiB reports a little less (the kernel keeps some): 15/16 of it passes.
  if ((host_cpus < HOST_CPUS || host_mib < HOST_MEMORY_GIB * 1024 * 15 / 16)); then
    warn "Docker has ${host_cpus} CPUs and $(gib "$host_mib") GiB; the platform wants ${want}, and ${HOST_CPUS_AT_HPA_MAX} CPUs / ${HOST_MEMORY_GIB_AT_HPA_MAX} GiB once the HPA reaches 100 API pods (requests $(cpus "$REQUESTS_MILLICPU_AT_HPA_MAX") CPUs, $(gib "$REQUESTS_MIB_AT_HPA_MAX") GiB). Each k3d node reports the whole host, so the pods are still scheduled, but they get less than they request and the 10,000-user run will be slower. Give Docker more (Docker Desktop: Settings > Resources) or expect that."
  fi
}

# Bytes as GB with one decimal (36621000000 -> 36.6).
gb() {
  printf '%d.%d' $(($1 / 1000000000)) $(($1 % 1000000000 / 100000000))
}

# Docker's root directory, where the k3d nodes keep mongo-pvc and redis-pvc, has the room a whole
# judge run writes.
check_docker_disk() {
  local documents mongo_bytes needed want docker_root available_kib
  documents=$((RUN_REQUESTS * 5))
  mongo_bytes=$((documents * (MONGO_DOCUMENT_BYTES + MONGO_INDEX_BYTES_PER_DOCUMENT)))
  needed=$((mongo_bytes + REDIS_VOLUME_GIB * 1073741824))
  want="$(gb "$needed") GB free there: MongoDB's $(gb "$mongo_bytes") GB after a whole judge run ($((RUN_REQUESTS / 1000000)).$((RUN_REQUESTS % 1000000 / 100000)) million requests, ${documents} documents x (${MONGO_DOCUMENT_BYTES} B of BSON + ${MONGO_INDEX_BYTES_PER_DOCUMENT} B of _id index), uncompressed: an upper bound) and the ${REDIS_VOLUME_GIB} GiB of Redis' append-only file"
  if $DRY_RUN; then
    show docker info --format '{{.DockerRootDir}}'
    printf '  (dry run: not asked; a whole judge run needs %s)\n' "$want"
    return
  fi
  docker_root="$(docker info --format '{{.DockerRootDir}}' 2>/dev/null)" || docker_root=""
  available_kib="$(df -Pk "${docker_root:-/nonexistent}" 2>/dev/null | awk 'NR == 2 { print $4 }')" || available_kib=""
  if [[ ! "$available_kib" =~ ^[0-9]+$ ]]; then
    warn "the free space of Docker's root directory (${docker_root:-not reported by docker info}) cannot be read here (Docker Desktop keeps it in its VM: Settings > Resources > Disk image size). A whole judge run needs ${want}."
    return
  fi
  echo "Docker's root directory ${docker_root} has $(gb $((available_kib * 1024))) GB free; a whole judge run needs $(gb "$needed") GB"
  if ((available_kib * 1024 < needed)); then
    warn "Docker's root directory ${docker_root} has $(gb $((available_kib * 1024))) GB free; a whole judge run needs ${want/ free there/}. MongoDB stops when its disk is full, and the writers then keep the rest in Redis until it is full too. Free some space (docker system prune), give Docker Desktop a larger disk, or run shorter loads."
  fi
}

# An existing cluster keeps the load-balancer limit it was created with: read it from the nginx
# configuration of its load-balancer container.
check_load_balancer() {
  local conf limit
  conf="$(docker exec "$LB_CONTAINER" cat /etc/nginx/nginx.conf 2>/dev/null)" || {
    warn "cannot read /etc/nginx/nginx.conf of ${LB_CONTAINER}: its connection limit is not checked"
    return
  }
  if [[ ! "$conf" =~ worker_connections[[:space:]]+([0-9]+) ]]; then
    warn "no worker_connections in ${LB_CONTAINER}'s nginx.conf: its connection limit is not checked"
    return
  fi
  limit="${BASH_REMATCH[1]}"
  if ((limit < LB_WORKER_CONNECTIONS)); then
    warn "cluster ${CLUSTER} was created without setup.sh's load-balancer setting: its nginx (${LB_CONTAINER}) allows ${limit} connections per worker, and 10,000 k6 users need ${LB_WORKER_CONNECTIONS}. A 10,000-user run will fail at the load balancer. Recreate the cluster (its data goes with it; add --skip-build to reuse the images):
  k3d cluster delete ${CLUSTER} && ./setup.sh"
  else
    echo "load balancer ${LB_CONTAINER}: ${limit} connections per nginx worker"
  fi
}

ensure_cluster() {
  log "k3d cluster ${CLUSTER}"
  if exists k3d cluster get "$CLUSTER"; then
    echo "cluster ${CLUSTER} exists; starting it in case it is stopped"
    run k3d cluster start "$CLUSTER" --wait
    check_load_balancer
  else
    run k3d cluster create "$CLUSTER" --port 80:80@loadbalancer --agents 2 \
      --lb-config-override "settings.workerConnections=${LB_WORKER_CONNECTIONS}" --wait
  fi
  run kubectl --context "$CONTEXT" wait --for=condition=Ready nodes --all --timeout=120s
}

image_id() {
  docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true
}

build_images() {
  local kind=native
  $NATIVE || kind=JVM
  local modules=api-service,writer-service
  local flags=(-B package -pl "$modules" -am -DskipTests
    -Dquarkus.container-image.build=true
    -Dquarkus.container-image.push=false
    "-Dquarkus.container-image.group=${IMAGE_GROUP}"
    "-Dquarkus.container-image.tag=${IMAGE_TAG}"
    "-Dquarkus.jib.user=${IMAGE_USER}")
  if $NATIVE; then
    # The native profile of the service poms sets quarkus.native.enabled and container-build.
    flags+=(-Dnative "-Dquarkus.jib.base-native-image=${NATIVE_BASE_IMAGE}")
  else
    # The heap takes at most half of the container's memory limit (api/deployment.yaml).
    flags+=("-Dquarkus.jib.base-jvm-image=${JVM_BASE_IMAGE}"
      -Dquarkus.jib.jvm-additional-arguments=-XX:MaxRAMPercentage=50)
  fi
  if [[ -n "${MVN_EXTRA_ARGS:-}" ]]; then
    local extra=()
    read -r -a extra <<<"$MVN_EXTRA_ARGS"
    flags+=("${extra[@]}")
  fi
  log "Building the ${kind} images ${API_IMAGE} and ${WRITER_IMAGE} (Jib)"
  if $NATIVE; then
    echo "a native build takes several minutes per service and a few GB of memory for Docker"
  fi
  run ./mvnw "${flags[@]}"
}

check_images_present() {
  local image
  for image in "$API_IMAGE" "$WRITER_IMAGE"; do
    holds docker image inspect "$image" || die "--skip-build: image $image is not in the local Docker; build it first"
  done
}

import_images() {
  log "Importing the images into the k3d nodes"
  run k3d image import "$API_IMAGE" "$WRITER_IMAGE" --cluster "$CLUSTER"
}

ensure_secret() {
  local name=$1 key=$2 variable=$3
  if exists kubectl --context "$CONTEXT" --namespace "$NAMESPACE" get secret "$name"; then
    echo "secret ${name} exists; kept as it is"
    return
  fi
  if $DRY_RUN; then
    show kubectl --context "$CONTEXT" --namespace "$NAMESPACE" create secret generic "$name" \
      "--from-file=${key}=<file with \$${variable} or 32 random bytes in hex>"
    return
  fi
  local value="${!variable:-}"
  if [[ -z "$value" ]]; then
    value="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
  fi
  if [[ -z "$WORKDIR" ]]; then
    WORKDIR="$(mktemp -d)"
  fi
  # The value goes through a private file, never onto a command line or into this output.
  (umask 077 && printf '%s' "$value" >"${WORKDIR}/${name}")
  kube create secret generic "$name" "--from-file=${key}=${WORKDIR}/${name}"
  rm -f "${WORKDIR}/${name}"
}

wait_rollout() {
  local name=$1 timeout=$2
  log "Waiting for deployment/${name} (at most ${timeout})"
  if kube rollout status "deployment/${name}" "--timeout=${timeout}"; then
    return 0
  fi
  printf '\nsetup.sh: deployment/%s is not ready after %s. What Kubernetes says:\n' "$name" "$timeout" >&2
  local k=(kubectl --context "$CONTEXT" --namespace "$NAMESPACE")
  "${k[@]}" get deployment "$name" -o wide >&2 || true
  "${k[@]}" get pods -l "app=${name}" -o wide >&2 || true
  "${k[@]}" describe pods -l "app=${name}" 2>&1 | grep -A 12 -E '^(Name:|Events:)|State:|Reason:' >&2 || true
  "${k[@]}" logs -l "app=${name}" --all-containers --prefix --tail=30 >&2 || true
  "${k[@]}" get events --sort-by=.lastTimestamp 2>&1 | tail -n 20 >&2 || true
  cat >&2 <<EOF

Usual causes: ErrImageNeverPull (the images were not imported: run setup.sh again, or
k3d image import ${API_IMAGE} ${WRITER_IMAGE} --cluster ${CLUSTER}); Pending (not enough CPU or
memory on the k3d nodes: kubectl describe pod shows which); CrashLoopBackOff or a failing
readiness probe (the logs above; the API is not ready while Redis is down).
EOF
  exit 1
}

wait_for_traefik() {
  log "Waiting for k3d's Traefik ingress controller"
  local k=(kubectl --context "$CONTEXT" --namespace kube-system)
  if $DRY_RUN; then
    show "${k[@]}" rollout status deployment/traefik --timeout=180s
    return
  fi
  local tries=0
  # k3s installs Traefik through a Helm job: the deployment may not exist for a while.
  until "${k[@]}" get deployment traefik >/dev/null 2>&1; do
    tries=$((tries + 1))
    [[ $tries -le 60 ]] || die "no deployment/traefik in kube-system after 120 s (was the cluster created with Traefik disabled?)"
    sleep 2
  done
  run "${k[@]}" rollout status deployment/traefik --timeout=180s
}

check_ingress() {
  log "Checking the ingress: http://${HOST}/readyz through 127.0.0.1:80"
  local url="http://127.0.0.1/readyz"
  if $DRY_RUN; then
    show curl --silent --output /dev/null --write-out '%{http_code}' --header "Host: ${HOST}" "$url"
    return
  fi
  if ! command -v curl >/dev/null 2>&1; then
    echo "curl not found; skipped"
    return
  fi
  local code="" tries=0
  while [[ $tries -lt 30 ]]; do
    code="$(curl --silent --max-time 5 --output /dev/null --write-out '%{http_code}' --header "Host: ${HOST}" "$url" || true)"
    [[ "$code" == 200 ]] && break
    tries=$((tries + 1))
    sleep 2
  done
  if [[ "$code" != 200 ]]; then
    die "the ingress answered ${code:-nothing} for /readyz after 60 s (is port 80 free? kubectl --context ${CONTEXT} -n ${NAMESPACE} describe ingress api-service)"
  fi
  echo "/readyz answered 200 through the ingress"
}

print_summary() {
  local hosts_line="127.0.0.1 ${HOST}"
  local hosts_state="add it: echo '${hosts_line}' | sudo tee -a /etc/hosts"
  if ! $DRY_RUN && grep -qE "^[[:space:]]*127\.0\.0\.1[[:space:]]+([^#]*[[:space:]])?${HOST//./\\.}([[:space:]]|$)" /etc/hosts 2>/dev/null; then
    hosts_state="present"
  fi
  local kind=native
  $NATIVE || kind=JVM
  local state="is up" open_files
  open_files="$(ulimit -n)"
  if $DRY_RUN; then
    state="would be up after these commands"
  fi
  cat <<EOF

==> The platform ${state} (${kind} images) in namespace ${NAMESPACE} of k3d cluster ${CLUSTER}

Endpoints
  http://${HOST}/api/data      the assessment's endpoint (5 writes queued, 5 reads)
  http://${HOST}/api/stats     documents in MongoDB
  http://${HOST}/api/queue     the write backlog
  http://${HOST}/healthz       liveness     http://${HOST}/readyz   readiness

/etc/hosts needs this line (${hosts_state}):
  ${hosts_line}

Load test (the assessment's k6 script, about 13 minutes):
  k6 run stress-test/stress-test.js
Quick check:
  k6 run --vus 100 --duration 30s stress-test/stress-test.js
k6 holds a connection per user: raise the open-files limit of the shell that runs it first
(this one allows ${open_files}):
  ulimit -n ${K6_OPEN_FILES}

Writers (no autoscaler; MongoDB's budget, not CPU, bounds the drain, see docs/kubernetes.md):
  kubectl --context ${CONTEXT} -n ${NAMESPACE} scale deployment/writer-service --replicas=N
Backlog:
  kubectl --context ${CONTEXT} -n ${NAMESPACE} exec deploy/redis -- redis-cli XLEN write_queue
Admin token (POST /api/admin/cache/flush):
  kubectl --context ${CONTEXT} -n ${NAMESPACE} get secret api-admin -o jsonpath='{.data.token}' | base64 -d
Remove everything: ./cleanup.sh
EOF
}

main() {
  parse_arguments "$@"
  cd "$ROOT"
  trap cleanup_workdir EXIT
  if $DRY_RUN; then
    echo "dry run: printing the commands a fresh machine would need, running none"
  fi

  check_tools
  ensure_cluster

  local api_before="" writer_before=""
  if $BUILD; then
    if ! $DRY_RUN; then
      api_before="$(image_id "$API_IMAGE")"
      writer_before="$(image_id "$WRITER_IMAGE")"
    fi
    build_images
  else
    check_images_present
  fi
  import_images

  log "Namespace ${NAMESPACE}"
  run kubectl --context "$CONTEXT" apply -f k8s/namespace.yaml
  log "Secrets (created once, never overwritten)"
  ensure_secret redis-auth password REDIS_PASSWORD
  ensure_secret api-admin token ADMIN_TOKEN
  log "Network policies"
  kube apply -f k8s/network/
  log "MongoDB (the original deployment, unchanged)"
  kube apply -f k8s/mongodb/
  log "Redis"
  kube apply -f k8s/redis/
  wait_rollout mongo "$ROLLOUT_TIMEOUT"
  wait_rollout redis "$ROLLOUT_TIMEOUT"

  # No replica count in k8s/api/deployment.yaml: the HPA owns it, so a re-run keeps its scale.
  log "API service (10 to 100 pods, the HPA decides)"
  kube apply -f k8s/api/
  log "Writer service"
  kube apply -f k8s/writer/
  # Same tag, new content: the Deployments did not change, so restart them onto the new image.
  if $BUILD && ! $DRY_RUN; then
    if [[ -n "$api_before" && "$api_before" != "$(image_id "$API_IMAGE")" ]]; then
      kube rollout restart deployment/api-service
    fi
    if [[ -n "$writer_before" && "$writer_before" != "$(image_id "$WRITER_IMAGE")" ]]; then
      kube rollout restart deployment/writer-service
    fi
  fi
  wait_rollout api-service "$ROLLOUT_TIMEOUT"
  wait_rollout writer-service "$ROLLOUT_TIMEOUT"

  wait_for_traefik
  check_ingress
  print_summary
  if $MONITORING; then
    install_monitoring
  fi
}

main "$@"
