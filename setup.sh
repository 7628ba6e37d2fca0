#!/usr/bin/env bash
# Brings the platform up on a local k3d cluster, as the assessment's original setup.sh did, and
# can be run again: it creates only what is missing and changes nothing that is right already.
#
#   ./setup.sh                 native images (Quarkus container build), cluster, manifests, waits
#   ./setup.sh --jvm           JVM images instead (a faster build, a slower start)
#   ./setup.sh --skip-build    reuse the images already in the local Docker (checked before the
#                              cluster is created or started)
#   ./setup.sh --keep-original-app
#                              stop, with the command that removes them, if the original
#                              assessment's app-python, app-nodejs and assessment-ingress are in
#                              the namespace (by default they are deleted; MongoDB is kept)
#   ./setup.sh --redis-ha      Redis as a primary, a replica and three Sentinels (k8s/redis-ha/)
#                              instead of one Redis: a 200 waits until the replica holds the
#                              request, and the services follow a failover. Chosen once: setup.sh
#                              refuses to switch a namespace from one topology to the other
#   ./setup.sh --monitoring    also Prometheus and Grafana with the platform's dashboard and alerts
#                              (namespace monitoring; prints the command that opens Grafana)
#   ./setup.sh --dry-run       print every command a fresh machine needs, run none; works without
#                              docker, k3d, kubectl or a JDK and names the ones missing
#   ./setup.sh local [ARGS]    no Docker, no Kubernetes: the local lab (./lab.sh ARGS)
#
# Environment: REDIS_PASSWORD and ADMIN_TOKEN are used for the Secrets when they do not exist yet
# (random values otherwise); ROLLOUT_TIMEOUT (default 300s) bounds each rollout wait;
# METRICS_SERVER_TIMEOUT (default 120, seconds) the wait for metrics-server; MVN_EXTRA_ARGS adds
# Maven flags to the image build. Every kubectl command, run or printed, names the context
# k3d-assessment, so whichever context is current does not matter. docs/kubernetes.md explains
# the rest.
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
METRICS_SERVER_TIMEOUT="${METRICS_SERVER_TIMEOUT:-120}"
# The writers' count when setup.sh creates their Deployment; k8s/writer/deployment.yaml has none,
# so a re-run keeps whatever kubectl scale set since.
WRITER_REPLICAS=2

# The native build: setup.sh caps the heap of GraalVM's native-image at NATIVE_IMAGE_XMX_GIB
# (quarkus.native.native-image-xmx; a later -D in MVN_EXTRA_ARGS wins). Docker needs that heap, an
# allowance of 1 GiB for native-image's memory outside its heap and 1 GiB for the k3d nodes that
# run meanwhile: NATIVE_BUILD_DOCKER_GIB. Both allowances are ours, not measured.
NATIVE_IMAGE_XMX_GIB=4
NATIVE_BUILD_DOCKER_GIB=6

# What the original assessment leaves in the namespace when it was run first in this cluster.
ORIGINAL_APP_OBJECTS=(deployment/app-python deployment/app-nodejs service/app-python service/app-nodejs
  hpa/app-python hpa/app-nodejs ingress/assessment-ingress)

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
# --redis-ha replaces the one Redis (500 millicores, 2560 MiB) with two Redis nodes of the same size,
# each with a 10m/16Mi sidecar, and three Sentinels of 50m/32Mi (k8s/redis-ha/): 670 millicores and
# 2688 MiB more, for which the host needs 10 GiB at the HPA minimum and 13 CPUs / 20 GiB at its
# maximum; and a second Redis volume on the disk (deploy-tests RedisHaFilesTest recomputes these).
REQUESTS_MILLICPU_REDIS_HA=670
REQUESTS_MIB_REDIS_HA=2688
HOST_MEMORY_GIB_REDIS_HA=10
HOST_CPUS_AT_HPA_MAX_REDIS_HA=13
HOST_MEMORY_GIB_AT_HPA_MAX_REDIS_HA=20
# The services' Redis settings under --redis-ha: they ask the Sentinels for the primary, and the API
# answers 200 once one replica has acknowledged the request's entry (WAIT).
REDIS_HA_MASTER_NAME=mymaster
REDIS_HA_SENTINELS="redis://redis-sentinel-0.redis-sentinel:26379,redis://redis-sentinel-1.redis-sentinel:26379,redis://redis-sentinel-2.redis-sentinel:26379"
REDIS_HA_MIN_REPLICAS=1
# --monitoring adds Prometheus, kube-state-metrics and Grafana (k8s/monitoring/): 260 millicores,
# 512 MiB, which the host of the HPA maximum still holds with the same share for the system.
REQUESTS_MILLICPU_MONITORING=260
REQUESTS_MIB_MONITORING=512

