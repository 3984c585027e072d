"""A small hand-written graph for the Cypher library and notebook-magic tests.

Each ``FACTS`` row is one piece of evidence: (article, source, type, target, modality).
Tests compute their expected answers from ``FACTS`` in plain Python, independently of
the stores and of Cypher.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from graphkit.models import Actor, Article, Extraction, Relation
from graphkit.store.base import GraphStore, orient, rel_key

ACTORS = {
    "PRK": ("North Korea", "state"),
    "RUS": ("Russia", "state"),
    "UKR": ("Ukraine", "state"),
    "KOR": ("South Korea", "state"),
    "USA": ("United States", "state"),
    "IRN": ("Iran", "state"),
    "NATO": ("NATO", "organization"),
}

ARTICLES = {
    "a1": ("Day one", date(2024, 10, 1)),
    "a2": ("Day two", date(2024, 11, 5)),
}

FACTS: list[tuple[str, str, str, str, str]] = [
    ("a1", "PRK", "SUPPORT", "RUS", "asserted"),
    ("a1", "PRK", "SUPPORT", "RUS", "asserted"),
    ("a1", "PRK", "AID", "RUS", "reported"),
    ("a1", "RUS", "ASSAULT", "UKR", "asserted"),
    ("a1", "UKR", "ACCUSE", "RUS", "asserted"),
    ("a1", "RUS", "ACCUSE", "UKR", "asserted"),
    ("a1", "KOR", "ALLY_OF", "USA", "asserted"),
    ("a2", "PRK", "AID", "RUS", "reported"),
    ("a2", "USA", "SUPPORT", "UKR", "asserted"),
    ("a2", "KOR", "SUPPORT", "UKR", "speculated"),
    ("a2", "NATO", "CONSULT", "KOR", "asserted"),
    ("a2", "IRN", "AID", "RUS", "reported"),
]


def actor(actor_id: str) -> Actor:
    name, kind = ACTORS[actor_id]
    return Actor(id=actor_id, name=name, kind=kind)  # type: ignore[arg-type]


def extractions() -> list[Extraction]:
    """One extraction per article, one sentence per fact."""
    out = []
    for article_id, (title, published) in ARTICLES.items():
        facts = [f for f in FACTS if f[0] == article_id]
        sentences = [
            f"{ACTORS[s][0]} {t.lower()} {ACTORS[o][0]} ({i})."
            for i, (_, s, t, o, _m) in enumerate(facts)
        ]
        text = " ".join(sentences)
        relations = []
        offset = 0
        for sentence, (_, s, t, o, modality) in zip(sentences, facts, strict=True):
            relations.append(
                Relation(
                    article_id=article_id,
                    type=t,
                    predicate=t.lower(),
                    source=actor(s),
                    target=actor(o),
                    modality=modality,  # type: ignore[arg-type]
                    sentence=sentence,
                    start=offset,
                    end=offset + len(sentence),
                    trigger=t.lower(),
                )
            )
            offset += len(sentence) + 1
        involved = sorted({x for f in facts for x in (f[1], f[3])})
        out.append(
            Extraction(
                article=Article(id=article_id, title=title, text=text, published=published),
                actors=[actor(a) for a in involved],
                relations=relations,
            )
        )
    return out


def load(store: GraphStore) -> None:
    store.write_batch(extractions())


def weights() -> Counter[str]:
    """Evidence per aggregated relationship key, as the stores should aggregate it."""
    return Counter(rel_key(s, t, o) for _, s, t, o, _m in FACTS)


def rel_keys() -> list[tuple[str, str, str]]:
    """Distinct (source, type, target) as stored (symmetric types in id order)."""
    seen = []
    for _, s, t, o, _m in FACTS:
        a, b = orient(s, t, o)
        if (a, t, b) not in seen:
            seen.append((a, t, b))
    return seen
