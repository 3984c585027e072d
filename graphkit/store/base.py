"""The ``GraphStore`` contract that every backend honours.

Both backends (``MemoryStore`` on networkx, ``Neo4jStore`` on Neo4j) pass the same
contract tests in ``tests/store/test_contract.py``.

Graph model (names follow Neo4j's style guide):

* ``(:Actor {id, name, kind, aliases, country, sector, wikidata})`` keyed by ``id``.
* ``(a:Actor)-[r:<TYPE>]->(b:Actor)`` one relationship per (source, type, target), with
  ``key``, ``weight`` (pieces of evidence), ``firstSeen``, ``lastSeen``, ``modalities``,
  ``predicates``, ``modes``, ``negated`` (all evidence negated). Symmetric types are stored
  once, with source id < target id.
* ``(:Evidence {id, relKey, sentence, start, end, trigger, modality, negated, confidence,
  predicate, mode, type, source, target})-[:IN_ARTICLE]->(:Article)``.
  ``relKey`` equals the relationship's ``key`` so every edge reaches its evidence.
* ``(:Article {id, title, url, published, source, contentHash})``.
"""

from __future__ import annotations

import abc
from collections.abc import Hashable, Iterator, Sequence
from datetime import date
from typing import Any, Literal

from graphkit.models import (
    Actor,
    ActorNode,
    ArticleSummary,
    Edge,
    EdgeFilter,
    EncodedSubgraph,
    EvidenceRecord,
    EvidenceRow,
    Extraction,
    Path,
    Stats,
    Subgraph,
    WriteSummary,
)
from graphkit.ontology import default_ontology

PathMode = Literal["shortest", "all_shortest", "k"]


def rel_key(source: str, rel_type: str, target: str) -> str:
    """The key of an aggregated relationship; symmetric types are ordered."""
    if default_ontology().is_symmetric(rel_type) and target < source:
        source, target = target, source
    return f"{source}|{rel_type}|{target}"


def orient(source: str, rel_type: str, target: str) -> tuple[str, str]:
    """Endpoints as stored: symmetric relationships run from the smaller id."""
    if default_ontology().is_symmetric(rel_type) and target < source:
        return target, source
    return source, target


class CypherRows(list[dict[str, Any]]):
    """The rows of a user Cypher query; ``truncated`` says why there may be more.

    ``None``: every row is here; ``"rows"``: the row cap was reached; ``"bytes"``: the
    next row would have taken the answer past its byte cap.
    """

    truncated: Literal["rows", "bytes"] | None = None