NATIVE=true
BUILD=true
MONITORING=false
REDIS_HA=false
KEEP_ORIGINAL_APP=false
DOCKER_MEMORY_MIB=""
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
      --redis-ha) REDIS_HA=true ;;
      --keep-original-app) KEEP_ORIGINAL_APP=true ;;
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
  local memory_gib=$HOST_MEMORY_GIB cpus_at_max=$HOST_CPUS_AT_HPA_MAX memory_gib_at_max=$HOST_MEMORY_GIB_AT_HPA_MAX
  local millicpu_at_min=$REQUESTS_MILLICPU_AT_HPA_MIN mib_at_min=$REQUESTS_MIB_AT_HPA_MIN
  local millicpu_at_max=$REQUESTS_MILLICPU_AT_HPA_MAX mib_at_max=$REQUESTS_MIB_AT_HPA_MAX
  if $REDIS_HA; then
    memory_gib=$HOST_MEMORY_GIB_REDIS_HA
    cpus_at_max=$HOST_CPUS_AT_HPA_MAX_REDIS_HA
    memory_gib_at_max=$HOST_MEMORY_GIB_AT_HPA_MAX_REDIS_HA
    millicpu_at_min=$((millicpu_at_min + REQUESTS_MILLICPU_REDIS_HA))
    mib_at_min=$((mib_at_min + REQUESTS_MIB_REDIS_HA))
    millicpu_at_max=$((millicpu_at_max + REQUESTS_MILLICPU_REDIS_HA))
    mib_at_max=$((mib_at_max + REQUESTS_MIB_REDIS_HA))
  fi
  want="${HOST_CPUS} CPUs / ${memory_gib} GiB (requests at the HPA minimum: $(cpus "$millicpu_at_min") CPUs, $(gib "$mib_at_min") GiB)"
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
  DOCKER_MEMORY_MIB=$host_mib
  echo "docker, k3d, kubectl found; the Docker host has ${host_cpus} CPUs and $(gib "$host_mib") GiB"
  # A machine or VM of 8 GiB reports a little less (the kernel keeps some): 15/16 of it passes.
  if ((host_cpus < HOST_CPUS || host_mib < memory_gib * 1024 * 15 / 16)); then
    warn "Docker has ${host_cpus} CPUs and $(gib "$host_mib") GiB; the platform wants ${want}, and ${cpus_at_max} CPUs / ${memory_gib_at_max} GiB once the HPA reaches 100 API pods (requests $(cpus "$millicpu_at_max") CPUs, $(gib "$mib_at_max") GiB). Each k3d node reports the whole host, so the pods are still scheduled, but they get less than they request and the 10,000-user run will be slower. Give Docker more (Docker Desktop: Settings > Resources) or expect that."
  fi
}

# Bytes as GB with one decimal (36621000000 -> 36.6).
gb() {
  printf '%d.%d' $(($1 / 1000000000)) $(($1 % 1000000000 / 100000000))
}

