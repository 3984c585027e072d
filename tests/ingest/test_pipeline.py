"""The ingest pipeline on every store: identity, updates, idempotence, rejects."""

from __future__ import annotations

from pathlib import Path

from graphkit.ingest import ingest, iter_articles
from graphkit.models import Article, Reject
from graphkit.store.base import GraphStore

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "data" / "articles"
URL = "https://example.org/news/russia-ukraine-plant"

KEPT = (
    "Russia accused Ukraine of shelling the Zaporizhzhia nuclear power plant on Monday. "
    "The European Union imposed new sanctions on Russia over the attacks on Ukraine."
)
DROPPED = (
    " Iran threatened Israel with a crushing response after the strike on its consulate."
    " China and Pakistan signed a defence cooperation agreement in Islamabad."
)
TEXT_V1 = KEPT + DROPPED
TEXT_V2 = KEPT + " Officials said talks would continue next week."


def article(text: str, url: str | None = URL) -> Article:
    return Article(id=Article.key_for(text, url), text=text, url=url, title="Plant shelling")


def edges(store: GraphStore) -> set[tuple[str, str, str, int]]:
    return {(e.source, e.type, e.target, e.weight) for e in store.export().edges}


def counts(store: GraphStore) -> tuple[int, int, int]:
    stats = store.stats()
    return stats.relationships, stats.evidence, stats.articles


def test_new_then_unchanged(store: GraphStore) -> None:
    first = ingest(store, [article(TEXT_V1)])
    assert (first.articles_new, first.articles_unchanged, first.articles_updated) == (1, 0, 0)
    assert first.relations > 0 and first.evidence > 0 and first.actors > 0
    before = (counts(store), edges(store))
    again = ingest(store, [article(TEXT_V1)])
    assert (again.articles_new, again.articles_unchanged, again.articles_updated) == (0, 1, 0)
    assert (again.relations, again.evidence, again.batches) == (0, 0, 0)  # skipped pre-extraction
    assert (counts(store), edges(store)) == before


def test_changed_text_same_url_replaces_evidence(store: GraphStore) -> None:
    ingest(store, [article(TEXT_V1)])
    with_v1 = edges(store)
    report = ingest(store, [article(TEXT_V2)])
    assert (report.articles_new, report.articles_updated) == (0, 1)
    after_update = (counts(store), edges(store))
    sentences = {
        ev.sentence for s, t, tgt, _ in after_update[1] for ev in store.evidence(s, t, tgt)
    }
    assert not any("Iran" in s or "Pakistan" in s for s in sentences)  # old evidence gone

    # The graph after the update equals one built from the new text alone.
    store.clear()
    ingest(store, [article(TEXT_V2)])
    assert after_update == (counts(store), edges(store))
    assert with_v1 != edges(store)  # the update really changed the graph


def test_same_article_twice_in_one_run(store: GraphStore) -> None:
    report = ingest(store, [article(TEXT_V1), article(TEXT_V1)], batch_size=8)
    assert (report.articles_new, report.articles_unchanged) == (1, 1)
    once = (counts(store), edges(store))
    store.clear()
    ingest(store, [article(TEXT_V1)])
    assert once == (counts(store), edges(store))


def test_two_versions_in_one_run_last_wins(store: GraphStore) -> None:
    report = ingest(store, [article(TEXT_V1), article(TEXT_V2)], batch_size=8)
    assert (report.articles_new, report.articles_updated) == (1, 1)
    got = (counts(store), edges(store))
    store.clear()
    ingest(store, [article(TEXT_V2)])
    assert got == (counts(store), edges(store))


def test_rejects_are_collected_and_the_rest_ingested(store: GraphStore) -> None:
    bad = Reject(path="x.txt", reason="empty")
    report = ingest(store, [bad, article(TEXT_V1, url=None)])
    assert report.rejected == 1 and report.rejects == [bad]
    assert report.articles_new == 1
    assert store.stats().articles == 1


def test_batch_size_does_not_change_the_graph(store: GraphStore) -> None:
    one = ingest(store, iter_articles([ARTICLES]), batch_size=1)
    assert one.rejected == 0 and one.articles_new >= 10 and one.batches == one.articles_new
    graph = (counts(store), edges(store))
    store.clear()
    many = ingest(store, iter_articles([ARTICLES]), batch_size=64)
    assert many.batches == 1
    assert graph == (counts(store), edges(store))
    assert one.evidence == many.evidence  # each piece of evidence is written exactly once
