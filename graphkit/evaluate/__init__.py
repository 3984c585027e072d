"""Score extracted relations against an analyst's gold file, and show where they fail.

System lines are ``graphkit extract --format jsonl`` objects; gold lines are
``{"id", "article"?, "core", "source", "target", "types", "symmetric", "modality",
"negated"?, "evidence"}`` with canonical actor names.

Matching works on actor pairs. An endpoint matches a gold name when any of its keys
(id, name, aliases, and for states the ISO3 code) meets one of the gold name's keys (the
name, and the id the gazetteer gives that name). Keys are accent-folded; long multi-word
names also meet across a small spelling variant of one word (:mod:`.names`). A person
also stands for what they lead (LEADER_OF in the system output, or in the gold), except
when the relation being matched is itself a LEADER_OF. Symmetric types, or gold items
marked symmetric, match in either direction.

When gold items name their ``article`` and the system lines' ``article_id`` values include
those ids, a system relation only matches gold items of its own article and precision
counts triples per article (``per_article`` is true); otherwise matching is global.

Figures: recall = matched core items / core items; precision = distinct system
(source, type, target) triples matching some gold item / all distinct triples (symmetric
types counted once per unordered pair); modality accuracy = matched core items with at
least one supporting instance of an accepted modality / matched core items; negation
errors = system instances that match a gold item marked negated, come from its evidence
sentence, and are not negated. The breakdown (:mod:`.breakdown`) says why each miss and
each wrong triple happened.
"""

from __future__ import annotations

from graphkit.evaluate.breakdown import Breakdown, GoldTypeRow, Miss, SystemTypeRow, tables
from graphkit.evaluate.matching import LEADERSHIP, Matcher
from graphkit.evaluate.names import fold, name_key, same_actor, spelling_variant
from graphkit.evaluate.scoring import Score, load_jsonl, score, score_files

__all__ = [
    "LEADERSHIP",
    "Breakdown",
    "GoldTypeRow",
    "Matcher",
    "Miss",
    "Score",
    "SystemTypeRow",
    "fold",
    "load_jsonl",
    "name_key",
    "same_actor",
    "score",
    "score_files",
    "spelling_variant",
    "tables",
]
