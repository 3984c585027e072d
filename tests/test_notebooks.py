"""The notebooks in ``notebooks/`` run top to bottom against the test Neo4j, as a user would.

Each is executed with nbclient in a fresh kernel running this interpreter (the ``.venv``),
from the repository root, with the ``GRAPHKIT_NEO4J_*`` environment of the test run. Any
failing cell fails the test. The saved files must carry no outputs and no driver code.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from graphkit.store.base import GraphStore

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
KERNEL = "graphkit-test-venv"


def test_the_three_notebooks_exist() -> None:
    assert NOTEBOOKS[:3] == [
        "01-quickstart.ipynb",
        "02-paths-and-neighbourhoods.ipynb",
        "03-analytics.ipynb",
    ]


def test_the_timelines_notebook_is_collected() -> None:
    assert "04-timelines.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_saved_without_outputs_and_without_driver_code(name: str) -> None:
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [], f"{name}: saved with outputs"
        assert cell.execution_count is None, f"{name}: saved with execution counts"
        for banned in ("import neo4j", "from neo4j", "GraphDatabase", "os.environ"):
            assert banned not in cell.source, f"{name}: {banned!r} in a cell"


@pytest.fixture(scope="module")
def kernel_dirs(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A kernel spec that runs this interpreter, whatever other kernels are installed."""
    base = tmp_path_factory.mktemp("kernels")
    spec = base / KERNEL
    spec.mkdir()
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec_json = {"argv": argv, "display_name": "graphkit .venv", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(spec_json), encoding="utf-8")
    return str(base)


@pytest.fixture(scope="module")
def empty_graph(_neo4j_session_store: GraphStore) -> Iterator[GraphStore]:
    """Start from an empty graph once: the notebooks ingest the sample articles themselves."""
    _neo4j_session_store.clear()
    yield _neo4j_session_store


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_top_to_bottom(name: str, kernel_dirs: str, empty_graph: GraphStore) -> None:
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    km = KernelManager(
        kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernel_dirs])
    )
    client = NotebookClient(
        nb,
        km=km,
        timeout=600,
        allow_errors=False,
        resources={"metadata": {"path": str(ROOT)}},
    )
    client.execute()  # raises CellExecutionError naming the failing cell
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "every code cell ran"
    # the notebooks' answers are not empty: the sample articles were ingested
    assert empty_graph.stats().actors > 0
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
