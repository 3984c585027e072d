"""GET /export over both real stores: streamed rows, files, the graph, and its limit."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from store.fixture_graph import both_articles

from graphkit.export import COLUMN_NAMES

N_EVIDENCE = sum(len(ex.relations) for ex in both_articles())


def test_csv_is_streamed_with_every_column(client: TestClient) -> None:
    with client.stream("GET", "/export", params={"format": "csv"}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/csv")
        assert "attachment" in r.headers["content-disposition"]
        assert "content-length" not in r.headers  # streamed, not buffered
        text = r.read().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMN_NAMES and len(rows) == N_EVIDENCE


def test_jsonl_with_filters(client: TestClient) -> None:
    r = client.get("/export", params={"format": "jsonl", "types": "REQUEST", "since": "2024-11-01"})
    assert r.status_code == 200, r.text
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert [(x["event_type"], x["event_date"]) for x in lines] == [("REQUEST", "2024-11-05")]


@pytest.mark.parametrize("fmt", ["parquet", "graphml", "gexf"])
def test_file_formats(client: TestClient, fmt: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/export", params={"format": fmt})
    assert r.status_code == 200, r.text
    out = tmp_path / f"x.{fmt}"
    out.write_bytes(r.content)
    if fmt == "parquet":
        assert pq.read_table(out).num_rows == N_EVIDENCE
    else:
        g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
        assert "PRK" in g and g.number_of_edges() >= 10


@pytest.mark.parametrize(
    ("params", "text"),
    [({"format": "xlsx"}, "format"), ({"format": "csv", "types": "LOVES"}, "LOVES")],
)
def test_bad_export_requests(client: TestClient, params: dict[str, str], text: str) -> None:
    r = client.get("/export", params=params)
    assert r.status_code == 422 and text in r.text


def test_exports_beyond_the_limit_are_refused(client: TestClient) -> None:
    limits = client.app.state.limits  # type: ignore[attr-defined]
    for _ in range(limits.sizes["exports"]):
        assert limits.try_acquire("exports")
    try:
        r = client.get("/export")
        assert r.status_code == 503 and r.headers["retry-after"]
    finally:
        for _ in range(limits.sizes["exports"]):
            limits.release("exports")
    assert client.get("/export").status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_finished_export_gives_its_slot_back(client: TestClient, fmt: str) -> None:
    limits = client.app.state.limits  # type: ignore[attr-defined]
    for _ in range(limits.sizes["exports"] + 2):
        assert client.get("/export", params={"format": fmt}).status_code == 200
    assert limits.full("exports") is False
