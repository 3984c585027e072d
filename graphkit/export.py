"""Event-data exports: one row per piece of evidence, as ICEWS and POLECAT users load them,
and the aggregated graph as GraphML or GEXF for Gephi and Cytoscape.

Writers take iterables and never hold the whole export: rows go out in batches.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import networkx as nx
from pydantic import BaseModel, Field

from graphkit.errors import ValidationError
from graphkit.models import ActorNode, EdgeFilter, EvidenceRecord, Subgraph
from graphkit.ontology import Ontology, default_ontology

if TYPE_CHECKING:
    from graphkit.store.base import GraphStore

Format = Literal["csv", "jsonl", "parquet", "graphml", "gexf"]
FORMATS: tuple[Format, ...] = ("csv", "jsonl", "parquet", "graphml", "gexf")
ROW_FORMATS = frozenset({"csv", "jsonl", "parquet"})
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
}
BATCH_ROWS = 10_000

# (column, type, meaning): the README's export table is this list
EVENT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("event_id", "string", "evidence key: one sentence's relation, stable across re-ingests"),
    ("event_date", "date", "the article's publication date"),
    *(
        (f"{side}_{field}", "string", f"{side} actor's {meaning}")
        for side in ("source", "target")
        for field, meaning in (
            ("id", "id (ISO 3166 alpha-3 for states)"),
            ("name", "name"),
            ("kind", "kind: state, organization, person, group or body"),
            ("country", "country (alpha-3)"),
            ("sector", "sector code (GOV, MIL, ...)"),
        )
    ),
    ("event_type", "string", "PLOVER event type (AGREE, ACCUSE, ...) or standing relation"),
    ("quad_class", "string", "verbal/material cooperation/conflict, or standing"),
    ("event_mode", "string", "PLOVER mode (phone, visit, troops, ...)"),
    ("modality", "string", "asserted, reported, planned, conditional, speculated or denied"),
    ("negated", "bool", "the sentence says it did not happen"),
    ("story_id", "string", "article key"),
    ("story_url", "string", "article URL"),
    ("publisher", "string", "the outlet (article source)"),
    ("headline", "string", "article title"),
    ("sentence", "string", "the evidence sentence"),
    ("confidence", "float", "extractor confidence, 0 to 1"),
)
COLUMN_NAMES = tuple(c[0] for c in EVENT_COLUMNS)


def check_format(value: object) -> Format:
    """The export format named by ``value``.

    Raises:
        ValidationError: for an unknown format.
    """
    name = str(value).strip().lower()
    if name not in FORMATS:
        raise ValidationError(f"format must be one of {', '.join(FORMATS)}, not {value!r}")
    return cast(Format, name)


def event_row(
    ev: EvidenceRecord,
    actors: Mapping[str, ActorNode],
    onto: Ontology,
    publisher: str | None = None,
) -> dict[str, Any]:
    """One export row for ``ev``; ``actors`` holds its source and target (by id)."""
    row: dict[str, Any] = {"event_id": ev.id, "event_date": ev.published}
    for side, actor_id, sector in (
        ("source", ev.source, ev.source_sector),
        ("target", ev.target, ev.target_sector),
    ):
        actor = actors.get(actor_id)
        row[f"{side}_id"] = actor_id
        row[f"{side}_name"] = actor.name if actor else None
        row[f"{side}_kind"] = actor.kind if actor else None
        row[f"{side}_country"] = actor.country if actor else None
        row[f"{side}_sector"] = sector or (actor.sector if actor else None)
    row.update(
        event_type=ev.type,
        quad_class=onto.family(ev.type),
        event_mode=ev.mode,
        modality=ev.modality,
        negated=ev.negated,
        story_id=ev.article_id,
        story_url=ev.article_url,
        publisher=publisher if publisher is not None else ev.article_source,
        headline=ev.article_title,
        sentence=ev.sentence,
        confidence=ev.confidence,
    )
    return row


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def iter_csv(rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """CSV text (header first), a chunk per ``BATCH_ROWS`` rows."""
    buf = io.StringIO()
    # a plain writer of lists: DictWriter's per-row dict and field check were a tenth of
    # a large export's time
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMN_NAMES)
    for n, row in enumerate(rows, 1):
        writer.writerow([_text(row.get(k)) for k in COLUMN_NAMES])
        if n % BATCH_ROWS == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def iter_jsonl(rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """JSON Lines, a chunk per ``BATCH_ROWS`` rows."""
    lines: list[str] = []
    for row in rows:
        lines.append(json.dumps({k: _text(row.get(k)) for k in COLUMN_NAMES}, ensure_ascii=False))
        if len(lines) == BATCH_ROWS:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def _arrow_schema() -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "date": pa.date32(), "bool": pa.bool_(), "float": pa.float64()}
    return pa.schema([pa.field(name, types[kind]) for name, kind, _ in EVENT_COLUMNS])


def write_parquet(rows: Iterable[Mapping[str, Any]], path: Path) -> int:
    """Write ``rows`` to a Parquet file in batches; return how many were written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[Mapping[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH_ROWS:
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def write_rows(rows: Iterable[Mapping[str, Any]], fmt: Format, path: Path) -> int:
    """Write event rows as ``fmt`` (csv, jsonl or parquet) to ``path``; return the count."""
    if fmt == "parquet":
        return write_parquet(rows, path)
    counted = _Counted(rows)
    chunks = iter_csv(counted) if fmt == "csv" else iter_jsonl(counted)
    with path.open("w", encoding="utf-8", newline="") as fh:
        for chunk in chunks:
            fh.write(chunk)
    return counted.n


class _Counted:
    """An iterable that counts what passes through it."""

    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self._rows = rows
        self.n = 0

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        for row in self._rows:
            self.n += 1
            yield row


def to_graph(subgraph: Subgraph, onto: Ontology) -> nx.MultiDiGraph:
    """The aggregated graph with attributes GraphML and GEXF can hold (no lists, no None)."""
    g = nx.MultiDiGraph()
    for node in subgraph.nodes:
        g.add_node(
            node.id,
            label=node.name,
            kind=node.kind,
            country=node.country or "",
            sector=node.sector or "",
            aliases="; ".join(node.aliases),
        )
    for e in subgraph.edges:
        attrs: dict[str, object] = {
            "relation": e.type,  # GEXF reserves an edge's "type" (directed or not)
            "label": onto.label(e.type),
            "quad_class": onto.family(e.type),
            "weight": e.weight,
            "modality": e.modality,
            "modalities": "; ".join(e.modalities),
            "modes": "; ".join(e.modes),
            "negated": e.negated,
            "first_seen": e.first_seen.isoformat() if e.first_seen else "",
            "last_seen": e.last_seen.isoformat() if e.last_seen else "",
        }
        for extra in ("articles", "sources"):
            value = getattr(e, extra, None)
            if value is not None:
                attrs[extra] = value
        g.add_edge(e.source, e.target, key=e.type, **attrs)
    return g


def write_graph(subgraph: Subgraph, fmt: Format, path: Path, onto: Ontology) -> int:
    """Write the aggregated graph as GraphML or GEXF; return the number of edges.

    Raises:
        ValidationError: for a row format.
    """
    if fmt not in ("graphml", "gexf"):
        raise ValidationError(f"{fmt} holds event rows, not a graph: use write_rows")
    g = to_graph(subgraph, onto)
    if fmt == "graphml":
        nx.write_graphml(g, path)
    else:
        nx.write_gexf(g, path)
    return int(g.number_of_edges())


# actors looked up for event rows are kept for the rest of an export, up to this many
ACTOR_CACHE = 200_000


def event_rows(store: GraphStore, filt: EdgeFilter | None = None) -> Iterator[dict[str, Any]]:
    """Every piece of evidence passing the filter's evidence-level fields, as an event row.

    Rows are read from the store a page at a time (``GraphStore.event_pages``) and the
    actors they name are fetched once per page, so memory stays flat however large the
    graph.
    """
    onto = default_ontology()
    actors: dict[str, ActorNode] = {}
    for page in store.event_pages(filt or EdgeFilter(), BATCH_ROWS):
        wanted = sorted({i for ev in page for i in (ev.source, ev.target)} - actors.keys())
        if len(actors) + len(wanted) > ACTOR_CACHE:
            actors.clear()
            wanted = sorted({i for ev in page for i in (ev.source, ev.target)})
        if wanted:
            actors.update(store.actor_nodes(wanted))
        for ev in page:
            yield event_row(ev, actors, onto)


class ExportReport(BaseModel):
    """What one export wrote."""

    format: Format
    path: str
    rows: int = Field(description="event rows, or relationships for graphml and gexf")


def export(
    store: GraphStore, fmt: object, path: Path, filt: EdgeFilter | None = None
) -> ExportReport:
    """Write the graph's evidence as event rows (csv, jsonl, parquet) or the aggregated
    graph (graphml, gexf) to ``path``.

    Raises:
        ValidationError: an unknown format.
    """
    checked = check_format(fmt)
    if checked in ROW_FORMATS:
        n = write_rows(event_rows(store, filt), checked, path)
    else:
        n = write_graph(store.export(filt), checked, path, default_ontology())
    return ExportReport(format=checked, path=str(path), rows=n)


def stream(store: GraphStore, fmt: object, filt: EdgeFilter | None = None) -> Iterator[str]:
    """Event rows as CSV or JSON Lines text chunks, for an HTTP response.

    Raises:
        ValidationError: a format that cannot be streamed as text.
    """
    checked = check_format(fmt)
    if checked not in ("csv", "jsonl"):
        raise ValidationError(f"{checked} is not streamed as text: write it to a file")
    rows = event_rows(store, filt)
    return iter_csv(rows) if checked == "csv" else iter_jsonl(rows)
