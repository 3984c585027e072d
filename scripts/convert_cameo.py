"""Convert the PETRARCH2 CAMEO verb dictionary into a graphkit trigger lexicon.

Reads ``CAMEO.2.0.txt`` (verb blocks and patterns, Open Event Data Alliance, MIT) and
``CAMEO2PLOVER-2021.txt`` (CAMEO code -> PLOVER type), and writes
``data/lexicon/cameo_triggers.yaml`` in the schema of ``triggers.yaml``. The output is
committed: the reference files exist only on developer machines, so the project never
reads them at run time.

Conversion, in short:

* each CAMEO code is mapped to a PLOVER type (CAMEO2PLOVER, with a few documented
  overrides where graphkit's ontology files the event elsewhere) and to one of the
  ontology's modes (``MODES`` below); codes that map to nothing are dropped;
* a pattern ``* WORD``/``* {PHRASE}``/``* &SYNSET`` becomes an ``object`` condition on the
  head noun, ``* (PREP NOUN)`` a ``particle`` plus ``prep_object`` condition, ``* OUT X``
  a particle plus object condition; patterns with words before the verb are skipped
  (graphkit has no subject-word condition);
* a bare verb sense is kept only when the verb line carries its own code or the verb
  names its block, its code is mappable and the verb is not in ``GENERIC_VERBS``;
* noun senses come from ``NOMINALS``, an explicit verb -> event-noun table.

Usage: ``python scripts/convert_cameo.py [--shared ../shared] [--out PATH]``
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from cameo_tables import (  # noqa: E402  (the tables live beside this script)
    AMBIGUOUS_VERBS,
    GENERIC_VERBS,
    MODES,
    NOMINALS,
    OF_SOURCE_NOUNS,
    OF_SOURCE_TYPES,
    PARTICLES,
    PREPOSITIONS,
    RECIPROCAL_TYPES,
    SKIP_OBJECTS,
    TYPE_OVERRIDES,
    singular,
    third_person,
)

DEFAULT_SHARED = ROOT.parent / "shared"
DEFAULT_OUT = ROOT / "data" / "lexicon" / "cameo_triggers.yaml"
_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")
MAX_SYNSET = 40
_CODE = re.compile(r"\[([^\]]*)\]")


@dataclass
class Block:
    """One ``--- NAME [code] ---`` verb block."""

    name: str
    code: str | None
    verbs: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    patterns: list[tuple[str, str, list[str]]] = field(default_factory=list)


@dataclass(frozen=True)
class Cond:
    """The condition part of a generated sense."""

    particle: str | None = None
    object: str | None = None
    prep_object: str | None = None


def first_code(raw: str) -> str | None:
    """The event code of ``[042:043]``, ``[:190]`` or ``[---]`` (None for the null code)."""
    for part in raw.split(":"):
        part = part.strip()
        if part and part != "---":
            return part
    return None


def read_cameo(path: Path) -> tuple[dict[str, list[str]], list[Block]]:
    """Parse synonym sets and verb blocks of a PETRARCH verb dictionary."""
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    current_set: str | None = None
    section = ""
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line, _, comment = raw.partition("#")
        line = line.rstrip()
        if raw.startswith("####"):
            section = raw
            continue
        if not line.strip():
            continue
        if "SYNONYM" in section:
            if line.startswith("&"):
                current_set = line.strip()
                synsets[current_set] = []
            elif line.startswith("+") and current_set:
                synsets[current_set].append(line[1:].strip())
            continue
        if "VERB PATTERNS" not in section:
            continue
        if line.startswith("---"):
            m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", line)
            if m:
                blocks.append(Block(m.group(1).strip("_"), first_code(m.group(2))))
            continue
        if not blocks:
            continue
        block = blocks[-1]
        m = _CODE.search(line)
        code = first_code(m.group(1)) if m else None
        body = _CODE.sub("", line).strip()
        if line.startswith("-"):
            if m and code:
                named = [w.lower() for w in re.findall(r"[A-Z][A-Z_]+", comment)]
                block.patterns.append((body[1:].strip(), code, named))
            continue
        word = re.sub(r"\{.*?\}", "", body).strip().split()
        if not word:
            continue
        lemma, particle = _verb_form(word[0])
        if lemma:
            block.verbs.append((lemma, particle, code if m else None))
    return synsets, blocks


def _verb_form(word: str) -> tuple[str | None, str | None]:
    """``+CALL_OFF`` -> (call, off); ``WIRE_+TAP`` (pre-verb word) and phrases are skipped."""
    parts = word.lstrip("+").lower().split("_")
    parts = [p for p in parts if p]
    if not parts or "+" in word[1:] or not parts[0].isalpha():
        return None, None
    if len(parts) == 1:
        return parts[0], None
    if len(parts) == 2 and parts[1] in PARTICLES:
        return parts[0], parts[1]
    return None, None


def read_plover(path: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER type from ``CAMEO2PLOVER-2021.txt``."""
    out: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*(\d{2,4}):\s*([A-Z]+)", raw)
        if m:
            out.setdefault(m.group(1), m.group(2))
    return out


