"""The answers of graphkit's network analytics, as pydantic models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

CentralityMeasure = Literal["degree", "strength", "betweenness", "pagerank"]
MEASURES: tuple[str, ...] = ("degree", "strength", "betweenness", "pagerank")


class CentralityRow(BaseModel):
    """One actor's centrality scores."""

    rank: int
    id: str
    name: str
    kind: str
    degree: int = Field(description="distinct neighbours in the filtered graph")
    strength: int = Field(description="pieces of evidence on the actor's links")
    degree_centrality: float
    betweenness: float
    pagerank: float


class CentralityReport(BaseModel):
    """The top actors by one centrality measure."""

    measure: str
    nodes: int
    edges: int
    betweenness_sources: int = Field(
        default=0, description="actors betweenness was computed from (all of them unless sampled)"
    )
    approximate: bool = Field(default=False, description="betweenness was estimated from a sample")
    rows: list[CentralityRow] = Field(default_factory=list)


class Community(BaseModel):
    """One community found by Louvain, members strongest first."""

    index: int
    size: int
    members: list[str]
    names: list[str]
    internal_weight: int = Field(description="evidence on links inside the community")


class CommunityReport(BaseModel):
    """A partition of the actors into communities."""

    algorithm: str = "louvain"
    seed: int
    resolution: float
    modularity: float
    nodes: int
    edges: int
    communities: list[Community] = Field(default_factory=list)


class BridgeEdge(BaseModel):
    """A link that connects two communities (or two blocs)."""

    source: str
    target: str
    source_name: str
    target_name: str
    types: list[str]
    weight: int
    betweenness: float = Field(description="edge betweenness (between the blocs, in bloc mode)")
    is_bridge: bool = Field(description="removing it disconnects its component")
    communities: list[int] = Field(default_factory=list)


class BridgeActor(BaseModel):
    """An actor that connects communities (or lies between two blocs)."""

    id: str
    name: str
    kind: str
    betweenness: float
    communities: list[int] = Field(
        default_factory=list, description="communities its neighbours belong to"
    )
    articulation: bool = Field(description="removing it disconnects its component")


class BridgeReport(BaseModel):
    """Links and actors that hold communities, or two given blocs, together."""

    mode: Literal["communities", "blocs"]
    bloc_a: list[str] = Field(default_factory=list)
    bloc_b: list[str] = Field(default_factory=list)
    communities: list[Community] = Field(default_factory=list)
    approximate: bool = Field(default=False, description="betweenness was estimated from a sample")
    edges: list[BridgeEdge] = Field(default_factory=list)
    actors: list[BridgeActor] = Field(default_factory=list)
