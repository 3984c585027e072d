"""Hostile input gets a clear 422, never a 500: lone surrogates, oversized values, bad dates."""

from __future__ import annotations

import pytest
from conftest import API_KEY
from fastapi.testclient import TestClient

JSON = {"Content-Type": "application/json", "X-API-Key": API_KEY}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/articles", '{"text": "Russia \\ud800 attacked Ukraine.", "title": "t"}'),
        ("/articles", '[{"text": "fine text here", "title": "\\udfff"}]'),
        ("/cypher", '{"query": "RETURN \'\\ud800\' AS x"}'),
    ],
)
def test_lone_surrogate_in_a_json_body_is_a_clear_422(
    client: TestClient, path: str, body: str
) -> None:
    r = client.post(path, content=body.encode(), headers=JSON)
    assert r.status_code == 422, r.text
    body_out = r.json()
    assert body_out["error"] == "invalid_parameter"
    assert "surrogate" in body_out["message"], body_out
    assert "Traceback" not in r.text


def test_a_huge_query_value_is_not_echoed_whole(client: TestClient) -> None:
    r = client.get("/actors/PRK/neighbourhood", params={"types": "A" * 10_000})
    assert r.status_code == 422
    assert "A" * 10_000 not in r.text
    assert len(r.content) < 2_000, len(r.content)
    assert "more characters" in r.json()["message"]


@pytest.mark.parametrize("value", ["0", "20240131", "1700000000", "2024-1-31", "2024-W05-3"])
def test_a_date_must_be_yyyy_mm_dd(client: TestClient, value: str) -> None:
    for path in ("/actors/PRK/neighbourhood", "/analytics/centrality"):
        r = client.get(path, params={"since": value})
        assert r.status_code == 422, (path, value, r.text)
        assert "YYYY-MM-DD" in r.json()["message"], r.text
    r = client.get("/view/actors/PRK", params={"until": value})
    assert r.status_code == 422 and "YYYY-MM-DD" in r.text


@pytest.mark.parametrize("value", ["0001-01-01", "1850-06-01", "9999-12-31"])
def test_an_implausible_date_is_refused(client: TestClient, value: str) -> None:
    r = client.get("/actors/PRK/neighbourhood", params={"since": value})
    assert r.status_code == 422, r.text
    assert "between 1900 and 2100" in r.json()["message"]


def test_a_good_date_still_filters(client: TestClient) -> None:
    wide = client.get("/actors/PRK/neighbourhood", params={"since": "1990-01-01"})
    none = client.get("/actors/PRK/neighbourhood", params={"since": "2099-01-01"})
    assert wide.status_code == none.status_code == 200
    assert wide.json()["edges"] and not none.json()["edges"]
