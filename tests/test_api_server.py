"""The API served by a real uvicorn on 127.0.0.1: over-long URLs, a cold start under load, and a
Neo4j that goes away and comes back."""
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.app import create_app
from api.server import config
from graph.stores.embedded import EmbeddedStore
from graph.stores.neo4j import Neo4jStore


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving an app on a free loopback port, configured as `policykg serve` does."""

    def __init__(self, app):
        self.port = _free_port()
        self.server = uvicorn.Server(config(app, "127.0.0.1", self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(15)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def raw_get(port: int, target: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data


def test_a_1mb_url_gets_414_not_a_reset(seeded_store):
    with LiveServer(create_app(lambda: seeded_store)) as live:
        reply = raw_get(live.port, b"/documents?q=" + b"a" * (1024 * 1024))
        assert reply.startswith(b"HTTP/1.1 414"), reply[:200]
        assert b"the limit is 8192" in reply
        assert raw_get(live.port, b"/documents?limit=1&q=" + b"%E6%BB%A8" * 2000).startswith(b"HTTP/1.1 414")
        # under the limit the app itself answers (here: the fragment is over 200 characters)
        assert raw_get(live.port, b"/documents?limit=1&q=" + b"x" * 4000).startswith(b"HTTP/1.1 422")


class CountingStore(EmbeddedStore):
    """The embedded store, counting how often it is opened."""

    loads = 0

    def __init__(self, directory):
        type(self).loads += 1
        time.sleep(0.2)  # a slower open: the window in which racing requests would each open it
        super().__init__(directory)


def test_fifty_requests_to_a_cold_server_load_the_store_once(seeded_store):
    opened = []

    def factory():
        opened.append(time.monotonic())
        return CountingStore(seeded_store.directory)

    CountingStore.loads = 0
    with LiveServer(create_app(factory)) as live, httpx.Client(base_url=live.url, timeout=60) as http:
        with ThreadPoolExecutor(max_workers=50) as pool:
            statuses = list(pool.map(lambda i: http.get("/regions/330108").status_code, range(50)))
    assert statuses == [200] * 50
    assert len(opened) == 1 and CountingStore.loads == 1


class TcpProxy:
    """A loopback TCP relay to a real server, to cut the connection and restore it."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port = _free_port()
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def start(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen()
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self) -> None:
        for s in [self.listener, *self.sockets]:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.close()
                except OSError:
                    pass


@pytest.mark.neo4j
def test_neo4j_down_is_503_and_the_api_recovers_by_itself(neo4j_seeded, neo4j_uri):
    proxy = TcpProxy(urlparse(neo4j_uri).port)
    proxy.start()
    store = Neo4jStore(f"bolt://127.0.0.1:{proxy.port}")
    try:
        with TestClient(create_app(lambda: store)) as client:
            assert client.get("/regions/330108").status_code == 200
            proxy.stop()
            for path in ["/regions/330108", "/documents", "/initiatives/双减/adopters"]:
                start = time.monotonic()
                r = client.get(path)
                assert r.status_code == 503, r.text
                assert time.monotonic() - start < 10, "a client waits for the 503"
                assert "cannot be reached" in r.json()["detail"] and r.headers["retry-after"]
            proxy.start()
            r = client.get("/regions/330108")
            assert r.status_code == 200, r.text
            assert r.json()["region"]["name"] == "滨江区"
    finally:
        proxy.stop()
        store.close()
