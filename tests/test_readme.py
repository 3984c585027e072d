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
