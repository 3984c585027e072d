"""The gazetteer and lexicon files: coverage, ids, and that every type is reachable."""

from __future__ import annotations

from datetime import date

import pycountry

from graphkit.extraction import Gazetteer, Lexicon
from graphkit.ontology import default_ontology


def test_every_un_member_and_extras_present():
    gaz = Gazetteer.load()
    states = {a.id for a in gaz.actors() if a.kind == "state"}
    assert len(states) == 197  # 193 members + Holy See, Palestine + Taiwan, Kosovo
    for code in ("VAT", "PSE", "TWN", "XKX", "PRK", "KOR", "SSD", "TLS"):
        assert code in states
    for code in states - {"XKX"}:
        assert pycountry.countries.get(alpha_3=code) is not None, code


def test_surface_forms_resolve():
    gaz = Gazetteer.load()
    cases = {
        "North Korean": "PRK",
        "Pyongyang": "PRK",
        "Kremlin": "RUS",
        "White House": "USA",
        "Russian Federation": "RUS",
        "Türkiye": "TUR",
        "the alliance": None,
    }
    for text, expected in cases.items():
        hit = gaz.lookup(text)
        assert (hit[0].actor.id if hit else None) == expected, text
    assert gaz.lookup("Pentagon")[0].actor.kind == "body"
    assert gaz.lookup("NATO")[0].actor.wikidata == "Q7184"
    assert "NATO" in gaz.generic["alliance"]


def test_roles_are_date_bounded():
    gaz = Gazetteer.load()
    assert gaz.role_on("yoon-suk-yeol", date(2024, 10, 22)).of == "KOR"
    assert gaz.role_on("yoon-suk-yeol", date(2025, 6, 1)) is None
    assert gaz.role_on("lee-jae-myung", date(2025, 6, 5)).of == "KOR"
    assert gaz.role_on("olaf-scholz", date(2025, 6, 1)) is None
    assert gaz.role_on("friedrich-merz", date(2025, 6, 1)).of == "DEU"
    assert gaz.role_on("joe-biden", date(2025, 2, 1)) is None
    assert gaz.role_on("donald-trump", date(2025, 2, 1)).of == "USA"


def test_lexicon_covers_all_event_types_and_is_broad():
    lex = Lexicon.load()
    onto = default_ontology()
    senses = [s for table in (lex.verbs, lex.nouns) for ss in table.values() for s in ss]
    assert len(senses) >= 300
    assert set(onto.event_types) <= {s.type for s in senses}
    for s in senses:
        assert s.type in onto.types
        if s.mode:
            assert s.mode in onto.event_types.get(s.type, {}).get("modes", []), (s.lemma, s.mode)
    # YAML 1.1 would read a bare `on` as True; the loader must keep it a word
    assert "on" in lex.verbs["call"][0].particle
    assert "no" in lex.cues.negation_determiners


def test_gazetteer_lists_actors_for_generators():
    gaz = Gazetteer.load()
    actors = gaz.actors()
    kinds = {a.kind for a in actors}
    assert {"state", "organization", "person", "body", "group"} <= kinds
    assert len({a.id for a in actors}) == len(actors)
