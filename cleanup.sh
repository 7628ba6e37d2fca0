#!/usr/bin/env bash
# Removes what setup.sh created.
#
#   ./cleanup.sh                  delete the k3d cluster "assessment" (and with it every object)
#   ./cleanup.sh --keep-cluster   delete only the namespace "assessment" (data volumes included)
#                                 and the monitoring of setup.sh --monitoring, if installed
#   ./cleanup.sh --images         also remove the loadproof images from the local Docker
#   ./cleanup.sh --dry-run        print the commands, run none
#
# The /etc/hosts line (127.0.0.1 assessment.local) is left alone: it needs root to remove.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/scripts/lib.sh" # ROOT, log, warn, die, show, run, exists, ...
# shellcheck source=scripts/monitoring.sh
source "$(dirname "${BASH_SOURCE[0]}")/scripts/monitoring.sh" # remove_monitoring
# Under --dry-run: printed, not asked, and assumed to exist (there is something to remove).
DRY_RUN_ASSUMES_PRESENT=true

CLUSTER=assessment
CONTEXT="k3d-${CLUSTER}"
NAMESPACE=assessment
IMAGES=(loadproof/api-service:1.0.0 loadproof/writer-service:1.0.0)

KEEP_CLUSTER=false
REMOVE_IMAGES=false

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) DRY_RUN=true ;;
    --keep-cluster) KEEP_CLUSTER=true ;;
    --images) REMOVE_IMAGES=true ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      usage >&2
      die "unknown argument: $1"
      ;;
  esac
  shift
done

if $KEEP_CLUSTER; then
  command -v kubectl >/dev/null 2>&1 || missing_tools "kubectl: install kubectl (https://kubernetes.io/docs/tasks/tools/)"
  remove_monitoring
  log "Deleting namespace ${NAMESPACE} from cluster ${CLUSTER}"
  run kubectl --context "$CONTEXT" delete namespace "$NAMESPACE" --ignore-not-found --wait --timeout=180s
else
  command -v k3d >/dev/null 2>&1 || missing_tools "k3d: install k3d 5.x (https://k3d.io/#installation)"
  if exists k3d cluster get "$CLUSTER"; then
    log "Deleting k3d cluster ${CLUSTER}"
    run k3d cluster delete "$CLUSTER"
  else
    log "No k3d cluster ${CLUSTER}: nothing to delete"
  fi
fi

if $REMOVE_IMAGES; then
  command -v docker >/dev/null 2>&1 || missing_tools "docker: install Docker (https://docs.docker.com/get-docker/)"
  log "Removing the images"
  for image in "${IMAGES[@]}"; do
    if exists docker image inspect "$image"; then
      run docker image rm "$image"
    fi
  done
fi

log "Done. Remove \"127.0.0.1 assessment.local\" from /etc/hosts yourself if you added it."
