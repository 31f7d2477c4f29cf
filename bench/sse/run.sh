#!/usr/bin/env bash
# SSE fan-out benchmark of one prompt-ui-service instance. Examples:
#   bench/sse/run.sh --tiny                               # CI: 20 clients, 100 updates/s, 5 s
#   bench/sse/run.sh --clients 10000 --rate 1000 --seconds 30 --mode own
#   bench/sse/run.sh --clients 1000 --rate 1000 --seconds 30 --mode all
#   UI_CPUS=0 BENCH_CPUS=1 bench/sse/run.sh ...           # page service and load generator pinned apart (taskset)
# Needs prompt-ui-service packaged (./mvnw -q install -DskipTests -pl prompt-ui-service -am). Starts its own Kafka and
# PostgreSQL unless KAFKA_BOOTSTRAP_SERVERS / PG_URL name running ones.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ulimit -n 65536 2>/dev/null || true
if [ ! -f "$ROOT/prompt-ui-service/target/quarkus-app/quarkus-run.jar" ]; then
  echo "[bench-sse] building prompt-ui-service ..."
  (cd "$ROOT" && ./mvnw -q -B install -DskipTests -pl prompt-ui-service -am)
fi
(cd "$ROOT" && ./mvnw -q -B -f bench/sse/pom.xml package -DskipTests)
# the machine is shared: the load before the run goes with its result (the program prints the load at its end)
echo "[bench-sse] load average before: $(cat /proc/loadavg)"
pin=()
[ -n "${BENCH_CPUS:-}" ] && pin=(taskset -c "$BENCH_CPUS")
exec ${pin[@]+"${pin[@]}"} java -Xmx2g -XX:+UseParallelGC -Dthunderline.root="$ROOT" \
  -cp "$HERE/target/classes:$HERE/target/lib/*" io.thunderline.bench.sse.SseFanOut "$@"