# Docker's root directory, where the k3d nodes keep mongo-pvc and redis-pvc, has the room a whole
# judge run writes.
check_docker_disk() {
  local documents mongo_bytes needed want docker_root available_kib redis_volumes=1 redis_files="Redis' append-only file"
  if $REDIS_HA; then
    redis_volumes=2
    redis_files="each of the two Redis nodes' append-only files"
  fi
  documents=$((RUN_REQUESTS * 5))
  mongo_bytes=$((documents * (MONGO_DOCUMENT_BYTES + MONGO_INDEX_BYTES_PER_DOCUMENT)))
  needed=$((mongo_bytes + redis_volumes * REDIS_VOLUME_GIB * 1073741824))
  want="$(gb "$needed") GB free there: MongoDB's $(gb "$mongo_bytes") GB after a whole judge run ($((RUN_REQUESTS / 1000000)).$((RUN_REQUESTS % 1000000 / 100000)) million requests, ${documents} documents x (${MONGO_DOCUMENT_BYTES} B of BSON + ${MONGO_INDEX_BYTES_PER_DOCUMENT} B of _id index), uncompressed: an upper bound) and the ${REDIS_VOLUME_GIB} GiB of ${redis_files}"
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
    flags+=(-Dnative "-Dquarkus.jib.base-native-image=${NATIVE_BASE_IMAGE}"
      "-Dquarkus.native.native-image-xmx=${NATIVE_IMAGE_XMX_GIB}g")
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
    echo "a native build takes several minutes per service; Docker needs ${NATIVE_BUILD_DOCKER_GIB} GiB for it (${NATIVE_IMAGE_XMX_GIB} GiB of heap for native-image, the rest for its other memory and the k3d nodes)"
    run_native_build "${flags[@]}"
  else
    run ./mvnw "${flags[@]}"
  fi
}

# The native build, its output kept to tell why it failed: then setup.sh stops with the cause and
# the command that builds JVM images instead.
run_native_build() {
  show ./mvnw "$@"
  if $DRY_RUN; then
    return
  fi
  if [[ -z "$WORKDIR" ]]; then
    WORKDIR="$(mktemp -d)"
  fi
  local output="${WORKDIR}/native-build.log"
  if ./mvnw "$@" 2>&1 | tee "$output"; then
    return
  fi
  native_build_failed "$output"
}

# The cause of a failed native build, from the Maven output: Docker's memory, the builder image, or
# neither (then the Maven output above says it).
native_build_cause() {
  local output=$1
  if grep -qE 'Exit code was 137|out of memory|OutOfMemoryError|Native memory allocation' "$output"; then
    echo "native-image ran out of memory. Docker needs ${NATIVE_BUILD_DOCKER_GIB} GiB for a native build and has $(docker_memory); give it more (Docker Desktop: Settings > Resources > Memory), or close what else runs in Docker"
  elif grep -qE 'Failed to pull builder image|[Uu]nable to find image|pull access denied|manifest unknown|toomanyrequests' "$output"; then
    echo "Docker could not pull the native builder image (quarkus.native.builder-image; the Maven output above names it and says why): check the network, or docker pull it by hand"
  elif grep -qE 'Cannot connect to the Docker daemon|docker: not found|Cannot run program "docker"' "$output"; then
    echo "the native build runs native-image in a container, and Maven could not reach Docker"
  else
    echo "see the first [ERROR] lines of the Maven output above"
  fi
}

# Docker's memory as check_docker_host read it.
docker_memory() {
  if [[ -n "$DOCKER_MEMORY_MIB" ]]; then
    echo "$(gib "$DOCKER_MEMORY_MIB") GiB"
  else
    echo "an amount docker info did not tell"
  fi
}

native_build_failed() {
  local jvm_command="./setup.sh --jvm"
  if $KEEP_ORIGINAL_APP; then
    jvm_command+=" --keep-original-app"
  fi
  printf '\n%s: the native build failed: %s.\n' "$SCRIPT_NAME" "$(native_build_cause "$1")" >&2
  printf 'JVM images need neither native-image nor its memory (they start slower). Build them instead:\n  %s\n' "$jvm_command" >&2
  exit 1
}

check_images_present() {
  local image
  for image in "$API_IMAGE" "$WRITER_IMAGE"; do
    holds docker image inspect "$image" || die "--skip-build: image $image is not in the local Docker (checked before touching the cluster: nothing was created or started); build the images with ./setup.sh, or ./setup.sh --jvm"
  done
}

