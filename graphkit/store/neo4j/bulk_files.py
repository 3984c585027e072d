"""The files of a bulk import: what ``write_batch`` would write, as CSV for
``neo4j-admin database import full``.

``BulkFiles`` takes the place of the store in ``graphkit.ingest.ingest``: each batch's
evidence and its ``IN_ARTICLE`` links go to CSV at once (nothing of a sentence stays in
memory); articles, actors and the aggregated relationships are written by ``finish``,
once every piece of evidence of a key is known. Everything a row holds comes from the
functions the transactional writer uses (``record.article_props``,
``record.evidence_props``, ``record.aggregate``, ``orient``, ``rel_key``), so the two
write the same graph. Two parts are left to the transactional writer after the import,
so each rule keeps one definition:

* actors' properties (aliases merged batch after batch, look-up keys): the import
  creates each actor with its id only, and ``BulkPlan.actor_batches`` are replayed
  through ``GraphStore.upsert_actors`` in the order the batches came;
* a later version of an article already written in this run (``BulkPlan.deferred``):
  it replaces the first one through ``GraphStore.write_batch``, which deletes the old
  evidence and counts its relationships again.

In memory until ``finish``: per article its props and, per piece of evidence, the few
fields ``record.aggregate`` reads (about 520 bytes a piece where nearly every piece is its
own relationship, as on the bench graph; less where relationships recur).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from graphkit import errors
from graphkit.models import Actor, Extraction, WriteSummary
from graphkit.store import record
from graphkit.store.base import orient, rel_key

# separates the items of a list property in a CSV field; checked never to occur in one
ARRAY_DELIMITER = "\x1f"
# evidence rows per CSV file (files are opened one at a time; the import reads them all)
ROWS_PER_FILE = 200_000
# the fields of a piece of evidence ``record.aggregate`` reads
AGGREGATE_FIELDS = ("articleId", "predicate", "modality", "mode", "negated")
# import types of the properties that are not strings (by property name)
PROPERTY_TYPES = {
    "start": "long",
    "end": "long",
    "negated": "boolean",
    "confidence": "double",
    "published": "date",
    "weight": "long",
    "firstSeen": "date",
    "lastSeen": "date",
    "articles": "long",
    "sources": "long",
    "predicates": "string[]",
    "modalities": "string[]",
    "modes": "string[]",
}
_ARROW_TYPES = {
    "long": pa.int64(),
    "boolean": pa.bool_(),
    "double": pa.float64(),
    "date": pa.date32(),
}
# quoted values, unquoted nulls: the import reads "" as an empty string, nothing as absent
_WRITE = pacsv.WriteOptions(include_header=False, quoting_style="all_valid")


@dataclass
class BulkPlan:
    """What ``BulkFiles.finish`` leaves for the import and for after it.

    Attributes:
        folder: where the files are.
        nodes: label -> its files (a header file first).
        relationships: (type, files) per group of relationship files, a header file
            first; type None: the rows carry it in a ``:TYPE`` column.
        actor_batches: each batch's actors, to replay through ``upsert_actors`` (less those
            equal to their last version in an earlier batch).
        deferred: later versions of articles written earlier in the run.
        counts: nodes and relationships in the files.
        multiline: some value holds a line break (the import must then read fields
            across lines, which is slower).
        array_delimiter: what separates the items of a list property in a field.
    """

    folder: Path
    nodes: dict[str, list[Path]]
    relationships: list[tuple[str | None, list[Path]]]
    actor_batches: list[list[Actor]] = field(default_factory=list)
    deferred: list[Extraction] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    multiline: bool = False
    array_delimiter: str = ARRAY_DELIMITER


class _Csv:
    """CSV files of one kind of row, a header file first, rolled every ``ROWS_PER_FILE``."""

    def __init__(self, folder: Path, name: str, header: Sequence[str]) -> None:
        self.folder, self.name, self.header = folder, name, list(header)
        self.columns = [h.split(":", 1)[0] if not h.startswith(":") else h for h in header]
        head = folder / f"{name}-header.csv"
        head.write_text(",".join(header) + "\n", encoding="utf-8")
        self.files: list[Path] = [head]
        self.schema = pa.schema(
            [(h, _arrow_type(h)) for h in header]  # header names are unique column names
        )
        self._writer: pacsv.CSVWriter | None = None
        self._in_file = 0
        self.rows = 0
        self.multiline = False

    def write(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Append ``rows`` (dicts keyed by property name; lists already joined)."""
        if not rows:
            return
        if self._writer is None or self._in_file >= ROWS_PER_FILE:
            self._roll()
        unknown = set(rows[0]) - set(self.columns)
        if unknown:
            # a property the header lacks would be dropped without a word
            raise RuntimeError(f"{self.name}: no column for {sorted(unknown)}")
        columns = {
            h: [row.get(c) for row in rows] for h, c in zip(self.header, self.columns, strict=True)
        }
        if self._writer is None:
            raise RuntimeError("unreachable: _roll opens a file")
        table = pa.table(columns, schema=self.schema)
        self.multiline = self.multiline or any(
            pc.any(pc.match_substring_regex(col, "[\r\n]")).as_py()
            for col, kind in zip(table.columns, self.schema.types, strict=True)
            if kind == pa.string()
        )
        self._writer.write_table(table)
        self._in_file += len(rows)
        self.rows += len(rows)

    def _roll(self) -> None:
        if self._writer is not None:
            self._writer.close()
        path = self.folder / f"{self.name}-{len(self.files):05d}.csv"
        self._writer = pacsv.CSVWriter(str(path), self.schema, write_options=_WRITE)
        self.files.append(path)
        self._in_file = 0

    def close(self) -> list[Path]:
        """Close the open file; the header file and every data file."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        return self.files


def _arrow_type(header: str) -> pa.DataType:
    kind = header.rsplit(":", 1)[1] if ":" in header else "string"
    return _ARROW_TYPES.get(kind, pa.string())


def _but_id(props: Mapping[str, Any]) -> list[str]:
    return [k for k in props if k != "id"]


def _header(props: Iterable[str], first: str) -> list[str]:
    """Import header of ``props``: ``first`` is the id column, the rest typed by name."""
    out = [first]
    for name in props:
        kind = PROPERTY_TYPES.get(name)
        out.append(f"{name}:{kind}" if kind else name)
    return out


class BulkFiles:
    """Import files written batch by batch, with ``write_batch``'s answers."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._evidence: _Csv | None = None
        self._links = _Csv(folder, "in-article", [":START_ID(Evidence)", ":END_ID(Article)"])
        self._articles: dict[str, dict[str, Any]] = {}
        # key -> the aggregate fields (AGGREGATE_FIELDS, articleId first) of each of its
        # pieces of evidence, as tuples: they stay in memory until ``finish``
        self._pieces: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self._ends: dict[str, tuple[str, str, str]] = {}  # key -> (source, type, target)
        self._actors: set[str] = set()
        self._actor_batches: list[list[Actor]] = []
        self._last_actor: dict[str, Actor] = {}  # each actor as last kept for the replay
        self._deferred: list[Extraction] = []

    def article_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Content hashes of the articles already in the files (the graph is empty)."""
        return {
            aid: self._articles[aid]["contentHash"] for aid in article_ids if aid in self._articles
        }

    def write_batch(self, extractions: Sequence[Extraction]) -> WriteSummary:
        """Add a batch to the files; the counts ``GraphStore.write_batch`` would give.

        Raises:
            ValidationError: a relation type the ontology lacks, or a list item holding
                the array delimiter; nothing of the batch is written then.
        """
        latest: dict[str, Extraction] = {}
        for ex in extractions:
            latest[ex.article.id] = ex
        typed = {
            aid: [(r, record.check_relation(r)) for r in ex.relations] for aid, ex in latest.items()
        }
        summary = WriteSummary()
        fresh: list[Extraction] = []
        later: list[Extraction] = []  # written after the import (see the module doc)
        for aid, ex in latest.items():
            before = self._articles.get(aid)
            if before is None:
                fresh.append(ex)
            elif before["contentHash"] == ex.article.content_hash:
                summary.articles_unchanged += 1
            else:
                later.append(ex)
        # every row is made before any is written: a batch that fails writes nothing
        evidence: dict[str, dict[str, Any]] = {}
        pieces: list[tuple[str, tuple[Any, ...]]] = []
        keys: set[str] = set()
        ends: dict[str, tuple[str, str, str]] = {}
        for ex in fresh:
            for rel, rel_type in typed[ex.article.id]:
                if rel.article_id != ex.article.id:
                    # the import would fail on a link to a missing article, all of it
                    raise errors.ValidationError(
                        f"a relation of article {ex.article.id} names article {rel.article_id}"
                    )
                src, tgt = orient(rel.source.id, rel_type, rel.target.id)
                key = rel_key(src, rel_type, tgt)
                keys.add(key)
                ends[key] = (src, rel_type, tgt)
                props = record.evidence_props(rel, rel_type, key)
                if props["id"] in evidence:
                    continue
                _check_list_items(props)
                evidence[props["id"]] = props
                pieces.append((key, tuple(props.get(f) for f in AGGREGATE_FIELDS)))
        self._deferred += later  # only now: the checks above found nothing to refuse
        if not fresh:
            return summary
        actors = record.batch_actors(
            [r for ex in fresh for r, _ in typed[ex.article.id]],
            [a for ex in fresh for a in ex.actors],
        )
        rows = list(evidence.values())
        if rows:
            if self._evidence is None:
                self._evidence = _Csv(
                    self.folder, "evidence", _header(_but_id(rows[0]), "id:ID(Evidence)")
                )
            self._evidence.write(rows)
            self._links.write(
                [{":START_ID(Evidence)": e["id"], ":END_ID(Article)": e["articleId"]} for e in rows]
            )
        for ex in fresh:
            self._articles[ex.article.id] = record.article_props(ex.article)
        for key, piece in pieces:
            self._pieces[key].append(piece)
        self._ends.update(ends)
        self._actors.update(a.id for a in actors)
        # An actor equal to its last version kept is left out: merging the same actor twice
        # in a row changes nothing (names and aliases are the same, and ``coalesce`` keeps
        # what the first merge set), and most batches of a large run name the same actors.
        changed = [a for a in actors if self._last_actor.get(a.id) != a]
        if changed:
            self._actor_batches.append(changed)
            self._last_actor.update((a.id, a) for a in changed)
        summary.articles_new = len(fresh)
        summary.evidence = len(rows)
        summary.relations = len(keys)
        return summary

    def finish(self) -> BulkPlan:
        """Write articles, actors and relationships, close every file; the import's plan."""
        nodes: dict[str, list[Path]] = {}
        relationships: list[tuple[str | None, list[Path]]] = []
        counts: dict[str, int] = {}
        written: list[_Csv] = [self._links]
        if self._articles:
            first = next(iter(self._articles.values()))
            articles = _Csv(self.folder, "articles", _header(_but_id(first), "id:ID(Article)"))
            articles.write(list(self._articles.values()))
            actors = _Csv(self.folder, "actors", ["id:ID(Actor)"])
            actors.write([{"id": a} for a in sorted(self._actors)])
            nodes |= {"Actor": actors.close(), "Article": articles.close()}
            written += [articles, actors]
            counts |= {"actors": actors.rows, "articles": articles.rows}
        if self._evidence is not None:
            nodes["Evidence"] = self._evidence.close()
            written.append(self._evidence)
            relationships.append(("IN_ARTICLE", self._links.close()))
            counts["evidence"] = self._evidence.rows
        rels = self._relationships()
        if rels is not None:
            relationships.append((None, rels.close()))
            written.append(rels)
            counts["relationships"] = rels.rows
        return BulkPlan(
            folder=self.folder,
            nodes=nodes,
            relationships=relationships,
            actor_batches=self._actor_batches,
            deferred=self._deferred,
            counts=counts,
            multiline=any(f.multiline for f in written),
        )

    def _relationships(self) -> _Csv | None:
        """The aggregated relationships, in key order, each from all its evidence."""
        rels: _Csv | None = None
        chunk: list[dict[str, Any]] = []
        for key in sorted(self._pieces):
            src, rel_type, tgt = self._ends[key]
            props = record.aggregate(
                (
                    dict(zip(AGGREGATE_FIELDS, piece, strict=True)),
                    self._articles[piece[0]]["published"],
                    self._articles[piece[0]]["outlet"],
                )
                for piece in self._pieces.pop(key)
            )
            if rels is None:
                head = [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE"]
                rels = _Csv(self.folder, "relationships", head + _header(props, "key"))
            row = {":START_ID(Actor)": src, ":END_ID(Actor)": tgt, ":TYPE": rel_type, "key": key}
            chunk.append(row | _joined(props))
            if len(chunk) >= 10_000:
                rels.write(chunk)
                chunk = []
        if rels is not None:
            rels.write(chunk)
        return rels


_LISTS = ("predicates", "modalities", "modes")


def _joined(props: Mapping[str, Any]) -> dict[str, Any]:
    """``props`` with each list joined by ``ARRAY_DELIMITER`` (an empty list: absent)."""
    return {
        k: (ARRAY_DELIMITER.join(v) or None) if isinstance(v, list) else v for k, v in props.items()
    }


def _check_list_items(evidence: Mapping[str, Any]) -> None:
    """Refuse evidence whose text would be split inside a relationship's list property."""
    for name in ("predicate", "modality", "mode"):
        value = evidence.get(name)
        if isinstance(value, str) and ARRAY_DELIMITER in value:
            raise errors.ValidationError(
                f"evidence {evidence.get('id')}: its {name} holds the character U+001F, "
                "which a bulk import cannot store in a list; ingest it without --bulk"
            )
