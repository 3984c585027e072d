"""Datelines of agency copy are where a story was filed, not an actor in it."""

from __future__ import annotations

import pytest

from graphkit.extraction.dateline import dateline_end, mask_dateline


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("KYIV (Agency) - Ukraine said on Monday", "KYIV (Agency) - "),
        ("Paris, 5 March 2024 -- France recalled", "Paris, 5 March 2024 -- "),
        ("NEW DELHI: The summit opened", "NEW DELHI: "),
        ("Lima, Peru, Jan. 4 (Wire) \u2013 Peru said", "Lima, Peru, Jan. 4 (Wire) \u2013 "),
        ("Seoul [South Korea], May 2 (Wire): Seoul said", "Seoul [South Korea], May 2 (Wire): "),
        ("Nairobi \u2014Kenya's cabinet met", "Nairobi \u2014"),
    ],
)
def test_datelines_are_found(text: str, dateline: str) -> None:
    assert text[: dateline_end(text)] == dateline


@pytest.mark.parametrize(
    "text",
    [
        "Russia on Sunday expelled 20 diplomats.",
        "President Ruto: we will send police.",
        "The ministry said: no talks.",
        "North Korea fired a missile - its third this month.",
    ],
)
def test_ordinary_openings_are_kept(text: str) -> None:
    assert dateline_end(text) == 0
    assert mask_dateline(text) == text


def test_masking_keeps_offsets() -> None:
    text = "ACCRA, June 3 (Wire) -- Ghana condemned Togo."
    masked = mask_dateline(text)
    assert len(masked) == len(text)
    assert masked.lstrip() == "Ghana condemned Togo."


def test_a_dateline_capital_is_no_actor(rels) -> None:
    found = rels("ANKARA, June 3 (Wire) -- Greece and Cyprus condemned Libya on Monday.")
    triples = {(r.source.id, r.type, r.target.id) for r in found}
    assert ("GRC", "ACCUSE", "LBY") in triples
    assert not any("TUR" in (r.source.id, r.target.id) for r in found)
    sent = next(r for r in found if r.source.id == "GRC")
    assert sent.sentence.startswith("Greece and Cyprus condemned Libya")
