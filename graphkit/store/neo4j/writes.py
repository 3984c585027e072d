"""Writes to Neo4j: the schema, batches of extractions, actors.

A batch is one transaction: articles, actors (only those it changes), evidence, then one
MERGE per relationship type. A relationship the MERGE creates takes the aggregates of
the batch's own evidence at once (no other evidence of a new key can exist); only
relationships that already existed are locked and re-aggregated from all their evidence.

``merge_relationships`` and ``lock_relationships`` hold ``{TYPE}``: a static type lets
Neo4j expand only that type's relationships of a dense actor (a dynamic ``$(row.type)``
reads them all). ``typed_query`` substitutes a type only once ``Ontology.check_type``
accepted it and it is UPPER_SNAKE_CASE.
"""

from __future__ import annotations

import functools
import random
import re
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import neo4j
from neo4j import exceptions as nx4j

from graphkit import errors
from graphkit.cypher_files import load_query
from graphkit.models import Actor, Extraction, WriteSummary
from graphkit.ontology import default_ontology
from graphkit.store import record
from graphkit.store.base import orient, rel_key
from graphkit.store.neo4j.session import Neo4jSession

# one piece of evidence as record.aggregate reads it: props, its article's date and outlet
Evidence = tuple[Mapping[str, Any], date | None, str | None]

if TYPE_CHECKING:
    from graphkit.store.snapshot import Snapshot
    from graphkit.store.snapshot.cache import SnapshotCache

SETUP_QUERIES = (
    "create_actor_constraint",
    "create_article_constraint",
    "create_evidence_constraint",
    "create_evidence_key_index",
    "create_evidence_article_index",
    "create_actor_id_index",
    "create_actor_name_index",
    "create_actor_fulltext",
    "create_graph_version_constraint",
    "await_indexes",  # last: waits for all of the above and the per-type key indexes
)
# one index per ontology relationship type, created with each type put in its text
KEY_INDEX_QUERY = "create_relationship_key_index"
# rows per transaction of the fill-in of articles and sources (Neo4jWrites.setup)
FILL_BATCH = 5000
# schema creation racing another process's: deadlocks are retried this many times, and
# these answers mean the other process created the rule first
SETUP_RETRIES = 10
SCHEMA_EXISTS = frozenset(
    {
        "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
        "Neo.ClientError.Schema.ConstraintAlreadyExists",
        "Neo.ClientError.Schema.IndexAlreadyExists",
    }
)


