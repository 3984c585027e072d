"""The data model shared by the extractor, the stores, the API and the views.

Field names on the wire follow the extraction contract (``data/ontology.yaml``):
relation instances are serialised exactly as ``graphkit extract --format jsonl``
writes them. Graph property keys (camelCase) are the stores' business.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter

ActorKind = Literal["state", "organization", "person", "group", "body"]
Modality = Literal["asserted", "reported", "speculated", "conditional", "planned", "denied"]
ArticleStatus = Literal["new", "unchanged", "updated"]


def stable_hash(*parts: str, length: int = 16) -> str:
    """Return a short deterministic hex digest of ``parts``.

    Keys of evidence and articles are built from it, so writing the same thing
    twice always produces the same key.
    """
    # surrogatepass: a lone surrogate (refused later by the article rule) must not make
    # hashing raise first; every valid string encodes exactly as with plain UTF-8
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:length]


def normalise_text(text: str) -> str:
    """Normalise article text for identity: NFC, unified quotes, collapsed whitespace."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


def slugify(name: str) -> str:
    """Turn a display name into an id slug (``Kim Jong Un`` -> ``kim-jong-un``)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or stable_hash(name, length=10)


class Actor(BaseModel):
    """A graph node: a state, organisation, person, armed group or state body."""

    model_config = ConfigDict(extra="ignore")

    id: str
    name: str
    kind: ActorKind
    aliases: list[str] = Field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None

    def contract(self) -> dict[str, object]:
        """The actor as it appears inside a JSON Lines relation (no aliases)."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "sector": self.sector,
            "wikidata": self.wikidata,
        }


# ------------------------------------------------------------ article rule
# The one definition of a valid article, used by the loaders (``graphkit ingest``,
# ``graphkit extract``) through ``Article`` and by the API through ``ArticleIn``'s
# field types, so a file, a JSON Lines line and a POST /articles body meet the same
# limits. The size of the text is limited separately (``max_article_bytes``).
TITLE_MAX_CHARS = 1000
URL_MAX_CHARS = 2000
SOURCE_MAX_CHARS = 200
INPUT_ID_MAX_CHARS = 200
# NUL is what marks binary content; a lone surrogate (JSON "\ud800") cannot be
# encoded as UTF-8, so neither can be hashed, stored or sent back
_UNUSABLE_CHAR = re.compile("[\x00\ud800-\udfff]")


def check_chars(value: object) -> object:
    """Refuse a NUL character or a lone surrogate anywhere in an article's string field.

    Runs before pydantic's own string check (which fails on a lone surrogate with a
    vaguer message); anything but a string is left for that check.

    Raises:
        ValueError: naming the character and its offset (pydantic reports it as a
            validation error of the field).
    """
    if not isinstance(value, str):
        return value
    bad = _UNUSABLE_CHAR.search(value)
    if bad is not None:
        what = "NUL character" if bad.group() == "\x00" else "lone surrogate"
        raise ValueError(f"{what} U+{ord(bad.group()):04X} at offset {bad.start()}")
    return value


_CHARS = BeforeValidator(check_chars)
# whitespace-only text is a valid Article; the extractor rejects it as "empty article text"
ArticleText = Annotated[str, Field(min_length=1), _CHARS]
ArticleTitle = Annotated[str, Field(max_length=TITLE_MAX_CHARS), _CHARS]
ArticleUrl = Annotated[str, Field(max_length=URL_MAX_CHARS), _CHARS]
ArticleSource = Annotated[str, Field(max_length=SOURCE_MAX_CHARS), _CHARS]
ArticleInputId = Annotated[str, Field(min_length=1, max_length=INPUT_ID_MAX_CHARS), _CHARS]


def validation_reason(exc: Exception) -> str:
    """One line for a pydantic ``ValidationError``: the first failing field and why."""
    errors = getattr(exc, "errors", None)
    if errors is None:
        return str(exc)
    first = errors()[0]
    field = ".".join(str(part) for part in first.get("loc", ())) or "article"
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    return f"invalid {field}: {message}"


