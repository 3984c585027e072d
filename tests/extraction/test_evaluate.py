"""graphkit.evaluate on hand-made system and gold lines."""

from __future__ import annotations

import json

from cli_runner import graphkit

from graphkit.evaluate import name_key, same_actor, score, spelling_variant


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


# ---------------------------------------------------------------- per-article matching


def _gold(gid, source, target, types, article=None, core=True, symmetric=False):
    item = {
        "id": gid,
        "core": core,
        "source": source,
        "target": target,
        "types": types,
        "symmetric": symmetric,
        "modality": ["asserted"],
        "evidence": "e",
    }
    if article:
        item["article"] = article
    return item


def _in(article_id, rel):
    return {**rel, "article_id": article_id}


# made-up actors, so that no gazetteer entry interferes with the names under test
NORLAND = _actor("norland", "Norland", "organization")
SUDRIA = _actor("sudria", "Sudria", "organization")
VESTA = _actor("vesta-league", "Vesta League", "organization")
ORMA = _actor("orma-council", "Orma Council", "organization")


def test_per_article_matching_keeps_relations_in_their_article():
    gold = [
        _gold("a", "Norland", "Sudria", ["ACCUSE"], article="story-1"),
        _gold("b", "Vesta League", "Orma Council", ["AID"], article="story-2"),
    ]
    # the right relation, but found in the other article
    system = [
        _in("story-2", _rel(NORLAND, SUDRIA, "ACCUSE")),
        _in("story-2", _rel(VESTA, ORMA, "AID")),
    ]
    s = score(system, gold)
    assert s.per_article is True
    assert (s.core_matched, s.unmatched_triples, s.system_triples) == (1, 1, 2)
    assert any(line.startswith("story-2 norland ACCUSE sudria") for line in s.extra)


def test_global_matching_when_article_ids_are_not_the_gold_ids():
    gold = [
        _gold("a", "Norland", "Sudria", ["ACCUSE"], article="story-1"),
        _gold("b", "Vesta League", "Orma Council", ["AID"], article="story-2"),
    ]
    system = [
        _in("txt:1f2e", _rel(NORLAND, SUDRIA, "ACCUSE")),
        _in("txt:1f2e", _rel(VESTA, ORMA, "AID")),
    ]
    s = score(system, gold)
    assert s.per_article is False
    assert (s.core_matched, s.unmatched_triples) == (2, 0)
    # gold without article ids is always global
    bare = [{k: v for k, v in g.items() if k != "article"} for g in gold]
    assert score([_in("story-2", r) for r in system], bare).per_article is False


def test_per_article_precision_counts_a_triple_once_per_article():
    gold = [_gold("a", "Norland", "Sudria", ["ACCUSE"], article="story-1")]
    rel = _rel(NORLAND, SUDRIA, "ACCUSE")
    s = score([_in("story-1", rel), _in("story-1", rel), _in("story-3", rel)], gold)
    assert (s.system_triples, s.unmatched_triples, s.recall) == (2, 1, 1.0)
    assert s.summary()["per_article"] is True


# ---------------------------------------------------------------- names


def test_accents_fold_on_both_sides():
    assert name_key("Dóra Ñúñez-Wałek") == "dora nunez walek"
    assert name_key("The Ærø Assembly") == "aero assembly"
    person = _actor("dora-nunez", "Dora Nuñez", "person")
    gold = [_gold("a", "Dóra Núñez", "Sudria", ["ACCUSE"])]
    assert score([_rel(person, SUDRIA, "ACCUSE")], gold).core_matched == 1


def test_long_names_match_across_a_one_word_spelling_variant():
    assert spelling_variant(name_key("Abdel Fattah el-Sissi"), name_key("Abdel Fattah el-Sisi"))
    assert spelling_variant(name_key("Volodymyr Zelenskiy"), name_key("Volodymyr Zelensky"))
    person = _actor("marek-petrovich", "Marek Petrovich", "person")
    gold = [_gold("a", "Marek Petrovicz", "Sudria", ["CONSULT"], symmetric=True)]
    assert score([_rel(SUDRIA, person, "CONSULT")], gold).core_matched == 1


def test_short_or_one_word_or_two_word_differences_do_not_match():
    assert not spelling_variant("iran", "iraq")  # one word
    assert not spelling_variant("kim jong un", "kim jong il")  # the word is too short
    assert not spelling_variant("anna maria lund", "anne marie lund")  # two words differ
    assert not spelling_variant("north norland", "south norland")  # not similar enough
    assert not same_actor({"iran"}, {"iraq"}) and same_actor({"iran", "irn"}, {"irn"})
    kim = _actor("kim-jong-il", "Kim Jong Il", "person")
    gold = [_gold("a", "Kim Jong Un", "Sudria", ["ACCUSE"])]
    assert score([_rel(kim, SUDRIA, "ACCUSE")], gold).core_matched == 0


# ---------------------------------------------------------------- breakdown

HALVAN = _actor("halvan", "Halvan", "organization")
TESSA = _actor("tessa", "Tessa", "organization")

