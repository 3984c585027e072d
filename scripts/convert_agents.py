"""Convert the PETRARCH2 Phoenix agents dictionary into graphkit's agent nouns.

Reads ``Phoenix.agents.txt`` (CAMEO agent nouns and phrases with their agent codes,
Open Event Data Alliance, MIT licence) and writes ``data/lexicon/agents.yaml``: agent
noun (or noun phrase) -> graphkit sector. The output is committed: the reference file
exists only on developer machines, so the project never reads it at run time. At run
time the curated ``agent_nouns`` of ``data/lexicon/nouns.yaml`` win over these.

Why only part of the file survives: CAMEO composes a country code with an agent code
("Iraqi farmers" -> IRQAGR), but graphkit reads "<demonym> <agent noun>" as *the state
acting through that agent* ("Serbian forces" -> Serbia, sector MIL). That is right for a
state's organs and for the armed or political groups CAMEO files under a country, and
wrong for people who merely have a nationality. So:

* codes map to graphkit sectors by their first three letters (``SECTORS``); codes with
  no graphkit sector (civilians, criminals, education, health, labour, religion,
  refugees, elites, ...) are dropped, because "Iraqi students" are not Iraq;
* ``UAF`` (unaffiliated armed forces: gunmen, militias) maps to REB and ``HRI`` (human
  rights groups) to NGO, the closest sectors the ontology has;
* entries of a person who only holds a nationality or a trade (journalists, lawyers,
  investors, activists, detainees), places (bases, prisons, palaces), events
  ("uprising") and words with common other senses in news ("carrier", "deputy",
  "captain", "chamber") are dropped; see ``DROP_HEADS`` and ``DROP_PHRASES``;
* leader titles ("president", "king", "prime minister") are dropped: the gazetteer's
  titles already make "the Iraqi president" the person who leads Iraq;
* only plain one- to three-word noun phrases are kept (no prepositions, hyphens,
  abbreviations or model numbers), with the head lemmatised like spaCy does at run
  time ("armed forces" -> ``armed force``);
* when one phrase carries two codes, a state organ's sector beats a non-state one
  ("armed force": MIL over UAF), otherwise the first in the file wins.

Usage: ``python scripts/convert_agents.py [--shared ../shared] [--out PATH]``
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
DEFAULT_OUT = ROOT / "data" / "lexicon" / "agents.yaml"
SOURCE = Path("reference") / "petrarch2" / "Phoenix.agents.txt"

# CAMEO agent code (first three letters) -> graphkit sector; unlisted codes are dropped.
SECTORS = {
    "GOV": "GOV",
    "MIL": "MIL",
    "LEG": "LEG",
    "JUD": "JUD",
    "COP": "COP",
    "SPY": "SPY",
    "OPP": "OPP",
    "REB": "REB",
    "UAF": "REB",
    "MED": "MED",
    "BUS": "BUS",
    "NGO": "NGO",
    "HRI": "NGO",
    "IGO": "IGO",
}
# a state's own organs: on a code conflict these beat the non-state sectors
STATE_SECTORS = ("GOV", "MIL", "COP", "SPY", "LEG", "JUD")
PERSON_FORMS = ("man", "woman", "person")
FUNCTION_WORDS = frozenset(
    {"of", "for", "to", "and", "the", "in", "at", "with", "on", "along", "their", "a", "an"}
)
MAX_WORDS = 3
# stems the file uses for a head word ("DEFENCE_MINIST" is the defence minister/ministry)
STEMS = {"minist": ("minister", "ministry"), "authorit": ("authority",), "compan": ("company",)}

# Head words (lemmas) whose entries are dropped, by reason.
DROP_HEADS = frozenset(
    {
        # leader titles: the gazetteer's titles resolve them to the leading person
        "president", "premier", "king", "queen", "prince", "princess", "emperor", "empress",
        "monarch", "sovereign", "chancellor", "ruler", "dictator", "despot", "tyrant",
        "autocrat", "potentate", "generalissimo", "chief", "emir", "sultan",
        # people with a trade or a nationality, not agents of their state
        "lawyer", "attorney", "barrister", "advocate", "counsel", "counsellor", "counselor",
        "pleader", "conveyancer", "defender", "journalist", "reporter", "correspondent",
        "columnist", "commentator", "writer", "newswriter", "blogger", "editor", "editorialist",
        "publisher", "filmaker", "photographer", "investor", "trader", "merchant",
        "merchandiser", "employer", "landlord", "waiter", "waitress", "boss", "monger",
        "tycoon", "entrepreneur", "enterpreneur", "businessman", "businesswoman",
        "businessperson", "executive", "owner", "bargainer", "producer", "steelworker",
        "cabinetmaker", "activist", "campaigner", "dissenter", "defector", "deserter",
        "detainee", "prisoner", "exile", "turncoat", "traitor", "objector", "recreant",
        "crusader", "picketer", "reformer", "reformist", "rioter", "protester", "demonstrator",
        "supporter", "student", "youth", "nurse", "worker", "looter", "pillager", "plunderer",
        "marauder", "raider", "assailant", "hitman", "gunslinger", "triggerman", "professional",
        "citizen", "firefighter", "fireman", "firewoman", "fireperson", "source", "extremist",
        # places and things that do not act
        "barracks", "barrack", "base", "prison", "jail", "palace", "building", "hospital",
        "house", "post", "district", "check", "position", "facility", "institution", "presence",
        "site", "website", "blog", "machine", "kingdom", "polity", "governance", "sector",
        "meeting", "information", "activity", "operation", "operations", "justice",
        # events, not actors
        "uprising", "revolt", "rebellion", "insurgence",
        # words with a common other sense in news
        "carrier", "deputy", "captain", "chamber", "echelon", "phalanx", "naval", "run", "led",
        "lead", "news", "delegate", "assemblage", "representatives", "stipendiary", "oiler",
        "industry", "business", "telecom", "television", "tv", "publication", "magazine",
        "gazette", "tabloid", "newspaper",
    }
)  # fmt: skip
# Whole phrases dropped although their head is kept elsewhere.
DROP_PHRASES = frozenset(
    {
        "prime minister",
        "prime minster",
        "supreme leader",
        "interim leader",
        "state leader",
        "junta chief",
        "national airline",
        "public radio",
        "armed man",
        "armed citizen",
        "hired gun",
        "hit man",
        "hit squad",
        "death squad",
        "fire brigade",
        "fire fighter",
        "fire company",
        "fire department",
        "fire service",
        "fire marshal",
        "fire warden",
        "civil servant",
        "official source",
    }
)

_LINE = re.compile(r"^(?P<phrase>[^\[{#]+?)\s*(?:\{[^}]*\})?\s*\[~?(?P<code>[A-Z]+)\]")
_WORD = re.compile(r"^[a-z]+$")


def parse(text: str) -> list[tuple[str, str]]:
    """The (phrase, CAMEO code) entries of an agents file, in file order.

    ``!PERSON!`` expands to man/woman/person; ``!MINIST!`` entries (titles with
    prepositions like "minister for youth and sports") are skipped: the curated nouns
    cover "minister" and "ministry".
    """
    out: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" in line or line.startswith("!MINIST!"):
            continue
        m = _LINE.match(line)
        if m is None:
            continue
        phrase = m.group("phrase").strip()
        forms = (
            [phrase.replace("!PERSON!", p) for p in PERSON_FORMS]
            if "!PERSON!" in phrase
            else [phrase]
        )
        out.extend((f, m.group("code")) for f in forms)
    return out


def convert(entries: list[tuple[str, str]], lemma_of: dict[str, str]) -> tuple[dict, Counter]:
    """Map entries to ``{phrase: sector}`` and count why the others were dropped."""
    kept: dict[str, str] = {}
    why: Counter[str] = Counter()
    for phrase, code in entries:
        sector = SECTORS.get(code[:3])
        if sector is None:
            why[f"code {code[:3]} has no graphkit sector"] += 1
            continue
        words = [w for w in phrase.lower().strip("_ ").split("_") if w]
        if not words or len(words) > MAX_WORDS or not all(_WORD.match(w) for w in words):
            why["not a plain phrase of 1-3 words"] += 1
            continue
        if FUNCTION_WORDS & set(words):
            why["prepositional or coordinated phrase"] += 1
            continue
        for head in STEMS.get(words[-1], (words[-1],)):
            key = " ".join([*words[:-1], lemma_of.get(head, head)])
            if key.split()[-1] in DROP_HEADS or key in DROP_PHRASES:
                why["dropped head or phrase (person, place, event, ambiguous)"] += 1
                continue
            old = kept.get(key)
            organ_wins = sector in STATE_SECTORS and old not in STATE_SECTORS
            if old is None or (old != sector and organ_wins):
                kept[key] = sector
    return dict(sorted(kept.items())), why


def lemmas(words: set[str]) -> dict[str, str]:
    """Lemmas of head words as the project's spaCy model gives them in running text."""
    from graphkit.extraction.nlp import get_nlp

    nlp = get_nlp()
    out: dict[str, str] = {}
    for w in sorted(words):
        # "the X" makes the model read the word as a noun, as it is in a noun phrase
        doc = nlp(f"the {w}")
        out[w] = doc[-1].lemma_.lower() if len(doc) == 2 else w
    return out


