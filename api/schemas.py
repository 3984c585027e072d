"""Request and response models of the HTTP API (they are its OpenAPI schema)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from urllib.parse import quote, urlencode

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_json

from graphkit.models import (
    ActorNode,
    ArticleInputId,
    ArticleSource,
    ArticleText,
    ArticleTitle,
    ArticleUrl,
    Edge,
    EncodedSubgraph,
    EvidenceRecord,
    Stats,
    Subgraph,
)
from graphkit.store.cypher_request import MAX_CYPHER_CHARS

__all__ = [
    "ActorLinks",
    "ActorNode",
    "ActorOut",
    "ArticleIn",
    "CypherIn",
    "CypherOut",
    "Edge",
    "ErrorOut",
    "EvidenceOut",
    "EvidenceRecord",
    "HealthOut",
    "IngestOut",
    "NeighbourhoodOut",
    "PathOut",
    "PathsOut",
    "ReadyOut",
    "RelationsOut",
    "SearchHitOut",
    "SearchOut",
    "Stats",
]

NORTH_KOREA: dict[str, Any] = {
    "id": "PRK",
    "name": "North Korea",
    "kind": "state",
    "country": "PRK",
    "sector": None,
    "wikidata": "Q423",
    "aliases": ["DPRK", "Pyongyang", "North Korean"],
    "degree": 7,
}
EDGE: dict[str, Any] = {
    "source": "PRK",
    "target": "RUS",
    "type": "MOBILIZE",
    "predicate": "sends troops",
    "predicates": ["sends troops"],
    "modes": ["troops"],
    "modalities": ["reported"],
    "modality": "reported",
    "negated": False,
    "weight": 2,
    "first_seen": "2024-10-23",
    "last_seen": "2024-10-23",
}


def actor_path(actor_id: str) -> str:
    """URL path segment of an actor id (ids may hold any character)."""
    return quote(actor_id, safe="")


class ErrorOut(BaseModel):
    """Every error answer has this shape."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "error": "unknown_actor",
                    "message": "Unknown actor 'Nort Korea'. Did you mean: North Korea?",
                    "ref": "Nort Korea",
                    "suggestions": ["North Korea"],
                }
            ]
        }
    )

    error: str = Field(description="machine-readable error code")
    message: str = Field(description="what went wrong and how to fix it")
    details: list[dict[str, Any]] | None = None
    ref: str | None = None
    suggestions: list[str] | None = None


class ActorLinks(BaseModel):
    """Where to go next from an actor."""

    self: str
    neighbourhood: str
    view: str

    @classmethod
    def for_actor(cls, actor_id: str) -> ActorLinks:
        seg = actor_path(actor_id)
        return cls(
            self=f"/actors/{seg}",
            neighbourhood=f"/actors/{seg}/neighbourhood",
            view=f"/view/actors/{seg}",
        )


class SearchHitOut(BaseModel):
    actor: ActorNode
    score: float = Field(description="match quality, higher is better")
    links: ActorLinks


class SearchOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "query": "korea",
                    "hits": [
                        {
                            "actor": NORTH_KOREA,
                            "score": 0.93,
                            "links": ActorLinks.for_actor("PRK").model_dump(),
                        }
                    ],
                }
            ]
        }
    )

    query: str
    hits: list[SearchHitOut]


class ActorOut(BaseModel):
    """An actor with its strongest relationships."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "actor": NORTH_KOREA,
                    "relations": [EDGE],
                    "links": ActorLinks.for_actor("PRK").model_dump(),
                }
            ]
        }
    )

    actor: ActorNode
    relations: list[Edge] = Field(description="strongest relationships first")
    links: ActorLinks


class NeighbourhoodOut(Subgraph):
    """Actors within ``depth`` hops and the edges among them."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "focus": "PRK",
                    "nodes": [NORTH_KOREA],
                    "edges": [EDGE],
                    "truncated": False,
                    "view": "/view/actors/PRK?depth=1",
                }
            ]
        }
    )

    view: str = Field(description="the same neighbourhood as an interactive view")

    @staticmethod
    def encode(found: EncodedSubgraph, view: str) -> bytes:
        """The JSON of this model for an encoded neighbourhood, without making the
        models: fields in declaration order, as ``model_dump_json`` writes them."""
        return b"".join(
            (
                b'{"nodes":',
                found.nodes,
                b',"edges":',
                found.edges,
                b',"truncated":',
                to_json(found.truncated),
                b',"focus":',
                to_json(found.focus),
                b',"view":',
                to_json(view),
                b"}",
            )
        )


