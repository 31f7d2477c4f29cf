#!/usr/bin/env bash
# Checks the image tarballs of `./mvnw -Pimages -DskipTests verify` without Docker: for each image it reads the
# image config (non-root user, entrypoint, exposed port, no Jib /app layer left), unpacks its layers in order into a
# directory, and runs the image's own entrypoint with the image's own Java in that directory (chroot, as user 185,
# with /proc and /dev mounted in a private mount namespace, on the host network) against a real Kafka and
# PostgreSQL, as deploy/ runs it (QUARKUS_PROFILE=prod,cluster):
#   services  ready on /q/health/ready, GET /q/metrics has the service's thunderline_* meters, logs are JSON lines,
#             and the process stops cleanly on SIGTERM;
#   upm-agent GET /health answers ok.
# Kafka and PostgreSQL: the ones named by KAFKA_BOOTSTRAP_SERVERS and PG_URL (PG_USER, PG_PASSWORD) if set, else
# test-infra's (started here and stopped at the end; needs `./mvnw install -DskipTests -pl test-infra -am`).
#
# Usage: deploy/images-check.sh [module ...]    (default: the five services and agent-sdk)
# Needs root (chroot, unshare), python3; no Docker, no registry. Work files in deploy/target/images-check/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/deploy/target/images-check"
MODULES=("$@")
[ ${#MODULES[@]} -gt 0 ] || MODULES=(dataset-service trainer-service upm-service tracking-service prompt-ui-service agent-sdk)

declare -A METER=(
  [dataset-service]=thunderline_datasets_created_total
  [trainer-service]=thunderline_jobs
  [upm-service]=thunderline_upm_adapter_sync_lag_seconds
  [tracking-service]=thunderline_mlflow_backlog
  [prompt-ui-service]=thunderline_sse_clients
)

fail() { echo "[images-check] FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (chroot and a private mount namespace)"
mkdir -p "$WORK"
started=()
cleanup() {
  for pgid in "${started[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null || true; done
  for pgid in "${started[@]}"; do
    for _ in $(seq 1 50); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pgid" 2>/dev/null || true
  done
}
trap cleanup EXIT

CHROOT="$(command -v chroot)"
# Runs a command inside an unpacked image: a private mount namespace with /proc and /dev, chroot as user 185, only the
# given environment. (The JVM needs /proc: glibc resolves the launcher's $ORIGIN library path through it.)
in_image() {
  local rootfs="$1"; shift
  unshare --mount --propagation private bash -c '
      set -e; root="$1"; shift
      mount -t proc proc "$root/proc"; mount --bind /dev "$root/dev"
      exec "$@"' _ "$rootfs" "$@"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- Kafka and PostgreSQL
if [ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ] || [ -z "${PG_URL:-}" ]; then
  [ -d "$ROOT/test-infra/target/lib" ] || fail "no KAFKA_BOOTSTRAP_SERVERS/PG_URL and test-infra is not built (./mvnw install -DskipTests -pl test-infra -am)"
  envfile="$WORK/infra.env"
  rm -f "$envfile"
  echo "[images-check] starting Kafka and PostgreSQL (test-infra) ..."
  setsid java -Xmx256m -cp "$ROOT/test-infra/target/classes:$ROOT/test-infra/target/lib/*" -Dthunderline.root="$ROOT" \
    io.thunderline.infra.SharedInfraMain "$envfile" > "$WORK/infra.log" 2>&1 &
  started+=($!)
  for _ in $(seq 1 360); do [ -f "$envfile" ] && break; sleep 0.5; done
  [ -f "$envfile" ] || { tail -30 "$WORK/infra.log"; fail "test servers not ready after 180 s"; }
  # shellcheck disable=SC1090
  . "$envfile"
fi
PG_USER="${PG_USER:-postgres}"
PG_PASSWORD="${PG_PASSWORD:-postgres}"
echo "[images-check] Kafka $KAFKA_BOOTSTRAP_SERVERS, PostgreSQL $PG_URL"

# --- one image
check_image() {
  local module="$1" tarball="$ROOT/$1/target/jib-image.tar" dir="$WORK/$1"
  [ -f "$tarball" ] || fail "$tarball missing: ./mvnw -Pimages -DskipTests verify -pl $module -am"
  rm -rf "$dir" && mkdir -p "$dir/image" "$dir/rootfs"
  tar -xf "$tarball" -C "$dir/image"
  # image config: user, entrypoint, port, environment; the layers in order
  python3 - "$dir/image" > "$dir/config.sh" <<'PY'
import json, shlex, sys, os
d = sys.argv[1]
manifest = json.load(open(os.path.join(d, "manifest.json")))[0]
config = json.load(open(os.path.join(d, manifest["Config"])))
c = config["config"]
print("IMAGE_TAG=" + shlex.quote(manifest["RepoTags"][0]))
print("IMAGE_USER=" + shlex.quote(c.get("User", "")))
print("IMAGE_ENTRYPOINT=(" + " ".join(shlex.quote(a) for a in c.get("Entrypoint") or []) + ")")
print("IMAGE_PORTS=" + shlex.quote(" ".join(c.get("ExposedPorts", {}).keys())))
print("IMAGE_ENV=(" + " ".join(shlex.quote(e) for e in c.get("Env", [])) + ")")
print("IMAGE_LAYERS=(" + " ".join(shlex.quote(l) for l in manifest["Layers"]) + ")")
PY
  # shellcheck disable=SC1090
  . "$dir/config.sh"
  echo "[images-check] $module: $IMAGE_TAG, user $IMAGE_USER, ports $IMAGE_PORTS, ${#IMAGE_LAYERS[@]} layers, entrypoint ${IMAGE_ENTRYPOINT[*]}"
  [ "$IMAGE_USER" = 185 ] || fail "$module: image user is '$IMAGE_USER', not the non-root 185"
  [ -n "$IMAGE_PORTS" ] || fail "$module: no exposed port"
  [ "${IMAGE_ENTRYPOINT[0]}" = java ] || fail "$module: entrypoint does not start java"
  # Jib writes libarchive time headers GNU tar does not know: harmless
  for layer in "${IMAGE_LAYERS[@]}"; do tar --warning=no-unknown-keyword -xf "$dir/image/$layer" -C "$dir/rootfs"; done
  [ ! -e "$dir/rootfs/app/libs" ] && [ ! -e "$dir/rootfs/app/classes" ] || fail "$module: Jib's /app layers were not filtered out"
  du -sh "$tarball" "$dir/rootfs" | sed "s|^|[images-check] $module size: |"

  mkdir -p "$dir/rootfs/proc" "$dir/rootfs/dev"
  local port; port=$(free_port)
  local image_path; image_path=$(printf '%s\n' "${IMAGE_ENV[@]}" | sed -n 's/^PATH=//p')
  local -a run_env=("${IMAGE_ENV[@]}" "HOME=/deployments" "QUARKUS_PROFILE=prod,cluster" "QUARKUS_HTTP_PORT=$port"
    "KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS" "PG_URL=$PG_URL" "PG_USER=$PG_USER" "PG_PASSWORD=$PG_PASSWORD"
    "JAVA_TOOL_OPTIONS=-Xmx384m -XX:+ExitOnOutOfMemoryError")
  local -a command=("${IMAGE_ENTRYPOINT[@]}")
  # the entrypoint's `java` is looked up on the image's PATH, inside the image
  command[0]="$(for p in ${image_path//:/ }; do [ -x "$dir/rootfs$p/java" ] && { echo "$p/java"; break; }; done)"
  [ -n "${command[0]}" ] || fail "$module: no java on the image's PATH ($image_path)"
  if [ "$module" = agent-sdk ]; then
    command+=(--agent-id=images-check --families=sentiment_analysis "--port=$port" --bind=127.0.0.1)
  fi

  in_image "$dir/rootfs" env -i "${IMAGE_ENV[@]}" "$CHROOT" --userspec=185:185 "$dir/rootfs" "${command[0]}" -version \
    > "$dir/java-version.txt" 2>&1 || { cat "$dir/java-version.txt"; fail "$module: the image's java does not run"; }
  head -1 "$dir/java-version.txt" | sed "s|^|[images-check] $module: |"

  local log="$dir/run.log" t0; t0=$(date +%s.%N)
  export -f in_image
  setsid bash -c 'in_image "$@"' _ "$dir/rootfs" env -i "${run_env[@]}" "$CHROOT" --userspec=185:185 "$dir/rootfs" \
    "${command[@]}" > "$log" 2>&1 < /dev/null &
  local pgid=$!
  started+=("$pgid")
  local url="http://127.0.0.1:$port" ready_path=/q/health/ready
  [ "$module" = agent-sdk ] && ready_path=/health
  for _ in $(seq 1 600); do
    if curl -sf -o /dev/null "$url$ready_path"; then break; fi
    kill -0 "$pgid" 2>/dev/null || { tail -40 "$log"; fail "$module exited before it was ready"; }
    sleep 0.3
  done
  curl -sf -o /dev/null "$url$ready_path" || { tail -40 "$log"; fail "$module not ready within 180 s"; }
  printf '[images-check] %s: ready in %.1f s (%s)\n' "$module" "$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN {print a - b}')" "$url$ready_path"

  if [ "$module" != agent-sdk ]; then
    local meter="${METER[$module]}"
    curl -sf "$url/q/metrics" > "$dir/metrics.txt" || fail "$module: GET /q/metrics failed"
    grep -q "^$meter" "$dir/metrics.txt" || fail "$module: /q/metrics has no $meter"
    grep -q '^jvm_memory_used_bytes' "$dir/metrics.txt" || fail "$module: /q/metrics has no JVM meters"
    # (the JVM's own "Picked up JAVA_TOOL_OPTIONS" line on stderr is not a log line)
    grep -q '^{"timestamp"' "$log" && ! grep -qE '^[0-9]{2}:[0-9]{2}:[0-9]{2}[.,][0-9]{3} ' "$log" \
      || { head -5 "$log"; fail "$module: the log is not JSON lines (profile cluster)"; }
    echo "[images-check] $module: /q/metrics has $meter ($(grep -c '^thunderline_' "$dir/metrics.txt") thunderline_* series), JSON log"
  fi
  # natives the image lacks: upm-service's codec warm-up at start (and the agent's before its first adapter) says so
  if grep -q 'cannot load its native library\|UnsatisfiedLinkError' "$log"; then
    grep -m1 'cannot load its native library\|UnsatisfiedLinkError' "$log" | cut -c1-600; fail "$module: a native library cannot load"
  fi
  kill -TERM -- "-$pgid"
  for _ in $(seq 1 150); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 -- "-$pgid" 2>/dev/null; then kill -KILL -- "-$pgid"; fail "$module did not stop within 30 s of SIGTERM"; fi
  started=("${started[@]/$pgid}")
  echo "[images-check] $module: OK"
}

for m in "${MODULES[@]}"; do check_image "$m"; done
echo "[images-check] ${#MODULES[@]} images passed"
