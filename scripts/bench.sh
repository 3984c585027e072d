#!/usr/bin/env bash
# Run every benchmark in bench/ against its own Neo4j (separate port and data folder, so
# nothing of yours is touched). Usage: scripts/bench.sh small|large
# (GRAPHKIT_BENCH_PORT moves that server off 7689, e.g. when another checkout benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-small}
bash scripts/setup.sh
export GRAPHKIT_HOME="$PWD/.graphkit/bench"
port=${GRAPHKIT_BENCH_PORT:-7689}
export GRAPHKIT_NEO4J_BOLT_PORT="$port"
export GRAPHKIT_NEO4J_URI="bolt://127.0.0.1:$port"
unset GRAPHKIT_NEO4J_PASSWORD GRAPHKIT_STORE
if [ "$size" = large ]; then
  # the 10k-actor / 500k-relation graph and its evidence: keep them in memory
  export GRAPHKIT_NEO4J_HEAP="${GRAPHKIT_NEO4J_HEAP:-2g}"
  export GRAPHKIT_NEO4J_PAGECACHE="${GRAPHKIT_NEO4J_PAGECACHE:-2g}"
fi
started=0
if ! .venv/bin/graphkit neo4j status >/dev/null 2>&1; then
  .venv/bin/graphkit neo4j start
  started=1
fi
trap '[ "$started" = 1 ] && .venv/bin/graphkit neo4j stop || true' EXIT
# this server is the benchmarks' scratch space: start from an empty graph (bench_writes
# needs one; bench_api builds its synthetic graph again)
.venv/bin/python bench/gen_graph.py --clear
.venv/bin/python bench/run.py --size "$size"