class PathOut(BaseModel):
    """``nodes[i]`` and ``nodes[i+1]`` are joined by ``edges[i]``."""

    hops: int
    nodes: list[ActorNode]
    edges: list[Edge]


class PathsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "source": NORTH_KOREA,
                    "target": {**NORTH_KOREA, "id": "RUS", "name": "Russia", "aliases": []},
                    "mode": "shortest",
                    "paths": [{"hops": 1, "nodes": [NORTH_KOREA], "edges": [EDGE]}],
                    "view": "/view/paths?from=PRK&to=RUS",
                }
            ]
        }
    )

    source: ActorNode
    target: ActorNode
    mode: str
    paths: list[PathOut]
    view: str = Field(description="the same paths as an interactive view")


class RelationsOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"count": 1, "relations": [EDGE]}]})

    count: int
    relations: list[Edge]


class EvidenceOut(BaseModel):
    count: int
    evidence: list[EvidenceRecord] = Field(
        description="sentences with modality and article title, date and URL; newest first"
    )


class CypherIn(BaseModel):
    """A read-only Cypher query with named parameters."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "query": "MATCH (a:Actor {id: $id})--(b:Actor) RETURN b.name AS name LIMIT 5",
                    "params": {"id": "PRK"},
                }
            ]
        },
    )

    query: str = Field(min_length=1, max_length=MAX_CYPHER_CHARS)
    params: dict[str, Any] = Field(default_factory=dict)


class CypherOut(BaseModel):
    """The rows of a Cypher query, and whether the answer was cut short."""

    count: int
    rows: list[dict[str, Any]]
    truncated: Literal["rows", "bytes"] | None = Field(
        default=None,
        description="null when every row is here; 'rows' when the answer stopped at "
        "GRAPHKIT_CYPHER_ROW_CAP rows, 'bytes' when the next row would have taken it past "
        "GRAPHKIT_CYPHER_MAX_BYTES bytes of JSON",
    )


class ArticleIn(BaseModel):
    """One article to ingest; ``id`` defaults to a key built from the URL or the text."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "North Korea sends troops to Russia",
                    "text": "North Korea has sent troops to Russia, South Korea's spy agency said.",
                    "url": "https://example.org/news/1",
                    "published": "2024-10-23",
                    "source": "example",
                }
            ]
        },
    )

    # the field types are graphkit.models' one article rule, which the file loaders
    # apply too: the same limits and characters are refused on both paths
    id: ArticleInputId | None = Field(
        default=None,
        description="ignored for identity: an article is keyed by its URL, else its text",
    )
    text: ArticleText
    title: ArticleTitle | None = None
    url: ArticleUrl | None = None
    published: date | None = None
    source: ArticleSource | None = None


class IngestOut(BaseModel):
    """What ingesting the articles did (the same summary ``graphkit ingest`` prints)."""

    model_config = ConfigDict(extra="allow")

    articles: int = Field(description="articles received")
    summary: dict[str, Any] = Field(description="the ingest pipeline's report")


class HealthOut(BaseModel):
    status: str = "ok"
    version: str


class ReadyOut(BaseModel):
    status: str = "ready"
    store: str
    traversal: str = Field(
        "direct",
        description="how neighbourhoods and paths are answered now: snapshot (a current "
        "in-memory snapshot of the graph), building (Cypher, while a snapshot is built), "
        "cypher (snapshots off) or direct (the memory store)",
    )


def query_string(params: dict[str, Any]) -> str:
    """Encode non-empty parameters, repeating list values."""
    flat: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None or value == [] or value is False:
            continue
        for item in value if isinstance(value, list) else [value]:
            flat.append((key, str(item).lower() if isinstance(item, bool) else str(item)))
    return urlencode(flat)
