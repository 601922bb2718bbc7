"""Build, start, stop and inspect the project's own local Neo4j server.

The server is ``neo4j-local/`` (embedded Neo4j Community 5.26 + Neo4j Browser, see its
pom.xml and Neo4jLocal.java): Bolt on 127.0.0.1 without auth, Browser on
``http://127.0.0.1:<http_port>/browser/``. It runs detached; everything about one instance
lives in its data directory:

* ``<data_dir>/neo4j-local.log`` - launcher stdout/stderr (Neo4j's own logs: ``logs/``)
* ``<data_dir>/neo4j-local.pid`` - JSON: pid, ports and URLs, written once it is ready

Linux only (uses ``/proc`` to make sure a recorded pid is still our launcher).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["ServerInfo", "build", "start", "stop", "status"]

REPO_ROOT = Path(__file__).resolve().parents[1]
LAUNCHER_DIR = REPO_ROOT / "neo4j-local"
POM = LAUNCHER_DIR / "pom.xml"
TARGET_DIR = LAUNCHER_DIR / "target"
JAR = TARGET_DIR / "neo4j-local.jar"
LIB_DIR = TARGET_DIR / "lib"
MAIN_CLASS = "org.policykg.neo4jlocal.Neo4jLocal"

LOG_NAME = "neo4j-local.log"
PID_NAME = "neo4j-local.pid"
LOCK_NAME = "neo4j-local.lock"
HOST = "127.0.0.1"

# What Neo4j's own launcher passes on Java 17: without the --add-opens Neo4j cannot reach
# file descriptors for its native I/O hints and logs a warning per transaction log file.
JVM_OPTIONS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
]

_READY_RE = re.compile(r"^READY (bolt://\S+) browser (http://\S+)$", re.MULTILINE)

# Launchers started by this Python process. Holding the Popen objects lets _alive() reap
# them (no zombies while we live) and avoids "subprocess still running" ResourceWarnings.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class ServerInfo:
    """A running local server. ``browser_url`` is the plain Browser address."""

    pid: int
    bolt_uri: str
    browser_url: str
    bolt_port: int = 7687
    http_port: int = 7474

    @property
    def browser_connect_url(self) -> str:
        """Browser URL that pre-fills the Bolt URL *and* connects at once without auth.

        Discovery (``GET /``) already pre-fills the URL on the plain address, but Browser
        only auto-connects on its own when it has stored credentials, so a no-auth server
        needs ``preselectAuthMethod=NO_AUTH`` to skip the connect click.
        """
        return f"{self.browser_url}?preselectAuthMethod=NO_AUTH&dbms={self.bolt_uri}"


# ---------------------------------------------------------------------------- build


def _require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(
            f"'{name}' is not on PATH; the local Neo4j needs Java 17+ (java) and Maven (mvn)"
        )
    return path


def _manifest_libs(jar: Path) -> list[str] | None:
    """Dependency jar names from the jar's manifest Class-Path (None if unreadable)."""
    try:
        with zipfile.ZipFile(jar) as zf:
            text = zf.read("META-INF/MANIFEST.MF").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    # Manifest lines are wrapped at 72 bytes; continuation lines start with one space.
    unfolded = re.sub(r"\r?\n ", "", text)
    match = re.search(r"^Class-Path: (.*)$", unfolded, re.MULTILINE)
    if match is None:
        return None
    return [Path(entry).name for entry in match.group(1).split()]


def _needs_build() -> bool:
    if not JAR.is_file() or not LIB_DIR.is_dir():
        return True
    libs = _manifest_libs(JAR)
    if not libs or any(not (LIB_DIR / name).is_file() for name in libs):
        return True
    jar_mtime = JAR.stat().st_mtime
    sources = [POM, *(p for p in (LAUNCHER_DIR / "src").rglob("*") if p.is_file())]
    return any(p.stat().st_mtime > jar_mtime for p in sources)


