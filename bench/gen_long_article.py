"""Generate one very long synthetic article (a ``.txt`` file), for memory measurements.

The text is paragraphs of ``bench/gen_corpus.py``'s synthetic articles (our own
sentence templates over gazetteer actors), joined by blank lines until the article
reaches ``--bytes`` of UTF-8. Fully determined by ``--seed``.

Usage: ``python bench/gen_long_article.py --bytes 1000000 --out long.txt [--seed 7]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_corpus import iter_corpus


def long_text(size: int, seed: int = 7) -> str:
    """Paragraphs of synthetic news, at most ``size`` UTF-8 bytes and as close to it as fits."""
    parts: list[str] = []
    used = 0
    # far more articles than any size needs; the loop stops at ``size``
    for row in iter_corpus(size // 100 + 10, seed):
        paragraph = str(row["text"])
        cost = len(paragraph.encode("utf-8")) + 2
        if used + cost > size:
            break
        parts.append(paragraph)
        used += cost
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bytes", type=int, default=1_000_000, help="article size")
    parser.add_argument("--out", required=True, help="output .txt file")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    text = long_text(args.bytes, args.seed)
    Path(args.out).write_text("# A long synthetic article\n\n" + text, encoding="utf-8")
    print(f"wrote {len(text.encode('utf-8'))} bytes to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