# The original assessment's app-python and app-nodejs, and its Ingress assessment-ingress, for the
# same host and path as ours: Traefik would share the requests between the two apps, and the
# original's pods would go on writing to MongoDB. They go (or, with --keep-original-app, setup.sh
# stops with the command that removes them); MongoDB, its PVC and its data are never touched.
remove_original_app() {
  log "The original assessment's app in namespace ${NAMESPACE}"
  local k=(kubectl --context "$CONTEXT" --namespace "$NAMESPACE") found object
  if $DRY_RUN; then
    show "${k[@]}" get "${ORIGINAL_APP_OBJECTS[@]}" --ignore-not-found -o name
    printf '  (dry run: not asked; a fresh cluster has none, and those found are deleted)\n'
    return
  fi
  found="$("${k[@]}" get "${ORIGINAL_APP_OBJECTS[@]}" --ignore-not-found -o name)" ||
    die "cannot list the original assessment's objects in namespace ${NAMESPACE} (kubectl's error is above)"
  local objects=()
  for object in $found; do
    objects+=("$object")
  done
  if [[ ${#objects[@]} -eq 0 ]]; then
    echo "none (no app-python, app-nodejs or assessment-ingress)"
    return
  fi
  echo "found, left by the original assessment:"
  for object in "${objects[@]}"; do
    printf '  %-50s %s\n' "$object" "$(original_object_role "$object")"
  done
  echo "MongoDB (deployment mongo, PVC mongo-pvc) and its data stay as they are."
  if $KEEP_ORIGINAL_APP; then
    die "--keep-original-app: stopping. Their Ingress takes http://${HOST}/ as this platform's does, so the two cannot serve side by side. Remove them and run setup.sh again:
  $(show "${k[@]}" delete "${objects[@]}" --wait=true | cut -c 3-)"
  fi
  kube delete "${objects[@]}" --wait=true --timeout=120s
}

# What one of the original's objects (as kubectl get -o name prints it) is, in a few words.
original_object_role() {
  case "$1" in
    deployment*/app-python) echo "the original Python app; its pods write to MongoDB" ;;
    deployment*/app-nodejs) echo "the original Node.js app; its pods write to MongoDB" ;;
    service*/*) echo "its Service" ;;
    horizontalpodautoscaler*/*) echo "its autoscaler" ;;
    ingress*/*) echo "its Ingress: http://${HOST}/ to app-python, beside this platform's" ;;
    *) echo "" ;;
  esac
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

# Waits for a Deployment or StatefulSet (KIND/NAME) whose pods carry app=NAME.
wait_rollout() {
  local workload=$1 timeout=$2
  local name=${workload#*/}
  log "Waiting for ${workload} (at most ${timeout})"
  if kube rollout status "$workload" "--timeout=${timeout}"; then
    return 0
  fi
  printf '\nsetup.sh: %s is not ready after %s. What Kubernetes says:\n' "$workload" "$timeout" >&2
  local k=(kubectl --context "$CONTEXT" --namespace "$NAMESPACE")
  "${k[@]}" get "$workload" -o wide >&2 || true
  "${k[@]}" get pods -l "app=${name}" -o wide >&2 || true
  "${k[@]}" describe pods -l "app=${name}" 2>&1 | grep -A 12 -E '^(Name:|Events:)|State:|Reason:' >&2 || true
  "${k[@]}" logs -l "app=${name}" --all-containers --prefix --tail=30 >&2 || true
  "${k[@]}" get events --sort-by=.lastTimestamp 2>&1 | tail -n 20 >&2 || true
  cat >&2 <<EOF

Usual causes: ErrImageNeverPull (the images were not imported: run setup.sh again, or
k3d image import ${API_IMAGE} ${WRITER_IMAGE} --cluster ${CLUSTER}); Pending (not enough CPU or
memory on the k3d nodes: kubectl --context ${CONTEXT} -n ${NAMESPACE} describe pod shows which); CrashLoopBackOff or a failing
readiness probe (the logs above; the API is not ready while Redis is down).
EOF
  exit 1
}

