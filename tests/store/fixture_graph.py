"""Hand-built extractions for store and API tests: a small, realistic actor graph.

Two articles (dated 2024-10-21 and 2024-11-05) about North Korean troops in Russia,
plus helpers to build more. Nothing here is computed from the stores under test.

Edges once both articles are written (symmetric ones oriented smaller id first):

    NATO -REQUEST-> KOR (weight 2: one sentence in each article)
    PRK  -MOBILIZE-> RUS (reported)           PRK -AID-> RUS (speculated)
    RUS  -AT_WAR_WITH- UKR (symmetric)        RUS -ASSAULT-> UKR
    KOR  -ALLY_OF- USA (symmetric)            KOR -HOSTILE_TO- PRK (symmetric)
    KOR  -PARTNER_OF- NATO (symmetric)     mark-rutte -LEADER_OF-> NATO
    mark-rutte -CONSULT- yoon-suk-yeol        yoon-suk-yeol -LEADER_OF-> KOR
    USA  -SANCTION-> PRK (second article only, negated: "has not sanctioned")
"""

from __future__ import annotations

from datetime import date

from graphkit.models import Actor, Article, Extraction, Relation

NATO = Actor(
    id="NATO",
    name="NATO",
    kind="organization",
    sector="IGO",
    wikidata="Q7184",
    aliases=["North Atlantic Treaty Organization", "the Alliance"],
)
KOR = Actor(
    id="KOR",
    name="South Korea",
    kind="state",
    country="KOR",
    wikidata="Q884",
    aliases=["Republic of Korea", "Seoul", "ROK"],
)
PRK = Actor(
    id="PRK",
    name="North Korea",
    kind="state",
    country="PRK",
    wikidata="Q423",
    aliases=["DPRK", "Pyongyang", "the North"],
)
RUS = Actor(
    id="RUS",
    name="Russia",
    kind="state",
    country="RUS",
    wikidata="Q159",
    aliases=["Moscow", "Russian Federation", "Kremlin"],
)
UKR = Actor(
    id="UKR", name="Ukraine", kind="state", country="UKR", wikidata="Q212", aliases=["Kyiv"]
)
USA = Actor(
    id="USA",
    name="United States",
    kind="state",
    country="USA",
    wikidata="Q30",
    aliases=["Washington", "US", "United States of America"],
)
RUTTE = Actor(id="mark-rutte", name="Mark Rutte", kind="person", sector="IGO", aliases=["Rutte"])
YOON = Actor(
    id="yoon-suk-yeol",
    name="Yoon Suk Yeol",
    kind="person",
    country="KOR",
    sector="GOV",
    aliases=["President Yoon"],
)

ACTORS = [NATO, KOR, PRK, RUS, UKR, USA, RUTTE, YOON]

TEXT_1 = (
    "NATO has requested South Korea to send a delegation to brief its members on reports "
    "that North Korea is sending troops to Russia. Russia is at war with Ukraine. "
    "South Korea is a key ally of the United States and a partner of NATO."
)
TEXT_2 = (
    "NATO again asked Seoul for a briefing. Pyongyang may be aiding Moscow. "
    "Washington has not sanctioned Pyongyang yet."
)
ART_1 = Article(
    id="art-1",
    text=TEXT_1,
    title="NATO asks Seoul for briefing",
    url="https://example.org/nato-seoul",
    published=date(2024, 10, 21),
    source="example.org",
)
ART_2 = Article(
    id="art-2",
    text=TEXT_2,
    title="Pyongyang and Moscow",
    url="https://example.org/pyongyang-moscow",
    published=date(2024, 11, 5),
    source="example.org",
)


def rel(
    article: Article,
    source: Actor,
    rel_type: str,
    target: Actor,
    sentence: str,
    start: int,
    *,
    trigger: str = "",
    predicate: str | None = None,
    mode: str | None = None,
    modality: str = "asserted",
    negated: bool = False,
    confidence: float = 0.8,
) -> Relation:
    """One relation instance with the span of ``sentence`` at ``start``."""
    return Relation(
        article_id=article.id,
        type=rel_type,
        mode=mode,
        predicate=predicate or rel_type.lower().replace("_", " "),
        source=source,
        target=target,
        modality=modality,  # type: ignore[arg-type]
        negated=negated,
        confidence=confidence,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        trigger=trigger or rel_type.lower(),
    )


