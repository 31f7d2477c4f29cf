#!/usr/bin/env bash
# Language-model benchmark: for each instruction/chat set, held-out (leave-one-out / k-fold) ROUGE-L and embedding
# cosine of (a) ml-core's character model, (b) SmolLM2-135M-Instruct zero-shot, (c) the job's model (the same
# model with the nearest examples as few-shot chat turns, settings chosen on held-out examples); train time,
# generation tokens/s, p50/p99 latency of a 64-token answer, peak RSS (one JVM per set).
#   bench/llm/run.sh          full run: 2 template sets + 2 chatterbot-corpus sets (raw JSON lines in results/)
#   bench/llm/run.sh --tiny   smoke run: the first 3 examples of one set (under a minute with the build)
#   bench/llm/run.sh --no-length-hint   full run without telling the model its answers' length (a control)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TINY=""
HINT=""
for ARG in "$@"; do
  case "$ARG" in
    --tiny) TINY="--tiny" ;;
    # measure the job without telling the model its answers' length (what the hint gives)
    --no-length-hint) HINT="--no-length-hint" ;;
    *) echo "unknown option $ARG (use --tiny, --no-length-hint)" >&2; exit 2 ;;
  esac
done
WORK="$HERE/out"
mkdir -p "$WORK" "$HERE/results"

"$ROOT/bin/fetch-models"
# the public question/answer set: chatterbot-corpus 1.3.3 from PyPI (BSD-3), pinned
CORPUS_WHEEL="chatterbot_corpus-1.3.3-py2.py3-none-any.whl"
CORPUS_SHA256="86de5300afb9a80826386339d3bec79c0a72eb0358abb8327e2ecef5ae0ce154"
if [[ ! -d "$WORK/corpus/chatterbot_corpus" ]]; then
  python3 -m pip download --quiet --disable-pip-version-check --no-deps -d "$WORK" chatterbot-corpus==1.3.3
  [[ "$(sha256sum "$WORK/$CORPUS_WHEEL" | cut -d' ' -f1)" == "$CORPUS_SHA256" ]] || { echo "chatterbot-corpus wheel checksum mismatch" >&2; exit 1; }
  python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" "$WORK/$CORPUS_WHEEL" "$WORK/corpus"
fi
python3 -c "import yaml" 2>/dev/null || python3 -m pip install --quiet pyyaml
mkdir -p "$WORK/sets"
python3 "$HERE/export_sets.py" "$ROOT" "$WORK/corpus" "$WORK/sets" 40

(cd "$ROOT" && ./mvnw -q -pl llm-core -am install -DskipTests && ./mvnw -q -pl llm-core test-compile \
   dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt")
CP="$ROOT/llm-core/target/classes:$ROOT/llm-core/target/test-classes:$(cat "$WORK/classpath.txt")"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$HERE/results/$STAMP${TINY:+-tiny}${HINT:+-no-length-hint}.jsonl"
SETS="templates-instruction templates-chat chatterbot-tech-support chatterbot-science"
[[ -n "$TINY" ]] && SETS="templates-chat"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
for SET in $SETS; do
  # an instruction set is trained as an instruction_following job is: demonstrations of the request's own task only
  KIND=""; [[ "$SET" == *instruction* ]] && KIND="--instructions"
  java -Xmx1g -cp "$CP" io.thunderline.llm.bench.LlmBenchmark "$SET" "$WORK/sets/$SET.jsonl" "$RESULTS" $TINY $KIND $HINT
done
{
  echo "Command: bench/llm/run.sh $TINY $HINT"
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB;" \
       "load average at start: $LOAD_START, at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Java: $(java -version 2>&1 | head -1)"
  echo "Raw results: bench/llm/results/$(basename "$RESULTS")"
  echo
  python3 "$HERE/table.py" "$RESULTS"
} | tee "${RESULTS%.jsonl}.md"
