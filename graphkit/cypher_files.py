"""Load the ``.cypher`` statements shipped with the package, by name.

Each file under ``cypher/`` holds one statement, named ``<verb>_<noun>.cypher``,
with a header of ``//`` comments naming its parameters.
"""

from __future__ import annotations

import re
from functools import cache

from graphkit.resource import folder

CYPHER_DIR = folder("cypher")
_NAME = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")


@cache
def load_query(name: str) -> str:
    """Return the statement in ``cypher/<name>.cypher``, header comments included.

    Raises:
        KeyError: if no such file ships with the package.
    """
    if not _NAME.match(name):
        raise KeyError(f"bad query name {name!r}")
    path = CYPHER_DIR / f"{name}.cypher"
    if not path.is_file():
        raise KeyError(f"no query file cypher/{name}.cypher")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    """Names of every shipped query file."""
    return sorted(p.stem for p in CYPHER_DIR.glob("*.cypher"))


def query_parameters(name: str) -> list[str]:
    """The ``$parameters`` a query file uses, in order of first appearance."""
    body = "\n".join(
        line for line in load_query(name).splitlines() if not line.lstrip().startswith("//")
    )
    seen: list[str] = []
    for p in re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", body):
        if p not in seen:
            seen.append(p)
    return seen