def build(force: bool = False) -> Path:
    """Build the launcher with Maven if needed and return the jar path.

    Rebuilds when the jar or any dependency jar listed in its manifest is missing, or when
    pom.xml / anything under src/ is newer than the jar. The first build downloads about
    140 MB of dependencies from Maven Central into ~/.m2.
    """
    _require_tool("java")
    if not force and not _needs_build():
        return JAR
    mvn = _require_tool("mvn")
    TARGET_DIR.mkdir(parents=True, exist_ok=True)
    # Two processes starting the server at once must not run Maven over each other.
    with open(TARGET_DIR / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not force and not _needs_build():
            return JAR
        proc = subprocess.run(
            [mvn, "-q", "-B", "-f", str(POM), "package"],
            cwd=LAUNCHER_DIR,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        if proc.returncode != 0 or not JAR.is_file():
            tail = "\n".join(proc.stdout.splitlines()[-40:])
            raise RuntimeError(
                f"Maven build of {LAUNCHER_DIR} failed (exit {proc.returncode}):\n{tail}"
            )
        _prune_lib()
    return JAR


def _prune_lib() -> None:
    """Delete lib/ jars the manifest no longer lists (left by a dependency version bump).

    Pruning instead of wiping lib/ before each build keeps unchanged jars in place, so a
    rebuild never pulls files from under a launcher that is running from them.
    """
    wanted = _manifest_libs(JAR)
    if not wanted:
        return
    for path in LIB_DIR.glob("*.jar"):
        if path.name not in wanted:
            path.unlink()


# ---------------------------------------------------------------------------- process helpers


def _pid_file(data_dir: Path) -> Path:
    return data_dir / PID_NAME


def _is_launcher(pid: int, data_dir: Path) -> bool:
    """True if ``pid`` is a live (non-zombie) Neo4jLocal launcher serving ``data_dir``."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, IndexError):
        return False
    if state in ("Z", "X"):
        return False
    args = [a.decode("utf-8", "replace") for a in argv]
    if MAIN_CLASS not in args:
        return False
    try:
        return Path(args[args.index("--data") + 1]) == data_dir
    except (ValueError, IndexError):
        return False


def _alive(pid: int) -> bool:
    """Whether ``pid`` still exists; reaps it first if it is our own exited child."""
    child = _CHILDREN.get(pid)
    if child is not None:
        if child.poll() is None:
            return True
        del _CHILDREN[pid]
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """Serialise start/stop on one data dir across processes."""
    with open(data_dir / LOCK_NAME, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _read_pid_file(data_dir: Path) -> dict | None:
    try:
        return json.loads(_pid_file(data_dir).read_text())
    except (OSError, ValueError):
        return None


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def _bolt_handshake(port: int, timeout: float = 2.0) -> bool:
    """True if a Bolt server on 127.0.0.1:port agrees on a protocol version (5.x or 4.4)."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            s.sendall(
                b"\x60\x60\xb0\x17"
                + b"\x00\x08\x08\x05"  # 5.0 .. 5.8
                + b"\x00\x00\x04\x04"  # 4.4
                + b"\x00" * 8
            )
            reply = b""
            while len(reply) < 4:
                chunk = s.recv(4 - len(reply))
                if not chunk:
                    return False
                reply += chunk
            return reply != b"\x00\x00\x00\x00"
    except OSError:
        return False


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM, wait up to ``timeout`` s, then SIGKILL."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                return
            kill_deadline = time.monotonic() + 10
            while _alive(pid) and time.monotonic() < kill_deadline:
                time.sleep(0.1)
            return
        time.sleep(0.2)


# ---------------------------------------------------------------------------- public API


def status(data_dir: Path) -> ServerInfo | None:
    """The server recorded in ``data_dir``'s pid file if that process is still running."""
    data_dir = Path(data_dir).resolve()
    record = _read_pid_file(data_dir)
    if not record:
        return None
    try:
        info = ServerInfo(
            pid=int(record["pid"]),
            bolt_uri=str(record["bolt_uri"]),
            browser_url=str(record["browser_url"]),
            bolt_port=int(record["bolt_port"]),
            http_port=int(record["http_port"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
    return info if _is_launcher(info.pid, data_dir) else None


def start(
    data_dir: Path,
    port: int = 7687,
    http_port: int = 7474,
    timeout: float = 120,
    *,
    heap: str = "768m",
    page_cache: str = "256m",
) -> ServerInfo:
    """Start the local server for ``data_dir`` (building it first if needed).

    Idempotent: if the pid file names a live launcher for this data dir, that server is
    returned as is, even if it listens on other ports than asked for. ``timeout`` counts
    from process start to the READY line (the Maven build is not included).
    """
    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    with _locked(data_dir):
        return _start_locked(data_dir, port, http_port, timeout, heap, page_cache)


def _start_locked(
    data_dir: Path, port: int, http_port: int, timeout: float, heap: str, page_cache: str
) -> ServerInfo:
    running = status(data_dir)
    if running is not None:
        return running
    _pid_file(data_dir).unlink(missing_ok=True)  # stale

    jar = build()
    java = _require_tool("java")
    for p, what in ((port, "Bolt"), (http_port, "HTTP")):
        if not _port_free(p):
            raise RuntimeError(f"{what} port {HOST}:{p} is already in use")

    cmd = [
        java,
        "-Xms256m",
        f"-Xmx{heap}",
        *JVM_OPTIONS,
        "-cp",
        f"{jar}{os.pathsep}{LIB_DIR}{os.sep}*",
        MAIN_CLASS,
        "--data",
        str(data_dir),
        "--port",
        str(port),
        "--http-port",
        str(http_port),
        "--page-cache",
        page_cache,
    ]
    log_path = data_dir / LOG_NAME
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=data_dir,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # survives the caller and its terminal's Ctrl-C
        )
    _CHILDREN[proc.pid] = proc

    deadline = time.monotonic() + timeout
    match = None
    while match is None:
        if proc.poll() is not None:
            _CHILDREN.pop(proc.pid, None)
            raise RuntimeError(
                f"local Neo4j exited with code {proc.returncode} before it was ready; "
                f"log {log_path}:\n{_tail(log_path)}"
            )
        if time.monotonic() > deadline:
            _terminate(proc.pid, 30)
            raise TimeoutError(
                f"local Neo4j not ready after {timeout:.0f} s; log {log_path}:\n{_tail(log_path)}"
            )
        time.sleep(0.2)
        match = _READY_RE.search(log_path.read_text(errors="replace"))

    if not _bolt_handshake(port):
        _terminate(proc.pid, 30)
        raise RuntimeError(f"local Neo4j printed READY but Bolt on port {port} does not answer")
    info = ServerInfo(
        pid=proc.pid,
        bolt_uri=match.group(1),
        browser_url=match.group(2),
        bolt_port=port,
        http_port=http_port,
    )
    record = {**asdict(info), "data_dir": str(data_dir), "started_at": time.time()}
    tmp = _pid_file(data_dir).with_suffix(".pid.tmp")
    tmp.write_text(json.dumps(record, indent=2) + "\n")
    tmp.replace(_pid_file(data_dir))
    return info


def stop(data_dir: Path, timeout: float = 60) -> bool:
    """Stop the server recorded in ``data_dir``'s pid file; False if none was running.

    Only that pid is signalled, and only after /proc confirms it is a Neo4jLocal launcher
    for this data dir (so a recycled pid is never killed). SIGTERM lets Neo4j checkpoint and
    shut down cleanly (about 4 s); SIGKILL follows after ``timeout`` seconds.
    """
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        return False
    with _locked(data_dir):
        info = status(data_dir)
        if info is None:
            _pid_file(data_dir).unlink(missing_ok=True)
            return False
        _terminate(info.pid, timeout)
        _pid_file(data_dir).unlink(missing_ok=True)
        return True