class GraphStore(abc.ABC):
    """Where actors, relations, evidence and articles live."""

    name: str = "abstract"

    # ----------------------------------------------------------- lifecycle
    @abc.abstractmethod
    def setup(self) -> None:
        """Create constraints and indexes; idempotent."""

    @abc.abstractmethod
    def ping(self) -> None:
        """Return if the store answers.

        Raises:
            StoreUnavailable: otherwise.
        """

    def snapshot_state(self) -> str:
        """How neighbourhoods and paths are answered right now.

        ``direct`` for a store that traverses its own data structure; ``Neo4jStore``
        says ``snapshot`` (a current ``Snapshot``), ``building`` (Cypher answers while
        one is built; asking starts the build) or ``cypher`` (snapshots are off).
        """
        return "direct"

    def graph_version(self) -> Hashable | None:
        """A value that changes whenever the graph does, for caching derived answers.

        ``None`` means the store cannot tell, and nothing derived from it is cached.
        """
        return None

    @abc.abstractmethod
    def close(self) -> None:
        """Release connections and, for file-backed stores, save."""

    @abc.abstractmethod
    def clear(self) -> None:
        """Delete everything (tests and ``graphkit reset``)."""

    # ------------------------------------------------------------- writes
    @abc.abstractmethod
    def write_batch(self, extractions: Sequence[Extraction]) -> WriteSummary:
        """Write the articles, actors, relations and evidence of a batch atomically.

        An article whose key is stored with the same content hash is skipped
        (``unchanged``). One whose text changed has its old evidence replaced and the
        weights of the edges it touched re-aggregated (``updated``). Writing the same
        batch twice changes nothing.
        """

    @abc.abstractmethod
    def upsert_actors(self, actors: Sequence[Actor]) -> int:
        """Create or update actors (merging aliases); return how many were written."""

    # -------------------------------------------------------------- reads
    @abc.abstractmethod
    def article_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Content hashes of the stored articles among ``article_ids``."""

    @abc.abstractmethod
    def resolve_actor(self, ref: str) -> ActorNode | None:
        """Find an actor by id, name or alias (case-insensitive, exact)."""

    @abc.abstractmethod
    def search_actors(self, q: str, limit: int = 10) -> list[tuple[ActorNode, float]]:
        """Rank actors by how well their name or aliases match ``q`` (full-text and fuzzy)."""

    @abc.abstractmethod
    def actor_edges(self, actor_id: str, limit: int = 10) -> list[Edge]:
        """The actor's strongest relationships, by weight."""

    @abc.abstractmethod
    def neighbourhood(
        self,
        actor_id: str,
        depth: int = 1,
        filt: EdgeFilter | None = None,
        limit: int = 100,
        edge_limit: int | None = None,
    ) -> Subgraph:
        """Actors within ``depth`` hops (undirected) and the edges among them.

        ``limit`` caps the nodes (nearest first, then by weight). ``edge_limit`` caps
        the edges (default ``traversal.EDGE_LIMIT_FACTOR`` x ``limit``): those nearer
        the focus first, then the strongest (``traversal.edge_rank``). ``truncated``
        says whether either cap cut the answer.
        """

    def neighbourhood_json(
        self,
        actor_id: str,
        depth: int = 1,
        filt: EdgeFilter | None = None,
        limit: int = 100,
        edge_limit: int | None = None,
    ) -> EncodedSubgraph:
        """``neighbourhood`` written as JSON, for answers sent as they are.

        Stores that keep JSON for their edges override it to skip the models.
        """
        return EncodedSubgraph.of(self.neighbourhood(actor_id, depth, filt, limit, edge_limit))

    @abc.abstractmethod
    def paths(
        self,
        source_id: str,
        target_id: str,
        max_hops: int = 4,
        mode: PathMode = "shortest",
        k: int = 3,
        filt: EdgeFilter | None = None,
        directed: bool = False,
    ) -> list[Path]:
        """Paths between two actors, shortest first."""

    @abc.abstractmethod
    def relations(
        self,
        source_id: str | None = None,
        target_id: str | None = None,
        rel_type: str | None = None,
        limit: int = 100,
    ) -> list[Edge]:
        """Aggregated edges matching the given ends and type (symmetric types either way)."""

    @abc.abstractmethod
    def evidence(
        self, source_id: str, rel_type: str, target_id: str, limit: int = 100
    ) -> list[EvidenceRecord]:
        """The evidence behind one aggregated edge, newest article first."""

    def evidence_many(
        self, edges: Sequence[tuple[str, str, str]], limit: int = 5
    ) -> dict[str, list[EvidenceRecord]]:
        """Evidence for many ``(source, type, target)`` edges, keyed by :func:`rel_key`.

        Each list is what :meth:`evidence` returns for that edge. Views need evidence
        for hundreds of edges; stores with a network round trip per call override this
        to answer in one query.
        """
        return {rel_key(s, t, d): self.evidence(s, t, d, limit=limit) for s, t, d in edges}

    @abc.abstractmethod
    def evidence_dates(
        self, edges: Sequence[tuple[str, str, str]], limit: int
    ) -> dict[str, tuple[int, list[date]]]:
        """The article dates of many ``(source, type, target)`` edges' evidence, in one
        round trip, keyed by :func:`rel_key`: how many pieces are dated, and their dates,
        oldest first, keeping the newest ``limit`` (undated evidence is left out)."""

    @abc.abstractmethod
    def latest_actor_evidence(
        self, actor_id: str, filt: EdgeFilter, limit: int
    ) -> list[EvidenceRecord]:
        """An actor's newest evidence (either direction) that passes the filter's
        evidence-level fields, with its article: newest article first, at most ``limit``."""

    @abc.abstractmethod
    def pair_activity(self, since: date) -> list[tuple[str, str, int]]:
        """Evidence from articles published on or after ``since``, counted per pair of
        distinct actors (either direction): ``(a, b, count)`` with ``a < b``."""

    @abc.abstractmethod
    def latest_articles(self, limit: int) -> list[ArticleSummary]:
        """The ``limit`` newest articles by publication date, undated ones last."""

    def actor_nodes(self, ids: Sequence[str]) -> dict[str, ActorNode]:
        """The actors with these exact ids (unknown ids are left out)."""
        found = {i: self.resolve_actor(i) for i in ids}
        return {i: node for i, node in found.items() if node is not None and node.id == i}

    @abc.abstractmethod
    def dyad_evidence(
        self, actor_a: str, actor_b: str, filt: EdgeFilter, limit: int
    ) -> list[EvidenceRow]:
        """Each piece of evidence between two actors (either direction) that passes the
        filter's evidence-level fields (``record.EVIDENCE_RULES``), at most ``limit``."""

    @abc.abstractmethod
    def actor_evidence(self, actor_id: str, filt: EdgeFilter) -> list[EvidenceRow]:
        """An actor's evidence that passes the filter, counted per article date, type,
        direction and negation (``EvidenceRow.count``; no keys)."""

    @abc.abstractmethod
    def event_pages(self, filt: EdgeFilter, batch: int) -> Iterator[list[EvidenceRecord]]:
        """Every piece of evidence that passes the filter, with its article, in evidence
        id order, a page at a time (exports: memory stays flat whatever the graph)."""

    @abc.abstractmethod
    def export(self, filt: EdgeFilter | None = None) -> Subgraph:
        """The whole graph (or the filtered part) for analytics."""

    @abc.abstractmethod
    def stats(self) -> Stats:
        """Counts by actor kind and relation type."""

    def run_cypher(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        timeout: float = 10.0,
        row_cap: int = 1000,
        max_bytes: int = 4_000_000,
    ) -> CypherRows:
        """Run user Cypher (read-only unless ``write``). Only Cypher-speaking stores do.

        The rows stop at ``row_cap`` rows or ``max_bytes`` bytes of JSON; the result's
        ``truncated`` says which, if either.

        Raises:
            ValidationError: the request is out of bounds (``cypher_request``), on every store.
            CypherUnsupported: the store does not run Cypher.
            QueryRejected: the store refused the query.
        """
        from graphkit.errors import CypherUnsupported
        from graphkit.store.cypher_request import check_request

        check_request(query, params)
        raise CypherUnsupported(
            f"the {self.name} store does not run Cypher; start Neo4j "
            "(`graphkit neo4j start`) and set GRAPHKIT_STORE=neo4j"
        )