def map_code(code: str, plover: dict[str, str]) -> tuple[str, str | None] | None:
    """A CAMEO code's (graphkit type, ontology mode), or None when it is no event here."""
    if not code.isdigit():
        return None
    prefixes = [code[:n] for n in range(len(code), 1, -1)]
    for p in prefixes:
        if p in TYPE_OVERRIDES:
            return TYPE_OVERRIDES[p]
    rtype = next((plover[p] for p in prefixes if p in plover), None)
    if rtype is None:
        return None
    return rtype, next((MODES[p] for p in prefixes if p in MODES), None)


def _heads(item: str, synsets: dict[str, list[str]]) -> list[str]:
    """Head-noun lemmas of a pattern word, ``{PHRASE}`` or ``&SYNSET``."""
    item = item.strip("{}").strip()
    words = item.split()
    if not words:
        return []
    last = words[-1]
    if last.startswith("&"):
        members = synsets.get(last, [])
        if len(members) > MAX_SYNSET:
            return []  # currencies, weapon models: lists too long to be worth a condition
        return sorted({singular(m.split("_")[-1]) for m in members if m})
    if not re.fullmatch(r"[A-Z][A-Z_\-']*", last):
        return []
    return [singular(last.split("_")[-1] or last)]


def pattern_conds(text: str, synsets: dict[str, list[str]]) -> list[Cond]:
    """The conditions one pattern stands for (several for a synset object)."""
    pre, star, post = text.partition("*")
    if not star or pre.strip():
        return []  # words before the verb name the subject: no graphkit condition for that
    toks = [t for t in _TOKEN.findall(post) if t not in ("$", "+", "%", "^")]
    if not toks:
        return []
    first = toks[0]
    if first.startswith("("):
        inner = first.strip("()").split(None, 1)
        prep = inner[0].lower()
        if not prep.isalpha():
            return []
        if len(inner) == 1 or inner[1].strip() in ("$", "+", "^", "%"):
            return [Cond(particle=prep)]
        return [Cond(particle=prep, prep_object=h) for h in _heads(inner[1], synsets)]
    particle = None
    if first.lower() in PARTICLES | PREPOSITIONS:
        particle = first.lower()
        toks = toks[1:]
        if not toks or toks[0].startswith("("):
            return [Cond(particle=particle)]
    heads = [h for h in _heads(toks[0], synsets) if h not in SKIP_OBJECTS]
    return [Cond(particle=particle, object=h) for h in heads]


