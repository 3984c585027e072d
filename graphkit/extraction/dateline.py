"""Datelines: the "CITY, Date (Agency) --" opening of agency copy.

A dateline names where a story was filed, not an actor of it: "MANAGUA, April 6 (Agency)
-- Nicaragua severed ties ..." must not make Nicaragua's capital the subject of the first
sentence. :func:`dateline_end` finds it, and :func:`mask_dateline` blanks it with spaces of
the same length, so every character offset of the evidence stays true to the article text.
"""

from __future__ import annotations

import re

# A place (one to four capitalised words, "NEW DELHI", "Washington DC", "Lima, Peru"),
# an optional date ("April 6", "6 April 2024", "Jan. 5"), an optional agency in brackets,
# then a dash or a colon. Anchored at the start of the text, and short.
_PLACE = r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}"
_BRACKET = r"(?:\s*[\[(][^\])\n]{1,40}[\])])"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:,?\s*(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s*\d{{4}})?)"
_DATELINE = re.compile(
    rf"\A\s*(?P<place>{_PLACE}(?:,\s*{_PLACE})?)(?P<meta>{_BRACKET}?{_DATE}?{_BRACKET}?)"
    r"\s*(?P<sep>--|\u2013|\u2014|-\s|:)\s*",
)
MAX_DATELINE = 80


def dateline_end(text: str) -> int:
    """The offset just past a leading dateline, or 0 when the text has none."""
    m = _DATELINE.match(text)
    if m is None or m.end() > MAX_DATELINE:
        return 0
    if m["sep"] == ":" and not m["meta"].strip() and not m["place"].split()[-1].isupper():
        # "President Joe Biden: ..." introduces a quote; "NEW DELHI:" is a dateline
        return 0
    return m.end()


def mask_dateline(text: str) -> str:
    """The text with its dateline (if any) replaced by as many spaces."""
    end = dateline_end(text)
    if not end:
        return text
    return " " * end + text[end:]
