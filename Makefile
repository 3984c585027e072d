# graphkit: the two commands a new user needs are `make demo` and `make test`.
.PHONY: setup demo test test-fast lint format bench bench-large neo4j-start neo4j-stop clean

setup:
	bash scripts/setup.sh

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh

# quick loop while developing: memory store only, no Neo4j, no browser
test-fast:
	.venv/bin/python -m pytest -q --backend memory -m "not neo4j and not browser and not slow"

lint:
	.venv/bin/ruff check graphkit api tests bench
	.venv/bin/ruff format --check graphkit api tests bench
	.venv/bin/mypy graphkit api

format:
	.venv/bin/ruff format graphkit api tests bench
	.venv/bin/ruff check --fix graphkit api tests bench

bench:
	bash scripts/bench.sh small

bench-large:
	bash scripts/bench.sh large

neo4j-start:
	.venv/bin/graphkit neo4j start

neo4j-stop:
	.venv/bin/graphkit neo4j stop

clean:
	rm -rf build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache tests/artifacts