def render(agents: dict[str, str], source: str) -> str:
    """The YAML text of ``agents.yaml``, with its provenance and licence header."""
    head = f"""\
# GENERATED by scripts/convert_agents.py from petrarch2/Phoenix.agents.txt; do not edit.
# Curated agent nouns in nouns.yaml win over these; rerun the script to regenerate.
# Source: {source}
#
# Derived from the Phoenix agents dictionary of PETRARCH2, which carries this licence:
#
# The MIT License (MIT)
#
# Copyright (c) 2014 Open Event Data Alliance
#
# Permission is hereby granted, free of charge, to any person obtaining a copy
# of this software and associated documentation files (the "Software"), to deal
# in the Software without restriction, including without limitation the rights
# to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
# copies of the Software, and to permit persons to whom the Software is
# furnished to do so, subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in
# all copies or substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
# FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
# AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
# LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
# OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
# THE SOFTWARE.
#
# agent noun lemma, or phrase of words ending in a lemma -> the sector it gives its actor
agents:
"""
    return head + "".join(f"  {k}: {v}\n" for k, v in agents.items())


def main(argv: list[str] | None = None) -> int:
    """Convert the agents file; exit 2 when the reference files are absent."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    src = args.shared / SOURCE
    if not src.is_file():
        print(
            f"convert_agents: {src} not found (the reference files are optional)", file=sys.stderr
        )
        return 2
    entries = parse(src.read_text(encoding="utf-8", errors="replace"))
    heads = {p.lower().strip("_ ").split("_")[-1] for p, _ in entries}
    heads |= {h for stems in STEMS.values() for h in stems}
    agents, why = convert(entries, lemmas({h for h in heads if _WORD.match(h)}))
    args.out.write_text(render(agents, str(SOURCE)), encoding="utf-8")
    print(f"{len(entries)} entries, {len(agents)} agent nouns -> {args.out}", file=sys.stderr)
    for reason, n in why.most_common():
        print(f"  dropped {n:4d}: {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
