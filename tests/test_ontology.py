"""The ontology's checks: what reaches a query is a known, upper-cased type or modality."""

from __future__ import annotations

import pytest

from graphkit.errors import ValidationError
from graphkit.ontology import default_ontology


def test_check_type_upper_cases_a_known_type() -> None:
    onto = default_ontology()
    name = sorted(onto.types)[0]
    assert onto.check_type(f"  {name.lower()} ") == name


def test_check_type_rejects_an_unknown_type_naming_the_choices() -> None:
    with pytest.raises(ValidationError, match=r"Unknown relation type 'LOVES'; expected one of"):
        default_ontology().check_type("LOVES")


def test_check_types_keeps_none_and_order() -> None:
    onto = default_ontology()
    names = sorted(onto.types)[:3]
    assert onto.check_types(None) is None
    assert onto.check_types([n.lower() for n in reversed(names)]) == list(reversed(names))
    with pytest.raises(ValidationError):
        onto.check_types([names[0], "NOT_A_TYPE"])
