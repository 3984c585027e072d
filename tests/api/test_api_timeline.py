"""GET /dyads/{a}/{b}/timeline and GET /actors/{a}/timeline over both real stores."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from store.fixture_graph import both_articles


def test_dyad_timeline_route(client: TestClient) -> None:
    r = client.get("/dyads/NATO/Seoul/timeline", params={"interval": "week"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["source"]["id"], body["target"]["id"], body["interval"]) == ("NATO", "KOR", "week")
    assert [(p["start"], p["total"]) for p in body["periods"]] == [
        ("2024-10-21", 2),
        ("2024-10-28", 0),
        ("2024-11-04", 1),
    ]
    first = body["periods"][0]
    assert first["end"] == "2024-10-27"
    assert first["by_quad"] == {"verbal_conflict": 1, "standing": 1} and first["balance"] == -1
    want = {r.evidence_id for r in both_articles()[1].relations if r.type == "REQUEST"}
    assert set(body["periods"][2]["evidence"]) == want


def test_dyad_timeline_filters_and_empty_range(client: TestClient) -> None:
    r = client.get(
        "/dyads/NATO/KOR/timeline",
        params={
            "interval": "day",
            "types": "REQUEST",
            "since": "2024-11-05",
            "until": "2024-11-07",
        },
    )
    assert r.status_code == 200, r.text
    assert [(p["start"], p["total"]) for p in r.json()["periods"]] == [
        ("2024-11-05", 1),
        ("2024-11-06", 0),
        ("2024-11-07", 0),
    ]
    empty = client.get("/dyads/NATO/KOR/timeline", params={"since": "2030-01-01"})
    assert empty.status_code == 200 and empty.json()["total"] == 0


@pytest.mark.parametrize(
    ("path", "params", "status", "text"),
    [
        ("/dyads/NATO/Atlantis/timeline", {}, 404, "Atlantis"),
        ("/dyads/NATO/KOR/timeline", {"interval": "year"}, 422, "interval"),
        ("/dyads/PRK/Pyongyang/timeline", {}, 422, "two different actors"),
        ("/dyads/NATO/KOR/timeline", {"since": "0"}, 422, "YYYY-MM-DD"),
        ("/dyads/NATO/KOR/timeline", {"interval": "day", "since": "2000-01-01"}, 422, "coarser"),
        ("/actors/Atlantis/timeline", {}, 404, "Atlantis"),
        ("/actors/PRK/timeline", {"interval": "quarter"}, 422, "interval"),
        ("/actors/PRK/timeline", {"counterparts": 0}, 422, "counterparts"),
    ],
)
def test_timeline_errors(
    client: TestClient, path: str, params: dict[str, object], status: int, text: str
) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status, r.text
    assert text in r.text


def test_unknown_actor_gets_suggestions(client: TestClient) -> None:
    r = client.get("/dyads/NATO/North Kore/timeline")
    assert r.status_code == 404
    assert "North Korea" in r.json()["suggestions"]


def test_actor_timeline_route(client: TestClient) -> None:
    r = client.get("/actors/Pyongyang/timeline", params={"interval": "month", "counterparts": 2})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["actor"]["id"] == "PRK"
    assert [p["start"] for p in body["periods"]] == ["2024-10-01", "2024-11-01"]
    assert body["counterparts"][0]["id"] == "RUS"
    assert all(len(p["counterparts"]) <= 2 for p in body["periods"])
    assert body["total"] == sum(p["total"] for p in body["periods"])