def article_one(article: Article = ART_1) -> Extraction:
    """The first article's extraction (``article`` may be an edited copy)."""
    s1 = "NATO has requested South Korea to send a delegation"
    s2 = "North Korea is sending troops to Russia"
    s3 = "Russia is at war with Ukraine."
    s4 = "South Korea is a key ally of the United States and a partner of NATO."
    a = article
    return Extraction(
        article=a,
        actors=[NATO, KOR, PRK, RUS, UKR, USA, RUTTE, YOON],
        relations=[
            rel(
                a,
                NATO,
                "REQUEST",
                KOR,
                s1,
                0,
                trigger="requested",
                mode="briefing",
                predicate="requests briefing",
            ),
            rel(
                a,
                PRK,
                "MOBILIZE",
                RUS,
                s2,
                120,
                trigger="sending",
                mode="troops",
                predicate="sends troops",
                modality="reported",
            ),
            rel(a, RUS, "AT_WAR_WITH", UKR, s3, 160, trigger="at war"),
            # symmetric: stored once as RUS -> UKR whichever way the sentence runs
            rel(a, UKR, "AT_WAR_WITH", RUS, s3, 160, trigger="war"),
            rel(
                a, RUS, "ASSAULT", UKR, s3, 160, trigger="war", mode="invasion", predicate="attacks"
            ),
            rel(a, KOR, "ALLY_OF", USA, s4, 191, trigger="ally"),
            rel(a, USA, "ALLY_OF", KOR, s4, 191, trigger="ally of"),
            rel(a, KOR, "PARTNER_OF", NATO, s4, 191, trigger="partner"),
            rel(a, RUTTE, "LEADER_OF", NATO, s1, 0, trigger="Secretary-General"),
            rel(a, RUTTE, "CONSULT", YOON, s1, 0, trigger="phone call", mode="phone"),
            rel(a, YOON, "LEADER_OF", KOR, s1, 0, trigger="President"),
            rel(a, KOR, "HOSTILE_TO", PRK, s4, 191, trigger="hostile"),
        ],
    )


def article_two(article: Article = ART_2) -> Extraction:
    """The second article's extraction."""
    a = article
    s1 = "NATO again asked Seoul for a briefing."
    s2 = "Pyongyang may be aiding Moscow."
    s3 = "Washington has not sanctioned Pyongyang yet."
    return Extraction(
        article=a,
        actors=[
            NATO,
            KOR.model_copy(update={"aliases": ["Seoul", "Korea South"]}),
            PRK,
            RUS,
            USA,
        ],
        relations=[
            rel(
                a,
                NATO,
                "REQUEST",
                KOR,
                s1,
                0,
                trigger="asked",
                mode="briefing",
                predicate="requests briefing",
            ),
            rel(
                a,
                PRK,
                "AID",
                RUS,
                s2,
                39,
                trigger="aiding",
                mode="military",
                predicate="aids",
                modality="speculated",
            ),
            rel(
                a,
                USA,
                "SANCTION",
                PRK,
                s3,
                71,
                trigger="sanctioned",
                negated=True,
                predicate="sanctions",
            ),
        ],
    )


def both_articles() -> list[Extraction]:
    """The two fixture extractions, in publication order."""
    return [article_one(), article_two()]


def chain(n: int, rel_type: str = "COOPERATE", article_id: str = "chain") -> Extraction:
    """A line of ``n`` actors ``c00 -> c01 -> ...``, for path and limit tests."""
    text = f"chain of {n} actors ({rel_type})"
    art = Article(id=article_id, text=text, published=date(2024, 1, 1))
    actors = [
        Actor(id=f"c{i:02d}", name=f"Chain Actor {i:02d}", kind="organization") for i in range(n)
    ]
    rels = [
        rel(art, actors[i], rel_type, actors[i + 1], f"c{i} links c{i + 1}", i * 10)
        for i in range(n - 1)
    ]
    return Extraction(article=art, actors=actors, relations=rels)


# types for random graphs: directed events and symmetric standing relations
RANDOM_TYPES = ("CONSULT", "AID", "ASSAULT", "THREATEN", "ALLY_OF", "HOSTILE_TO", "COOPERATE")
RANDOM_MODALITIES = ("asserted", "asserted", "reported", "speculated", "denied", "planned")
# outlets of random articles, by article number: named, or (None) known by the URL's host,
# so edges have 1..4 sources and ``min_sources`` has something to cut
RANDOM_OUTLETS = ("Reuters", "AP", None, "AFP", None)


def random_graph(
    seed: int, n_actors: int = 40, n_articles: int = 30, per_article: int = 12
) -> list[Extraction]:
    """Articles of random relations among ``n_actors`` actors: a few hubs and a long
    tail (popularity ~ 1/(i+1)), several types (symmetric ones too), modalities,
    negations, modes and dates, so traversal filters all have something to cut."""
    import random

    rng = random.Random(seed)
    actors = [
        Actor(id=f"r{i:03d}", name=f"Random Actor {i:03d}", kind="state", aliases=[f"RA{i}"])
        for i in range(n_actors)
    ]
    popularity = [1.0 / (i + 1) for i in range(n_actors)]
    out = []
    for a in range(n_articles):
        art = Article(
            id=f"random-{seed}-{a:03d}",
            text=f"random article {a} of graph {seed}",
            published=date(2023, 1, 1) + (date(2023, 1, 2) - date(2023, 1, 1)) * (a * 17 % 700),
            source=RANDOM_OUTLETS[a % len(RANDOM_OUTLETS)],
            url=f"https://www.site{a % 2}.example/{seed}/{a}",
        )
        rels = []
        for j in range(per_article):
            src, tgt = rng.choices(actors, weights=popularity, k=2)
            if src.id == tgt.id:
                continue
            rel_type = rng.choice(RANDOM_TYPES)
            rels.append(
                rel(
                    art,
                    src,
                    rel_type,
                    tgt,
                    f"sentence {j} of article {a}",
                    j * 40,
                    mode=rng.choice([None, "visit", "talks"]) if rel_type == "CONSULT" else None,
                    modality=rng.choice(RANDOM_MODALITIES),
                    negated=rng.random() < 0.1,
                )
            )
        out.append(Extraction(article=art, actors=actors[:0], relations=rels))
    return out
