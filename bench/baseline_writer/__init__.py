"""The Neo4j writer as it was before issue #18, frozen for ``bench_writes``.

Its statements are copies of the ``cypher/*.cypher`` files of that time (this folder);
``write_batch`` replays that ``Neo4jWrites.write_batch`` for new articles: articles,
actors (every one rewritten), evidence, one MERGE per relationship type, then every
touched relationship re-aggregated from all its evidence, in one transaction. It is a
benchmark artifact, never used by graphkit: the bench graph has no updated articles, so
that path is left out (a batch holding one raises).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import neo4j

from graphkit.cypher_files import load_query
from graphkit.models import Extraction
from graphkit.ontology import default_ontology
from graphkit.store import record
from graphkit.store.base import orient, rel_key
from graphkit.store.neo4j.store import Neo4jStore
from graphkit.store.neo4j.writes import SETUP_QUERIES, _actor_row, fill_type

HERE = Path(__file__).resolve().parent


@cache
def query(name: str) -> str:
    """The frozen statement ``name`` (this folder's ``name.cypher``)."""
    return (HERE / f"{name}.cypher").read_text(encoding="utf-8")


def setup(store: Neo4jStore) -> None:
    """Give the (cleared) database the schema of that time: no per-type key indexes."""
    with store._session(neo4j.WRITE_ACCESS) as session:
        for rel_type in sorted(default_ontology().types):
            session.run(fill_type(query("drop_relationship_key_index"), rel_type)).consume()
        for name in SETUP_QUERIES:
            store._create_schema(session, load_query(name))


def write_batch(store: Neo4jStore, extractions: Sequence[Extraction]) -> int:
    """Write ``extractions`` (new articles only) as the old writer did; evidence written."""
    latest = {ex.article.id: ex for ex in extractions}
    typed = {
        aid: [(r, record.check_relation(r)) for r in ex.relations] for aid, ex in latest.items()
    }

    def work(tx: neo4j.ManagedTransaction) -> int:
        stored = {
            r["id"]: r["before"]
            for r in tx.run(
                query("merge_articles"),
                articles=[record.article_props(ex.article) for ex in latest.values()],
            )
        }
        if any(before is not None for before in stored.values()):
            raise RuntimeError("the baseline writer only writes new articles")
        actors = record.batch_actors(
            [r for ex in latest.values() for r, _ in typed[ex.article.id]],
            [a for ex in latest.values() for a in ex.actors],
        )
        tx.run(query("merge_actors"), actors=[_actor_row(a) for a in actors]).consume()
        evidence: dict[str, dict[str, Any]] = {}
        keys: dict[str, dict[str, str]] = {}
        for ex in latest.values():
            for rel, rel_type in typed[ex.article.id]:
                src, tgt = orient(rel.source.id, rel_type, rel.target.id)
                key = rel_key(src, rel_type, tgt)
                keys.setdefault(key, {"source": src, "type": rel_type, "target": tgt, "key": key})
                evidence.setdefault(rel.evidence_id, record.evidence_props(rel, rel_type, key))
        created = tx.run(query("merge_evidence"), evidence=list(evidence.values())).single(
            strict=True
        )["created"]
        groups: dict[str, list[dict[str, str]]] = defaultdict(list)
        for key in sorted(keys):
            k = keys[key]
            groups[k["type"]].append({"source": k["source"], "target": k["target"], "key": key})
        rids: dict[str, str] = {}
        for rel_type in sorted(groups):
            text = fill_type(query("merge_relationships"), rel_type)
            for row in tx.run(text, rels=groups[rel_type]):
                rids[row["key"]] = row["rid"]
        found = {
            row["key"]: row["evidence"]
            for row in tx.run(query("find_relationship_evidence"), keys=sorted(keys))
        }
        rows = [
            {
                "rid": rids[key],
                "props": record.aggregate(
                    (ev, record.to_date(ev["published"]), ev["outlet"]) for ev in found.get(key, [])
                ),
            }
            for key in sorted(keys)
        ]
        tx.run(query("set_relationship_aggregates"), rows=rows).consume()
        tx.run(query("delete_empty_relationships"), rids=[r["rid"] for r in rows]).consume()
        tx.run(query("bump_graph_version")).consume()
        return int(created)

    return store._write(work)
