"""Group allegiances the gazetteer knows become MEMBER_OF when one sentence names both."""

from __future__ import annotations


def test_affiliate_named_in_the_same_sentence(rels) -> None:
    found = rels("Kenyan troops clashed with Al-Shabaab, an Al-Qaeda affiliate, near the border.")
    member = [r for r in found if r.type == "MEMBER_OF"]
    assert [(r.source.id, r.target.id) for r in member] == [("AL-SHABAAB", "AL-QAEDA")]
    assert member[0].modality == "asserted" and not member[0].negated


def test_no_affiliation_across_sentences(rels) -> None:
    found = rels("Al-Qaeda issued a statement. Later, Al-Shabaab fighters attacked a Kenyan base.")
    assert not [r for r in found if r.type == "MEMBER_OF"]
