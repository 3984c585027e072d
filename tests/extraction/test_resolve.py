"""Actor resolution: composite actors (state + agent noun) and the word lists behind them.

Every sentence here is made up for the test; each assert names the rule it checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.errors import ConfigError
from graphkit.extraction import Extractor
from graphkit.extraction.resolve import DocActors, load_nouns
from graphkit.extraction.resolve.nouns import NOUNS_FILE
from graphkit.models import Article, Relation


def endpoint(relations: list[Relation], source: str, rtype: str, target: str) -> Relation:
    """The relation with these endpoints; fails the test when there is none."""
    for r in relations:
        if (r.source.id, r.type, r.target.id) == (source, rtype, target):
            return r
    got = [(r.source.id, r.type, r.target.id) for r in relations]
    raise AssertionError(f"no {source} {rtype} {target} in {got}")


@pytest.mark.parametrize(
    ("text", "state", "sector", "rtype", "target"),
    [
        # curated head nouns
        ("Colombian rebels attacked Venezuela.", "COL", "REB", "ASSAULT", "VEN"),
        ("Peruvian authorities condemned Chile.", "PER", "GOV", "ACCUSE", "CHL"),
        # a multiword agent wins over its head: "armed force" is MIL, not the UAF gunmen
        ("Chilean armed forces attacked Argentina.", "CHL", "MIL", "ASSAULT", "ARG"),
        ("Malian security forces attacked Niger.", "MLI", "COP", "ASSAULT", "NER"),
        ("The Vietnamese coast guard attacked Cambodia.", "VNM", "MIL", "ASSAULT", "KHM"),
        # heads known only from the CAMEO-derived agents.yaml
        ("Ethiopian paramilitaries attacked Eritrea.", "ETH", "MIL", "ASSAULT", "ERI"),
        ("The Canadian border patrol accused the United States.", "CAN", "COP", "ACCUSE", "USA"),
        ("The Swedish ambassador condemned Iran.", "SWE", "GOV", "ACCUSE", "IRN"),
    ],
)
def test_demonym_plus_agent_noun_is_the_state_with_the_phrase_sector(
    rels, text: str, state: str, sector: str, rtype: str, target: str
) -> None:
    rel = endpoint(rels(text), state, rtype, target)
    assert rel.source.sector == sector


@pytest.mark.parametrize(
    "text",
    ["Iraqi farmers condemned Turkey.", "Iraqi students condemned Turkey."],
)
def test_people_with_a_nationality_are_not_their_state(rels, text: str) -> None:
    # civilian nouns (CAMEO AGR, EDU) are dropped from the agents: no Iraq as the source
    assert not [r for r in rels(text) if r.source.id == "IRQ"]


def test_state_node_keeps_its_own_sector(extractor: Extractor) -> None:
    # the sector belongs to the phrase ("Cuban troops"), so to the relation's endpoint,
    # never to the state actor the document lists
    ex = extractor.extract(Article(id="t", text="Cuban troops were sent to Angola."))
    rel = endpoint(ex.relations, "CUB", "MOBILIZE", "AGO")
    assert rel.source.sector == "MIL"
    cuba = next(a for a in ex.actors if a.id == "CUB")
    assert cuba.sector is None


def test_curated_agent_nouns_win_over_derived(tmp_path: Path) -> None:
    agents = tmp_path / "agents.yaml"
    agents.write_text("agents:\n  troop: REB\n  riot squad: COP\n  farmer: GOV\n")
    nouns = load_nouns(NOUNS_FILE, agents)
    assert nouns.agent["troop"] == "MIL"  # curated
    assert nouns.agent["farmer"] == "GOV"  # derived, no curated entry
    assert nouns.phrases[("riot", "squad")] == "COP"
    assert "farmer" not in nouns.curated


def test_packaged_agents_are_merged_and_precise() -> None:
    nouns = load_nouns()
    assert nouns.phrases[("riot", "police")] == "COP"
    assert nouns.phrases[("armed", "force")] == "MIL"
    assert nouns.agent["paramilitary"] == "MIL"
    for civilian in ("student", "farmer", "journalist", "lawyer", "president"):
        assert civilian not in nouns.agent


def test_bad_sector_is_a_config_error(tmp_path: Path) -> None:
    agents = tmp_path / "agents.yaml"
    agents.write_text("agents:\n  farmer: AGR\n")
    with pytest.raises(ConfigError, match="AGR"):
        load_nouns(NOUNS_FILE, agents)


def test_missing_list_is_a_config_error(tmp_path: Path) -> None:
    nouns = tmp_path / "nouns.yaml"
    nouns.write_text("agent_nouns: {troop: MIL}\n")
    with pytest.raises(ConfigError, match="must be a list of words"):
        load_nouns(nouns, None)


def test_invalid_yaml_is_a_config_error(tmp_path: Path) -> None:
    nouns = tmp_path / "nouns.yaml"
    nouns.write_text("agent_nouns: [unclosed\n")
    with pytest.raises(ConfigError, match="cannot read"):
        load_nouns(nouns, None)


def test_flagged_ship_is_the_flag_state(rels) -> None:
    r = rels("Iranian commandos seized a Maltese-flagged tanker near Hormuz.")
    rel = endpoint(r, "IRN", "COERCE", "MLT")
    assert rel.source.sector == "MIL"


def test_the_government_is_the_speakers_state(rels) -> None:
    text = (
        "Amara Okonkwo, Ghana's interior minister, accused Togo of lying. "
        "Okonkwo said the government had recalled its ambassador from Lome."
    )
    rel = endpoint(rels(text), "GHA", "SANCTION", "TGO")
    assert rel.source.sector == "GOV"


def test_possessive_org_entity_is_the_state(rels) -> None:
    # NER may tag "Azerbaijan's" as an ORG: the possessive is no part of a new name
    rel = endpoint(
        rels("Azerbaijan's Defense Ministry accused Armenia of shelling."), "AZE", "ACCUSE", "ARM"
    )
    assert rel.source.sector == "GOV"


def test_state_organ_name_is_no_organisation(extractor: Extractor) -> None:
    ex = extractor.extract(Article(id="t", text="Peru's Interior Ministry accused Chile."))
    assert not [a for a in ex.actors if a.kind == "organization"]
    assert endpoint(ex.relations, "PER", "ACCUSE", "CHL").source.sector == "GOV"


def test_coordinated_demonyms_all_modify_the_agent(rels) -> None:
    # "Peruvian and Bolivian" is one modifier list: both states are the envoys' source
    r = rels("Peruvian and Bolivian envoys condemned Chile.")
    endpoint(r, "PER", "ACCUSE", "CHL")
    endpoint(r, "BOL", "ACCUSE", "CHL")


def test_ner_span_running_past_a_known_name(rels) -> None:
    # "the" before and a place phrase after a gazetteer name are not part of it
    r = rels("Sudan's army fought the Rapid Support Forces in Khartoum.")
    assert not [x for x in r if x.target.id.startswith("rapid-support")]


@pytest.mark.parametrize(
    ("text", "noun", "states"),
    [
        ("Greek farmers rallied in Athens.", "farmers", ["GRC"]),
        ("Protesters in Lima marched on Monday.", "Protesters", ["PER"]),
        ("Chilean and Bolivian students gathered.", "students", ["CHL", "BOL"]),
        ("Greek officials rallied in Athens.", "officials", []),  # an agent, not a civilian
    ],
)
def test_civilian_refs_name_the_peoples_state(
    extractor: Extractor, text: str, noun: str, states: list[str]
) -> None:
    doc = extractor.nlp(text)
    da = DocActors.build(
        doc, extractor.gazetteer, None, extractor.gazetteer.matchers(extractor.nlp)
    )
    tok = next(t for t in doc if t.text == noun)
    assert [r.id for r in da.civilian_refs(tok)] == states
    if noun != "officials":
        assert da.refs_at(tok) == []  # never the state's agents
