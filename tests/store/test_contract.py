"""The GraphStore contract, run on every backend (``--backend memory|neo4j``)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from graphkit.errors import QueryRejected, UnknownActor, ValidationError
from graphkit.models import Actor, Article, EdgeFilter, EncodedSubgraph, Extraction, Subgraph
from graphkit.store.base import GraphStore
from graphkit.store.traversal import EDGE_LIMIT_FACTOR
from store.fixture_graph import (
    ART_1,
    KOR,
    NATO,
    PRK,
    article_one,
    article_two,
    both_articles,
    chain,
    rel,
)


def edge_keys(store: GraphStore) -> dict[tuple[str, str, str], int]:
    return {(e.source, e.type, e.target): e.weight for e in store.export().edges}


# ----------------------------------------------------------------- writes


def test_first_write_counts(store: GraphStore) -> None:
    batch = both_articles()
    summary = store.write_batch(batch)
    assert summary.articles_new == 2
    assert summary.evidence == 15
    # actors written = distinct actors of the batch (the two articles share some)
    ids = {a.id for ex in batch for a in ex.actors}
    ids |= {end.id for ex in batch for r in ex.relations for end in (r.source, r.target)}
    assert summary.actors == len(ids) == 8
    st = store.stats()
    assert (st.actors, st.relationships, st.evidence, st.articles) == (8, 12, 15, 2)
    assert st.actors_by_kind == {"organization": 1, "person": 2, "state": 5}
    assert st.relations_by_type["ALLY_OF"] == 1
    assert st.relations_by_type["LEADER_OF"] == 2


def test_double_write_is_idempotent(store: GraphStore) -> None:
    store.write_batch(both_articles())
    before, stats_before = edge_keys(store), store.stats()
    again = store.write_batch(both_articles())
    assert again.articles_unchanged == 2
    assert again.articles_new == again.articles_updated == again.evidence == 0
    assert edge_keys(store) == before
    assert store.stats() == stats_before


def test_same_article_twice_in_one_batch(store: GraphStore) -> None:
    summary = store.write_batch([article_one(), article_one()])
    assert summary.articles_new == 1
    assert store.stats().evidence == 12


def test_article_hashes(store: GraphStore) -> None:
    store.write_batch([article_one()])
    hashes = store.article_hashes(["art-1", "art-2"])
    assert hashes == {"art-1": ART_1.content_hash}


def test_updated_article_replaces_evidence_and_reaggregates(store: GraphStore) -> None:
    store.write_batch(both_articles())
    assert edge_keys(store)[("NATO", "REQUEST", "KOR")] == 2
    # the first article is edited: new text and date, and it no longer mentions the
    # request nor the troops
    edited = ART_1.model_copy(
        update={"text": ART_1.text + " (corrected)", "published": date(2024, 12, 1)}
    )
    ex = article_one(edited)
    ex.relations = [r for r in ex.relations if r.type not in ("REQUEST", "MOBILIZE")]
    summary = store.write_batch([ex])
    assert summary.articles_updated == 1 and summary.articles_new == 0
    edges = edge_keys(store)
    assert edges[("NATO", "REQUEST", "KOR")] == 1
    assert ("PRK", "MOBILIZE", "RUS") not in edges
    assert store.stats().evidence == 13
    (req,) = store.relations("NATO", "KOR", "REQUEST")
    assert req.first_seen == req.last_seen == date(2024, 11, 5)
    (war,) = store.relations("RUS", "UKR", "AT_WAR_WITH")
    assert war.weight == 2
    assert war.first_seen == date(2024, 12, 1)
    assert store.article_hashes(["art-1"]) == {"art-1": edited.content_hash}


def test_aggregated_properties(store: GraphStore) -> None:
    store.write_batch(both_articles())
    (req,) = store.relations("NATO", "KOR", "REQUEST")
    assert req.predicate == "requests briefing"
    assert req.modes == ["briefing"]
    assert (req.first_seen, req.last_seen) == (date(2024, 10, 21), date(2024, 11, 5))
    (sanction,) = store.relations("USA", "PRK", "SANCTION")
    assert sanction.negated is True
    (mob,) = store.relations("PRK", "RUS", "MOBILIZE")
    assert mob.modalities == ["reported"] and mob.modality == "reported"
    assert mob.negated is False


def test_modalities_strongest_first(store: GraphStore) -> None:
    a = Article(id="m", text="modalities", published=date(2024, 1, 1))
    rels = [
        rel(a, PRK, "AID", KOR, "s1", 0, modality="speculated"),
        rel(a, PRK, "AID", KOR, "s2", 5, modality="asserted"),
        rel(a, PRK, "AID", KOR, "s3", 9, modality="reported"),
    ]
    store.write_batch([Extraction(article=a, relations=rels)])
    (e,) = store.relations("PRK", "KOR", "AID")
    assert e.modalities == ["asserted", "reported", "speculated"]
    assert e.modality == "asserted"


def test_unknown_type_writes_nothing(store: GraphStore) -> None:
    ex = article_one()
    ex.relations[3] = ex.relations[3].model_copy(update={"type": "INVADES"})
    with pytest.raises(ValidationError):
        store.write_batch([ex])
    assert store.stats().articles == 0
    assert store.stats().evidence == 0


def test_lowercase_type_is_normalised(store: GraphStore) -> None:
    ex = article_one()
    ex.relations = [ex.relations[0].model_copy(update={"type": "request"})]
    store.write_batch([ex])
    assert ("NATO", "REQUEST", "KOR") in edge_keys(store)


def test_symmetric_relations_stored_once(store: GraphStore) -> None:
    store.write_batch(both_articles())
    edges = edge_keys(store)
    # written both as KOR->USA and USA->KOR: one edge from the smaller id
    assert edges[("KOR", "ALLY_OF", "USA")] == 2
    assert ("USA", "ALLY_OF", "KOR") not in edges
    assert ("KOR", "PARTNER_OF", "NATO") in edges
    assert ("mark-rutte", "CONSULT", "yoon-suk-yeol") in edges
    # looked up either way round
    (ally,) = store.relations("USA", "KOR", "ALLY_OF")
    assert (ally.source, ally.target) == ("KOR", "USA")
    assert len(store.evidence("USA", "ALLY_OF", "KOR")) == 2
    # a non-symmetric type is not matched backwards
    assert store.relations("KOR", "NATO", "REQUEST") == []


def test_relations_by_end(store: GraphStore) -> None:
    store.write_batch(both_articles())
    from_usa = {(e.type, e.target) for e in store.relations(source_id="USA")}
    assert from_usa == {("SANCTION", "PRK"), ("ALLY_OF", "USA")}
    weights = [e.weight for e in store.relations(limit=100)]
    assert weights == sorted(weights, reverse=True)
    assert len(store.relations(limit=3)) == 3


def test_actor_aliases_merge(store: GraphStore) -> None:
    store.write_batch(both_articles())
    kor = store.resolve_actor("KOR")
    assert kor is not None
    assert {"Republic of Korea", "Seoul", "ROK", "Korea South"} <= set(kor.aliases)
    assert kor.wikidata == "Q884"  # not wiped by the sparser second mention
    n = store.upsert_actors([Actor(id="KOR", name="South Korea", kind="state", aliases=["SK"])])
    assert n == 1
    kor = store.resolve_actor("sk")
    assert kor is not None and kor.id == "KOR" and "ROK" in kor.aliases


def test_a_mention_sector_stays_on_its_evidence(store: GraphStore) -> None:
    """North Korean troops give PRK the MIL sector on that evidence, not on the state."""
    art = Article(id="art-sector", text="North Korean troops were sent to Russia.")
    troops = PRK.model_copy(update={"sector": "MIL"})
    russia = Actor(id="RUS", name="Russia", kind="state", country="RUS")
    sent = rel(art, troops, "MOBILIZE", russia, art.text, 0, trigger="sent")
    store.write_batch([Extraction(article=art, actors=[PRK, russia], relations=[sent])])
    prk = store.resolve_actor("PRK")
    assert prk is not None and prk.sector is None
    (ev,) = store.evidence("PRK", "MOBILIZE", "RUS")
    assert (ev.source_sector, ev.target_sector) == ("MIL", None)


# ------------------------------------------------------------------ reads


def test_evidence_joined_with_articles(store: GraphStore) -> None:
    store.write_batch(both_articles())
    ev = store.evidence("NATO", "REQUEST", "KOR")
    assert [e.article_id for e in ev] == ["art-2", "art-1"]  # newest first
    assert ev[0].article_title == "Pyongyang and Moscow"
    assert ev[0].article_url == "https://example.org/pyongyang-moscow"
    assert ev[1].published == date(2024, 10, 21)
    assert ev[1].trigger == "requested" and ev[1].mode == "briefing"
    assert ev[1].sentence.startswith("NATO has requested")
    assert store.evidence("NATO", "REQUEST", "KOR", limit=1)[0].article_id == "art-2"
    assert store.evidence("KOR", "REQUEST", "NATO") == []
    with pytest.raises(ValidationError):
        store.evidence("NATO", "BOMBS", "KOR")


def test_resolve_actor(store: GraphStore) -> None:
    store.write_batch(both_articles())
    for ref in ("PRK", "prk", "North Korea", "NORTH KOREA", "dprk", "Pyongyang", " the north "):
        found = store.resolve_actor(ref)
        assert found is not None and found.id == "PRK", ref
    assert store.resolve_actor("Nort Korea") is None  # exact only
    assert store.resolve_actor("Atlantis") is None
    node = store.resolve_actor("kor")
    assert node is not None and node.degree == 5


def test_search_actors(store: GraphStore) -> None:
    store.write_batch(both_articles())
    top = store.search_actors("NATO")[0]
    assert top[0].id == "NATO" and top[1] == 1.0
    assert store.search_actors("dprk")[0][0].id == "PRK"
    typo = store.search_actors("Nort Korea")
    assert typo[0][0].id == "PRK"
    assert typo[0][1] < 1.0
    assert store.search_actors("Rusia")[0][0].id == "RUS"
    assert store.search_actors("united state")[0][0].id == "USA"
    assert store.search_actors("qqqzzzxxx") == []
    assert store.search_actors("") == []
    assert len(store.search_actors("korea", limit=1)) == 1
    scores = [s for _, s in store.search_actors("korea")]
    assert scores == sorted(scores, reverse=True)


def test_search_escapes_query_syntax(store: GraphStore) -> None:
    store.write_batch(both_articles())
    for q in ('North Korea"', "NATO AND (", "ukr*", "rus~", "a:b", "\\", "!!"):
        store.search_actors(q)  # must not raise on Lucene syntax
        assert store.resolve_actor(q) is None
    assert store.search_actors('"ukraine"')[0][0].id == "UKR"


def test_actor_edges(store: GraphStore) -> None:
    store.write_batch(both_articles())
    edges = store.actor_edges("KOR", limit=10)
    assert len(edges) == 5
    assert edges[0].weight == 2
    assert [e.weight for e in edges] == sorted((e.weight for e in edges), reverse=True)
    assert len(store.actor_edges("KOR", limit=2)) == 2
    assert store.actor_edges("nobody") == []


def test_neighbourhood_order_and_degree(store: GraphStore) -> None:
    store.write_batch(both_articles())
    sub = store.neighbourhood("KOR", depth=1)
    ids = [n.id for n in sub.nodes]
    # nearest first, then by the weight that links them: NATO 2+1, USA 2, then ids
    assert ids == ["KOR", "NATO", "USA", "PRK", "yoon-suk-yeol"]
    assert sub.focus == "KOR" and not sub.truncated
    degrees = {n.id: n.degree for n in sub.nodes}
    assert degrees["KOR"] == 5 and degrees["USA"] == 2
    # edges among the returned nodes, not only those touching the focus
    pairs = {(e.source, e.type, e.target) for e in sub.edges}
    assert ("USA", "SANCTION", "PRK") in pairs
    assert ("NATO", "REQUEST", "KOR") in pairs
    assert all(e.source in ids and e.target in ids for e in sub.edges)


def test_neighbourhood_depth_and_limit(store: GraphStore) -> None:
    store.write_batch([chain(10)])
    sub = store.neighbourhood("c00", depth=3)
    assert [n.id for n in sub.nodes] == ["c00", "c01", "c02", "c03"]
    assert len(sub.edges) == 3 and not sub.truncated
    cut = store.neighbourhood("c05", depth=3, limit=3)
    assert cut.truncated
    assert next(n.id for n in cut.nodes) == "c05"
    assert {n.id for n in cut.nodes[1:]} == {"c04", "c06"}
    assert len(cut.edges) == 2
    exact = store.neighbourhood("c05", depth=1, limit=3)
    assert not exact.truncated and len(exact.nodes) == 3


def test_neighbourhood_validation(store: GraphStore) -> None:
    store.write_batch(both_articles())
    for depth in (0, 4):
        with pytest.raises(ValidationError):
            store.neighbourhood("KOR", depth=depth)
    with pytest.raises(ValidationError):
        store.neighbourhood("KOR", limit=0)
    with pytest.raises(UnknownActor):
        store.neighbourhood("Atlantis")
    with pytest.raises(ValidationError):
        store.neighbourhood("KOR", filt=EdgeFilter(types=["NOT_A_TYPE"]))


@pytest.mark.parametrize(
    ("filt", "focus", "expected"),
    [
        (EdgeFilter(types=["ALLY_OF"]), "KOR", {"KOR", "USA"}),
        (EdgeFilter(types=["ally_of", "HOSTILE_TO"]), "KOR", {"KOR", "USA", "PRK"}),
        (
            EdgeFilter(exclude_types=["REQUEST", "PARTNER_OF", "LEADER_OF"]),
            "KOR",
            {"KOR", "USA", "PRK"},
        ),
        (EdgeFilter(modality=["speculated"]), "PRK", {"PRK", "RUS"}),
        (EdgeFilter(modality=["reported", "speculated"]), "PRK", {"PRK", "RUS"}),
        (EdgeFilter(since=date(2024, 11, 1)), "KOR", {"KOR", "NATO"}),
        (EdgeFilter(until=date(2024, 10, 31)), "PRK", {"PRK", "RUS", "KOR"}),
        (EdgeFilter(min_weight=2), "KOR", {"KOR", "NATO", "USA"}),
    ],
)
def test_neighbourhood_filters(
    store: GraphStore, filt: EdgeFilter, focus: str, expected: set[str]
) -> None:
    store.write_batch(both_articles())
    sub = store.neighbourhood(focus, depth=1, filt=filt)
    assert {n.id for n in sub.nodes} == expected


def test_filtered_edges_among_nodes(store: GraphStore) -> None:
    store.write_batch(both_articles())
    sub = store.neighbourhood("PRK", depth=1, filt=EdgeFilter(modality=["speculated"]))
    assert [(e.source, e.type, e.target) for e in sub.edges] == [("PRK", "AID", "RUS")]


def star_with_rim() -> Extraction:
    """f joined to a and b (weight 1 each); a-b (weight 3) and a-x (weight 2) beyond."""
    art = Article(id="rim", text="star with rim", published=date(2024, 1, 1))
    f, a, b, x = (Actor(id=i, name=f"Actor {i}", kind="organization") for i in "fabx")
    links = [(f, a, 1), (f, b, 1), (a, b, 3), (a, x, 2)]
    rels = [
        rel(art, u, "COOPERATE", v, f"{u.id} works with {v.id} ({n})", 100 * i + 10 * n)
        for i, (u, v, weight) in enumerate(links)
        for n in range(weight)
    ]
    return Extraction(article=art, relations=rels)


def test_neighbourhood_edge_limit(store: GraphStore) -> None:
    store.write_batch([star_with_rim()])

    def pairs(sub: Subgraph) -> list[frozenset[str]]:
        return [frozenset((e.source, e.target)) for e in sub.edges]

    whole = store.neighbourhood("f", depth=2)
    assert [n.id for n in whole.nodes] == ["f", "a", "b", "x"] and not whole.truncated
    assert [e.weight for e in whole.edges] == [3, 2, 1, 1]
    # the focus's own edges are kept before heavier ones further out
    two = store.neighbourhood("f", depth=2, edge_limit=2)
    assert two.truncated and len(two.nodes) == 4
    assert set(pairs(two)) == {frozenset("fa"), frozenset("fb")}
    # then the strongest, listed strongest first
    three = store.neighbourhood("f", depth=2, edge_limit=3)
    assert three.truncated
    assert pairs(three) == [frozenset("ab"), frozenset("fa"), frozenset("fb")]
    exact = store.neighbourhood("f", depth=2, edge_limit=4)
    assert not exact.truncated and len(exact.edges) == 4
    with pytest.raises(ValidationError):
        store.neighbourhood("f", edge_limit=0)


def test_neighbourhood_default_edge_limit(store: GraphStore) -> None:
    art = Article(id="parallel", text="many ties", published=date(2024, 1, 1))
    p, q = (Actor(id=i, name=f"Actor {i}", kind="state") for i in "pq")
    types = ["AID", "AGREE", "CONSULT", "COOPERATE", "REQUEST", "SUPPORT", "SANCTION"]
    rels = [rel(art, p, t, q, f"p {t} q", 20 * i) for i, t in enumerate(types)]
    store.write_batch([Extraction(article=art, relations=rels)])
    assert len(types) > EDGE_LIMIT_FACTOR * 2
    sub = store.neighbourhood("p", depth=1, limit=2)
    assert len(sub.nodes) == 2 and sub.truncated
    assert len(sub.edges) == EDGE_LIMIT_FACTOR * 2
    assert len(store.neighbourhood("p", depth=1, limit=3).edges) == len(types)


def test_neighbourhood_json_is_the_neighbourhood_encoded(store: GraphStore) -> None:
    store.write_batch(both_articles())
    cases = [
        ("KOR", 1, None, 100, None),
        ("PRK", 2, EdgeFilter(modality=["reported", "speculated"]), 100, None),
        ("KOR", 3, None, 3, None),  # cut by the node cap
        ("KOR", 2, EdgeFilter(min_weight=1), 100, 2),  # cut by the edge cap
    ]
    for focus, depth, filt, limit, edge_limit in cases:
        sub = store.neighbourhood(focus, depth, filt, limit, edge_limit)
        found = store.neighbourhood_json(focus, depth, filt, limit, edge_limit)
        assert found == EncodedSubgraph.of(sub), (focus, depth, filt, limit)
        assert json.loads(found.edges) == [e.model_dump(mode="json") for e in sub.edges]
    with pytest.raises(UnknownActor):
        store.neighbourhood_json("Atlantis")
    with pytest.raises(ValidationError):
        store.neighbourhood_json("KOR", depth=4)


def test_export(store: GraphStore) -> None:
    store.write_batch(both_articles())
    everything = store.export()
    assert len(everything.nodes) == 8 and len(everything.edges) == 12
    war = store.export(EdgeFilter(types=["AT_WAR_WITH", "ASSAULT"]))
    assert {n.id for n in war.nodes} == {"RUS", "UKR"}
    assert {e.type for e in war.edges} == {"AT_WAR_WITH", "ASSAULT"}


# ------------------------------------------------------------------ paths


def test_shortest_path(store: GraphStore) -> None:
    store.write_batch(both_articles())
    (p,) = store.paths("PRK", "NATO")
    assert [n.id for n in p.nodes] == ["PRK", "KOR", "NATO"]
    # the strongest of the parallel KOR-NATO edges is shown
    assert [e.type for e in p.edges] == ["HOSTILE_TO", "REQUEST"]
    assert p.hops == 2


def test_all_shortest_paths(store: GraphStore) -> None:
    a = Article(id="diamond", text="diamond", published=date(2024, 1, 1))
    w, x, y, z = (Actor(id=i, name=f"Actor {i}", kind="organization") for i in "wxyz")
    rels = [
        rel(a, w, "COOPERATE", x, "w-x", 0),
        rel(a, x, "COOPERATE", z, "x-z", 5),
        rel(a, w, "COOPERATE", y, "w-y", 10),
        rel(a, y, "COOPERATE", z, "y-z", 15),
        rel(a, y, "COOPERATE", z, "y-z again", 20),
    ]
    store.write_batch([Extraction(article=a, relations=rels)])
    paths = store.paths("w", "z", mode="all_shortest")
    # both two-hop routes; the heavier (via y) first
    assert [[n.id for n in p.nodes] for p in paths] == [["w", "y", "z"], ["w", "x", "z"]]
    (one,) = store.paths("w", "z", mode="shortest")
    assert [n.id for n in one.nodes] == ["w", "y", "z"]


def test_k_shortest_paths(store: GraphStore) -> None:
    store.write_batch(both_articles())
    paths = store.paths("PRK", "NATO", mode="k", k=3)
    assert [p.hops for p in paths] == [2, 3, 4]
    assert [n.id for n in paths[1].nodes] == ["PRK", "USA", "KOR", "NATO"]
    assert [n.id for n in paths[2].nodes] == ["PRK", "KOR", "yoon-suk-yeol", "mark-rutte", "NATO"]
    for p in paths:
        assert len({n.id for n in p.nodes}) == len(p.nodes)  # simple
    assert [p.hops for p in store.paths("PRK", "NATO", mode="k", k=3, max_hops=3)] == [2, 3]


def test_directed_paths(store: GraphStore) -> None:
    store.write_batch(both_articles())
    (p,) = store.paths("PRK", "NATO", directed=True)
    # REQUEST runs NATO -> KOR, so only the symmetric PARTNER_OF may be walked
    assert [e.type for e in p.edges] == ["HOSTILE_TO", "PARTNER_OF"]
    assert store.paths("KOR", "mark-rutte", directed=True) == []
    assert store.paths("KOR", "mark-rutte") != []
    (back,) = store.paths("UKR", "RUS", directed=True)
    assert [e.type for e in back.edges] == ["AT_WAR_WITH"]


def test_path_filters_and_bounds(store: GraphStore) -> None:
    store.write_batch(both_articles())
    (p,) = store.paths("PRK", "NATO", filt=EdgeFilter(exclude_types=["HOSTILE_TO"]))
    assert [n.id for n in p.nodes] == ["PRK", "USA", "KOR", "NATO"]
    assert store.paths("PRK", "NATO", max_hops=1) == []
    assert store.paths("PRK", "NATO", filt=EdgeFilter(min_weight=5)) == []
    for bad in (0, 7, "3"):
        with pytest.raises(ValidationError):
            store.paths("PRK", "NATO", max_hops=bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        store.paths("PRK", "NATO", mode="longest")  # type: ignore[arg-type]
    with pytest.raises(UnknownActor):
        store.paths("PRK", "Atlantis")


# ---------------------------------------------------------------- clear


def test_clear(store: GraphStore) -> None:
    store.write_batch(both_articles())
    store.clear()
    st = store.stats()
    assert (st.actors, st.relationships, st.evidence, st.articles) == (0, 0, 0, 0)
    assert store.resolve_actor("PRK") is None
    store.ping()


def test_run_cypher_refused_on_memory(memory_store: GraphStore) -> None:
    with pytest.raises(QueryRejected):
        memory_store.run_cypher("MATCH (n) RETURN n")


def test_fixture_symbols() -> None:
    # guards against the fixture drifting from what the tests above assume
    assert KOR.id < NATO.id < PRK.id
    assert len(article_one().relations) == 12 and len(article_two().relations) == 3
