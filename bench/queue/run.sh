#!/usr/bin/env bash
# Throughput of trainer-service's PostgreSQL job queue: enqueue -> claim -> complete with no-op work, at 1, 2 and 4
# workers, next to a plain SKIP LOCKED queue as a baseline. Examples:
#   bench/queue/run.sh --tiny                        # quick check: 200 jobs per run
#   bench/queue/run.sh --jobs 5000 --workers 1,2,4   # the numbers in docs/benchmarks-queue.md
#   --batch N: the batch of the batched trainer queue (default 50)
# Starts its own PostgreSQL (test-infra's PostgresServer) unless PG_URL names a running one. The output is also kept in
# bench/queue/results/<UTC time>[-tiny].txt.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# Always rebuild what is measured (trainer-service and what it needs, then this harness) from this tree: Maven's
# incremental build makes that quick when nothing changed, and a stale installed jar can never be measured.
echo "[bench-queue] building trainer-service and the harness from this tree ..."
(cd "$ROOT" && ./mvnw -q -B install -DskipTests -pl bench/queue -am)
mkdir -p "$HERE/target/tmp"

# The reference: Oban. Its Elixir original needs Hex, which this machine cannot reach; its Python implementation by the
# same authors ("oban" on PyPI) needs Python 3.12+. Use it when such a Python is found (BENCH_OBAN=0 skips it).
OBAN=()
if [ "${BENCH_OBAN:-1}" = "1" ]; then
  PY=""
  for candidate in python3.13 python3.12 "$HOME/.pyenv/versions/3.13.0/bin/python3.13" "$HOME/.pyenv/versions/3.12.1/bin/python3.12" python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      PY="$(command -v "$candidate")"; break
    fi
  done
  if [ -n "$PY" ]; then
    if [ ! -x "$HERE/target/venv/bin/python" ]; then
      "$PY" -m venv "$HERE/target/venv"
      "$HERE/target/venv/bin/pip" install --disable-pip-version-check -q "oban==0.7.0" "psycopg-binary==3.3.9"
    fi
    OBAN=(--oban "$HERE/target/venv/bin/python")
  else
    echo "[bench-queue] no Python 3.12+ found: Oban (oban.py) is not run"
  fi
fi
mkdir -p "$HERE/results"
RAW="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ)$([[ " $* " == *" --tiny "* ]] && echo -tiny || true).txt"
echo "[bench-queue] output also in $RAW"
java -Xmx1g -Djava.io.tmpdir="$HERE/target/tmp" -Dthunderline.root="$ROOT" \
  -cp "$HERE/target/classes:$HERE/target/lib/*" io.thunderline.bench.queue.QueueBench "${OBAN[@]}" "$@" 2>&1 | tee "$RAW"
