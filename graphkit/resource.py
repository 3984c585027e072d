"""Where the files that ship with graphkit live: queries, data, the Neo4j launcher, the API.

An installed wheel holds them inside the package (``graphkit/cypher``, ``graphkit/data``,
``graphkit/launcher``), put there by the ``package-dir`` mapping in ``pyproject.toml``. A
checkout keeps them as the repository's top-level folders (``cypher/``, ``data/``,
``neo4j/``), which an editable install maps for Python modules only: setuptools' editable
finder resolves ``graphkit.api`` but not folders without Python code. This module is the one
place that knows both layouts.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from graphkit.errors import ConfigError

# packaged name -> the repository's folder for it
_CHECKOUT_NAME = {"cypher": "cypher", "data": "data", "launcher": "neo4j"}


def package_root() -> Path:
    """The ``graphkit`` package folder (site-packages or the checkout)."""
    root = files("graphkit")
    if not isinstance(root, Path):
        raise ConfigError(f"graphkit must be installed as plain files, not from {root}")
    return root


def checkout_root() -> Path | None:
    """The repository root when graphkit runs from a checkout of its repository, else None."""
    root = package_root().parent
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and 'name = "graphkit"' in pyproject.read_text(encoding="utf-8"):
        return root
    return None


@cache
def folder(name: str) -> Path:
    """The shipped folder ``name``: ``cypher``, ``data`` or ``launcher``.

    Raises:
        KeyError: for a name graphkit does not ship.
        ConfigError: when neither the installed nor the checkout layout has the folder.
    """
    checkout_name = _CHECKOUT_NAME[name]
    packaged = package_root() / name
    if packaged.is_dir():
        return packaged
    root = checkout_root()
    if root is not None and (root / checkout_name).is_dir():
        return root / checkout_name
    raise ConfigError(f"graphkit's {name}/ files are missing from {package_root()}")


def data_path(*parts: str) -> Path:
    """A path under the shipped ``data/`` folder, e.g. ``data_path("lexicon", "triggers.yaml")``."""
    return folder("data").joinpath(*parts)
