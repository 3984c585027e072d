"""graphkit.evaluate on hand-made system and gold lines."""

from __future__ import annotations

from graphkit.evaluate import score


def _actor(i, name, kind="state", country=None):
    return {
        "id": i,
        "name": name,
        "kind": kind,
        "country": country or (i if kind == "state" else None),
    }


def _rel(s, t, rtype, modality="asserted", negated=False, sentence="x"):
    return {
        "source": s,
        "target": t,
        "type": rtype,
        "modality": modality,
        "negated": negated,
        "sentence": sentence,
    }


KOR = _actor("KOR", "South Korea")
USA = _actor("USA", "United States")
NATO = _actor("NATO", "NATO", "organization")
YOON = _actor("yoon-suk-yeol", "Yoon Suk Yeol", "person", "KOR")

GOLD = [
    {
        "id": "g1",
        "core": True,
        "source": "South Korea",
        "target": "United States",
        "types": ["ALLY_OF"],
        "symmetric": True,
        "modality": ["asserted"],
        "evidence": "ally",
    },
    {
        "id": "g2",
        "core": True,
        "source": "NATO",
        "target": "South Korea",
        "types": ["REQUEST"],
        "symmetric": False,
        "modality": ["asserted"],
        "evidence": "asked",
    },
    {
        "id": "g3",
        "core": False,
        "source": "South Korea",
        "target": "NATO",
        "types": ["ACCUSE"],
        "symmetric": False,
        "modality": ["asserted"],
        "negated": True,
        "evidence": "avoided",
    },
]


def test_perfect_and_symmetric_order():
    system = [_rel(USA, KOR, "ALLY_OF"), _rel(NATO, KOR, "REQUEST")]
    s = score(system, GOLD)
    assert (s.recall, s.precision, s.modality_accuracy) == (1.0, 1.0, 1.0)


def test_direction_matters_for_asymmetric():
    s = score([_rel(KOR, NATO, "REQUEST")], GOLD)
    assert s.core_matched == 0 and s.precision == 0.0


def test_person_stands_for_what_they_lead():
    system = [_rel(YOON, KOR, "LEADER_OF"), _rel(YOON, USA, "ALLY_OF")]
    s = score(system, GOLD)
    assert s.core_matched == 1
    # the LEADER_OF triple itself matches nothing in this gold
    assert s.unmatched_triples == 1


def test_modality_and_negation_errors():
    system = [
        _rel(USA, KOR, "ALLY_OF", modality="speculated"),
        _rel(KOR, NATO, "ACCUSE", sentence="Seoul avoided it"),
    ]
    s = score(system, GOLD)
    assert s.modality_accuracy == 0.0
    assert s.negation_errors == 1
    fixed = score([_rel(KOR, NATO, "ACCUSE", negated=True, sentence="Seoul avoided it")], GOLD)
    assert fixed.negation_errors == 0
