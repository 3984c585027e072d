"""Load the ``.cypher`` statements shipped with the package, by name.

Each file under ``cypher/`` holds one statement, named ``<verb>_<noun>.cypher``,
with a header of ``//`` comments naming its parameters. A statement may include a
fragment of ``cypher/fragment/`` (conditions several statements share, such as the
edge filter) with the token ``{{<fragment name>}}``: ``load_query`` puts the
fragment's text, without its header, in the token's place, and indents the
fragment's later lines as the token's line is.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from graphkit.resource import folder

CYPHER_DIR = folder("cypher")
FRAGMENT_DIR = CYPHER_DIR / "fragment"
_NAME = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")
# a {{name}} token and what precedes it on its line, outside comments
_INCLUDE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<lead>(?:(?!//)[^\n])*?)\{\{(?P<name>[^{}\n]*)\}\}", re.M
)


def _read(directory: Path, name: str) -> str:
    """The text of ``<directory>/<name>.cypher``.

    Raises:
        KeyError: for a malformed name or a file that does not ship with the package.
    """
    if not _NAME.match(name):
        raise KeyError(f"bad query name {name!r}")
    path = directory / f"{name}.cypher"
    if not path.is_file():
        raise KeyError(f"no query file {path.relative_to(CYPHER_DIR.parent)}")
    return path.read_text(encoding="utf-8")


def _body(text: str) -> str:
    """``text`` without its ``//`` comment lines."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))


@cache
def load_query(name: str) -> str:
    """Return the statement in ``cypher/<name>.cypher``, header comments included and
    fragments included in place.

    Raises:
        KeyError: if no such file ships with the package, or it includes a fragment
            that does not.
    """

    def include(match: re.Match[str]) -> str:
        fragment = _body(load_fragment(match["name"])).strip("\n")
        return match["indent"] + match["lead"] + fragment.replace("\n", "\n" + match["indent"])

    return _INCLUDE.sub(include, _read(CYPHER_DIR, name))


@cache
def load_fragment(name: str) -> str:
    """Return the fragment in ``cypher/fragment/<name>.cypher``, header included.

    Raises:
        KeyError: if no such file ships with the package.
    """
    return _read(FRAGMENT_DIR, name)


def query_names() -> list[str]:
    """Names of every shipped query file (fragments are not queries)."""
    return sorted(p.stem for p in CYPHER_DIR.glob("*.cypher"))


def fragment_names() -> list[str]:
    """Names of every shipped fragment file."""
    return sorted(p.stem for p in FRAGMENT_DIR.glob("*.cypher"))


def included_fragments(name: str) -> list[str]:
    """The fragments query ``name`` includes, in order (its file as written)."""
    return [m["name"] for m in _INCLUDE.finditer(_read(CYPHER_DIR, name))]


def parameters(text: str) -> list[str]:
    """The ``$parameters`` Cypher ``text`` uses outside comments, in order of first
    appearance."""
    seen: list[str] = []
    for p in re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", _body(text)):
        if p not in seen:
            seen.append(p)
    return seen


def query_parameters(name: str) -> list[str]:
    """The ``$parameters`` a query file uses (its fragments' included), in order of
    first appearance."""
    return parameters(load_query(name))
