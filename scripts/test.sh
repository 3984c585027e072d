#!/usr/bin/env bash
# Set up, start a throwaway test Neo4j (its own port and data folder, so your demo graph is
# never touched), install headless Chromium if missing, run the whole test suite, stop Neo4j.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "error: the browser tests need /usr/bin/chromium: sudo apt-get install chromium chromium-driver" >&2
    exit 1
  fi
fi

export GRAPHKIT_HOME="${GRAPHKIT_TEST_HOME:-$PWD/.graphkit/test}"
export GRAPHKIT_NEO4J_BOLT_PORT="${GRAPHKIT_TEST_BOLT_PORT:-7688}"
export GRAPHKIT_NEO4J_URI="bolt://127.0.0.1:${GRAPHKIT_NEO4J_BOLT_PORT}"
export GRAPHKIT_REQUIRE_NEO4J=1
unset GRAPHKIT_NEO4J_PASSWORD GRAPHKIT_STORE

started=0
if ! .venv/bin/graphkit neo4j status >/dev/null 2>&1; then
  .venv/bin/graphkit neo4j start
  started=1
fi
cleanup() { if [ "$started" = 1 ]; then .venv/bin/graphkit neo4j stop || true; fi; }
trap cleanup EXIT

.venv/bin/python -m pytest -ra "$@"