BREAKDOWN_GOLD = [
    _gold("found", "Norland", "Orma Council", ["AID"], article="s1"),
    _gold("confused", "Norland", "Sudria", ["ACCUSE", "REJECT"], article="s1"),
    _gold("reversed", "Sudria", "Norland", ["THREATEN"], article="s1"),
    _gold("argument", "Vesta League", "Sudria", ["REQUEST"], article="s1"),
    _gold("actor-target", "Norland", "Halvan", ["ACCUSE"], article="s1"),
    _gold("actor-both", "Tessa", "Kalder Front", ["ASSAULT"], article="s1"),
    # Halvan and Sudria appear, but in article s2 only
    _gold("other-article", "Halvan", "Tessa", ["THREATEN"], article="s1"),
    _gold("optional", "Vesta League", "Orma Council", ["SUPPORT"], article="s1", core=False),
]
BREAKDOWN_SYSTEM = [
    _in("s1", _rel(NORLAND, ORMA, "AID")),
    _in("s1", _rel(NORLAND, SUDRIA, "SUPPORT")),
    _in("s1", _rel(NORLAND, SUDRIA, "THREATEN")),
    _in("s1", _rel(VESTA, ORMA, "SUPPORT")),
    _in("s1", _rel(VESTA, ORMA, "CONSULT")),
    _in("s2", _rel(HALVAN, TESSA, "CONSULT")),
]


def test_breakdown_classifies_each_miss():
    s = score(BREAKDOWN_SYSTEM, BREAKDOWN_GOLD)
    assert s.per_article and s.core_matched == 1
    rows = {r.type: r for r in s.breakdown.gold}
    aid, accuse, threaten = rows["AID"], rows["ACCUSE"], rows["THREATEN"]
    assert (aid.core, aid.found) == (1, 1)
    # Norland-Sudria: related as SUPPORT and THREATEN, never ACCUSE
    assert accuse.core == 2 and accuse.confused == 1
    assert accuse.confused_as == {"SUPPORT": 1, "THREATEN": 1}
    # Norland-Halvan: Halvan is only in the other article's output
    assert accuse.actor == 1 and accuse.actor_sides == {"target": 1}
    assert accuse.missing_actors == {"Halvan": 1}
    assert threaten.confused_as == {"SUPPORT reversed": 1, "THREATEN reversed": 1}
    assert threaten.actor_sides == {"both": 1}
    assert rows["REQUEST"].argument == 1
    assert rows["ASSAULT"].missing_actors == {"Tessa": 1, "Kalder Front": 1}
    reasons = {line.split(":")[0]: line for line in s.missed}
    assert "[confused: SUPPORT, THREATEN]" in reasons["confused"]
    assert "[argument:" in reasons["argument"]
    assert "[actor: target Halvan]" in reasons["actor-target"]


def test_breakdown_of_precision_errors_by_system_type():
    s = score(BREAKDOWN_SYSTEM, BREAKDOWN_GOLD)
    rows = {r.type: r for r in s.breakdown.system}
    # SUPPORT: Norland-Sudria is a gold pair (wrong type); Vesta-Orma matches the optional
    assert (rows["SUPPORT"].triples, rows["SUPPORT"].unmatched) == (2, 1)
    assert rows["SUPPORT"].gold_pair == 1
    # CONSULT: Vesta-Orma is a gold pair; Halvan-Tessa is one only in another article
    assert (rows["CONSULT"].gold_pair, rows["CONSULT"].no_gold_pair) == (1, 1)
    assert rows["AID"].unmatched == 0
    assert sum(r.unmatched for r in rows.values()) == s.unmatched_triples


def test_breakdown_is_global_without_article_ids():
    gold = [{k: v for k, v in g.items() if k != "article"} for g in BREAKDOWN_GOLD]
    s = score(BREAKDOWN_SYSTEM, gold)
    assert not s.per_article
    threaten = next(r for r in s.breakdown.gold if r.type == "THREATEN")
    # Halvan-Tessa are related (CONSULT) somewhere in the output: confused, not lost
    assert threaten.confused == 2 and threaten.actor == 0
    assert s.to_json()["breakdown"]["gold"][0]["type"] == "ACCUSE"


# ---------------------------------------------------------------- the command


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _graphkit(*args):
    return graphkit(*args)


def test_score_command_by_type_json_and_errors(tmp_path):
    system = _write(tmp_path / "out.jsonl", BREAKDOWN_SYSTEM)
    gold = _write(tmp_path / "gold.jsonl", BREAKDOWN_GOLD)
    plain = _graphkit("score", system, gold, "--by-type")
    assert plain.returncode == 0, plain.stderr
    first, *rest = plain.stdout.splitlines()
    assert first.startswith("recall=0.143 ") and first.endswith("per_article=True")
    table = "\n".join(rest)
    for text in ("Core gold items by", "THREATEN", "SUPPORT reversed", "Kalder Front", "Precision"):
        assert text in table, table
    as_json = _graphkit("score", "--json", system, gold)
    figures = json.loads(as_json.stdout)
    assert figures["per_article"] is True and figures["core_matched"] == 1
    assert {r["type"] for r in figures["breakdown"]["system"]} == {
        "AID",
        "SUPPORT",
        "THREATEN",
        "CONSULT",
    }
    errors = _graphkit("score", "--show-errors", system, gold)
    lines = errors.stdout.splitlines()
    assert sum(x.startswith("missed  ") for x in lines) == 6
    assert any(x.startswith("extra   s2 halvan tessa CONSULT") for x in lines)
    assert "Core gold items" not in errors.stdout  # tables only with --by-type


def test_score_command_bad_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    proc = _graphkit("score", str(bad), str(bad))
    assert (
        proc.returncode == 1 and proc.stderr.startswith("error: ") and "bad.jsonl:1" in proc.stderr
    )
