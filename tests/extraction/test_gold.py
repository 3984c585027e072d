"""End-to-end quality: the seed and our own articles scored with graphkit.evaluate.

The seed is loaded from the project's copy (data/articles) through the ingest loader,
exactly as ``graphkit extract`` reads it, and scored against tests/data/gold.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graphkit.evaluate import load_jsonl, score
from graphkit.ingest.loader import iter_articles
from graphkit.models import Article

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "tests" / "data" / "articles"
GOLD = ROOT / "tests" / "data" / "gold"
OWN = sorted(p.stem for p in ARTICLES.glob("*.txt"))


def _contract_lines(extractor, article: Article) -> list[dict]:
    ex = extractor.extract(article)
    # round-trip through JSON exactly as the CLI writes it
    return [json.loads(json.dumps(r.contract())) for r in ex.relations]


def test_seed_meets_targets(extractor):
    items = list(iter_articles([ROOT / "data" / "articles" / "000_seed_nato_south_korea.md"]))
    assert len(items) == 1 and isinstance(items[0], Article)
    seed = items[0]
    assert seed.published == date(2024, 10, 22)
    result = score(_contract_lines(extractor, seed), load_jsonl(GOLD / "seed-gold.jsonl"))
    assert result.recall >= 0.85, result.missed
    assert result.precision >= 0.80, result.extra
    assert result.modality_accuracy >= 0.80
    assert result.negation_errors == 0


def test_own_articles_exist():
    assert len(OWN) >= 6
    for stem in OWN:
        assert (GOLD / f"{stem}.jsonl").exists(), stem


@pytest.fixture(scope="module")
def own_scores(extractor):
    published = json.loads((ARTICLES / "published.json").read_text(encoding="utf-8"))
    out = {}
    for stem in OWN:
        text = (ARTICLES / f"{stem}.txt").read_text(encoding="utf-8")
        day = date.fromisoformat(published[f"{stem}.txt"])
        art = Article(id=stem, text=text, published=day)
        out[stem] = score(_contract_lines(extractor, art), load_jsonl(GOLD / f"{stem}.jsonl"))
    return out


def test_own_articles_overall(own_scores):
    """Pooled over our own articles (other regions and topics than the seed)."""
    core = sum(s.core_gold for s in own_scores.values())
    matched = sum(s.core_matched for s in own_scores.values())
    triples = sum(s.system_triples for s in own_scores.values())
    wrong = sum(s.unmatched_triples for s in own_scores.values())
    assert matched / core >= 0.75, {k: v.missed for k, v in own_scores.items()}
    assert (triples - wrong) / triples >= 0.85, {k: v.extra for k, v in own_scores.items()}
    assert all(s.negation_errors == 0 for s in own_scores.values())


@pytest.mark.parametrize("stem", OWN)
def test_own_article_not_degenerate(own_scores, stem):
    s = own_scores[stem]
    assert s.core_matched >= 3, s.missed
    assert s.precision >= 0.6, s.extra
