"""People the gazetteer does not know: names found from their role, and their short forms.

spaCy's small model finds most person names but errs at the edges: it splits
"Jan van der Berg" into two entities, tags a later "El-Kouri" as an organisation or
"Kouri" as a place, or misses a name after a title. Two things make resolution robust:

* a run of proper nouns right after a title ("Defence Minister Jan van der Berg",
  "the Malian prime minister, Oumar Traore") is a person's name, whatever NER says;
* a person named in full lends the article its short forms: the surname, i.e. the last
  word with the particles before it ("van der Berg", "al-Burhan"), and a hyphenated
  particle's bare name ("Burhan"). A short form two people share, or a first name,
  names no one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from graphkit.models import Actor

if TYPE_CHECKING:
    from graphkit.extraction.resolve.refs import DocActors

# Name particles that belong to the surname ("von der Leyen", "Le Pen", "el-Kouri").
SPACED_PARTICLES = frozenset(
    {
        "al", "el", "bin", "ibn", "bint", "abu", "ben", "de", "del", "della", "di", "da",
        "das", "dos", "du", "le", "la", "van", "von", "der", "den", "ter", "zu", "ould",
    }
)  # fmt: skip
# ... and Arabic articles assimilated to the name, only ever hyphenated ("as-Sisi")
PARTICLES = SPACED_PARTICLES | {"ad", "an", "as", "ash", "at", "az"}
# Lower-case particles a name may begin with in running text ("al Shabaab", "al-Assad",
# "bin Salman"): a gazetteer form starting with one still needs a capital after it.
ARTICLE_PARTICLES = frozenset(
    {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "bin", "ibn", "bint", "abu"}
)
# Generational suffixes: "Marcos Jr." is "Marcos" for telling people apart in one article.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
MAX_NAME_TOKENS = 8  # "Abdel Fattah al - Burhan" is five tokens


def short_forms(name: str) -> set[str]:
    """The lower-case short forms of a full name (empty for a one-word name).

    >>> sorted(short_forms("Mohammed Shia al-Sudani"))
    ['al-sudani', 'sudani']
    >>> sorted(short_forms("Jan van der Berg"))
    ['van der berg']
    """
    words = name.lower().split()
    suffixed = len(words) > 2 and words[-1].rstrip(".") in NAME_SUFFIXES
    if suffixed:
        words = words[:-1]  # "Samuel Tubman Jr." is also "Samuel Tubman" and "Tubman"
    if len(words) < 2:
        return set()
    j = len(words) - 1
    # keep at least one given name before the surname's particles
    while j > 1 and words[j - 1] in SPACED_PARTICLES:
        j -= 1
    out = {" ".join(words[j:])}
    if suffixed:
        out.add(" ".join(words))
    head, sep, rest = words[-1].partition("-")
    if sep and head in PARTICLES and rest:
        out.add(rest)  # "al-Burhan" is also "Burhan"
    return out


class ShortForms:
    """Short forms of the persons named in full so far; a shared form names no one."""

    def __init__(self) -> None:
        self._by_form: dict[str, dict[str, Actor]] = {}

    def add(self, actor: Actor, *names: str) -> None:
        """Register the short forms of a person's full name(s)."""
        for name in names:
            for form in short_forms(name):
                self._by_form.setdefault(form, {})[actor.id] = actor

    def add_words(self, actor: Actor, words: list[str]) -> None:
        """Register single name words of a known person (not name particles)."""
        for w in words:
            if w.lower() not in PARTICLES:
                self._by_form.setdefault(w.lower(), {})[actor.id] = actor

    def get(self, text: str) -> Actor | None:
        """The one person a short form names, or None (unknown or ambiguous)."""
        hits = self._by_form.get(" ".join(text.lower().split()))
        if hits and len(hits) == 1:
            return next(iter(hits.values()))
        return None

    def __contains__(self, text: str) -> bool:
        return self.get(text) is not None