# The HPA scales the API on the CPU figures of metrics.k8s.io, which k3s serves with its
# metrics-server (kube-system). Without it the HPA holds its minimum and kubectl top fails.
check_metrics_server() {
  log "metrics-server (the HPA scales the API on its CPU figures)"
  local query=(kubectl --context "$CONTEXT" get apiservice v1beta1.metrics.k8s.io
    -o 'jsonpath={.status.conditions[?(@.type=="Available")].status}')
  if $DRY_RUN; then
    show "${query[@]}"
    printf '  (dry run: not asked; k3s starts metrics-server with the cluster)\n'
    return
  fi
  local available="" waited=0
  while true; do
    available="$("${query[@]}" 2>/dev/null || true)"
    if [[ "$available" == True ]] || ((waited >= METRICS_SERVER_TIMEOUT)); then
      break
    fi
    sleep 2
    waited=$((waited + 2))
  done
  if [[ "$available" == True ]]; then
    echo "metrics.k8s.io is available"
    return
  fi
  local kc="kubectl --context ${CONTEXT}"
  warn "metrics-server does not answer (APIService v1beta1.metrics.k8s.io is not Available after ${METRICS_SERVER_TIMEOUT} s). The HPA gets no CPU figures: the API stays at the HPA's minimum of pods, too few for 10,000 users, and 'top pods' has no figures. What to do:
  ${kc} -n kube-system get deployment metrics-server        (k3s runs it here; missing if the cluster was created with --disable=metrics-server)
  ${kc} -n kube-system logs deployment/metrics-server       (why it is not ready)
  ${kc} get apiservice v1beta1.metrics.k8s.io               (its condition and message)
If it is missing, recreate the cluster (k3d cluster delete ${CLUSTER} && ./setup.sh --skip-build), or install metrics-server from its project's release manifest. Once it answers, ${kc} -n ${NAMESPACE} get hpa api-service shows the CPU use in TARGETS instead of <unknown>."
}

# k8s/writer/deployment.yaml has no replica count: a new Deployment gets WRITER_REPLICAS, an
# existing one keeps what it has (kubectl scale included), as the API keeps the HPA's count.
apply_writer() {
  local k=(kubectl --context "$CONTEXT" --namespace "$NAMESPACE")
  if exists "${k[@]}" get deployment writer-service; then
    # A Deployment applied while the manifest had "replicas: 2" keeps that count in its
    # last-applied annotation, and kubectl apply would set it back; record the manifest first.
    kube apply set-last-applied --create-annotation=true -f k8s/writer/deployment.yaml
    apply_service k8s/writer
    local replicas
    replicas="$("${k[@]}" get deployment writer-service -o 'jsonpath={.spec.replicas}' 2>/dev/null || true)"
    echo "deployment/writer-service existed: its replica count${replicas:+ (${replicas})} is kept"
    return
  fi
  apply_service k8s/writer
  kube scale deployment/writer-service "--replicas=${WRITER_REPLICAS}"
}

# The queue lives in the volumes of one Redis topology: a namespace that has the other one may hold
# acknowledged entries there, which a switch would leave unwritten.
check_redis_topology() {
  local other=statefulset/redis-ha wanted="without --redis-ha" flag="one Redis"
  if $REDIS_HA; then
    other=deployment/redis
    wanted="--redis-ha"
    flag="--redis-ha"
  fi
  log "Redis topology (${flag})"
  if exists kubectl --context "$CONTEXT" --namespace "$NAMESPACE" get "$other"; then
    die "namespace ${NAMESPACE} runs ${other}, which this run (${flag}) would not use, and its volume may hold requests that are not in MongoDB yet. Run setup.sh as before, or wait until the backlog is 0 (http://${HOST}/api/queue), then ./cleanup.sh --keep-cluster and ./setup.sh ${wanted}."
  fi
  echo "no ${other} in namespace ${NAMESPACE}"
}

install_redis() {
  if ! $REDIS_HA; then
    log "Redis"
    kube apply -f k8s/redis/
    return
  fi
  log "Redis: a primary, a replica and three Sentinels (--redis-ha)"
  # The nodes load redis.conf from the ConfigMap of the one-Redis topology: one sizing for both.
  kube apply -f k8s/redis/configmap.yaml
  kube apply -f k8s/redis-ha/
}

