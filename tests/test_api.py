"""The HTTP API, through its HTTP interface."""
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from queries import registry


@pytest.fixture(scope="module")
def client(seeded_store):
    with TestClient(create_app(lambda: seeded_store)) as c:
        yield c


def test_health_and_docs(client):
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    assert "/queries/{name}" in spec["paths"]


def test_query_over_http_matches_the_registry(client, seeded_store):
    r = client.get("/queries/citing-regions", params={"doc": "浙政教督办[2022]5号"})
    assert r.status_code == 200
    body = r.json()
    assert [row["region"] for row in body["rows"]] == ["越城区"]
    assert body["rows"] == registry.run(seeded_store, "citing-regions", {"doc": "浙政教督办[2022]5号"})


def test_every_named_query_answers(client):
    args = {
        "citing-regions": {"doc": "杭政教督办〔2022〕5号"},
        "adopters": {"initiative": "嵌入式幼儿园"},
        "lineage": {"doc": "津教督导室〔2021〕40号"},
        "region": {"region": "滨江区"},
        "indicator": {"indicator": "毛入园率"},
        "most-cited": {"top": "3"},
        "cited-by-provinces": {"min_provinces": "1"},
        "initiative-spread": {"initiatives": "双减"},
        "citation-path": {"from": "东丽区人民政府2020年履行教育职责情况自评报告", "to": "教育部、国家语委关于进一步加强学校语言文字工作的意见"},
        "citation-centrality": {"top": "5"},
        "initiative-diffusion": {"initiative": "嵌入式幼儿园"},
    }
    listed = {q["name"] for q in client.get("/queries").json()}
    assert set(args) <= listed
    for name, params in args.items():
        r = client.get(f"/queries/{name}", params=params)
        assert r.status_code == 200, (name, r.text)
        assert r.json()["rows"], name


def test_errors_are_4xx_with_a_message(client):
    # bad arguments are 422, as on every other route
    r = client.get("/queries/no-such-query")
    assert r.status_code == 404 and "unknown query" in r.json()["detail"]
    r = client.get("/queries/citing-regions")
    assert r.status_code == 422 and "missing required argument 'doc'" in r.json()["detail"][0]["msg"]
    r = client.get("/queries/lineage", params={"doc": "x", "direction": "sideways"})
    assert r.status_code == 422
    r = client.get("/queries/citing-regions", params={"doc": "x", "extra": "1"})
    assert r.status_code == 422 and "unknown argument" in r.json()["detail"][0]["msg"]
