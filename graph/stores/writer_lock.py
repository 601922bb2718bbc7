"""One writer per store folder: an advisory lock on a file that names its holder.

The lock is an `flock` on `writer.lock`, so the kernel drops it when the holder dies (even by
`kill -9`) and no stale lock is ever left; the file's text tells a waiting writer who holds it.
"""
from __future__ import annotations

import fcntl
import os
import socket
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from graph.store import StoreUnavailable

LOCK_FILE = "writer.lock"
DEFAULT_TIMEOUT_S = 120.0
POLL_S = 0.05


def lock_timeout() -> float:
    """Seconds a second writer waits ($POLICYKG_LOCK_TIMEOUT, default 120)."""
    return float(os.environ.get("POLICYKG_LOCK_TIMEOUT", DEFAULT_TIMEOUT_S))


class WriterLock:
    def __init__(self, directory: Path):
        self.path = Path(directory) / LOCK_FILE
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, timeout: float | None = None) -> None:
        if self._fd is not None:
            return
        timeout = lock_timeout() if timeout is None else timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = self.holder() or "an unknown process"
                    os.close(fd)
                    raise StoreUnavailable(
                        f"{self.path.parent}: another writer holds the store ({holder}); "
                        f"waited {timeout:g} s (set POLICYKG_LOCK_TIMEOUT to wait longer)"
                    ) from None
                time.sleep(POLL_S)
        since = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()}, since {since}: {' '.join(sys.argv)}\n".encode(), 0)
        self._fd = fd

    def holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return ""

    def release(self) -> None:
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None
