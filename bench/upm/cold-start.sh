#!/usr/bin/env bash
# Cold-start experiments of the adapter sync (issue 19; docs/benchmarks-upm.md, "2026-12-07: a warm broker, JDK 25 and its AOT cache").
# Starts Kafka + PostgreSQL (+ MLflow) with test-infra, optionally warms the broker from a JVM of its own (bare fan-out of
# 100 consumer/producer pairs, 60 rounds), then runs AdapterSyncBenchmark with 100 agents, 10 warm-up + 10 measured rounds,
# with cpu-sample.py recording every process's CPU beside it (cpu-rounds.py prints it per round at the end).
# Needs the build of bench/upm/run.sh (system-tests/target/bench-classpath.txt).
#   bench/upm/cold-start.sh NAME WARM_BROKER(0|1) [JVM options of the agents JVM]; JAVA=/path/to/java for another JDK
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"; cd "$ROOT"
NAME=$1; WARM=$2; shift 2
D="$ROOT/bench/upm/out/cold-$NAME"; rm -rf $D; mkdir -p $D
# an AOT cache (JDK 24+) takes only jars: SYNC_TESTS_JAR names a jar of system-tests/target/test-classes then
SYNC_CP="${SYNC_TESTS_JAR:-$ROOT/system-tests/target/test-classes}:$(cat $ROOT/system-tests/target/bench-classpath.txt)"
${JAVA:-java} -cp "$SYNC_CP" io.thunderline.infra.SharedInfraMain $D/infra.env > $D/infra.log 2>&1 &
IPID=$!
for i in $(seq 1 120); do [[ -f $D/infra.env ]] && break; sleep 1; done
source $D/infra.env
if [[ $WARM == 1 ]]; then
  ${JAVA:-java} -cp "$SYNC_CP" io.thunderline.system.upm.bench.KafkaFanOutBaseline "$KAFKA_BOOTSTRAP_SERVERS" 100 60 9000 2>&1 | grep -v WARN | tail -2
fi
echo "load before: $(cat /proc/loadavg)"
python3 "$ROOT/bench/upm/cpu-sample.py" $D/cpu.tsv &
SAMPLER=$!
# the agents' JVM as bench/upm/run.sh starts it (C1 only, as the agent image runs); later options override
${JAVA:-java} -Xms4g -Xmx4g -XX:+AlwaysPreTouch -XX:+UseZGC -XX:TieredStopAtLevel=1 "$@" -cp "$SYNC_CP" io.thunderline.system.upm.bench.AdapterSyncBenchmark 100 10 $D/out $D/results.jsonl 10 > $D/bench.log 2>&1 || echo "bench failed"
touch $D/cpu.tsv.stop; wait $SAMPLER || true
echo "load after: $(cat /proc/loadavg)"
python3 "$ROOT/bench/upm/cpu-rounds.py" $D/cpu.tsv $D/bench.log | tee $D/cpu-rounds.txt
grep -E "round [0-9]+ stages" $D/bench.log | head -10
grep "first 10" $D/results.jsonl | python3 -c "import sys,json; [print({k:v for k,v in json.loads(l).items() if k in ('p50_ms','p99_ms','max_ms','what','name')}) for l in sys.stdin]"
kill $IPID; wait $IPID || true
