#!/usr/bin/env bash
# service-support's outbox relay against Kafka's own producer, in one run: relay events/s vs a plain KafkaProducer loop
# with the same settings, and outbox insert -> consumer latency (docs/benchmarks-events.md). Examples:
#   bench/events/run.sh --tiny                          # smoke: 2,000 events, 300 latency samples
#   bench/events/run.sh --events 50000 --latency-events 5000 --rate 1000
# Starts its own PostgreSQL and Kafka (test-infra) unless PG_URL / KAFKA_BOOTSTRAP_SERVERS name running ones.
# The output is also kept in bench/events/results/<UTC time>[-tiny].txt.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# always rebuild what is measured (service-support, the Kafka runtime of test-infra, this harness) from this tree
echo "[bench-events] building service-support and the harness from this tree ..."
(cd "$ROOT" && ./mvnw -q -B install -DskipTests -pl bench/events -am)
mkdir -p "$HERE/target/tmp" "$HERE/results"
RAW="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ)$([[ " $* " == *" --tiny "* ]] && echo -tiny || true).txt"
echo "[bench-events] output also in $RAW"
java -Xmx1g -Djava.io.tmpdir="$HERE/target/tmp" -Dthunderline.root="$ROOT" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$HERE/target/classes:$HERE/target/lib/*" io.thunderline.bench.events.EventsBench "$@" 2>&1 | tee "$RAW"
