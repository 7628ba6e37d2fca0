#!/usr/bin/env bash
# Removes what setup.sh created.
#
#   ./cleanup.sh                  delete the k3d cluster "assessment" (and with it every object)
#   ./cleanup.sh --keep-cluster   delete only the namespace "assessment" (data volumes included)
#   ./cleanup.sh --images         also remove the loadproof images from the local Docker
#   ./cleanup.sh --dry-run        print the commands, run none
#
# The /etc/hosts line (127.0.0.1 assessment.local) is left alone: it needs root to remove.
set -euo pipefail

CLUSTER=assessment
CONTEXT="k3d-${CLUSTER}"
NAMESPACE=assessment
IMAGES=(loadproof/api-service:1.0.0 loadproof/writer-service:1.0.0)

DRY_RUN=false
KEEP_CLUSTER=false
REMOVE_IMAGES=false

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

die() {
  printf 'cleanup.sh: %s\n' "$*" >&2
  exit 1
}

show() {
  local line="+" word escaped="'\\''"
  for word in "$@"; do
    if [[ "$word" =~ ^[A-Za-z0-9_./:=,@%+{}-]+$ ]]; then
      line+=" $word"
    else
      line+=" '${word//\'/$escaped}'"
    fi
  done
  printf '%s\n' "$line"
}

run() {
  show "$@"
  if ! $DRY_RUN; then
    "$@"
  fi
}

# Under --dry-run: printed, not run, and assumed true (there is something to remove).
exists() {
  if $DRY_RUN; then
    show "$@"
    return 0
  fi
  "$@" >/dev/null 2>&1
}

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
  command -v kubectl >/dev/null 2>&1 || die "kubectl not found"
  printf '==> Deleting namespace %s from cluster %s\n' "$NAMESPACE" "$CLUSTER"
  run kubectl --context "$CONTEXT" delete namespace "$NAMESPACE" --ignore-not-found --wait --timeout=180s
else
  command -v k3d >/dev/null 2>&1 || die "k3d not found"
  if exists k3d cluster get "$CLUSTER"; then
    printf '==> Deleting k3d cluster %s\n' "$CLUSTER"
    run k3d cluster delete "$CLUSTER"
  else
    printf '==> No k3d cluster %s: nothing to delete\n' "$CLUSTER"
  fi
fi

if $REMOVE_IMAGES; then
  command -v docker >/dev/null 2>&1 || die "docker not found"
  printf '==> Removing the images\n'
  for image in "${IMAGES[@]}"; do
    if exists docker image inspect "$image"; then
      run docker image rm "$image"
    fi
  done
fi

printf '==> Done. Remove "127.0.0.1 assessment.local" from /etc/hosts yourself if you added it.\n'
