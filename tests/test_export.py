"""Export writers: event rows as CSV, JSON Lines and Parquet; the graph as GraphML and GEXF.
(The store-backed export is in tests/test_query_export.py.)"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from cli_runner import graphkit_in, store_env
from store.fixture_graph import both_articles

from graphkit.errors import ValidationError
from graphkit.export import (
    BATCH_ROWS,
    COLUMN_NAMES,
    EVENT_COLUMNS,
    check_format,
    event_row,
    export,
    iter_csv,
    iter_jsonl,
    write_graph,
    write_rows,
)
from graphkit.models import ActorNode, Edge, EdgeFilter, EvidenceRecord, Subgraph
from graphkit.ontology import default_ontology
from graphkit.store.base import GraphStore, rel_key

ONTO = default_ontology()
ACTORS = {
    "RUS": ActorNode(id="RUS", name="Russia", kind="state", country="RUS"),
    "PRK": ActorNode(id="PRK", name='North "Korea", <b>', kind="state", country="PRK"),
}


def evidence(i: int = 0, **kw: object) -> EvidenceRecord:
    base: dict[str, object] = dict(
        id=f"ev{i}",
        source="RUS",
        target="PRK",
        type="AID",
        mode="military",
        predicate="supplies",
        source_sector="MIL",
        sentence="Russia, it said, supplied\nshells to North Korea.",
        start=0,
        end=10,
        trigger="supplied",
        modality="reported",
        negated=False,
        confidence=0.8,
        article_id="art1",
        article_title="Shells, and more",
        article_url="https://example.org/a",
        published=date(2024, 6, 1),
    )
    base.update(kw)
    return EvidenceRecord.model_validate(base)


def test_event_row_carries_both_actors_and_the_article() -> None:
    r = event_row(evidence(), ACTORS, ONTO, publisher="Example Times")
    assert tuple(r) == COLUMN_NAMES
    assert r["source_name"] == "Russia" and r["source_sector"] == "MIL"
    assert r["target_country"] == "PRK" and r["target_sector"] is None
    assert r["quad_class"] == "material_cooperation" and r["event_mode"] == "military"
    assert r["publisher"] == "Example Times" and r["story_id"] == "art1"


def test_unknown_actor_leaves_its_fields_empty() -> None:
    r = event_row(evidence(source="XXX"), ACTORS, ONTO)
    assert r["source_id"] == "XXX" and r["source_name"] is None and r["source_kind"] is None


def test_csv_round_trips_quotes_commas_and_newlines() -> None:
    rows = [event_row(evidence(i), ACTORS, ONTO) for i in range(3)]
    text = "".join(iter_csv(rows))
    back = list(csv.DictReader(io.StringIO(text)))
    assert len(back) == 3 and tuple(back[0]) == COLUMN_NAMES
    assert back[0]["target_name"] == 'North "Korea", <b>'
    assert back[0]["sentence"] == "Russia, it said, supplied\nshells to North Korea."
    assert back[0]["event_date"] == "2024-06-01" and back[0]["negated"] == "False"


def test_csv_and_jsonl_stream_in_batches() -> None:
    rows = (event_row(evidence(i), ACTORS, ONTO) for i in range(BATCH_ROWS * 2 + 5))
    chunks = list(iter_jsonl(rows))
    assert len(chunks) == 3
    assert sum(c.count("\n") for c in chunks) == BATCH_ROWS * 2 + 5
    assert json.loads(chunks[0].splitlines()[0])["event_id"] == "ev0"
    csv_chunks = list(iter_csv(event_row(evidence(i), ACTORS, ONTO) for i in range(BATCH_ROWS + 1)))
    assert len(csv_chunks) == 2 and csv_chunks[0].startswith("event_id,event_date,")


def test_empty_exports_still_have_a_header_or_schema(tmp_path: Path) -> None:
    assert "".join(iter_csv([])) == ",".join(COLUMN_NAMES) + "\n"
    assert list(iter_jsonl([])) == []
    out = tmp_path / "e.parquet"
    assert write_rows([], "parquet", out) == 0
    table = pq.read_table(out)
    assert table.num_rows == 0 and tuple(table.column_names) == COLUMN_NAMES


def test_parquet_keeps_types(tmp_path: Path) -> None:
    out = tmp_path / "e.parquet"
    n = write_rows(
        (event_row(evidence(i), ACTORS, ONTO) for i in range(BATCH_ROWS + 3)), "parquet", out
    )
    table = pq.read_table(out)
    assert n == table.num_rows == BATCH_ROWS + 3
    first = table.slice(0, 1).to_pylist()[0]
    assert first["event_date"] == date(2024, 6, 1)
    assert first["negated"] is False and first["confidence"] == pytest.approx(0.8)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_write_rows_counts(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"e.{fmt}"
    assert write_rows([event_row(evidence(i), ACTORS, ONTO) for i in range(4)], fmt, out) == 4  # type: ignore[arg-type]
    assert out.read_text(encoding="utf-8").count("ev3") == 1


def graph() -> Subgraph:
    edge = Edge(
        source="RUS",
        target="PRK",
        type="AID",
        predicate="supplies",
        modalities=["reported"],
        modes=["military"],
        weight=3,
        first_seen=date(2024, 1, 1),
        last_seen=date(2024, 6, 1),
    )
    return Subgraph(
        nodes=list(ACTORS.values()), edges=[edge, edge.model_copy(update={"type": "CONSULT"})]
    )


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_formats_read_back_with_networkx(tmp_path: Path, fmt: str, reader) -> None:
    out = tmp_path / f"g.{fmt}"
    assert write_graph(graph(), fmt, out, ONTO) == 2  # type: ignore[arg-type]
    g = reader(out)
    assert set(g.nodes) == {"RUS", "PRK"}
    assert g.number_of_edges() == 2
    data = [d for _, _, d in g.edges(data=True)]
    assert {d["relation"] for d in data} == {"AID", "CONSULT"}
    assert any(int(d["weight"]) == 3 and d["first_seen"] == "2024-01-01" for d in data)


def test_graph_writer_refuses_a_row_format(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="event rows"):
        write_graph(graph(), "csv", tmp_path / "x", ONTO)


@pytest.mark.parametrize("bad", ["xlsx", "", "CSVX"])
def test_bad_format(bad: str) -> None:
    with pytest.raises(ValidationError, match="format must be one of csv, jsonl, parquet"):
        check_format(bad)
    assert check_format(" CSV ") == "csv"


# ------------------------------------------------------------- over a store


def test_export_rows_from_a_store(store: GraphStore, tmp_path: Path) -> None:
    batch = both_articles()
    store.write_batch(batch)
    out = tmp_path / "events.csv"
    report = export(store, "csv", out, EdgeFilter(types=["REQUEST"]))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    want = sorted(r.evidence_id for ex in batch for r in ex.relations if r.type == "REQUEST")
    assert report.rows == len(rows) == 2
    assert [r["event_id"] for r in rows] == want
    assert {r["source_name"] for r in rows} == {"NATO"} and {r["target_country"] for r in rows} == {
        "KOR"
    }
    assert {r["publisher"] for r in rows} == {"example.org"}


def test_export_graph_from_a_store(store: GraphStore, tmp_path: Path) -> None:
    store.write_batch(both_articles())
    out = tmp_path / "g.graphml"
    report = export(store, "graphml", out, EdgeFilter(min_weight=2))
    g = nx.read_graphml(out)
    weights = Counter(
        rel_key(r.source.id, r.type, r.target.id) for ex in both_articles() for r in ex.relations
    )
    want = {key for key, n in weights.items() if n >= 2}
    assert ("NATO|REQUEST|KOR") in want
    got = {rel_key(u, t, v) for u, v, t in g.edges(data="relation")}
    assert report.rows == len(want) == len(got) and got == want
    # corroboration travels with each edge: both requests come from example.org articles
    request = next(d for u, v, d in g.edges(data=True) if d["relation"] == "REQUEST")
    assert (int(request["articles"]), int(request["sources"])) == (2, 1)


def test_cli_export_every_format(store: GraphStore, tmp_path: Path) -> None:
    env = store_env(store, tmp_path, lambda s: s.write_batch(both_articles()))
    n = sum(len(ex.relations) for ex in both_articles())
    for fmt in ("csv", "jsonl", "parquet", "graphml", "gexf"):
        out = tmp_path / f"out.{fmt}"
        proc = graphkit_in(env, "export", "--format", fmt, "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        assert out.stat().st_size > 0
    assert pq.read_table(tmp_path / "out.parquet").num_rows == n
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == n
    assert "wrote" in proc.stdout and "relationships" in proc.stdout
    bad = graphkit_in(env, "export", "--format", "xlsx", "-o", str(tmp_path / "x"))
    assert bad.returncode == 1 and "format must be one of" in bad.stderr
    assert not (tmp_path / "x").exists()


def test_readme_column_table_is_event_columns() -> None:
    """The README's event-row table names exactly ``EVENT_COLUMNS``, in order, with their
    types and meanings, so the documentation cannot drift from the files written."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Time and export\n", 1)[1].split("\n#", 1)[0]
    table = section.split("| column | type | meaning |", 1)[1].split("\n\n", 1)[0]
    cells = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in table.splitlines()[2:]  # the rest of the header line, the --- line
        if line.startswith("|")
    ]
    listed = [(name.strip("`"), kind, meaning) for name, kind, meaning, *_ in cells]
    assert [n for n, _, _ in listed] == list(COLUMN_NAMES)
    assert listed == list(EVENT_COLUMNS)
