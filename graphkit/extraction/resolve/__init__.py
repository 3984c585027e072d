"""Actor resolution: mentions, titles, noun phrases that stand for actors, coreference.

Given a parsed document, :class:`DocActors` answers one question for the relation rules:
*which actors does this token stand for?* The package is split by concern:

* :mod:`.types` - :class:`Ref`, :class:`Mention`, :class:`Affiliation`;
* :mod:`.nouns` - the word lists (``data/lexicon/nouns.yaml``);
* :mod:`.mentions` - gazetteer matches and spaCy entities not in the gazetteer;
* :mod:`.persons` - names found from their role, and their short forms;
* :mod:`.titles` - titles and appositions, which yield LEADER_OF / MEMBER_OF;
* :mod:`.coref` - a small, linear coreference pass;
* :mod:`.refs` - :class:`DocActors`: building, and the look-ups ``refs_at``,
  ``refs_with_conj`` and ``np_refs`` ("North Korean troops" -> PRK with sector MIL).

A sector belongs to the phrase, so to the :class:`Ref` and the relation endpoint made
from it (``Ref.as_actor``); ``DocActors.actors`` and ``actor_list()`` keep every actor's
own sector (None for a state).
"""

from graphkit.extraction.resolve.nouns import Nouns, default_nouns, load_nouns
from graphkit.extraction.resolve.refs import DocActors
from graphkit.extraction.resolve.types import Affiliation, Mention, Ref

__all__ = [
    "Affiliation",
    "DocActors",
    "Mention",
    "Nouns",
    "Ref",
    "default_nouns",
    "load_nouns",
]
