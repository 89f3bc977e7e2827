"""A throwaway redis-server for tests: free port, temporary directory, bounded start and stop.

Usage::

    from tests.redis_server import redis_server, RedisServer, requires_redis

    with redis_server() as url:          # "redis://127.0.0.1:PORT/0"
        ...

    with RedisServer() as server:        # when the test needs to restart or kill it
        server.url
        server.restart()                 # same port, empty data (no persistence)
        server.stop()                    # Redis unreachable until server.start()

    redis_url = redis_url_fixture()      # in a test module: a fixture yielding the URL
    redis = redis_server_fixture()       # a fixture yielding the RedisServer

Tests that need it are marked ``@requires_redis``: they run whenever the binary exists
(``/usr/bin/redis-server`` in CI) and are skipped only when it does not.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

import pytest

from tests.throwaway_server import ThrowawayServer, free_port, server_fixture

REDIS_SERVER_BINARY: Optional[str] = shutil.which("redis-server") or (
    "/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None
)

requires_redis = pytest.mark.skipif(REDIS_SERVER_BINARY is None, reason="redis-server is not installed")

START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer(ThrowawayServer):
    """One redis-server process on 127.0.0.1, without persistence, in its own temporary directory.
    ``restart()`` loses every key (no persistence)."""

    def __init__(self, port: Optional[int] = None) -> None:
        if REDIS_SERVER_BINARY is None:
            raise RuntimeError("redis-server is not installed")
        super().__init__("redis-test-")
        self.port = port or free_port()
        self._process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def log(self) -> str:
        path = Path(self._directory.name) / "redis.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self) -> None:
        """Start the server (on the same port as before) and wait until it answers PING."""
        if self.running:
            return
        command = [
            REDIS_SERVER_BINARY,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", self._directory.name,
            "--logfile", "redis.log",
            "--daemonize", "no",
        ]  # fmt: skip
        self._process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            if _answers_ping(self.port):
                return
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"redis-server did not start on port {self.port}:\n{self.log[-2000:]}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server (SIGTERM by default, ``signal.SIGKILL`` to simulate a crash)."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(sig)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)


@contextmanager
def redis_server() -> Iterator[str]:
    """A running throwaway server; yields its URL ``redis://127.0.0.1:PORT/0``."""
    with RedisServer() as server:
        yield server.url


def redis_server_fixture(scope: str = "function") -> Callable:
    """A pytest fixture yielding a running ``RedisServer`` (skipped when redis-server is absent)."""
    return server_fixture(
        RedisServer, REDIS_SERVER_BINARY is not None, "redis-server is not installed", scope
    )


def redis_url_fixture(scope: str = "function") -> Callable:
    """A pytest fixture yielding the URL of a running throwaway server."""

    @pytest.fixture(scope=scope)
    def _fixture() -> Iterator[str]:
        if REDIS_SERVER_BINARY is None:
            pytest.skip("redis-server is not installed")
        with redis_server() as url:
            yield url

    return _fixture
