"""Property dicts as both stores keep them, and the models built from them.

The memory store holds exactly the camelCase property maps Neo4j holds, so one set
of conversions (and one aggregation rule) serves both backends and keeps their
answers identical.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from graphkit.errors import ValidationError
from graphkit.models import Actor, ActorNode, Article, Edge, EdgeFilter, EvidenceRecord, Relation
from graphkit.ontology import default_ontology

# Below this a fuzzy candidate is noise rather than a typo of the query.
SEARCH_THRESHOLD = 0.7
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def to_date(value: Any) -> date | None:
    """A ``datetime.date`` from a Python date, a Neo4j ``Date`` or an ISO string."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    if hasattr(value, "to_native"):
        native = value.to_native()
        return native if isinstance(native, date) else None
    return date.fromisoformat(str(value))


# ------------------------------------------------------------------ actors


def actor_props(actor: Actor, existing: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Merge ``actor`` into the stored properties ``existing`` (aliases are unioned).

    Scalar fields take the new value unless it is empty, so a sparse mention never
    wipes what an earlier, richer one recorded.
    """
    old = dict(existing or {})
    aliases: list[str] = list(old.get("aliases") or [])
    for alias in actor.aliases:
        if alias and alias not in aliases:
            aliases.append(alias)
    props: dict[str, Any] = {
        "id": actor.id,
        "name": actor.name or old.get("name") or actor.id,
        "kind": actor.kind or old.get("kind"),
        "country": actor.country if actor.country is not None else old.get("country"),
        "sector": actor.sector if actor.sector is not None else old.get("sector"),
        "wikidata": actor.wikidata if actor.wikidata is not None else old.get("wikidata"),
        "aliases": aliases,
    }
    props.update(search_props(actor.id, str(props["name"]), aliases))
    return props


def search_props(actor_id: str, name: str, aliases: Sequence[str]) -> dict[str, Any]:
    """Lower-cased keys for exact look-up and the text the full-text index reads."""
    forms = [actor_id, name, *aliases]
    lowered: list[str] = []
    for form in forms:
        low = form.strip().lower()
        if low and low not in lowered:
            lowered.append(low)
    return {
        "idLower": actor_id.strip().lower(),
        "nameLower": name.strip().lower(),
        "aliasesLower": lowered,
        "aliasesText": " | ".join([actor_id, *aliases]),
    }


def actor_node(props: Mapping[str, Any], degree: int = 0) -> ActorNode:
    """An ``ActorNode`` from stored properties."""
    return ActorNode(
        id=props["id"],
        name=props.get("name") or props["id"],
        kind=props.get("kind") or "organization",
        country=props.get("country"),
        sector=props.get("sector"),
        wikidata=props.get("wikidata"),
        aliases=list(props.get("aliases") or []),
        degree=degree,
    )


def batch_actors(relations: Iterable[Relation], actors: Iterable[Actor]) -> list[Actor]:
    """Every actor a batch mentions, each once (later mentions merged into earlier).

    An endpoint's sector is the mention's ("North Korean troops" gives North Korea ``MIL``
    on that evidence only), so it never becomes the sector of a listed actor, nor of a
    state; it is kept on the evidence (``sourceSector``/``targetSector``).
    """
    merged: dict[str, Actor] = {}
    listed = list(actors)
    known = {a.id for a in listed}
    ends = []
    for r in relations:
        for a in (r.source, r.target):
            if a.sector and (a.id in known or a.kind == "state"):
                a = a.model_copy(update={"sector": None})
            ends.append(a)
    for actor in [*listed, *ends]:
        if actor.id in merged:
            prev = merged[actor.id]
            update: dict[str, Any] = {
                name: getattr(prev, name) or getattr(actor, name)
                for name in ("country", "sector", "wikidata")
            }
            update = {k: v for k, v in update.items() if v != getattr(prev, k)}
            more = [a for a in actor.aliases if a not in prev.aliases]
            if more:
                update["aliases"] = prev.aliases + more
            if update:  # a batch names its hubs again and again: copy only on a change
                merged[actor.id] = prev.model_copy(update=update)
        else:
            merged[actor.id] = actor
    return list(merged.values())


# --------------------------------------------------------------- articles


def outlet(source: str | None, url: str | None) -> str | None:
    """The outlet that published an article: its ``source`` (the outlet's name) if set,
    else its URL's host, lower-cased, without a leading "www."; None when unknown.

    The one rule for which outlet an article counts for (``sources`` on edges).
    """
    name = (source or "").strip()
    if name:
        return name
    try:
        host = urlsplit((url or "").strip()).hostname or ""
    except ValueError:  # a malformed URL names no outlet
        return None
    host = host.removeprefix("www.")
    return host or None


def article_props(article: Article) -> dict[str, Any]:
    """Stored properties of an article (its text is not kept in the graph)."""
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "source": article.source,
        "outlet": outlet(article.source, article.url),
        "contentHash": article.content_hash,
    }


# --------------------------------------------------------------- evidence


def check_relation(rel: Relation) -> str:
    """The relation's type, upper-cased, once the ontology accepts it.

    Raises:
        ValidationError: for a type outside the ontology.
    """
    return default_ontology().check_type(rel.type)


def evidence_props(rel: Relation, rel_type: str, key: str) -> dict[str, Any]:
    """Stored properties of one piece of evidence (the sentence's own direction)."""
    return {
        "id": rel.evidence_id,
        "relKey": key,
        "articleId": rel.article_id,
        "sentence": rel.sentence,
        "start": rel.start,
        "end": rel.end,
        "trigger": rel.trigger,
        "modality": rel.modality,
        "negated": rel.negated,
        "confidence": float(rel.confidence),
        "predicate": rel.predicate,
        "mode": rel.mode,
        "role": rel.role,
        "type": rel_type,
        "source": rel.source.id,
        "target": rel.target.id,
        # the sector the mention gave each side ("North Korean troops" -> MIL)
        "sourceSector": rel.source.sector,
        "targetSector": rel.target.sector,
    }


def evidence_record(props: Mapping[str, Any], article: Mapping[str, Any] | None) -> EvidenceRecord:
    """An ``EvidenceRecord`` from stored evidence joined with its article."""
    art = article or {}
    return EvidenceRecord(
        id=props["id"],
        source=props["source"],
        target=props["target"],
        source_sector=props.get("sourceSector"),
        target_sector=props.get("targetSector"),
        type=props["type"],
        mode=props.get("mode"),
        predicate=props.get("predicate") or "",
        sentence=props.get("sentence") or "",
        start=int(props.get("start") or 0),
        end=int(props.get("end") or 0),
        trigger=props.get("trigger") or "",
        modality=props.get("modality") or "asserted",
        negated=bool(props.get("negated")),
        confidence=float(props.get("confidence") or 0.0),
        article_id=props.get("articleId") or art.get("id") or "",
        article_title=art.get("title"),
        article_url=art.get("url"),
        article_source=art.get("outlet") or art.get("source"),
        published=to_date(art.get("published")),
    )


def evidence_order(published: date | None, article_id: str, start: int) -> tuple[Any, ...]:
    """Sort key: newest article first, undated last, then position in the text."""
    return (published is None, -(published.toordinal() if published else 0), article_id, start)


# ------------------------------------------------------------------ edges


def aggregate(
    evidence: Iterable[tuple[Mapping[str, Any], date | None, str | None]],
) -> dict[str, Any]:
    """Aggregate an edge's properties from its evidence and their articles' dates and
    outlets (``outlet``).

    Both stores use it, so their edges agree: predicates by frequency then
    alphabetically, modalities strongest first, modes alphabetically, ``negated`` when
    every piece is negated, ``firstSeen``/``lastSeen`` from the articles' dates,
    ``articles`` the distinct articles (``articleId``) and ``sources`` the distinct
    known outlets behind the edge.
    """
    onto = default_ontology()
    predicates: Counter[str] = Counter()
    modalities: set[str] = set()
    modes: set[str] = set()
    dates: list[date] = []
    articles: set[str] = set()
    outlets: set[str] = set()
    weight = 0
    all_negated = True
    for ev, published, article_outlet in evidence:
        weight += 1
        if ev.get("articleId"):
            articles.add(ev["articleId"])
        if article_outlet:
            outlets.add(article_outlet)
        if ev.get("predicate"):
            predicates[ev["predicate"]] += 1
        if ev.get("modality"):
            modalities.add(ev["modality"])
        if ev.get("mode"):
            modes.add(ev["mode"])
        all_negated = all_negated and bool(ev.get("negated"))
        if published:
            dates.append(published)
    return {
        "weight": weight,
        "firstSeen": min(dates) if dates else None,
        "lastSeen": max(dates) if dates else None,
        "predicates": [p for p, _ in sorted(predicates.items(), key=lambda kv: (-kv[1], kv[0]))],
        "modalities": sorted(modalities, key=lambda m: (onto.modality_rank(m), m)),
        "modes": sorted(modes),
        "negated": weight > 0 and all_negated,
        "articles": len(articles),
        "sources": len(outlets),
    }


def edge(source: str, target: str, rel_type: str, props: Mapping[str, Any]) -> Edge:
    """An ``Edge`` from an aggregated relationship's properties."""
    predicates = list(props.get("predicates") or [])
    modalities = list(props.get("modalities") or [])
    return Edge(
        source=source,
        target=target,
        type=rel_type,
        predicate=predicates[0] if predicates else default_ontology().label(rel_type),
        predicates=predicates,
        modes=list(props.get("modes") or []),
        modalities=modalities,
        modality=modalities[0] if modalities else "asserted",
        negated=bool(props.get("negated")),
        weight=int(props.get("weight") or 0),
        first_seen=to_date(props.get("firstSeen")),
        last_seen=to_date(props.get("lastSeen")),
        articles=int(props.get("articles") or 0),
        sources=int(props.get("sources") or 0),
    )


def edge_order(e: Edge) -> tuple[Any, ...]:
    """Strongest first, then a stable order."""
    return (-e.weight, e.type, e.source, e.target)


# ---------------------------------------------------------------- filters


def check_filter(filt: EdgeFilter | None) -> EdgeFilter:
    """A filter with types and modalities validated and normalised.

    Raises:
        ValidationError: unknown type or modality, or an inverted date window.
    """
    filt = filt or EdgeFilter()
    onto = default_ontology()
    if filt.since and filt.until and filt.since > filt.until:
        raise ValidationError(f"since ({filt.since}) is after until ({filt.until})")
    return filt.model_copy(
        update={
            "types": onto.check_types(filt.types) if filt.types else None,
            "exclude_types": onto.check_types(filt.exclude_types) if filt.exclude_types else None,
            "modality": onto.check_modalities(filt.modality) if filt.modality else None,
        }
    )


def filter_params(filt: EdgeFilter) -> dict[str, Any]:
    """The ``$types``/``$excludeTypes``/... parameters the Cypher filters read."""
    return {
        "types": filt.types,
        "excludeTypes": filt.exclude_types,
        "modalities": filt.modality,
        "since": filt.since,
        "until": filt.until,
        "minWeight": filt.min_weight,
        "minSources": filt.min_sources,
    }


# One row per condition of an edge filter: (``EdgeFilter`` field, relationship property,
# comparison). A filter field left at None drops its row. ``passes`` reads it for
# property maps, ``Snapshot`` for its arrays (``graphkit.store.snapshot.build``), and
# ``cypher/fragment/filter_edges.cypher`` states the same conditions in Cypher: a new
# condition goes in all three, a changed comparison in ``COMPARE`` and the array one.
FILTER_RULES: tuple[tuple[str, str, str], ...] = (
    ("types", "type", "in"),
    ("exclude_types", "type", "not_in"),
    ("modality", "modalities", "overlaps"),
    ("min_weight", "weight", "at_least"),
    ("min_sources", "sources", "at_least"),
    ("since", "lastSeen", "unknown_or_at_least"),
    ("until", "firstSeen", "unknown_or_at_most"),
)

# comparison -> (relationship's value, filter's bound) -> passes
COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "in": lambda value, bound: value in bound,
    "not_in": lambda value, bound: value not in bound,
    "overlaps": lambda value, bound: bool(set(value or ()) & set(bound)),
    "at_least": lambda value, bound: int(value or 0) >= bound,
    "unknown_or_at_least": lambda value, bound: value is None or to_date(value) >= bound,
    "unknown_or_at_most": lambda value, bound: value is None or to_date(value) <= bound,
}


def _passes(
    rules: tuple[tuple[str, str, str], ...], value_of: Callable[[str], Any], filt: EdgeFilter
) -> bool:
    """Whether the values ``value_of`` reads meet every bound ``filt`` sets in ``rules``."""
    for field, prop, comparison in rules:
        bound = getattr(filt, field)
        if bound is not None and not COMPARE[comparison](value_of(prop), bound):
            return False
    return True


def passes(rel_type: str, props: Mapping[str, Any], filt: EdgeFilter) -> bool:
    """Whether an aggregated edge passes the filter (``FILTER_RULES``; the Cypher
    fragment ``filter_edges`` says the same)."""
    return _passes(FILTER_RULES, lambda p: rel_type if p == "type" else props.get(p), filt)


# Evidence-level filtering (timelines, event exports): the same filter fields, read on one
# piece of evidence and its article's date instead of an aggregated edge. The Cypher
# fragment ``filter_evidence`` says the same: change both together.
EVIDENCE_RULES: tuple[tuple[str, str, str], ...] = (
    ("types", "type", "in"),
    ("exclude_types", "type", "not_in"),
    ("modality", "modality", "in"),
    ("since", "published", "unknown_or_at_least"),
    ("until", "published", "unknown_or_at_most"),
)


def evidence_passes(props: Mapping[str, Any], published: Any, filt: EdgeFilter) -> bool:
    """Whether one piece of evidence, from an article of date ``published``, passes the
    filter's evidence-level fields (``EVIDENCE_RULES``)."""
    return _passes(EVIDENCE_RULES, lambda p: published if p == "published" else props.get(p), filt)


# ----------------------------------------------------------------- search


def name_score(query: str, props: Mapping[str, Any]) -> float:
    """How well ``query`` names an actor, 0..1: 1.0 for an exact id/name/alias."""
    q = query.strip().lower()
    forms = list(props.get("aliasesLower") or []) or [str(props.get("id", "")).lower()]
    if q in forms:
        return 1.0
    # 0.99 keeps every fuzzy hit below every exact one
    return max(fuzz.WRatio(q, f) for f in forms) / 100 * 0.99


def lucene_escape(text: str) -> str:
    """Escape Lucene's query syntax so user text is matched literally."""
    return _LUCENE_SPECIAL.sub(r"\\\1", text)


def fulltext_query(query: str) -> str | None:
    """A Lucene query that finds a name despite typos: each word fuzzy or as a prefix."""
    words = [w for w in re.findall(r"\w+", query.lower()) if w]
    if not words:
        return None
    clauses = []
    for word in words:
        esc = lucene_escape(word)
        clauses.append(f"{esc}~" if len(word) > 2 else esc)
        clauses.append(f"{esc}*")
    return " OR ".join(clauses)


def phrase_query(text: str) -> str:
    """A Lucene phrase query matching ``text`` literally."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
