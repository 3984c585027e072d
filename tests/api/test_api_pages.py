"""GET /view/actors/{actor}/profile and /view/dyads/{actor}/{other} over both real stores."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_profile_page(client: TestClient) -> None:
    r = client.get("/view/actors/Pyongyang/profile", params={"interval": "month"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "Content-Security-Policy" in r.headers
    assert "North Korea" in r.text
    assert 'href="/view/dyads/PRK/RUS"' in r.text
    assert 'href="/view/actors/Pyongyang"' in r.text  # the neighbourhood view


def test_dyad_page(client: TestClient) -> None:
    r = client.get("/view/dyads/NATO/Seoul", params={"types": "REQUEST"})
    assert r.status_code == 200, r.text
    assert "NATO and South Korea" in r.text and "types REQUEST" in r.text
    assert r.text.count("<li>") == 2  # the two REQUEST pieces of evidence


@pytest.mark.parametrize(
    ("path", "params", "status", "text"),
    [
        ("/view/actors/North%20Kore/profile", {}, 404, 'href="/view/actors/North%20Korea"'),
        ("/view/dyads/NATO/North%20Kore", {}, 404, 'href="/view/actors/North%20Korea"'),
        ("/view/actors/PRK/profile", {"interval": "year"}, 422, "interval must be one of"),
        ("/view/dyads/NATO/KOR", {"interval": "year"}, 422, "interval must be one of"),
        ("/view/dyads/PRK/Pyongyang", {}, 422, "two different actors"),
        ("/view/dyads/NATO/KOR", {"since": "0"}, 422, "YYYY-MM-DD"),
    ],
)
def test_page_errors_are_pages(
    client: TestClient, path: str, params: dict[str, object], status: int, text: str
) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status, r.text
    assert text in r.text
