"""graphkit's errors cross process boundaries (API worker processes) as themselves."""

from __future__ import annotations

import pickle

import pytest

from graphkit.errors import (
    ConfigError,
    GraphkitError,
    InputError,
    StoreUnavailable,
    UnknownActor,
    ValidationError,
)


@pytest.mark.parametrize(
    "error",
    [
        UnknownActor("Nrth Korea", ["North Korea", "South Korea"]),
        UnknownActor("Atlantis"),
        ConfigError("bad password", setting="GRAPHKIT_NEO4J_PASSWORD"),
        InputError("empty file", path="a.txt"),
        ValidationError("depth must be 1-3"),
        StoreUnavailable("Neo4j is not reachable"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_an_error_survives_pickling_with_its_message_and_fields(error: GraphkitError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert again.__dict__ == error.__dict__
