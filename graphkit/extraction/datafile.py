"""Reading the user-extensible YAML files of ``data/`` (lexicon, word lists).

One reader for all of them, so every file fails the same clear way: a
:class:`~graphkit.errors.ConfigError` naming the file and what is wrong with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graphkit.errors import ConfigError

# the C loader reads the large generated files several times faster
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_mapping(path: Path, what: str = "data file") -> dict[str, Any]:
    """A YAML file that must hold a mapping (an empty file is an empty mapping).

    Raises:
        ConfigError: if the file cannot be read, is not valid YAML, or holds no mapping.
    """
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read {what} {path}: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{what} {path} must hold a mapping")
    return raw


def word(x: object) -> str:
    """A lexicon word; YAML 1.1 reads a bare ``on``/``off``/``yes``/``no`` as a boolean."""
    if x is True:
        return "on"
    if x is False:
        return "off"
    return str(x).lower()


def word_set(value: Any, path: Path, key: str) -> frozenset[str]:
    """A list of words under ``key`` as lower-case strings.

    Raises:
        ConfigError: if the value is not a list of plain words.
    """
    if not isinstance(value, list) or not all(isinstance(v, (str, bool, int)) for v in value):
        raise ConfigError(f"{path}: {key!r} must be a list of words")
    return frozenset(word(v) for v in value)
