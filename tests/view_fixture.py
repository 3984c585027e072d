"""A small, realistic graph for the view tests: the seed article's relations plus a hostile one.

The relations follow the hand-checked gold annotations of the seed article
(``tests/data/gold/seed-gold.jsonl``): first type and first modality of each row,
its evidence span as the sentence. One extra article carries script and
``onerror`` payloads in its title, URL and sentence, as actor-relation evidence
between South Korea and North Korea, so every view test also checks that article
text cannot run in the page.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from graphkit.models import Actor, Article, Extraction, Relation

GOLD = Path(__file__).resolve().parent / "data" / "gold" / "seed-gold.jsonl"

XSS_SENTENCE = (
    "South Korea accuses North Korea </script><script>window.__xss=1</script> of "
    'aggression <img src=x onerror="window.__xss=2"> near the border.'
)
XSS_TITLE = '<img src=x onerror="window.__xss=4">Border <b>report</b>'
XSS_URL = "javascript:window.__xss=3"
XSS_ACTOR_NAME = '<img src=x onerror="window.__xss=5">Shadow Group'

_ACTORS: dict[str, tuple[str, str, str | None]] = {
    # gold name -> (id, kind, country)
    "NATO": ("NATO", "organization", None),
    "South Korea": ("KOR", "state", "KOR"),
    "North Korea": ("PRK", "state", "PRK"),
    "Russia": ("RUS", "state", "RUS"),
    "Ukraine": ("UKR", "state", "UKR"),
    "United States": ("USA", "state", "USA"),
    "European Union": ("EU", "organization", None),
    "Mark Rutte": ("mark-rutte", "person", "NLD"),
    "Yoon Suk Yeol": ("yoon-suk-yeol", "person", "KOR"),
    "Vladimir Putin": ("vladimir-putin", "person", "RUS"),
    "Kim Jong Un": ("kim-jong-un", "person", "PRK"),
    "Emmanuel Macron": ("emmanuel-macron", "person", "FRA"),
    "Olaf Scholz": ("olaf-scholz", "person", "DEU"),
    "France": ("FRA", "state", "FRA"),
    "Germany": ("DEU", "state", "DEU"),
    "Lindsey Graham": ("lindsey-graham", "person", "USA"),
    "Senate Armed Services Committee": ("us-senate-armed-services", "body", "USA"),
    "Pentagon": ("pentagon", "body", "USA"),
    "Syria": ("SYR", "state", "SYR"),
    "Egypt": ("EGY", "state", "EGY"),
    "Japan": ("JPN", "state", "JPN"),
}
_ALIASES = {
    "PRK": ["Pyongyang", "DPRK", "the North"],
    "RUS": ["Moscow", "Kremlin"],
    "USA": ["Washington", "U.S."],
    "KOR": ["Seoul", "Republic of Korea"],
}


def actor(name: str) -> Actor:
    """The fixture's actor for a gold name."""
    actor_id, kind, country = _ACTORS[name]
    return Actor(
        id=actor_id, name=name, kind=kind, country=country, aliases=_ALIASES.get(actor_id, [])
    )  # type: ignore[arg-type]


def seed_extraction() -> Extraction:
    """The seed article with one relation per gold row."""
    article = Article(
        id="seed-nato-kor",
        title="NATO asks South Korea for briefing on North Korean troops",
        url="https://example.org/news/nato-south-korea",
        published=date(2024, 10, 28),
        source="fixture",
        text="(seed article text)",
    )
    relations = []
    for i, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        rel_type = row["types"][0]
        relations.append(
            Relation(
                article_id=article.id,
                type=rel_type,
                predicate=rel_type.lower().replace("_", " "),
                source=actor(row["source"]),
                target=actor(row["target"]),
                modality=row["modality"][0],
                negated=row["id"] == "o19",  # "avoided making any direct accusations"
                confidence=0.8,
                sentence=row["evidence"],
                start=i * 1000,
                end=i * 1000 + len(row["evidence"]),
                trigger=row["evidence"].split()[1] if len(row["evidence"].split()) > 1 else "",
            )
        )
    return Extraction(
        article=article,
        actors=[r.source for r in relations] + [r.target for r in relations],
        relations=relations,
    )


def xss_extraction() -> Extraction:
    """An article whose title, URL and sentence try to run script in a view."""
    article = Article(
        id="xss-article",
        title=XSS_TITLE,
        url=XSS_URL,
        published=date(2024, 11, 2),
        source="fixture",
        text=XSS_SENTENCE,
    )
    kor, prk = actor("South Korea"), actor("North Korea")
    shadow = Actor(id="shadow-group", name=XSS_ACTOR_NAME, kind="group", aliases=["Shadow Group"])
    support = Relation(
        article_id=article.id,
        type="SUPPORT",
        predicate="supports",
        source=shadow,
        target=prk,
        modality="speculated",
        confidence=0.5,
        sentence=XSS_SENTENCE,
        start=1,
        end=len(XSS_SENTENCE),
        trigger="aggression",
    )
    rel = Relation(
        article_id=article.id,
        type="ACCUSE",
        mode="aggression",
        predicate="accuses",
        source=kor,
        target=prk,
        modality="reported",
        confidence=0.7,
        sentence=XSS_SENTENCE,
        start=0,
        end=len(XSS_SENTENCE),
        trigger="accuses",
    )
    return Extraction(article=article, actors=[kor, prk, shadow], relations=[rel, support])


def fixture_extractions() -> list[Extraction]:
    """Everything the view tests load into a store."""
    return [seed_extraction(), xss_extraction()]
