"""The README's Python API example runs as written, against the memory store."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _example(section: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    body = readme.split(f"### {section}\n", 1)[1].split("\n#", 1)[0]
    match = re.search(r"```python\n(.*?)```", body, re.DOTALL)
    if match is None:
        raise AssertionError(f"no python example under '### {section}'")
    return match.group(1)


def test_python_api_example_runs() -> None:
    code = _example("Python API")
    names: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), names)
    assert [(r.source.name, r.type, r.target.name) for r in names["relations"]] == [
        ("NATO", "REQUEST", "South Korea")
    ]
    assert names["report"].articles_new >= 10
    assert {"NATO", "South Korea"} <= {n.name for n in names["hood"].nodes}
    assert names["paths"].paths, "the samples connect Japan and Iran"


def _layout_entries() -> list[str]:
    """Paths the README's Layout tree names (``graphkit/store/neo4j/session.py`` ...)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Layout\n", 1)[1].split("```", 2)[1]
    stack: list[str] = []
    out = []
    for line in block.splitlines():
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2
        name = line.split()[0]
        stack = [*stack[:depth], name.rstrip("/")]
        out.append("/".join(stack) + ("/" if name.endswith("/") else ""))
    return out


def test_layout_lists_every_module_once() -> None:
    entries = _layout_entries()
    listed = [e for e in entries if e.endswith(".py")]
    assert len(listed) == len(set(listed)), "a module is listed twice"
    modules = {
        p.relative_to(ROOT).as_posix()
        for top in ("graphkit", "api")
        for p in (ROOT / top).rglob("*.py")
        if p.name != "__init__.py"
    }
    assert set(listed) == modules, (
        f"missing from the README: {sorted(modules - set(listed))}; "
        f"gone from the tree: {sorted(set(listed) - modules)}"
    )
    packages = {e for e in entries if e.endswith("/") and e.count("/") > 1}
    assert packages == {
        p.parent.relative_to(ROOT).as_posix() + "/"
        for top in ("graphkit", "api")
        for p in (ROOT / top).rglob("__init__.py")
        if p.parent != ROOT / top
    }