class Article(BaseModel):
    """One input document, valid by the article rule above."""

    model_config = ConfigDict(extra="ignore")

    id: str
    text: ArticleText
    title: ArticleTitle | None = None
    url: ArticleUrl | None = None
    published: date | None = None
    source: ArticleSource | None = None
    # the input's own id (a JSON Lines ``id``, ``id`` in front matter): written as
    # ``article_id`` by ``graphkit extract`` so users can join output back to their corpus;
    # ``id`` stays the graph's identity (URL, else text hash)
    input_id: ArticleInputId | None = None

    @property
    def content_hash(self) -> str:
        """Hash of the normalised text: tells an unchanged article from an updated one."""
        return stable_hash(normalise_text(self.text), length=32)

    @classmethod
    def key_for(cls, text: str, url: str | None = None) -> str:
        """An article's identity: its URL where it has one, else a hash of its text."""
        if url:
            return "url:" + stable_hash(url.strip(), length=24)
        return "txt:" + stable_hash(normalise_text(text), length=24)


class Relation(BaseModel):
    """One relation instance: one supporting sentence for (source, type, target).

    This is exactly one line of ``graphkit extract --format jsonl``.
    """

    model_config = ConfigDict(extra="ignore")

    article_id: str
    type: str
    mode: str | None = None
    predicate: str
    source: Actor
    target: Actor
    modality: Modality = "asserted"
    negated: bool = False
    confidence: float = 0.5
    sentence: str
    start: int
    end: int
    trigger: str
    role: str | None = None  # LEADER_OF / MEMBER_OF role title, e.g. "Secretary-General"

    @property
    def evidence_id(self) -> str:
        """Deterministic key of this piece of evidence."""
        return stable_hash(
            self.article_id,
            self.source.id,
            self.type,
            self.target.id,
            str(self.start),
            str(self.end),
            self.trigger,
            length=24,
        )

    def contract(self) -> dict[str, object]:
        """The JSON Lines object of the extraction contract."""
        data: dict[str, object] = {
            "article_id": self.article_id,
            "type": self.type,
            "mode": self.mode,
            "predicate": self.predicate,
            "source": self.source.contract(),
            "target": self.target.contract(),
            "modality": self.modality,
            "negated": self.negated,
            "confidence": round(self.confidence, 3),
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "trigger": self.trigger,
        }
        if self.role:
            data["role"] = self.role
        return data


class Extraction(BaseModel):
    """What the extractor found in one article."""

    article: Article
    actors: list[Actor] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)

    def contract_lines(self) -> list[dict[str, object]]:
        """The JSON Lines objects of ``graphkit extract`` for this article.

        ``article_id`` is the input's own id when it gave one, and the graph's key of the
        article is added as ``article_key``; otherwise ``article_id`` is that key.
        """
        out = []
        for rel in self.relations:
            data = rel.contract()
            if self.article.input_id:
                data = {"article_id": self.article.input_id, "article_key": rel.article_id} | {
                    k: v for k, v in data.items() if k != "article_id"
                }
            out.append(data)
        return out


# ---------------------------------------------------------------- query side


class EdgeFilter(BaseModel):
    """Filters shared by neighbourhood, path and export queries.

    Types are validated against the ontology by the caller (``graphkit.ontology``)
    before a filter reaches a store.
    """

    types: list[str] | None = None
    exclude_types: list[str] | None = None
    modality: list[str] | None = None
    since: date | None = None
    until: date | None = None
    min_weight: int = 1
    min_sources: int = 0  # least distinct outlets behind an edge; 0: no filter


class ActorNode(BaseModel):
    """An actor in a query answer, with its degree in the whole graph."""

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    aliases: list[str] = Field(default_factory=list)
    degree: int = 0


