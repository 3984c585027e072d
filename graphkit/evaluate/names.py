"""Name keys for matching actor names across the system output and the gold.

Two names are the same actor when they share a key, or when they are long multi-word
names that differ only in the spelling of one word (transliterations such as
"el-Sissi" / "el-Sisi", "Zelenskiy" / "Zelensky"). Short or one-word names never match
by spelling: "Iran" / "Iraq" and "Kim Jong Un" / "Kim Jong Il" are different actors.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Letters that NFKD does not decompose into a base letter plus a mark; without this
# table "Wałęsa" would lose its "ł" instead of folding to "Walesa".
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss",
     "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d"}
)  # fmt: skip

# A differing word must be at least this long, and this similar, to count as a
# spelling variant: short words ("Un" / "Il") carry too little to judge by spelling.
MIN_VARIANT_WORD = 4
MIN_VARIANT_RATIO = 0.8


def fold(text: str) -> str:
    """Strip accents and other non-ASCII letters ("Kyïv" -> "Kyiv")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def name_key(text: str | None) -> str:
    """The matching key of a name or id: folded, lower case, words only, no leading "the"."""
    t = fold(text or "").lower()
    t = re.sub(r"^the\s+", "", t.strip())
    return " ".join(re.findall(r"[a-z0-9]+", t))


@lru_cache(maxsize=65536)
def spelling_variant(a: str, b: str) -> bool:
    """Whether two keys are one name spelt two ways (see the module docstring).

    Args:
        a: a key from :func:`name_key`.
        b: another key.

    Returns:
        True when both have the same number of words (at least two), exactly one word
        differs, both spellings of it are long enough and ``difflib`` finds them similar.
    """
    wa, wb = a.split(), b.split()
    if len(wa) < 2 or len(wa) != len(wb):
        return False
    differing = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    if min(len(x), len(y)) < MIN_VARIANT_WORD:
        return False
    return difflib.SequenceMatcher(None, x, y).ratio() >= MIN_VARIANT_RATIO


def same_actor(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two key sets name one actor: a shared key, or a spelling variant."""
    sa, sb = set(a), set(b)
    if sa & sb:
        return True
    return any(spelling_variant(x, y) for x in sa for y in sb)