class Neo4jWrites(Neo4jSession):
    """Schema and writes; every write makes the store read the graph's stamp again."""

    _snapshots: SnapshotCache[Snapshot]

    def setup(self) -> None:
        """Create the constraints and indexes; safe while another process does the same.

        Two first runs on a fresh database race to create the same schema: Neo4j may
        answer one with a deadlock (transient: retried) or with "an equivalent rule
        already exists" (the other process made it: done).
        """
        with self._guard(), self._session(neo4j.WRITE_ACCESS) as session:
            for name in SETUP_QUERIES[:-1]:
                self._create_schema(session, load_query(name))
            for rel_type in sorted(default_ontology().types):
                self._create_schema(session, typed_query(KEY_INDEX_QUERY, rel_type))
            self._create_schema(session, load_query(SETUP_QUERIES[-1]))
        self._fill_corroboration()

    def _fill_corroboration(self) -> None:
        """Give a graph written before articles had an ``outlet`` and relationships their
        ``articles``/``sources`` counts what a write gives them now.

        Runs when a relationship lacks ``sources``, so once per such graph; in batches of
        ``FILL_BATCH``, one transaction each, so a large graph needs no huge transaction.
        Articles first: the counts read their outlets.
        """
        if not self._read_values("find_uncounted_relationship"):
            return
        after: str | None = ""
        while after is not None:
            after = self._write(functools.partial(_fill_outlets, after=after))
        try:
            while self._write(_fill_counts):
                pass
            self._write(lambda tx: tx.run(load_query("bump_graph_version")).consume())
        finally:
            self._snapshots.forget()

    def _create_schema(self, session: neo4j.Session, query: str) -> None:
        for attempt in range(SETUP_RETRIES + 1):
            try:
                session.run(query).consume()
                return
            except nx4j.TransientError:
                if attempt == SETUP_RETRIES:
                    raise
                time.sleep(random.uniform(0.05, 0.2) * (attempt + 1))
            except nx4j.ClientError as exc:
                if exc.code in SCHEMA_EXISTS:
                    return
                raise

    def clear(self) -> None:
        with self._guard(), self._session(neo4j.WRITE_ACCESS) as session:
            # CALL ... IN TRANSACTIONS needs an auto-commit transaction
            session.run(load_query("delete_graph_relationships")).consume()
            session.run(load_query("delete_graph")).consume()
        self._snapshots.forget()

    # ------------------------------------------------------------- writes
    def write_batch(self, extractions: Sequence[Extraction]) -> WriteSummary:
        latest: dict[str, Extraction] = {}
        for ex in extractions:
            latest[ex.article.id] = ex  # the last occurrence of an article counts
        # validate every type up front: a bad batch writes nothing
        typed = {
            aid: [(r, record.check_relation(r)) for r in ex.relations] for aid, ex in latest.items()
        }

        def work(tx: neo4j.ManagedTransaction) -> WriteSummary:
            summary = WriteSummary()
            # new / unchanged / updated is what this transaction found under the
            # articles' locks, not a check made earlier: concurrent ingests of the same
            # articles then count each one new exactly once between them
            stored = {
                r["id"]: r["before"]
                for r in tx.run(
                    load_query("merge_articles"),
                    articles=[record.article_props(ex.article) for ex in latest.values()],
                )
            }
            fresh = [ex for aid, ex in latest.items() if stored.get(aid) != ex.article.content_hash]
            summary.articles_unchanged = len(latest) - len(fresh)
            updated = [ex.article.id for ex in fresh if stored.get(ex.article.id) is not None]
            summary.articles_updated = len(updated)
            summary.articles_new = len(fresh) - len(updated)
            if not fresh:
                return summary
            touched: dict[str, dict[str, Any]] = {}
            if updated:
                for row in tx.run(load_query("find_article_evidence_keys"), ids=updated):
                    _touch(touched, row["source"], row["type"], row["target"])
                tx.run(load_query("delete_article_evidence"), ids=updated).consume()
            actors = record.batch_actors(
                [r for ex in fresh for r, _ in typed[ex.article.id]],
                [a for ex in fresh for a in ex.actors],
            )
            summary.actors = tx.run(load_query("merge_actors"), actors=_actor_rows(actors)).single(
                strict=True
            )["written"]
            evidence: dict[str, dict[str, Any]] = {}
            new_keys: dict[str, dict[str, Any]] = {}
            # each key's evidence in this batch, as record.aggregate reads it: what a
            # relationship this batch creates is made of (no other evidence can exist)
            batch_evidence: dict[str, list[Evidence]] = defaultdict(list)
            for ex in fresh:
                outlet = record.outlet(ex.article.source, ex.article.url)
                for rel, rel_type in typed[ex.article.id]:
                    src, tgt = orient(rel.source.id, rel_type, rel.target.id)
                    key = _touch(new_keys, src, rel_type, tgt)
                    if rel.evidence_id not in evidence:
                        props = record.evidence_props(rel, rel_type, key)
                        evidence[rel.evidence_id] = props
                        batch_evidence[key].append((props, ex.article.published, outlet))
            summary.evidence = tx.run(
                load_query("merge_evidence"), evidence=list(evidence.values())
            ).single(strict=True)["created"]
            for key, ref in new_keys.items():
                ref["props"] = record.aggregate(batch_evidence[key])
            # lock in a stable order so concurrent writers rarely deadlock (and retry if so)
            merged = _by_type(tx, "merge_relationships", "rels", new_keys)
            # created ones hold their aggregates already; the others are re-counted
            rids = {k: row["rid"] for k, row in merged.items() if not row["created"]}
            old_only = {k: v for k, v in touched.items() if k not in new_keys}
            if old_only:
                locked = _by_type(tx, "lock_relationships", "keys", old_only)
                rids.update({k: row["rid"] for k, row in locked.items()})
            # every re-counted relationship is locked now: counting its evidence sees all
            # committed writers, so concurrent batches converge
            created = sum(1 for row in merged.values() if row["created"])
            summary.relations = created + (_aggregate(tx, sorted(rids), rids) if rids else 0)
            tx.run(load_query("bump_graph_version")).consume()
            return summary

        try:
            return self._write(work)
        finally:
            self._snapshots.forget()

    def upsert_actors(self, actors: Sequence[Actor]) -> int:
        rows = _actor_rows(record.batch_actors([], actors))

        def work(tx: neo4j.ManagedTransaction) -> int:
            result = tx.run(load_query("merge_actors"), actors=rows).single(strict=True)
            tx.run(load_query("bump_graph_version")).consume()
            return int(result["written"])

        try:
            return self._write(work)
        finally:
            self._snapshots.forget()


