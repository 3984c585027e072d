"""Settings read from the environment: the renamed snapshot setting answers to both names."""

from __future__ import annotations

import pytest

from graphkit.config import Settings


@pytest.mark.parametrize("env", ["GRAPHKIT_SNAPSHOT", "GRAPHKIT_TRAVERSAL_INDEX"])
def test_snapshot_setting_reads_its_new_and_old_name(
    env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GRAPHKIT_SNAPSHOT", raising=False)
    monkeypatch.delenv("GRAPHKIT_TRAVERSAL_INDEX", raising=False)
    assert Settings().snapshot == "background"
    monkeypatch.setenv(env, "off")
    assert Settings().snapshot == "off"


def test_snapshot_setting_by_name_and_its_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHKIT_TRAVERSAL_INDEX", "sync")
    assert Settings(snapshot="off").snapshot == "off"  # an argument beats the environment
    monkeypatch.setenv("GRAPHKIT_TRAVERSAL_INDEX", "sometimes")
    with pytest.raises(ValueError) as info:
        Settings()
    # the error names the field (the CLI prints GRAPHKIT_ + its name), not an alias
    assert info.value.errors()[0]["loc"] == ("snapshot",)  # type: ignore[attr-defined]
    monkeypatch.setenv("SNAPSHOT", "off")  # no prefix: not a graphkit setting
    monkeypatch.delenv("GRAPHKIT_TRAVERSAL_INDEX")
    assert Settings().snapshot == "background"
