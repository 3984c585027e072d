"""Generate a synthetic news corpus as JSON Lines, for ingestion benchmarks and tests.

Articles are built from sentence templates over the gazetteer's states and
organisations (``data/gazetteer/*.yaml``; pycountry's countries when that is
missing), so the extractor finds real actors and relations in them. Output is
streamed line by line and fully determined by ``--seed``.

Usage: ``python bench/gen_corpus.py --n 10000 --out corpus.jsonl [--seed 7]``
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import IO

import yaml

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "data" / "gazetteer"

# {a} and {b} are actor names; {c} is a capital or city of {a}; {x} a topic.
EVENTS = [
    "{a} accused {b} of violating the ceasefire along their shared border.",
    "{a} imposed new sanctions on {b} over its support for armed groups.",
    "{a} and {b} signed an agreement to expand defence cooperation.",
    "{a} threatened {b} with retaliation if the drills continued.",
    "{a} called on {b} to release the detained journalists.",
    "The foreign minister of {a} met his counterpart from {b} in {c} to discuss {x}.",
    "{a} sent military aid to {b}, officials said.",
    "{a} condemned {b} for the missile test.",
    "{a} rejected a proposal from {b} on {x}.",
    "{a} reportedly deployed troops near its border with {b}.",
    "{a} expelled diplomats from {b} after the spying allegations.",
    "{a} and {b} agreed to resume talks on {x}.",
    "{a} urged {b} to show restraint.",
    "{a} denied that it had supplied weapons to {b}.",
    "{a} could impose tariffs on {b} if the negotiations on {x} fail.",
    "{a} will host a delegation from {b} next month to discuss {x}.",
]
FILLER = [
    "Analysts said the move was likely to raise tensions in the region.",
    "The statement did not give further details.",
    "Markets reacted calmly to the news on Tuesday.",
    "Officials are expected to meet again before the end of the year.",
    "Rights groups called for an independent investigation.",
    "The talks come amid a wider debate about {x}.",
    "Diplomats described the meeting as frank but constructive.",
]
TOPICS = [
    "energy security",
    "grain exports",
    "maritime borders",
    "nuclear safety",
    "migration",
    "trade tariffs",
    "the peace process",
    "counter-terrorism",
    "prisoner exchanges",
    "climate finance",
]


def load_actors() -> list[tuple[str, str]]:
    """(name, city) pairs: states with their capitals, and organisations."""
    actors: list[tuple[str, str]] = []
    states = GAZETTEER / "states.yaml"
    orgs = GAZETTEER / "organizations.yaml"
    if states.is_file():
        for entry in yaml.safe_load(states.read_text("utf-8")).get("states", []):
            capitals = entry.get("capitals") or [entry["name"]]
            actors.append((entry["name"], capitals[0]))
    else:
        import pycountry

        for country in pycountry.countries:
            name = getattr(country, "common_name", None) or country.name
            actors.append((name, name))
    if orgs.is_file():
        for entry in yaml.safe_load(orgs.read_text("utf-8")).get("organizations", []):
            actors.append((entry["name"], "Geneva"))
    return actors


def iter_corpus(n: int, seed: int = 7) -> Iterator[dict[str, object]]:
    """Yield ``n`` article dicts (JSON Lines schema), deterministically for ``seed``."""
    rng = random.Random(seed)
    actors = load_actors()
    # A skewed pick, like real news: a few actors appear far more often than the rest.
    weights = [1.0 / (1 + i) ** 0.8 for i in range(len(actors))]
    rng.shuffle(weights)
    start = date(2024, 1, 1)
    for i in range(n):
        sentences: list[str] = []
        for _ in range(rng.randint(3, 8)):
            (a, city), (b, _) = rng.choices(actors, weights=weights, k=2)
            if a == b:
                continue
            template = rng.choice(EVENTS)
            sentences.append(template.format(a=a, b=b, c=city, x=rng.choice(TOPICS)))
            if rng.random() < 0.5:
                sentences.append(rng.choice(FILLER).format(x=rng.choice(TOPICS)))
        if not sentences:
            sentences.append(rng.choice(FILLER).format(x=rng.choice(TOPICS)))
        published = start + timedelta(days=rng.randrange(730))
        yield {
            "id": f"synthetic-{seed}-{i}",
            "title": sentences[0][:80],
            "url": f"https://synthetic.example/{seed}/{i}",
            "published": published.isoformat(),
            "source": "graphkit synthetic corpus",
            "text": " ".join(sentences),
        }


def write_corpus(n: int, out: Path | IO[str], seed: int = 7) -> int:
    """Stream ``n`` articles as JSON Lines to ``out`` (a path or an open text file)."""
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as handle:
            return write_corpus(n, handle, seed)
    count = 0
    for row in iter_corpus(n, seed):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of articles")
    parser.add_argument("--out", default="-", help="output file (default: stdout)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.out == "-":
        write_corpus(args.n, sys.stdout, args.seed)
    else:
        count = write_corpus(args.n, Path(args.out), args.seed)
        print(f"wrote {count} articles to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
