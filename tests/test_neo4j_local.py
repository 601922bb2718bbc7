"""End-to-end test of the project's local Neo4j (graph/neo4j_local.py + neo4j-local/).

Builds the launcher with Maven if needed (needs java + mvn; fails loudly without them),
starts it on free ports in a temporary directory, talks Bolt and HTTP to it, restarts it to
check persistence, and stops it.
"""
from __future__ import annotations

import json
import os
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph import neo4j_local

pytestmark = pytest.mark.neo4j


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: D102 - keep 3xx as the response
        return None


def get(url: str, accept: str | None = None, follow: bool = True):
    """(status, headers, body) of a GET, without raising on 3xx/4xx."""
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def process_gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def test_start_query_browser_stop(tmp_path: Path) -> None:
    data_dir = tmp_path / "neo4j"
    port, http_port = free_port(), free_port()
    while http_port == port:
        http_port = free_port()

    info = neo4j_local.start(data_dir, port=port, http_port=http_port, timeout=180)
    try:
        assert info.bolt_uri == f"bolt://127.0.0.1:{port}"
        assert info.browser_url == f"http://127.0.0.1:{http_port}/browser/"
        assert neo4j_local.status(data_dir) == info
        assert neo4j_local.start(data_dir, port=port, http_port=http_port) == info  # idempotent
        record = json.loads((data_dir / "neo4j-local.pid").read_text())
        assert record["pid"] == info.pid and record["bolt_port"] == port
        assert "Neo4jLocal" in Path(f"/proc/{info.pid}/cmdline").read_bytes().decode()

        # Bolt, without auth, both direct and routing schemes.
        for uri in (info.bolt_uri, f"neo4j://127.0.0.1:{port}"):
            with GraphDatabase.driver(uri, auth=None) as driver:
                records, _, _ = driver.execute_query("RETURN 1 AS one")
                assert records[0]["one"] == 1
        with GraphDatabase.driver(info.bolt_uri, auth=None) as driver:
            driver.execute_query("CREATE (:Neo4jLocalTest {name: 'persisted'})")

        # Neo4j Browser's index.html and a bundle with the right content types.
        status, headers, body = get(info.browser_url)
        assert status == 200
        assert headers["Content-Type"].startswith("text/html")
        page = body.decode("utf-8")
        assert "<title>Neo4j Browser</title>" in page
        bundle = next(part.split('"')[0] for part in page.split('src="')[1:] if part.startswith("app-"))
        status, headers, body = get(info.browser_url + bundle)
        assert status == 200 and len(body) > 100_000
        assert headers["Content-Type"].startswith("text/javascript")

        # /browser redirects to /browser/; unknown and escaping paths are 404.
        status, headers, _ = get(f"http://127.0.0.1:{http_port}/browser", follow=False)
        assert status in (301, 302) and headers["Location"] == "/browser/"
        assert get(f"http://127.0.0.1:{http_port}/browser/no-such-file.js")[0] == 404
        assert get(f"http://127.0.0.1:{http_port}/browser/%2e%2e/pom.xml")[0] == 404

        # Discovery document at / (what Browser fetches from its host to find Bolt).
        for accept in ("application/json", None):
            status, headers, body = get(f"http://127.0.0.1:{http_port}/", accept=accept)
            assert status == 200 and headers["Content-Type"].startswith("application/json")
            discovery = json.loads(body)
            assert discovery["bolt_direct"] == info.bolt_uri
            assert discovery["bolt_routing"] == f"neo4j://127.0.0.1:{port}"
            assert discovery["neo4j_version"].startswith("5.26.")
        # A person opening / in a web browser lands on a Browser that connects by itself.
        status, headers, _ = get(
            f"http://127.0.0.1:{http_port}/", accept="text/html,*/*;q=0.8", follow=False
        )
        assert status == 302
        assert headers["Location"] == info.browser_connect_url.removeprefix(
            f"http://127.0.0.1:{http_port}"
        )
    finally:
        stopped = neo4j_local.stop(data_dir)
    assert stopped
    assert process_gone(info.pid)
    assert not (data_dir / "neo4j-local.pid").exists()
    assert neo4j_local.status(data_dir) is None
    assert neo4j_local.stop(data_dir) is False

    # Same data dir again: the node written before the restart is still there.
    info2 = neo4j_local.start(data_dir, port=port, http_port=http_port, timeout=180)
    try:
        assert info2.pid != info.pid
        with GraphDatabase.driver(info2.bolt_uri, auth=None) as driver:
            records, _, _ = driver.execute_query("MATCH (n:Neo4jLocalTest) RETURN n.name AS name")
            assert [r["name"] for r in records] == ["persisted"]
    finally:
        assert neo4j_local.stop(data_dir)
    assert process_gone(info2.pid)


def test_stop_without_server(tmp_path: Path) -> None:
    assert neo4j_local.stop(tmp_path / "never-started") is False
    assert neo4j_local.status(tmp_path) is None


def test_stale_pid_file_is_not_trusted(tmp_path: Path) -> None:
    """A pid file naming a process that is not our launcher is ignored, never signalled."""
    (tmp_path / "neo4j-local.pid").write_text(
        json.dumps(
            {
                "pid": os.getpid(),
                "bolt_uri": "bolt://127.0.0.1:1",
                "browser_url": "http://127.0.0.1:2/browser/",
                "bolt_port": 1,
                "http_port": 2,
            }
        )
    )
    assert neo4j_local.status(tmp_path) is None
    assert neo4j_local.stop(tmp_path) is False  # and this test process is still alive
    assert not (tmp_path / "neo4j-local.pid").exists()


def test_build_is_up_to_date() -> None:
    jar = neo4j_local.build()
    assert jar == neo4j_local.JAR and jar.is_file()
    assert not neo4j_local._needs_build()
