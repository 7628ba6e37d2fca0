# shellcheck shell=bash
# The optional monitoring of setup.sh --monitoring (and its removal by cleanup.sh), sourced after
# scripts/lib.sh by both; it does nothing on its own. Namespace monitoring gets Prometheus,
# kube-state-metrics and Grafana from k8s/monitoring/: plain manifests, official images. The
# files that are not Kubernetes objects (prometheus.yml, rules.yaml, dashboard.json) become
# ConfigMaps here, and the Deployments carry their digest, so a changed file restarts its pod.
# Uses CONTEXT and ROLLOUT_TIMEOUT of the sourcing script.

MONITORING_NAMESPACE=monitoring
MONITORING_DIR=k8s/monitoring
GRAFANA_LOCAL_PORT=3000
PROMETHEUS_LOCAL_PORT=9090

monitoring_kube() {
  run kubectl --context "$CONTEXT" --namespace "$MONITORING_NAMESPACE" "$@"
}

# A ConfigMap made from files (KEY=PATH ...), created or updated.
monitoring_configmap() {
  local name=$1
  shift
  local sources=() source
  for source in "$@"; do
    sources+=("--from-file=${source}")
  done
  run_piped kubectl --context "$CONTEXT" --namespace "$MONITORING_NAMESPACE" create configmap "$name" \
    "${sources[@]}" --dry-run=client --output=yaml '|' kubectl --context "$CONTEXT" apply -f -
}

# Applies a manifest with the digest of the given files in place of "loadproof/config-digest: none".
monitoring_apply_with_digest() {
  local manifest=$1 digest
  shift
  digest="$(cat "$@" | cksum | cut -d ' ' -f 1)"
  printf "+ sed 's/config-digest: none/config-digest: \"%s\"/' %s | kubectl --context %s apply -f -\n" \
    "$digest" "$manifest" "$CONTEXT"
  if ! $DRY_RUN; then
    sed "s/config-digest: none/config-digest: \"${digest}\"/" "$manifest" | kubectl --context "$CONTEXT" apply -f -
  fi
}

monitoring_admin_secret() {
  if exists kubectl --context "$CONTEXT" --namespace "$MONITORING_NAMESPACE" get secret grafana-admin; then
    echo "secret grafana-admin exists; kept as it is"
    return
  fi
  if $DRY_RUN; then
    show kubectl --context "$CONTEXT" --namespace "$MONITORING_NAMESPACE" create secret generic grafana-admin \
      "--from-file=password=<file with 32 random bytes in hex>"
    return
  fi
  local file
  file="$(mktemp)"
  (umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$file")
  monitoring_kube create secret generic grafana-admin "--from-file=password=${file}"
  rm -f "$file"
}

install_monitoring() {
  log "Monitoring in namespace ${MONITORING_NAMESPACE}: Prometheus, kube-state-metrics, Grafana (requests: $(cpus "$REQUESTS_MILLICPU_MONITORING") CPUs, $(gib "$REQUESTS_MIB_MONITORING") GiB more)"
  run kubectl --context "$CONTEXT" apply -f "${MONITORING_DIR}/namespace.yaml"
  monitoring_admin_secret
  monitoring_configmap prometheus-config "prometheus.yml=${MONITORING_DIR}/prometheus.yml"
  monitoring_configmap prometheus-rules "rules.yaml=${MONITORING_DIR}/rules.yaml"
  monitoring_configmap grafana-dashboards "dashboard.json=${MONITORING_DIR}/dashboard.json"
  run kubectl --context "$CONTEXT" apply -f "${MONITORING_DIR}/kube-state-metrics.yaml"
  monitoring_apply_with_digest "${MONITORING_DIR}/prometheus.yaml" "${MONITORING_DIR}/prometheus.yml" "${MONITORING_DIR}/rules.yaml"
  monitoring_apply_with_digest "${MONITORING_DIR}/grafana.yaml" "${MONITORING_DIR}/dashboard.json"
  local deployment
  for deployment in kube-state-metrics prometheus grafana; do
    monitoring_kube rollout status "deployment/${deployment}" "--timeout=${ROLLOUT_TIMEOUT}" ||
      die "deployment/${deployment} of namespace ${MONITORING_NAMESPACE} is not ready: kubectl --context ${CONTEXT} -n ${MONITORING_NAMESPACE} describe pods -l app=${deployment}"
  done
  local k="kubectl --context ${CONTEXT} -n ${MONITORING_NAMESPACE}" state="is"
  if $DRY_RUN; then
    state="would be"
  fi
  cat <<EOF

==> Monitoring ${state} up in namespace ${MONITORING_NAMESPACE}

Grafana (its home page is the dashboard "Load-proof platform"; viewing needs no login):
  ${k} port-forward svc/grafana ${GRAFANA_LOCAL_PORT}:3000    then open http://localhost:${GRAFANA_LOCAL_PORT}
Grafana's admin password (user admin):
  ${k} get secret grafana-admin -o jsonpath='{.data.password}' | base64 -d
Prometheus and its alerts:
  ${k} port-forward svc/prometheus ${PROMETHEUS_LOCAL_PORT}:9090    then open http://localhost:${PROMETHEUS_LOCAL_PORT}/alerts
EOF
}

# What install_monitoring made: the namespace (its volume with it) and the RBAC objects outside
# it (the ClusterRole and its binding, the Roles in namespace assessment).
remove_monitoring() {
  log "Deleting the monitoring (namespace ${MONITORING_NAMESPACE} and its RBAC objects)"
  run kubectl --context "$CONTEXT" delete clusterrolebinding,clusterrole loadproof-prometheus --ignore-not-found
  run kubectl --context "$CONTEXT" --namespace assessment delete rolebinding,role \
    loadproof-prometheus loadproof-kube-state-metrics --ignore-not-found
  run kubectl --context "$CONTEXT" delete namespace "$MONITORING_NAMESPACE" --ignore-not-found --wait --timeout=180s
}
