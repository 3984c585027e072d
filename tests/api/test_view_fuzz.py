"""The view routes (``/``, ``/view/...``) over each store: fuzzed from the OpenAPI schema.

Every generated request must get a documented, non-5xx answer; HTML answers must
carry the Content-Security-Policy header and never echo a request's text as markup.
"""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest
import schemathesis
from conftest import api_settings
from fastapi.testclient import TestClient
from graphkit.api.main import create_app
from hypothesis import HealthCheck, settings

from graphkit.store.base import GraphStore

MAX_EXAMPLES = int(os.environ.get("GRAPHKIT_SCHEMATHESIS_EXAMPLES", "25"))
PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="alert(1)">'


@pytest.fixture
def view_schema(graph: GraphStore) -> schemathesis.BaseSchema:
    app = create_app(api_settings(), store=graph)
    return schemathesis.from_asgi("/openapi.json", app, force_schema_version="30").include(
        path_regex=r"^/(view/|$)"
    )


schema = schemathesis.from_pytest_fixture("view_schema")


def assert_page_safe(response: object, sent: list[str]) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    if headers.get("content-type", "").startswith("text/html"):
        assert "connect-src 'self'" in headers.get("content-security-policy", "")
        for text in sent:
            if "<" in text:
                assert text not in response.text, f"request text echoed as markup: {text!r}"  # type: ignore[attr-defined]


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_views_answer_documented_pages(case: schemathesis.Case) -> None:
    response = case.call_asgi()
    case.validate_response(response)
    sent = [str(v) for v in {**(case.query or {}), **(case.path_parameters or {})}.values()]
    assert_page_safe(response, sent)


def test_hostile_references_come_back_escaped(client: TestClient) -> None:
    tag = '<img src=x onerror="window.__xss=1">'  # a path segment cannot hold "/"
    unknown = client.get("/view/actors/" + quote(tag, safe=""))
    assert unknown.status_code == 404
    assert "text/html" in unknown.headers["content-type"]
    assert_page_safe(unknown, [tag])
    assert "&lt;img src=x onerror=&#34;window.__xss=1&#34;&gt;" in unknown.text
    paths = client.get("/view/paths", params={"from": PAYLOAD, "to": "NATO"})
    assert paths.status_code == 404
    assert_page_safe(paths, [PAYLOAD])
    bad_type = client.get("/view/actors/PRK", params={"types": PAYLOAD})
    assert bad_type.status_code == 422
    assert_page_safe(bad_type, [PAYLOAD])
