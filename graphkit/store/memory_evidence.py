"""Evidence reads of the memory store: the evidence behind edges, dyad and actor
timelines' rows, and pages of event rows for exports."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

import networkx as nx

from graphkit.models import ArticleSummary, EdgeFilter, EvidenceRecord, EvidenceRow
from graphkit.ontology import default_ontology
from graphkit.store import record
from graphkit.store.base import GraphStore, rel_key


class MemoryEvidence(GraphStore):
    """Reads of the evidence and article dictionaries ``MemoryStore`` keeps."""

    _lock: threading.RLock
    _g: nx.MultiDiGraph
    _evidence: dict[str, dict[str, Any]]
    _articles: dict[str, dict[str, Any]]
    _ev_by_key: dict[str, set[str]]

    def evidence(
        self, source_id: str, rel_type: str, target_id: str, limit: int = 100
    ) -> list[EvidenceRecord]:
        key = rel_key(source_id, default_ontology().check_type(rel_type), target_id)
        with self._lock:
            rows = []
            for ev_id in self._ev_by_key.get(key, ()):
                ev = self._evidence[ev_id]
                rows.append(record.evidence_record(ev, self._articles.get(ev["articleId"])))
        rows.sort(key=lambda r: record.evidence_order(r.published, r.article_id, r.start))
        return rows[:limit]

    def _evidence_of(
        self, edges: Iterable[tuple[str, str, str]], filt: EdgeFilter
    ) -> list[tuple[dict[str, Any], Any]]:
        """The evidence of ``(source, target, type)`` edges that passes ``filt``, with dates."""
        out = []
        for u, v, t in edges:
            for ev_id in self._ev_by_key.get(rel_key(u, t, v), ()):
                ev = self._evidence[ev_id]
                published = record.to_date(self._articles.get(ev["articleId"], {}).get("published"))
                if record.evidence_passes(ev, published, filt):
                    out.append((ev, published))
        return out

    def evidence_dates(
        self, edges: Sequence[tuple[str, str, str]], limit: int
    ) -> dict[str, tuple[int, list[date]]]:
        out: dict[str, tuple[int, list[date]]] = {}
        with self._lock:
            for source_id, rel_type, target_id in edges:
                key = rel_key(source_id, default_ontology().check_type(rel_type), target_id)
                days = []
                for ev_id in self._ev_by_key.get(key, ()):
                    art = self._articles.get(self._evidence[ev_id]["articleId"], {})
                    day = record.to_date(art.get("published"))
                    if day is not None:
                        days.append(day)
                days.sort()
                out[key] = (len(days), days[-limit:] if limit > 0 else [])
        return out

    def pair_activity(self, since: date) -> list[tuple[str, str, int]]:
        counts: Counter[tuple[str, str]] = Counter()
        with self._lock:
            for ev in self._evidence.values():
                day = record.to_date(self._articles.get(ev["articleId"], {}).get("published"))
                if day is None or day < since or ev["source"] == ev["target"]:
                    continue
                a, b = sorted((ev["source"], ev["target"]))
                counts[(a, b)] += 1
        return [(a, b, n) for (a, b), n in sorted(counts.items())]

    def latest_articles(self, limit: int) -> list[ArticleSummary]:
        with self._lock:
            found = [
                ArticleSummary(
                    id=art["id"],
                    title=art.get("title"),
                    url=art.get("url"),
                    source=art.get("source"),
                    published=record.to_date(art.get("published")),
                )
                for art in self._articles.values()
            ]
        # newest first, undated last, ties by id (as list_latest_articles.cypher orders)
        found.sort(key=lambda a: a.id)
        found.sort(key=lambda a: (a.published is not None, a.published or date.min), reverse=True)
        return found[: max(limit, 0)]

    def dyad_evidence(
        self, actor_a: str, actor_b: str, filt: EdgeFilter, limit: int
    ) -> list[EvidenceRow]:
        with self._lock:
            edges = [
                (u, v, t)
                for u, v in ((actor_a, actor_b), (actor_b, actor_a))
                for t in (self._g.get_edge_data(u, v) or {})
            ]
            found = self._evidence_of(edges, record.check_filter(filt))
        rows = [
            EvidenceRow(ev["id"], day, ev["type"], ev["source"], ev["target"], bool(ev["negated"]))
            for ev, day in found
        ]
        return sorted(rows, key=lambda r: r.evidence_id or "")[:limit]

    def _actor_edges(self, actor_id: str) -> list[tuple[str, str, str]]:
        """The actor's ``(source, target, type)`` edges, either direction."""
        if actor_id not in self._g:
            return []
        return sorted(
            {
                (u, v, t)
                for u, v, t in (
                    *self._g.out_edges(actor_id, keys=True),
                    *self._g.in_edges(actor_id, keys=True),
                )
            }
        )

    def latest_actor_evidence(
        self, actor_id: str, filt: EdgeFilter, limit: int
    ) -> list[EvidenceRecord]:
        with self._lock:
            found = self._evidence_of(self._actor_edges(actor_id), record.check_filter(filt))
            rows = [
                record.evidence_record(ev, self._articles.get(ev["articleId"])) for ev, _ in found
            ]
        rows.sort(key=lambda r: record.evidence_order(r.published, r.article_id, r.start))
        return rows[: max(limit, 0)]

    def actor_evidence(self, actor_id: str, filt: EdgeFilter) -> list[EvidenceRow]:
        with self._lock:
            found = self._evidence_of(self._actor_edges(actor_id), record.check_filter(filt))
        counts: dict[tuple[Any, ...], int] = defaultdict(int)
        for ev, day in found:
            counts[(day, ev["type"], ev["source"], ev["target"], bool(ev["negated"]))] += 1
        return [
            EvidenceRow(None, day, t, src, tgt, negated, count=n)
            for (day, t, src, tgt, negated), n in counts.items()
        ]

    def event_pages(self, filt: EdgeFilter, batch: int) -> Iterator[list[EvidenceRecord]]:
        filt = record.check_filter(filt)
        with self._lock:
            ids = sorted(self._evidence)
        for start in range(0, len(ids), batch):
            page = []
            with self._lock:
                for ev_id in ids[start : start + batch]:
                    ev = self._evidence.get(ev_id)
                    if ev is None:  # removed since the export began
                        continue
                    art = self._articles.get(ev["articleId"])
                    published = record.to_date((art or {}).get("published"))
                    if record.evidence_passes(ev, published, filt):
                        page.append(record.evidence_record(ev, art))
            yield page