def name_end(doc: Doc, start: int, blocked: list[bool]) -> int:
    """The end of the proper-name run that starts at ``start`` (``start`` if none).

    A name is capitalised proper nouns, with particles and tight hyphens between them
    ("Idriss Mahamat el-Kouri"); it stops at a token already naming a non-person actor.
    """
    i = start
    while i < len(doc) and i - start < MAX_NAME_TOKENS and not blocked[i]:
        t = doc[i]
        tight = i + 1 < len(doc) and doc[i + 1].text == "-" and not t.whitespace_
        particle = t.lower_ in SPACED_PARTICLES or (tight and t.lower_ in PARTICLES)
        word = t.is_alpha and (
            (t.pos_ == "PROPN" and t.text[:1].isupper()) or (particle and i > start)
        )
        hyphen = t.text == "-" and i > start and not doc[i - 1].whitespace_ and i + 1 < len(doc)
        if not (word or hyphen):
            break
        i += 1
    while i > start and (doc[i - 1].text == "-" or doc[i - 1].lower_ in PARTICLES):
        i -= 1  # a name ends in a name word, never in a particle or a hyphen
    return i if i > start and doc[start].text[:1].isupper() else start


def role_name_spans(da: DocActors, blocked: list[bool]) -> list[Span]:
    """Names right after a title: "Defence Minister Jan van der Berg", "the Malian prime
    minister, Oumar Traore". ``blocked`` marks tokens the gazetteer already names."""
    doc = da.doc
    titles = da.gaz.titles
    ends = {re.split(r"[\s-]+", t)[-1] for t in titles.leader | titles.member}
    out: list[Span] = []
    i = 0
    while i < len(doc) - 1:
        if doc[i].lower_ not in ends or blocked[i] or not _title_ends_at(da, i):
            i += 1
            continue
        start = i + 1
        if doc[start].text == "," and start + 1 < len(doc):
            start += 1  # "the Iraqi prime minister, Mohammed ..."
        end = name_end(doc, start, blocked)
        # a name running into a gazetteer form ("Ferdinand" + "Marcos") is the
        # gazetteer's and NER's to read, not a new person
        into_known = end < len(doc) and blocked[end]
        if end > start and not into_known and _is_name(da, doc[start:end]):
            out.append(Span(doc, start, end, label="PERSON"))
            i = end
            continue
        i += 1
    # the other order, "Amara Okonkwo, Ghana's vice president, ...": a title in
    # apposition to a proper-noun run before it
    for t in doc:
        head = t.head
        if (
            t.dep_ != "appos"
            or t.lower_ not in ends
            or head.i >= t.i
            or head.pos_ != "PROPN"
            or not _title_ends_at(da, t.i)
            or head.i + 1 >= len(doc)
            or doc[head.i + 1].text != ","
        ):
            continue
        start = head.i
        while start > 0 and (
            (doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_alpha)
            or (doc[start - 1].text == "-" and not doc[start - 1].whitespace_)
        ):
            start -= 1
        end = name_end(doc, start, blocked)
        clash = any(s.start < end and start < s.end for s in out)
        if end == head.i + 1 and not clash and _is_name(da, doc[start:end]):
            out.append(Span(doc, start, end, label="PERSON"))
    return sorted(out, key=lambda s: s.start)


def extend_partial(ent: Span, blocked: list[bool]) -> Span:
    """A PERSON entity cut short inside a name ("Jan van der" | "Berg"), made whole."""
    doc = ent.doc
    start, end = ent.start, ent.end
    # particles before it belong to the surname: "Van der" | "Berg"
    while start > 0 and doc[start - 1].lower_ in SPACED_PARTICLES and not blocked[start - 1]:
        start -= 1
    last = doc[end - 1]
    if end < len(doc) and (last.lower_ in PARTICLES or doc[end].text == "-"):
        after = end + 1 if doc[end].text == "-" else end
        end = max(end, name_end(doc, after, blocked))
    if (start, end) != (ent.start, ent.end):
        return Span(doc, start, end, label=ent.label_)
    return ent


def _title_ends_at(da: DocActors, i: int) -> bool:
    """Whether the title words ending at token ``i`` end in a known title."""
    from graphkit.extraction.resolve.titles import title_text

    doc = da.doc
    words = da.gaz.titles.words
    toks: list[Token] = []
    j = i
    while j >= 0 and i - j < 5 and (doc[j].lower_ in words or doc[j].text in ("-", "\u2013")):
        toks.insert(0, doc[j])
        j -= 1
    return any(da.gaz.titles.relation(title_text(toks[n:])) for n in range(len(toks)))


def _is_name(da: DocActors, span: Span) -> bool:
    """Not a body or an office written in capitals ("Supreme Court", "Foreign Ministry")."""
    words = da.gaz.titles.words | da.nouns.body_heads | da.nouns.curated
    return not any(
        t.lower_ in words or t.lemma_.lower() in words or t.ent_type_ in _NOT_NAMES
        for t in span
        if t.text != "-"
    )


# entity types a name after a title never has ("the minister Tuesday", "member 2")
_NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
