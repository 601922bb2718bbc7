"""POST /cypher on a real Neo4j: reads run; writes, schema and admin statements, file access and
runaway queries are refused or cut off by the database's own verdict."""
import time

import pytest
from fastapi.testclient import TestClient

from api.app import create_app

pytestmark = pytest.mark.neo4j


@pytest.fixture()
def client(neo4j_seeded):
    with TestClient(create_app(lambda: neo4j_seeded, cypher_enabled=True)) as c:
        yield c


def test_read_query_with_parameters(client):
    r = client.post("/cypher", json={"query": "MATCH (r:Region {adcode: $code}) RETURN r.name AS name, r", "params": {"code": "330108"}})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["columns"] == ["name", "r"] and body["truncated"] is False
    assert body["rows"] == [{"name": "滨江区", "r": {"id": "region:330108", "name": "滨江区", "adcode": "330108", "level": "county"}}]


def test_row_cap(client):
    body = client.post("/cypher", json={"query": "UNWIND range(1, 5000) AS x RETURN x"}).json()
    assert body["truncated"] is True and len(body["rows"]) == 1000 and body["rows"][-1] == {"x": 1000}


@pytest.mark.parametrize("query", [
    "CREATE (n:Document {id: 'x'}) RETURN n",
    "MERGE (n:Region {id: 'region:999999'}) RETURN n",
    "MATCH (n:Region {adcode: '330108'}) DETACH DELETE n",
    "MATCH (n:Region {adcode: '330108'}) SET n.name = 'x'",
    "MATCH (n:Region {adcode: '330108'}) REMOVE n.name",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD CSV FROM 'http://127.0.0.1:1/x.csv' AS line RETURN count(line)",
    "CALL dbms.components()",
    "CALL dbms.listConfig()",
    "CALL db.createLabel('Intruder')",
    "CREATE INDEX intruder IF NOT EXISTS FOR (n:Region) ON (n.name)",
    "SHOW USERS",
    "SHOW TRANSACTIONS",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "MATCH (n:Region) CALL (n) { SET n.touched = true } IN TRANSACTIONS RETURN count(*)",
])
def test_writes_and_admin_are_refused(client, neo4j_seeded, query):
    before = neo4j_seeded.counts()
    r = client.post("/cypher", json={"query": query})
    assert r.status_code in (400, 403), r.text
    assert r.json()["detail"]
    assert neo4j_seeded.counts() == before
    assert neo4j_seeded.cypher("MATCH (r:Region {adcode: '330108'}) RETURN r.name AS name, r.touched AS t", {}) == [{"name": "滨江区", "t": None}]


def test_a_query_that_would_run_forever_is_cut_off(client):
    start = time.monotonic()
    r = client.post("/cypher", json={"query": "UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 RETURN count(x)"})
    assert r.status_code == 408, r.text
    assert "stopped after" in r.json()["detail"]
    assert time.monotonic() - start < 30


def test_invalid_cypher_is_400(client):
    for query in ["MATCH (n) RETURN m", "RETURN 1; RETURN 2", "RETURN $missing"]:
        r = client.post("/cypher", json={"query": query})
        assert r.status_code == 400, (query, r.text)


def test_off_unless_configured(neo4j_seeded, seeded_store, monkeypatch):
    monkeypatch.delenv("POLICYKG_CYPHER", raising=False)
    with TestClient(create_app(lambda: neo4j_seeded)) as c:
        r = c.post("/cypher", json={"query": "RETURN 1 AS one"})
        assert r.status_code == 403 and "POLICYKG_CYPHER" in r.json()["detail"]
    monkeypatch.setenv("POLICYKG_CYPHER", "1")
    with TestClient(create_app(lambda: neo4j_seeded)) as c:
        assert c.post("/cypher", json={"query": "RETURN 1 AS one"}).json()["rows"] == [{"one": 1}]
    with TestClient(create_app(lambda: seeded_store)) as c:
        r = c.post("/cypher", json={"query": "RETURN 1 AS one"})
        assert r.status_code == 400 and "Neo4j" in r.json()["detail"]