class Edge(BaseModel):
    """An aggregated relationship (source, type, target) in a query answer."""

    source: str
    target: str
    type: str
    predicate: str
    predicates: list[str] = Field(default_factory=list)
    modes: list[str] = Field(default_factory=list)
    modalities: list[str] = Field(default_factory=list)
    modality: str = "asserted"  # the strongest modality seen, for labels
    negated: bool = False  # true when every piece of evidence is negated
    weight: int = 1
    first_seen: date | None = None
    last_seen: date | None = None
    articles: int = 0  # distinct articles behind the edge
    sources: int = 0  # distinct known outlets behind the edge (corroboration)


class Subgraph(BaseModel):
    """Nodes and edges, as returned by neighbourhood and export queries."""

    nodes: list[ActorNode] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
    truncated: bool = False
    focus: str | None = None


@dataclass(frozen=True)
class EncodedSubgraph:
    """A ``Subgraph`` already written as JSON, for answers sent as they are.

    ``nodes`` and ``edges`` are JSON arrays, byte for byte what pydantic writes for
    ``Subgraph.nodes`` and ``Subgraph.edges``. A neighbourhood of hundreds of edges
    costs more to turn into models and back into JSON than to find; a store that keeps
    each edge's JSON (``Snapshot``) skips both.
    """

    nodes: bytes
    edges: bytes
    truncated: bool
    focus: str | None

    @classmethod
    def of(cls, graph: Subgraph) -> EncodedSubgraph:
        """``graph``, encoded."""
        return cls(
            nodes=_NODE_LIST.dump_json(graph.nodes),
            edges=_EDGE_LIST.dump_json(graph.edges),
            truncated=graph.truncated,
            focus=graph.focus,
        )


_NODE_LIST = TypeAdapter(list[ActorNode])
_EDGE_LIST = TypeAdapter(list[Edge])


class Path(BaseModel):
    """One path: ``nodes[i]`` and ``nodes[i+1]`` are joined by ``edges[i]``."""

    nodes: list[ActorNode]
    edges: list[Edge]

    @property
    def hops(self) -> int:
        return len(self.edges)


class EvidenceRecord(BaseModel):
    """One piece of evidence behind an edge, with its article."""

    id: str
    source: str
    target: str
    type: str
    mode: str | None = None
    predicate: str
    # the sector this mention gave each side ("North Korean troops": PRK as MIL)
    source_sector: str | None = None
    target_sector: str | None = None
    sentence: str
    start: int
    end: int
    trigger: str
    modality: str
    negated: bool
    confidence: float
    article_id: str
    article_title: str | None = None
    article_url: str | None = None
    article_source: str | None = Field(default=None, description="the article's outlet")
    published: date | None = None


class WriteSummary(BaseModel):
    """What one ``write_batch`` call did."""

    articles_new: int = 0
    articles_unchanged: int = 0
    articles_updated: int = 0
    actors: int = 0
    relations: int = 0
    evidence: int = 0

    def add(self, other: WriteSummary) -> None:
        """Add ``other``'s counts to these (an ``IngestReport`` adds its own fields too)."""
        # WriteSummary's own fields: a subclass's extra ones are not in ``other``
        for name in WriteSummary.model_fields:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class ArticleSummary(BaseModel):
    """An article as lists show it: title, outlet, date and link (no text)."""

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = Field(default=None, description="the article's outlet")
    published: date | None = None


class Stats(BaseModel):
    """Counts by actor kind and relation type."""

    actors: int
    relationships: int
    evidence: int
    articles: int
    actors_by_kind: dict[str, int] = Field(default_factory=dict)
    relations_by_type: dict[str, int] = Field(default_factory=dict)


class Reject(BaseModel):
    """An input item that could not be used, and why (for rejects reports)."""

    path: str
    reason: str
    line: int | None = None
    article_id: str | None = None


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """Dated evidence as a timeline needs it: one piece (with its key), or ``count``
    pieces of one type between the same actors on one day (keys not needed)."""

    evidence_id: str | None
    published: date | None
    type: str
    source: str
    target: str
    negated: bool = False
    count: int = 1