wait_for_redis() {
  if ! $REDIS_HA; then
    wait_rollout deployment/redis "$ROLLOUT_TIMEOUT"
    return
  fi
  wait_rollout statefulset/redis-ha "$ROLLOUT_TIMEOUT"
  wait_rollout statefulset/redis-sentinel "$ROLLOUT_TIMEOUT"
}

# A service's manifests (k8s/api or k8s/writer). Under --redis-ha its Deployment gets the Sentinels'
# settings before it is applied (kubectl set env --local edits the file's object, not the
# cluster's), so that it rolls out once, with its final environment, and a re-run changes nothing.
apply_service() {
  local directory=$1
  if ! $REDIS_HA; then
    kube apply -f "${directory}/"
    return
  fi
  local file
  for file in "${directory}"/*.yaml; do
    if [[ "$file" != "${directory}/deployment.yaml" ]]; then
      kube apply -f "$file"
    fi
  done
  local environment=(REDIS_CLIENT_TYPE=sentinel "REDIS_MASTER_NAME=${REDIS_HA_MASTER_NAME}" "REDIS_URL=${REDIS_HA_SENTINELS}")
  if [[ "$directory" == k8s/api ]]; then
    environment+=("REDIS_MIN_REPLICAS=${REDIS_HA_MIN_REPLICAS}")
  fi
  run_piped kubectl set env --local -f "${directory}/deployment.yaml" "${environment[@]}" --output=yaml \
    '|' kubectl --context "$CONTEXT" --namespace "$NAMESPACE" apply -f -
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
  local backlog="kubectl --context ${CONTEXT} -n ${NAMESPACE} exec deploy/redis -- redis-cli XLEN write_queue"
  if $REDIS_HA; then
    # Either node holds the whole stream; the Sentinels name the primary.
    backlog="kubectl --context ${CONTEXT} -n ${NAMESPACE} exec redis-ha-0 -c redis -- redis-cli XLEN write_queue
Primary (redis-ha-0 until a failover):
  kubectl --context ${CONTEXT} -n ${NAMESPACE} exec redis-sentinel-0 -- redis-cli -p 26379 SENTINEL get-master-addr-by-name ${REDIS_HA_MASTER_NAME}"
  fi
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

Writers (no autoscaler; MongoDB's budget, not CPU, bounds the drain, see docs/kubernetes.md;
a re-run of setup.sh keeps the count):
  kubectl --context ${CONTEXT} -n ${NAMESPACE} scale deployment/writer-service --replicas=N
Backlog:
  ${backlog}
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
  if ! $BUILD; then
    check_images_present
  fi
  ensure_cluster
  remove_original_app
  check_redis_topology

  local api_before="" writer_before=""
  if $BUILD; then
    if ! $DRY_RUN; then
      api_before="$(image_id "$API_IMAGE")"
      writer_before="$(image_id "$WRITER_IMAGE")"
    fi
    build_images
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
  install_redis
  wait_rollout deployment/mongo "$ROLLOUT_TIMEOUT"
  wait_for_redis

  check_metrics_server
  # No replica count in k8s/api/deployment.yaml: the HPA owns it, so a re-run keeps its scale.
  log "API service (10 to 100 pods, the HPA decides)"
  apply_service k8s/api
  log "Writer service"
  apply_writer
  # Same tag, new content: the Deployments did not change, so restart them onto the new image.
  if $BUILD && ! $DRY_RUN; then
    if [[ -n "$api_before" && "$api_before" != "$(image_id "$API_IMAGE")" ]]; then
      kube rollout restart deployment/api-service
    fi
    if [[ -n "$writer_before" && "$writer_before" != "$(image_id "$WRITER_IMAGE")" ]]; then
      kube rollout restart deployment/writer-service
    fi
  fi
  wait_rollout deployment/api-service "$ROLLOUT_TIMEOUT"
  wait_rollout deployment/writer-service "$ROLLOUT_TIMEOUT"

  wait_for_traefik
  check_ingress
  print_summary
  if $MONITORING; then
    install_monitoring
  fi
}

main "$@"
