"""``MemoryStore``: the graph model on a networkx ``MultiDiGraph``, optionally saved to JSON.

Actors are nodes (their properties under ``props``); each aggregated relationship is
one edge keyed by its type; evidence and articles live in side dictionaries. The
property maps are the ones Neo4j holds (see ``graphkit.store.record``), so both
stores answer alike. Good for tests, demos and small corpora without a server.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.errors import StoreUnavailable, UnknownActor, ValidationError
from graphkit.models import (
    Actor,
    ActorNode,
    Edge,
    EdgeFilter,
    EvidenceRecord,
    Extraction,
    Stats,
    Subgraph,
    WriteSummary,
)
from graphkit.models import Path as GraphPath
from graphkit.ontology import default_ontology
from graphkit.store import record
from graphkit.store.base import GraphStore, PathMode, orient, rel_key
from graphkit.store.traversal import (
    bfs_rings,
    cap_edges,
    check_neighbourhood,
    check_paths,
    edge_cap,
    pick_strongest,
    rank_paths,
    rank_ring,
)

FORMAT_VERSION = 1
_DATE_KEYS = ("published", "firstSeen", "lastSeen")


class MemoryStore(GraphStore):
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
        self._g: nx.MultiDiGraph = nx.MultiDiGraph()
        self._evidence: dict[str, dict[str, Any]] = {}
        self._articles: dict[str, dict[str, Any]] = {}
        self._ev_by_key: dict[str, set[str]] = defaultdict(set)
        self._ev_by_article: dict[str, set[str]] = defaultdict(set)
        # lower-cased id/name/alias -> actor ids, for exact case-insensitive look-up
        self._lookup: dict[str, set[str]] = defaultdict(set)

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
            data = {
                "format": "graphkit-memory-store",
                "version": FORMAT_VERSION,
                "actors": [dict(self._g.nodes[n]["props"]) for n in self._g.nodes],
                "edges": [
                    {"source": u, "target": v, "type": t, "props": dict(p)}
                    for u, v, t, p in self._g.edges(keys=True, data="props")
                ],
                "articles": list(self._articles.values()),
                "evidence": list(self._evidence.values()),
            }
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, default=_json_default, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != "graphkit-memory-store":
                raise ValueError("not a graphkit memory store file")
            for props in data["actors"]:
                self._put_actor(props)
            for row in data["edges"]:
                self._g.add_edge(
                    row["source"], row["target"], key=row["type"], props=_dates(row["props"])
                )
            for art in data["articles"]:
                self._articles[art["id"]] = _dates(art)
            for ev in data["evidence"]:
                self._put_evidence(ev)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreUnavailable(
                f"cannot load the memory store from {path}: {exc} "
                "(check GRAPHKIT_MEMORY_PATH; move the file away to start empty)"
            ) from exc

    # ------------------------------------------------------------- writes
    def write_batch(self, extractions: Sequence[Extraction]) -> WriteSummary:
        with self._lock:
            self._version += 1
            summary = self._write(extractions)
            if self.path:
                self.save()
            return summary

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
            rows.append((ev, art.get("published")))
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
        with self._lock:
            self._version += 1
            n = self._upsert(actors)
            if self.path:
                self.save()
            return n

    def _upsert(self, actors: Iterable[Actor]) -> int:
        n = 0
        for actor in actors:
            old = self._g.nodes[actor.id]["props"] if actor.id in self._g else None
            self._put_actor(record.actor_props(actor, old))
            n += 1
        return n

    def _put_actor(self, props: dict[str, Any]) -> None:
        actor_id = props["id"]
        if actor_id in self._g:
            for form in self._g.nodes[actor_id]["props"].get("aliasesLower", []):
                self._lookup[form].discard(actor_id)
        if "aliasesLower" not in props:
            props.update(record.search_props(actor_id, props["name"], props.get("aliases", [])))
        self._g.add_node(actor_id, props=props)
        for form in props["aliasesLower"]:
            self._lookup[form].add(actor_id)

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
        low = ref.strip().lower()
        with self._lock:
            ids = self._lookup.get(low)
            if not ids:
                return None

            def rank(i: str) -> tuple[Any, ...]:
                props = self._g.nodes[i]["props"]
                exact = 0 if props["idLower"] == low else 1 if props["nameLower"] == low else 2
                return (exact, -self._g.degree(i), i)

            return self._node(min(ids, key=rank))

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

    def _edge(self, u: str, v: str, t: str) -> Edge:
        return record.edge(u, v, t, self._g.edges[u, v, t]["props"])

    def _incident(self, node: str) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        for u, v, t, p in self._g.out_edges(node, keys=True, data="props"):
            yield u, v, t, p
        for u, v, t, p in self._g.in_edges(node, keys=True, data="props"):
            if u != v:  # a self-loop was already seen as an out-edge
                yield u, v, t, p

    def actor_edges(self, actor_id: str, limit: int = 10) -> list[Edge]:
        with self._lock:
            if actor_id not in self._g:
                return []
            edges = [record.edge(u, v, t, p) for u, v, t, p in self._incident(actor_id)]
        return sorted(edges, key=record.edge_order)[:limit]

    def neighbourhood(
        self,
        actor_id: str,
        depth: int = 1,
        filt: EdgeFilter | None = None,
        limit: int = 100,
        edge_limit: int | None = None,
    ) -> Subgraph:
        check_neighbourhood(depth, limit, edge_limit)
        filt = record.check_filter(filt)
        with self._lock:
            self._require(actor_id)

            def expand(frontier: list[str], visited: list[str], cap: int) -> list[tuple[str, int]]:
                return rank_ring(
                    (
                        (node, (v if u == node else u), int(p["weight"]))
                        for node in frontier
                        for u, v, t, p in self._incident(node)
                        if record.passes(t, p, filt)
                    ),
                    set(visited),
                    cap,
                )

            rings, cut_nodes = bfs_rings(actor_id, depth, limit, expand)
            edges, cut_edges = cap_edges(
                self._edges_among(rings, filt), rings, edge_cap(limit, edge_limit)
            )
            return Subgraph(
                nodes=[self._node(n) for n in rings],
                edges=edges,
                truncated=cut_nodes or cut_edges,
                focus=actor_id,
            )

    def _edges_among(self, nodes: Iterable[str], filt: EdgeFilter) -> list[Edge]:
        sub = self._g.subgraph(set(nodes))
        return [
            record.edge(u, v, t, p)
            for u, v, t, p in sub.edges(keys=True, data="props")
            if record.passes(t, p, filt)
        ]

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
        onto = default_ontology()
        with self._lock:
            self._require(source_id)
            self._require(target_id)
            # parallel edges collapse into one hop; the strongest is shown
            view: nx.Graph = nx.DiGraph() if directed else nx.Graph()
            view.add_nodes_from(self._g.nodes)
            hops: dict[tuple[str, str], list[Edge]] = defaultdict(list)
            for u, v, t, p in self._g.edges(keys=True, data="props"):
                if u == v or not record.passes(t, p, filt):
                    continue
                e = record.edge(u, v, t, p)
                pairs = [(u, v)]
                if not directed or onto.is_symmetric(t):
                    pairs.append((v, u))
                for a, b in pairs:
                    hops[(a, b)].append(e)
                    view.add_edge(a, b)
            candidates = _candidate_paths(view, source_id, target_id, max_hops, mode, k)
            ranked = rank_paths(candidates, lambda a, b: pick_strongest(hops[(a, b)]), mode, k)
            return [
                GraphPath(nodes=[self._node(n) for n in nodes], edges=edges)
                for nodes, edges in ranked
            ]

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


def _candidate_paths(
    view: nx.Graph, source: str, target: str, max_hops: int, mode: str, k: int
) -> list[list[str]]:
    """Node sequences for ``rank_paths``: every path of each length it may pick from."""
    try:
        if mode in ("shortest", "all_shortest"):
            paths = list(nx.all_shortest_paths(view, source, target))
            return [p for p in paths if len(p) - 1 <= max_hops]
        out: list[list[str]] = []
        # k shortest simple paths, completed with every path as long as the k-th so
        # the ranking (not the generator's tie order) decides which ones are kept
        for p in islice(nx.shortest_simple_paths(view, source, target), 10_000):
            if len(p) - 1 > max_hops or (len(out) >= k and len(p) > len(out[-1])):
                break
            out.append(p)
        return out
    except nx.NetworkXNoPath:
        return []


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot save {type(value).__name__}")


def _dates(props: dict[str, Any]) -> dict[str, Any]:
    for key in _DATE_KEYS:
        if props.get(key):
            props[key] = date.fromisoformat(props[key])
    return props
