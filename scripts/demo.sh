#!/usr/bin/env bash
# Set up, start the embedded Neo4j, ingest the sample articles and serve the API and its views
# on 127.0.0.1. Ctrl-C stops the API; `graphkit neo4j stop` stops Neo4j.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/graphkit neo4j start
.venv/bin/graphkit ingest --samples || [ $? -eq 1 ]   # data/articles; 1 = some items rejected, rest ingested
exec .venv/bin/graphkit serve