def _aggregate(tx: neo4j.ManagedTransaction, keys: Sequence[str], rids: Mapping[str, str]) -> int:
    """Aggregate each of the locked relationships ``keys`` (ids ``rids``) from its evidence
    (``record.aggregate``); drop those left without any. Returns how many remain."""
    found = {
        row["key"]: row["evidence"]
        for row in tx.run(load_query("find_relationship_evidence"), keys=list(keys))
    }
    rows = [
        {
            "rid": rids[key],
            "props": record.aggregate(
                (ev, record.to_date(ev["published"]), ev["outlet"]) for ev in found.get(key, [])
            ),
        }
        for key in keys
        if key in rids
    ]
    written = tx.run(load_query("set_relationship_aggregates"), rows=rows).single(strict=True)
    tx.run(load_query("delete_empty_relationships"), rids=[r["rid"] for r in rows]).consume()
    return int(written["written"])


def _fill_outlets(tx: neo4j.ManagedTransaction, after: str) -> str | None:
    """Set the outlet of one page of articles after id ``after``; the last id, or None
    when no page is left."""
    page = list(tx.run(load_query("find_articles_without_outlet"), after=after, limit=FILL_BATCH))
    rows = [{"id": r["id"], "outlet": record.outlet(r["source"], r["url"])} for r in page]
    tx.run(load_query("set_article_outlets"), rows=rows).consume()
    return str(page[-1]["id"]) if len(page) == FILL_BATCH else None


def _fill_counts(tx: neo4j.ManagedTransaction) -> bool:
    """Aggregate one batch of relationships lacking counts; whether there was one."""
    rids = {
        r["key"]: r["rid"]
        for r in tx.run(load_query("lock_uncounted_relationships"), limit=FILL_BATCH)
    }
    _aggregate(tx, sorted(rids), rids)
    return bool(rids)


_TYPE_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def typed_query(name: str, rel_type: str) -> str:
    """Statement ``name`` with its ``{TYPE}`` placeholder set to ``rel_type``.

    Raises:
        ValidationError: ``rel_type`` is not a type ``fill_type`` accepts.
    """
    return fill_type(load_query(name), rel_type)


def fill_type(text: str, rel_type: str) -> str:
    """Statement ``text`` with its ``{TYPE}`` placeholder set to ``rel_type``.

    Only a type the ontology holds, spelled in UPPER_SNAKE_CASE, ever reaches the text.

    Raises:
        ValidationError: for any other type.
    """
    checked = default_ontology().check_type(rel_type)
    if not _TYPE_NAME.match(checked):
        raise errors.ValidationError(f"relation type {rel_type!r} is not UPPER_SNAKE_CASE")
    return text.replace("{TYPE}", checked)


def _by_type(
    tx: neo4j.ManagedTransaction, name: str, param: str, keys: Mapping[str, dict[str, Any]]
) -> dict[str, neo4j.Record]:
    """Run the typed statement ``name`` once per relationship type in ``keys`` (in type
    then key order, so concurrent writers take locks alike), each row without its
    ``type``; map each key to the row the statement returned for it."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for k in _sorted(keys):
        groups[k["type"]].append({f: v for f, v in k.items() if f != "type"})
    found: dict[str, neo4j.Record] = {}
    for rel_type in sorted(groups):
        for row in tx.run(typed_query(name, rel_type), {param: groups[rel_type]}):
            found[row["key"]] = row
    return found


def _touch(keys: dict[str, dict[str, Any]], src: str, rel_type: str, tgt: str) -> str:
    """Record the stored (oriented) relationship ``src-rel_type-tgt``; return its key."""
    src, tgt = orient(src, rel_type, tgt)
    key = rel_key(src, rel_type, tgt)
    keys.setdefault(key, {"source": src, "type": rel_type, "target": tgt, "key": key})
    return key


def _sorted(keys: Mapping[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [keys[k] for k in sorted(keys)]


def _actor_rows(actors: Sequence[Actor]) -> list[dict[str, Any]]:
    """Rows of ``merge_actors`` in id order: concurrent writers then take the actors' index
    entry locks in one order, and do not deadlock on the hubs every batch names."""
    return [_actor_row(a) for a in sorted(actors, key=lambda a: a.id)]


def _actor_row(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name or actor.id,
        "kind": actor.kind,
        "aliases": [a for a in actor.aliases if a],
        "country": actor.country,
        "sector": actor.sector,
        "wikidata": actor.wikidata,
    }
