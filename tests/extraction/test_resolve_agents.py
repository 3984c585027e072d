"""scripts/convert_agents.py on a small made-up agents file (the real one is not needed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "convert_agents.py"

SAMPLE = """\
# a comment line
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
!MINIST! FOR_DEFENCE [~GOVMIL]
RIOT_POLICE [~COP]
ARMED_FORCE [~UAF]
ARMED_FORCES [~MIL]
POLICE!PERSON! [~COP]
FARMER [~AGR]
JOURNALIST [~MED]
NEWS_AGENCY [~MED]
PRESIDENT [~GOV]
F-16 [~MIL]
CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]
DEFENCE_MINIST [~GOV]
"""


@pytest.fixture(scope="module")
def conv() -> ModuleType:
    spec = importlib.util.spec_from_file_location("convert_agents", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["convert_agents"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_conversion_keeps_state_organs_and_drops_civilians(conv: ModuleType) -> None:
    entries = conv.parse(SAMPLE)
    lemmas = {"forces": "force", "force": "force"}
    agents, why = conv.convert(entries, lemmas)
    assert agents["riot police"] == "COP"
    assert agents["armed force"] == "MIL"  # a state organ beats the unaffiliated gunmen
    assert agents["policeman"] == "COP" and agents["policewoman"] == "COP"
    assert agents["news agency"] == "MED"
    assert agents["defence minister"] == "GOV" and agents["defence ministry"] == "GOV"
    for dropped in ("farmer", "journalist", "president", "f-16", "chamber of commerce"):
        assert dropped not in agents
    assert not any("minist" in k and "for" in k for k in agents)
    assert sum(why.values()) >= 5


def test_rendered_file_names_its_source_and_licence(conv: ModuleType) -> None:
    text = conv.render({"riot police": "COP"}, "reference/petrarch2/Phoenix.agents.txt")
    assert "scripts/convert_agents.py" in text and "MIT License" in text
    assert text.rstrip().endswith("riot police: COP")


def test_missing_reference_files_exit_cleanly(conv: ModuleType, tmp_path: Path) -> None:
    assert conv.main(["--shared", str(tmp_path), "--out", str(tmp_path / "a.yaml")]) == 2
    assert not (tmp_path / "a.yaml").exists()
