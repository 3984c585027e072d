"""Cypher-injection payloads through every parameter of every endpoint change nothing.

The stores only ever run parameterised Cypher and the facade checks relation types
against the ontology, so each payload must come back as a clean 4xx (or an empty
200) and leave the graph exactly as it was.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from conftest import API_KEY
from fastapi.testclient import TestClient

from graphkit.store.base import GraphStore

PAYLOADS = [
    "'",
    '"',
    "\\",
    "}",
    "`",
    "//",
    "PRK' OR '1'='1",
    "PRK'}) MATCH (n) DETACH DELETE n //",
    'PRK"}) MATCH (n) DETACH DELETE n //',
    "ASSAULT`]->() DETACH DELETE n //",
    "CALL db.labels()",
    "DETACH DELETE",
    "MATCH (n) DETACH DELETE n //",
    "MOBILIZE|ASSAULT",
    "$id",
    "PRK\nMATCH (n) DETACH DELETE n",
    "*1..100",
]

VALID: dict[str, dict[str, Any]] = {
    "/actors": {"q": "korea", "limit": 5},
    "/actors/{actor}": {"actor": "PRK", "relations": 5},
    "/actors/{actor}/neighbourhood": {
        "actor": "PRK",
        "depth": 2,
        "limit": 50,
        "types": "MOBILIZE",
        "exclude_types": "AID",
        "modality": "reported",
        "since": "2024-01-01",
        "until": "2024-12-31",
        "min_weight": 1,
    },
    "/paths": {
        "from": "PRK",
        "to": "NATO",
        "max_hops": 4,
        "mode": "k",
        "k": 2,
        "directed": "false",
        "types": "HOSTILE_TO",
        "exclude_types": "AID",
        "modality": "asserted",
        "since": "2024-01-01",
        "until": "2024-12-31",
        "min_weight": 1,
    },
    "/relations": {"source": "PRK", "target": "RUS", "type": "MOBILIZE", "limit": 10},
    "/relations/evidence": {"source": "PRK", "target": "RUS", "type": "MOBILIZE", "limit": 10},
}


def snapshot(store: GraphStore) -> tuple[Any, Any]:
    export = store.export()
    nodes = sorted((n.model_dump(mode="json") for n in export.nodes), key=lambda n: n["id"])
    edges = sorted(
        (e.model_dump(mode="json") for e in export.edges),
        key=lambda e: (e["source"], e["type"], e["target"]),
    )
    return store.stats().model_dump(), (nodes, edges)


def _get(client: TestClient, template: str, params: dict[str, Any]) -> Any:
    params = dict(params)
    path = template
    if "{actor}" in template:
        path = template.replace("{actor}", quote(str(params.pop("actor")), safe=""))
    return client.get(path, params=params)


def _clean(r: Any) -> None:
    assert r.status_code < 500, (r.request.url, r.status_code, r.text)
    assert "Traceback" not in r.text
    assert r.json()  # always a JSON body


def test_payloads_through_every_get_parameter(client: TestClient, graph: GraphStore) -> None:
    before = snapshot(graph)
    sent = 0
    for template, valid in VALID.items():
        assert _get(client, template, valid).status_code == 200, template
        for param in valid:
            for payload in PAYLOADS:
                r = _get(client, template, {**valid, param: payload})
                _clean(r)
                sent += 1
    assert sent == sum(len(v) for v in VALID.values()) * len(PAYLOADS)
    assert snapshot(graph) == before


def test_payloads_through_cypher(client: TestClient, graph: GraphStore) -> None:
    before = snapshot(graph)
    headers = {"X-API-Key": API_KEY}
    for payload in PAYLOADS:
        for body in (
            {"query": payload},
            {"query": "MATCH (a:Actor {id: $id}) RETURN a.name AS name", "params": {"id": payload}},
            {"query": "MATCH (a:Actor) RETURN a.id AS id LIMIT 1", "params": {payload: payload}},
        ):
            r = client.post("/cypher", json=body, headers=headers)
            _clean(r)
            assert r.status_code in (200, 400, 422), (body, r.text)
    for refused in (
        "MATCH (n) DETACH DELETE n",
        "MATCH (n) DETACH DELETE n //",
        "MATCH (n:Actor) SET n.name = 'pwned' RETURN n",
        "CALL db.labels() YIELD label MATCH (n) DETACH DELETE n",
        "CREATE INDEX evil FOR (n:Actor) ON (n.kind)",
        # read-only, yet not harmless: files on the server and its configuration
        "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
        "LOAD /* hidden */ CSV FROM 'file:///etc/passwd' AS row RETURN row",
        "CALL dbms.listConfig() YIELD name, value RETURN name, value",
    ):
        r = client.post("/cypher", json={"query": refused}, headers=headers)
        assert r.status_code == 400, (refused, r.text)
        assert "root:" not in r.text
    assert snapshot(graph) == before


@pytest.mark.parametrize("payload", ["MATCH (n) DETACH DELETE n //", "'}) DETACH DELETE n //"])
def test_payloads_in_unauthorised_writes(
    client: TestClient, graph: GraphStore, payload: str
) -> None:
    before = snapshot(graph)
    r = client.post("/articles", json={"id": payload, "title": payload, "text": payload})
    assert r.status_code == 401
    r = client.post("/cypher", json={"query": payload}, headers={"X-API-Key": payload})
    assert r.status_code == 401
    assert snapshot(graph) == before
