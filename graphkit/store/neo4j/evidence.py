"""Evidence reads of the Neo4j store: the evidence behind edges, dyad and actor
timelines' rows, and pages of event rows for exports."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from graphkit.models import ActorNode, ArticleSummary, EdgeFilter, EvidenceRecord, EvidenceRow
from graphkit.ontology import default_ontology
from graphkit.store import record
from graphkit.store.base import rel_key
from graphkit.store.neo4j.cypher_traversal import CypherTraversal


class EvidenceReads(CypherTraversal):
    """Reads of ``Evidence`` nodes and their articles."""

    def evidence(
        self, source_id: str, rel_type: str, target_id: str, limit: int = 100
    ) -> list[EvidenceRecord]:
        checked = default_ontology().check_type(rel_type)
        rows = self._read("find_evidence", key=rel_key(source_id, checked, target_id), limit=limit)
        out = [record.evidence_record(r["evidence"], r["article"]) for r in rows]
        out.sort(key=lambda r: record.evidence_order(r.published, r.article_id, r.start))
        return out

    def evidence_many(
        self, edges: Sequence[tuple[str, str, str]], limit: int = 5
    ) -> dict[str, list[EvidenceRecord]]:
        # one round trip for all edges instead of one per edge (views fetch hundreds)
        keys: list[str] = []
        for source_id, rel_type, target_id in edges:
            keys.append(rel_key(source_id, default_ontology().check_type(rel_type), target_id))
        out: dict[str, list[EvidenceRecord]] = {k: [] for k in keys}
        if not keys:
            return out
        for row in self._read("find_evidence_many", keys=sorted(set(keys)), limit=limit):
            found = [record.evidence_record(r["evidence"], r["article"]) for r in row["rows"]]
            found.sort(key=lambda r: record.evidence_order(r.published, r.article_id, r.start))
            out[row["key"]] = found
        return out

    def evidence_dates(
        self, edges: Sequence[tuple[str, str, str]], limit: int
    ) -> dict[str, tuple[int, list[date]]]:
        keys = {rel_key(s, default_ontology().check_type(t), d) for s, t, d in edges}
        out: dict[str, tuple[int, list[date]]] = {k: (0, []) for k in keys}
        if not keys:
            return out
        for row in self._read("list_evidence_dates", keys=sorted(keys), limit=max(limit, 0)):
            days = [d for d in (record.to_date(v) for v in row["days"]) if d is not None]
            out[row["key"]] = (int(row["dated"]), sorted(days))
        return out

    def latest_actor_evidence(
        self, actor_id: str, filt: EdgeFilter, limit: int
    ) -> list[EvidenceRecord]:
        params = record.filter_params(record.check_filter(filt))
        rows = self._read("list_actor_evidence", actorA=actor_id, limit=max(limit, 0), **params)
        out = [record.evidence_record(r["evidence"], r["article"]) for r in rows]
        out.sort(key=lambda r: record.evidence_order(r.published, r.article_id, r.start))
        return out

    def pair_activity(self, since: date) -> list[tuple[str, str, int]]:
        rows = self._read("count_pair_activity", since=since)
        return sorted((r["a"], r["b"], int(r["n"])) for r in rows)

    def latest_articles(self, limit: int) -> list[ArticleSummary]:
        rows = self._read("list_latest_articles", limit=max(limit, 0))
        return [
            ArticleSummary(
                id=r["article"]["id"],
                title=r["article"].get("title"),
                url=r["article"].get("url"),
                source=r["article"].get("source"),
                published=record.to_date(r["article"].get("published")),
            )
            for r in rows
        ]

    def actor_nodes(self, ids: Sequence[str]) -> dict[str, ActorNode]:
        return self._nodes(list(ids)) if ids else {}

    def dyad_evidence(
        self, actor_a: str, actor_b: str, filt: EdgeFilter, limit: int
    ) -> list[EvidenceRow]:
        params = record.filter_params(record.check_filter(filt))
        # the keys of every relationship the pair could share, so that the evidence is
        # sought on its index rather than through a hub's tens of thousands of edges
        keys = sorted(
            {
                rel_key(x, rel_type, y)
                for rel_type in default_ontology().types
                for x, y in ((actor_a, actor_b), (actor_b, actor_a))
            }
        )
        [[found]] = self._read_values("list_dyad_evidence", keys=keys, limit=limit, **params)
        out = [
            EvidenceRow(ev_id, record.to_date(published), rel_type, source, target, bool(neg))
            for ev_id, published, rel_type, source, target, neg in found
        ]
        return sorted(out, key=lambda r: r.evidence_id or "")

    def actor_evidence(self, actor_id: str, filt: EdgeFilter) -> list[EvidenceRow]:
        params = record.filter_params(record.check_filter(filt))
        rows = self._read("count_actor_evidence", actorA=actor_id, **params)
        return [
            EvidenceRow(
                None,
                record.to_date(r["published"]),
                r["type"],
                r["source"],
                r["target"],
                bool(r["negated"]),
                count=int(r["n"]),
            )
            for r in rows
        ]

    def event_pages(self, filt: EdgeFilter, batch: int) -> Iterator[list[EvidenceRecord]]:
        params = record.filter_params(record.check_filter(filt))
        after = ""
        while True:
            # rows as values: Record.data()'s recursive copy of the two maps was a third
            # of an export's time, and the maps are plain dicts already
            rows = self._read_values("export_evidence", after=after, batch=batch, **params)
            if not rows:
                return
            rows.sort(key=lambda r: r[0])
            after = rows[-1][0]
            yield [
                record.evidence_record(evidence, article)
                for _, evidence, article in rows
                if evidence is not None
            ]
            if len(rows) < batch:
                return
