"""``MemoryStore``: the graph model on a networkx ``MultiDiGraph``, optionally saved to JSON.

Actors are nodes (their properties under ``props``); each aggregated relationship is
one edge keyed by its type; evidence and articles live in side dictionaries. The
property maps are the ones Neo4j holds (see ``graphkit.store.record``), so both
stores answer alike. Neighbourhoods, paths, look-ups and strongest relations read a
``Snapshot`` of the graph (``graphkit.store.snapshot``), the one ``Neo4jStore``
answers from, made again on the first read after each change. Good for tests, demos
and small corpora without a server.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from graphkit.errors import StoreUnavailable, UnknownActor, ValidationError
from graphkit.models import (
    Actor,
    ActorNode,
    Edge,
    EdgeFilter,
    EncodedSubgraph,
    Extraction,
    Stats,
    Subgraph,
    WriteSummary,
)
from graphkit.models import Path as GraphPath
from graphkit.ontology import default_ontology
from graphkit.store import memory_file, record
from graphkit.store.base import PathMode, orient, rel_key
from graphkit.store.memory_evidence import MemoryEvidence
from graphkit.store.snapshot import Snapshot
from graphkit.store.traversal import check_neighbourhood, check_paths, edge_cap

_T = TypeVar("_T")


class MemoryStore(MemoryEvidence):
    """The in-process store; saved to ``path`` (JSON) when one is given."""

    name = "memory"

    def __init__(self, path: Path | None = None) -> None:
        """Open the store, loading ``path`` if that file exists.

        Raises:
            StoreUnavailable: if the file exists but cannot be read as a saved store.
        """
        self.path = Path(path) if path else None
        self._lock = threading.RLock()
        self._closed = False
        self._version = 0  # bumped by every change, so analytics answers can be cached
        self._reset()
        if self.path and self.path.exists():
            self._load(self.path)

    def _reset(self) -> None:
        self._version += 1
        self._snap: Snapshot | None = None
        self._g: nx.MultiDiGraph = nx.MultiDiGraph()
        self._evidence: dict[str, dict[str, Any]] = {}
        self._articles: dict[str, dict[str, Any]] = {}
        self._ev_by_key: dict[str, set[str]] = defaultdict(set)
        self._ev_by_article: dict[str, set[str]] = defaultdict(set)

    # ----------------------------------------------------------- lifecycle
    def setup(self) -> None:
        """Nothing to create: the dictionaries are the indexes."""

    def graph_version(self) -> int:
        return self._version

    def ping(self) -> None:
        if self._closed:
            raise StoreUnavailable("the memory store is closed")

    def close(self) -> None:
        with self._lock:
            if self.path and not self._closed:
                self.save()
            self._closed = True

    def clear(self) -> None:
        with self._lock:
            self._reset()
            if self.path:
                self.save()

    # ------------------------------------------------------------- persist
    def save(self, path: Path | None = None) -> None:
        """Write the store to ``path`` (default: its own) atomically: temp file, then rename."""
        target = Path(path or self.path or "")
        if not str(target):
            raise ValidationError("the memory store has no file to save to")
        with self._lock:
            sections = {
                "actors": [dict(self._g.nodes[n]["props"]) for n in self._g.nodes],
                "edges": [
                    {"source": u, "target": v, "type": t, "props": dict(p)}
                    for u, v, t, p in self._g.edges(keys=True, data="props")
                ],
                "articles": list(self._articles.values()),
                "evidence": list(self._evidence.values()),
            }
        memory_file.write(target, sections)

    def _load(self, path: Path) -> None:
        try:
            data = memory_file.read(path)
            for props in data["actors"]:
                self._put_actor(props)
            for row in data["edges"]:
                self._g.add_edge(
                    row["source"],
                    row["target"],
                    key=row["type"],
                    props=memory_file.dates(row["props"]),
                )
            for art in data["articles"]:
                self._articles[art["id"]] = memory_file.dates(art)
            for ev in data["evidence"]:
                self._put_evidence(ev)
            self._fill_corroboration()
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreUnavailable(
                f"cannot load the memory store from {path}: {exc} "
                "(check GRAPHKIT_MEMORY_PATH; move the file away to start empty)"
            ) from exc

    def _fill_corroboration(self) -> None:
        """Give a file saved before articles had an ``outlet`` and edges their
        ``articles``/``sources`` counts what a write gives them now (once: a file saved
        afterwards has them)."""
        for art in self._articles.values():
            if "outlet" not in art:
                art["outlet"] = record.outlet(art.get("source"), art.get("url"))
        stale = [
            (u, t, v)
            for u, v, t, p in self._g.edges(keys=True, data="props")
            if "sources" not in p or "articles" not in p
        ]
        for src, rel_type, tgt in stale:
            self._reaggregate(src, rel_type, tgt)

    # ------------------------------------------------------------- writes
    def write_batch(self, extractions: Sequence[Extraction]) -> WriteSummary:
        return self._change(lambda: self._write(extractions))

    def _change(self, work: Callable[[], _T]) -> _T:
        """Run ``work`` as one change: under the lock, a new version, saved after."""
        with self._lock:
            self._version += 1
            out = work()
            if self.path:
                self.save()
            return out

    def _write(self, extractions: Sequence[Extraction]) -> WriteSummary:
        summary = WriteSummary()
        # the last occurrence of an article in a batch is the one that counts
        latest: dict[str, Extraction] = {}
        for ex in extractions:
            latest[ex.article.id] = ex
        # validate every type before touching anything: a bad batch writes nothing
        plans = []
        for ex in latest.values():
            stored = self._articles.get(ex.article.id)
            if stored and stored.get("contentHash") == ex.article.content_hash:
                summary.articles_unchanged += 1
                continue
            typed = [(rel, record.check_relation(rel)) for rel in ex.relations]
            plans.append((ex, typed, stored is not None))
        touched: set[tuple[str, str, str]] = set()
        batch_actor_ids: set[str] = set()
        for ex, typed, updated in plans:
            art_id = ex.article.id
            if updated:
                summary.articles_updated += 1
                for ev_id in list(self._ev_by_article.get(art_id, ())):
                    ev = self._drop_evidence(ev_id)
                    src, tgt = orient(ev["source"], ev["type"], ev["target"])
                    touched.add((src, ev["type"], tgt))
            else:
                summary.articles_new += 1
            self._articles[art_id] = record.article_props(ex.article)
            actors = record.batch_actors([r for r, _ in typed], ex.actors)
            self._upsert(actors)
            # Distinct actors per batch, as Neo4jStore counts them.
            batch_actor_ids.update(a.id for a in actors)
            for rel, rel_type in typed:
                src, tgt = orient(rel.source.id, rel_type, rel.target.id)
                key = rel_key(src, rel_type, tgt)
                if rel.evidence_id not in self._evidence:
                    summary.evidence += 1
                self._put_evidence(record.evidence_props(rel, rel_type, key))
                touched.add((src, rel_type, tgt))
        for src, rel_type, tgt in touched:
            summary.relations += self._reaggregate(src, rel_type, tgt)
        summary.actors = len(batch_actor_ids)
        return summary

    def _reaggregate(self, src: str, rel_type: str, tgt: str) -> int:
        key = rel_key(src, rel_type, tgt)
        rows = []
        for ev_id in self._ev_by_key.get(key, ()):
            ev = self._evidence[ev_id]
            art = self._articles.get(ev["articleId"]) or {}
            rows.append((ev, art.get("published"), art.get("outlet")))
        props = record.aggregate(rows)
        if props["weight"] == 0:
            if self._g.has_edge(src, tgt, key=rel_type):
                self._g.remove_edge(src, tgt, key=rel_type)
            return 0
        props["key"] = key
        self._g.add_edge(src, tgt, key=rel_type, props=props)
        return 1

    def _put_evidence(self, ev: dict[str, Any]) -> None:
        old = self._evidence.get(ev["id"])
        if old:
            self._ev_by_key[old["relKey"]].discard(ev["id"])
            self._ev_by_article[old["articleId"]].discard(ev["id"])
        self._evidence[ev["id"]] = ev
        self._ev_by_key[ev["relKey"]].add(ev["id"])
        self._ev_by_article[ev["articleId"]].add(ev["id"])

    def _drop_evidence(self, ev_id: str) -> dict[str, Any]:
        ev = self._evidence.pop(ev_id)
        self._ev_by_key[ev["relKey"]].discard(ev_id)
        self._ev_by_article[ev["articleId"]].discard(ev_id)
        return ev

    def upsert_actors(self, actors: Sequence[Actor]) -> int:
        return self._change(lambda: self._upsert(actors))

    def _upsert(self, actors: Iterable[Actor]) -> int:
        n = 0
        for actor in actors:
            old = self._g.nodes[actor.id]["props"] if actor.id in self._g else None
            self._put_actor(record.actor_props(actor, old))
            n += 1
        return n

    def _put_actor(self, props: dict[str, Any]) -> None:
        if "aliasesLower" not in props:
            props.update(record.search_props(props["id"], props["name"], props.get("aliases", [])))
        self._g.add_node(props["id"], props=props)

    # -------------------------------------------------------------- reads
    def article_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        with self._lock:
            return {a: self._articles[a]["contentHash"] for a in article_ids if a in self._articles}

    def _node(self, actor_id: str) -> ActorNode:
        return record.actor_node(self._g.nodes[actor_id]["props"], self._g.degree(actor_id))

    def _require(self, actor_id: str) -> None:
        if actor_id not in self._g:
            raise UnknownActor(actor_id, [n.id for n, _ in self.search_actors(actor_id, 3)])

    def resolve_actor(self, ref: str) -> ActorNode | None:
        return self._snapshot().resolve(ref)

    def search_actors(self, q: str, limit: int = 10) -> list[tuple[ActorNode, float]]:
        if not q.strip():
            return []
        with self._lock:
            scored = []
            for n in self._g.nodes:
                score = record.name_score(q, self._g.nodes[n]["props"])
                if score >= record.SEARCH_THRESHOLD:
                    scored.append((self._node(n), score))
        scored.sort(key=lambda item: (-item[1], -item[0].degree, item[0].name, item[0].id))
        return scored[: max(limit, 0)]

    def actor_edges(self, actor_id: str, limit: int = 10) -> list[Edge]:
        return self._snapshot().actor_edges(actor_id, limit)

    def neighbourhood(
        self,
        actor_id: str,
        depth: int = 1,
        filt: EdgeFilter | None = None,
        limit: int = 100,
        edge_limit: int | None = None,
    ) -> Subgraph:
        snap, filt, cap = self._neighbourhood_source(actor_id, depth, filt, limit, edge_limit)
        return snap.neighbourhood(actor_id, depth, filt, limit, cap)

    def neighbourhood_json(
        self,
        actor_id: str,
        depth: int = 1,
        filt: EdgeFilter | None = None,
        limit: int = 100,
        edge_limit: int | None = None,
    ) -> EncodedSubgraph:
        snap, filt, cap = self._neighbourhood_source(actor_id, depth, filt, limit, edge_limit)
        return snap.neighbourhood_json(actor_id, depth, filt, limit, cap)

    def _neighbourhood_source(
        self, actor_id: str, depth: int, filt: EdgeFilter | None, limit: int, edge_limit: int | None
    ) -> tuple[Snapshot, EdgeFilter, int]:
        """Checked arguments of a neighbourhood: the snapshot, the filter, the edge cap.

        Raises:
            ValidationError: a bad depth, limit, edge limit or filter.
            UnknownActor: no actor ``actor_id`` (with suggestions).
        """
        check_neighbourhood(depth, limit, edge_limit)
        checked = record.check_filter(filt)
        with self._lock:
            self._require(actor_id)
            return self._snapshot(), checked, edge_cap(limit, edge_limit)

    def _snapshot(self) -> Snapshot:
        """The graph as a ``Snapshot``: built when first asked for after each change (a
        write batch, not a query, pays for it), then shared by every traversal."""
        with self._lock:
            snap = self._snap
            if snap is None or snap.stamp != self._version:
                snap = self._snap = Snapshot.from_subgraph(self.export(), self._version)
            return snap

    def paths(
        self,
        source_id: str,
        target_id: str,
        max_hops: int = 4,
        mode: PathMode = "shortest",
        k: int = 3,
        filt: EdgeFilter | None = None,
        directed: bool = False,
    ) -> list[GraphPath]:
        check_paths(source_id, target_id, max_hops, mode, k)
        filt = record.check_filter(filt)
        with self._lock:
            self._require(source_id)
            self._require(target_id)
            snap = self._snapshot()
        return snap.paths(
            source_id,
            target_id,
            max_hops,
            filt,
            best_only=mode == "shortest",
            directed=directed,
            symmetric=default_ontology().symmetric,
            k=k if mode == "k" else None,
        )

    def relations(
        self,
        source_id: str | None = None,
        target_id: str | None = None,
        rel_type: str | None = None,
        limit: int = 100,
    ) -> list[Edge]:
        types = default_ontology().check_types([rel_type]) if rel_type else None
        onto = default_ontology()
        with self._lock:
            out = []
            for u, v, t, p in self._g.edges(keys=True, data="props"):
                if types and t != types[0]:
                    continue
                forward = (source_id in (None, u)) and (target_id in (None, v))
                backward = (
                    onto.is_symmetric(t) and source_id in (None, v) and target_id in (None, u)
                )
                if forward or backward:
                    out.append(record.edge(u, v, t, p))
        return sorted(out, key=record.edge_order)[:limit]

    def export(self, filt: EdgeFilter | None = None) -> Subgraph:
        with self._lock:
            if filt is None:
                nodes = [self._node(n) for n in sorted(self._g.nodes)]
                edges = [
                    record.edge(u, v, t, p) for u, v, t, p in self._g.edges(keys=True, data="props")
                ]
            else:
                filt = record.check_filter(filt)
                edges = [
                    record.edge(u, v, t, p)
                    for u, v, t, p in self._g.edges(keys=True, data="props")
                    if record.passes(t, p, filt)
                ]
                ids = sorted({e.source for e in edges} | {e.target for e in edges})
                nodes = [self._node(n) for n in ids]
        return Subgraph(nodes=nodes, edges=sorted(edges, key=record.edge_order))

    def stats(self) -> Stats:
        with self._lock:
            kinds: dict[str, int] = defaultdict(int)
            for n in self._g.nodes:
                kinds[self._g.nodes[n]["props"].get("kind") or "unknown"] += 1
            types: dict[str, int] = defaultdict(int)
            for _, _, t in self._g.edges(keys=True):
                types[t] += 1
            return Stats(
                actors=self._g.number_of_nodes(),
                relationships=self._g.number_of_edges(),
                evidence=len(self._evidence),
                articles=len(self._articles),
                actors_by_kind=dict(sorted(kinds.items())),
                relations_by_type=dict(sorted(types.items())),
            )
