"""Extractor throughput vs bare ``nlp.pipe``, worker scaling, and memory on a stream.

Figures (all measured in this run, on the same texts):

* ``ratio_1w``: full extractor articles/s with 1 process / bare ``nlp.pipe`` articles/s
  (target >= 0.70: the rule engine must cost little next to parsing);
* ``ratio_2w``: the same with 2 worker processes (includes worker start-up, so it only
  pays off on large inputs and with free cores);
* ``rss_small_mb`` / ``rss_large_mb``: peak RSS of a child process streaming N and 4N
  articles through ``iter_extractions`` from a generator (flat memory: about equal);
* ``startup_*`` / ``rss_model_mb`` / ``rss_extractor_mb``: a fresh process loading the bare
  spaCy model, then the extractor's gazetteer, lexicon and matchers on top of it
  (``startup_ratio``: the whole start-up over the model's alone).

Usage: ``python bench/bench_extract.py [--size small|large]``
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"small": 40, "large": 300}


def corpus_sentences() -> list[str]:
    """Sentences from the project's sample and test articles (never from outside the repo)."""
    from graphkit.ingest.loader import iter_articles
    from graphkit.models import Article

    paths = sorted((ROOT / "data" / "articles").glob("*.md"))
    paths += sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))
    sents: list[str] = []
    for item in iter_articles(paths):
        if isinstance(item, Article):
            sents += [
                s.strip() + "." for s in item.text.replace("\n", " ").split(". ") if s.strip()
            ]
    return sents


def make_articles(n: int, seed: int = 7) -> Iterator[object]:
    """``n`` synthetic articles of 12-24 sentences, generated lazily."""
    from graphkit.models import Article

    rng = random.Random(seed)
    sents = corpus_sentences()
    for i in range(n):
        k = rng.randint(12, 24)
        yield Article(id=f"bench-{i}", text=" ".join(rng.choice(sents) for _ in range(k)))


def _time(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _rss_child(n: int) -> float:
    here = str(Path(__file__).resolve().parent)
    code = (
        f"import resource, sys; sys.path.insert(0, {here!r});"
        "from bench_extract import make_articles;"
        "from graphkit.extraction import iter_extractions;"
        f"c = sum(1 for _ in iter_extractions(make_articles({n}), batch_size=16));"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return round(float(out.stdout.strip().splitlines()[-1]), 1)


def _startup_child() -> dict[str, float]:
    """Start-up of a fresh process: the bare model, then the extractor's own data on top."""
    # resident memory now (VmRSS), not the peak: the model's load peak would hide the rest
    code = (
        "import json, time, re; t0 = time.perf_counter();"
        "rss = lambda: int(re.search(r'VmRSS:\\s+(\\d+)', open('/proc/self/status').read())[1]);"
        "from graphkit.extraction.nlp import get_nlp; nlp = get_nlp();"
        "t1 = time.perf_counter(); r1 = rss();"
        "from graphkit.extraction import Extractor; ex = Extractor(nlp=nlp);"
        "t2 = time.perf_counter(); r2 = rss();"
        "print(json.dumps([t1 - t0, t2 - t1, r1 / 1024, r2 / 1024]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    model_s, data_s, model_mb, full_mb = json.loads(out.stdout.strip().splitlines()[-1])
    return {
        "startup_model_s": round(model_s, 2),
        "startup_extractor_data_s": round(data_s, 2),
        "startup_ratio": round((model_s + data_s) / model_s, 2),
        "rss_model_mb": round(model_mb, 1),
        "rss_extractor_mb": round(full_mb, 1),
    }


def run(size: str = "small") -> dict:
    """Run the benchmark; ``size`` is ``small`` (CI smoke) or ``large`` (real figures)."""
    from graphkit.extraction import Extractor, iter_extractions
    from graphkit.extraction.nlp import get_nlp

    n = SIZES[size]
    arts = list(make_articles(n))
    texts = [a.text for a in arts]  # type: ignore[attr-defined]
    nlp = get_nlp()
    ex = Extractor()
    list(nlp.pipe(texts[:4]))  # warm caches before timing either side
    # interleaved repeats, best of each: the machine is shared and noisy
    bares, fulls = [], []
    for _ in range(2):
        bares.append(_time(lambda: list(nlp.pipe(texts, batch_size=32))))
        fulls.append(_time(lambda: list(ex.extract_many(arts, batch_size=32))))
    bare, full = min(bares), min(fulls)
    two = _time(lambda: list(iter_extractions(arts, workers=2, batch_size=8)))
    relations = sum(len(x.relations) for x in ex.extract_many(arts[:10]) if hasattr(x, "relations"))
    return {
        "articles": n,
        "bare_articles_per_s": round(n / bare, 2),
        "full_1w_articles_per_s": round(n / full, 2),
        "full_2w_articles_per_s": round(n / two, 2),
        "ratio_1w": round(bare / full, 3),
        "ratio_2w": round(bare / two, 3),
        "relations_per_article": round(relations / 10, 1),
        "rss_small_mb": _rss_child(n // 2),
        "rss_large_mb": _rss_child(n * 2),
        "rss_sizes": [n // 2, n * 2],
        **_startup_child(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    args = parser.parse_args()
    out = run(args.size)
    print(f"{'figure':<26} value")
    for k, v in out.items():
        print(f"{k:<26} {v}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