def build(shared: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    """Generated verb and noun senses (lemma -> list of sense dicts)."""
    ref = shared / "reference"
    synsets, blocks = read_cameo(ref / "petrarch2" / "CAMEO.2.0.txt")
    plover = read_plover(ref / "plover" / "CAMEO2PLOVER-2021.txt")
    # (verb, particle of a multiword verb) -> condition -> codes seen
    votes: dict[tuple[str, str | None], dict[Cond, Counter[str]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    bare: dict[tuple[str, str | None], str] = {}
    for b in blocks:
        head = b.name.split("_")[0].lower()
        for lemma, mwe, code in b.verbs:
            own = code or (b.code if lemma == head and mwe is None else None)
            if own:
                bare.setdefault((lemma, mwe), own)
            for text, pcode, named in b.patterns:
                if not _applies(lemma, mwe, head, named, b):
                    continue
                for cond in pattern_conds(text, synsets):
                    votes[(lemma, mwe)][cond][pcode] += 1
    verbs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (lemma, mwe), conds in sorted(votes.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        merged: dict[tuple[Any, ...], set[str]] = defaultdict(set)
        for cond, codes in conds.items():
            got = map_code(codes.most_common(1)[0][0], plover)
            if got is None:
                continue
            particle = mwe or cond.particle
            if mwe and cond.particle and cond.particle != mwe:
                continue  # "call off (WITH X)": two particles, too rare to bother
            key = (particle, "object" if cond.object else "prep_object", got)
            word = cond.object or cond.prep_object
            if word:
                merged[key].add(word)
            elif particle and (lemma not in GENERIC_VERBS or mwe):
                merged[(particle, None, got)] = set()
        verbs[lemma] += [_sense(lemma, k, w) for k, w in merged.items()]
    for (lemma, mwe), code in sorted(bare.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        got = map_code(code, plover)
        if got is None or (not mwe and lemma in GENERIC_VERBS | AMBIGUOUS_VERBS):
            continue
        verbs[lemma].append(_sense(lemma, (mwe, None, got), set()))
    out = {k: sorted(v, key=_specificity) for k, v in sorted(verbs.items()) if v}
    return out, nominals(out)


def _applies(lemma: str, mwe: str | None, head: str, named: list[str], b: Block) -> bool:
    """Whether a block's pattern belongs to this verb of the block.

    PETRARCH applies every pattern of a block to all its verbs, but the blocks group
    loose synonyms (CONGRATULATE beside verbs whose patterns code condemnations), so a
    pattern goes only to the verb its comment names; without a name, to the block's
    own verb, or to every verb when the block is named after none of them.
    """
    form = f"{lemma}_{mwe}" if mwe else lemma
    verbs = {f"{v}_{p}" if p else v for v, p, _ in b.verbs}
    named = [n for n in named if n in verbs]
    if named:
        return form in named
    return form == head or head not in verbs


def _sense(lemma: str, key: tuple[Any, ...], words: set[str]) -> dict[str, Any]:
    particle, kind, (rtype, mode) = key
    s: dict[str, Any] = {"type": rtype}
    if mode:
        s["mode"] = mode
    label = third_person(lemma) + (f" {particle}" if particle else "")
    if words:
        label += " " + sorted(words)[0]
    s["predicate"] = label
    if particle:
        s["particle"] = [particle]
    if kind and words:
        s[kind] = sorted(words)
    return s


def _specificity(s: dict[str, Any]) -> int:
    # most specific first: particle + word, then a word, then a particle, then bare
    return -(2 * bool(s.get("object") or s.get("prep_object")) + bool(s.get("particle")))


def nominals(verbs: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Event nouns for verbs with a bare sense, from the curated and generated lexicons."""
    curated = yaml.safe_load((ROOT / "data" / "lexicon" / "triggers.yaml").read_text())
    pool: dict[str, list[dict[str, Any]]] = {}
    for lemma, spec in (curated.get("verbs") or {}).items():
        pool[str(lemma)] = spec if isinstance(spec, list) else [spec]
    for lemma, senses in verbs.items():
        pool.setdefault(lemma, [])
        pool[lemma] = pool[lemma] + senses
    nouns: dict[str, list[dict[str, Any]]] = {}
    have = set((curated.get("nouns") or {}).keys())
    for verb, noun_list in sorted(NOMINALS.items()):
        bare_senses = [
            s
            for s in pool.get(verb, [])
            if not (s.get("particle") or s.get("object") or s.get("prep_object"))
            and not s.get("object_actor")
        ]
        if not bare_senses:
            continue
        s = bare_senses[0]
        for noun in noun_list:
            if noun in have or noun in nouns:
                continue
            sense: dict[str, Any] = {"type": s["type"]}
            if s.get("mode"):
                sense["mode"] = s["mode"]
            sense["predicate"] = s.get("predicate") or third_person(verb)
            if s["type"] in OF_SOURCE_TYPES or noun in OF_SOURCE_NOUNS:
                sense["targets"] = ["to", "from", "into"]
                sense["of"] = "source"
            elif s["type"] in RECIPROCAL_TYPES:
                sense["targets"] = ["with", "between", "among"]
                sense["reciprocal"] = True
            else:
                sense["targets"] = ["of", "against", "on", "to", "into"]
            nouns[noun] = [sense]
    return nouns


HEADER = """\
# GENERATED FILE - do not edit by hand. Veto entries in trigger_exclusions.yaml and add or
# override senses in triggers.yaml (its senses are tried first).
#
# Generated by scripts/convert_cameo.py from the PETRARCH2 CAMEO verb dictionary
# (CAMEO.2.0.txt) and the CAMEO-to-PLOVER table (CAMEO2PLOVER-2021.txt): verb senses are
# CAMEO verb patterns whose codes map to a PLOVER type; noun senses are event
# nominalisations of verb triggers (the script's NOMINALS table). See NOTICE.
#
# The MIT License (MIT)
# Copyright (c) 2015 Open Event Data Alliance
# Copyright (c) 2014 Open Event Data
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of this
# software and associated documentation files (the "Software"), to deal in the Software
# without restriction, including without limitation the rights to use, copy, modify, merge,
# publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
# to whom the Software is furnished to do so, subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in all copies or
# substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
# INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
# PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
# FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
# OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
# DEALINGS IN THE SOFTWARE.
"""


def render(verbs: dict[str, list[dict[str, Any]]], nouns: dict[str, list[dict[str, Any]]]) -> str:
    """The YAML text: one lemma per line, flow-style senses, so diffs stay readable."""
    lines = [HEADER, "verbs:"]
    for section, table in (("verbs", verbs), ("nouns", nouns)):
        if section == "nouns":
            lines.append("\nnouns:")
        for lemma, senses in table.items():
            flow = yaml.safe_dump(senses, default_flow_style=True, sort_keys=False, width=10**6)
            lines.append(f"  {_key(lemma)}: {flow.strip()}")
    return "\n".join(lines) + "\n"


def _key(word: str) -> str:
    # YAML 1.1 would read on/off/no/yes as booleans
    return f'"{word}"' if word in ("on", "off", "no", "yes", "y", "n") else word


def main(argv: list[str] | None = None) -> int:
    """Convert; return 0, or 1 when the reference files are missing."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    if not (args.shared / "reference" / "petrarch2" / "CAMEO.2.0.txt").exists():
        print(f"no reference data under {args.shared}; nothing to convert", file=sys.stderr)
        return 1
    verbs, nouns = build(args.shared)
    args.out.write_text(render(verbs, nouns), encoding="utf-8")
    n_v = sum(len(v) for v in verbs.values())
    n_n = sum(len(v) for v in nouns.values())
    print(f"{args.out}: {len(verbs)} verbs ({n_v} senses), {len(nouns)} nouns ({n_n} senses)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
