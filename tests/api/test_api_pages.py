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
    assert 'href="/actors/Pyongyang/timeline?interval=month"' in r.text
    since = client.get("/view/actors/PRK/profile", params={"since": "2024-11-01"})
    assert 'href="/actors/PRK/timeline?interval=week&amp;since=2024-11-01"' in since.text


def test_dyad_page(client: TestClient) -> None:
    r = client.get("/view/dyads/NATO/Seoul", params={"types": "REQUEST"})
    assert r.status_code == 200, r.text
    assert "NATO and South Korea" in r.text and "types REQUEST" in r.text
    assert r.text.count("<li>") == 2  # the two REQUEST pieces of evidence


def test_capped_dyad_page_links_the_json_with_its_filters(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphkit import pages

    monkeypatch.setattr(pages, "DYAD_EVIDENCE", 1)
    r = client.get("/view/dyads/NATO/KOR", params={"interval": "month", "types": "REQUEST"})
    assert r.status_code == 200, r.text
    href = "/dyads/NATO/KOR/timeline?interval=month&amp;types=REQUEST"
    assert f'<a href="{href}">All of it (JSON)</a>' in r.text
    full = client.get(href.replace("&amp;", "&"))
    assert full.status_code == 200 and full.json()["total"] == 2


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


def test_landing_overview(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200, r.text
    html = r.text
    assert 'id="gk-stats"' in html and "2 articles" in html
    assert "Most active, 2024-10-07 to 2024-11-05" in html
    assert 'href="/view/dyads/' in html and 'href="/view/actors/PRK/profile"' in html
    assert 'href="https://example.org/pyongyang-moscow"' in html
    assert 'action="/view/paths"' in html  # the path form is kept


def test_landing_while_the_store_is_down(down_client: TestClient) -> None:
    r = down_client.get("/")
    assert r.status_code == 200
    assert 'id="q"' in r.text and 'id="gk-overview"' not in r.text
