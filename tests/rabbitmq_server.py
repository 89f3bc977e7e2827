"""A throwaway RabbitMQ node for tests: free ports, temporary directory, bounded start and stop.

Usage::

    from tests.rabbitmq_server import rabbitmq_server, RabbitMQServer, requires_rabbitmq

    with rabbitmq_server() as url:        # "amqp://litige:<password>@127.0.0.1:PORT/"
        ...

    with RabbitMQServer() as server:      # when the test needs to stop or kill it
        server.url
        server.stop()                     # RabbitMQ unreachable until server.start()
        server.start()                    # same port, same data: durable queues and
                                          # persistent messages are still there
        server.ctl("list_queues", "name", "messages")   # rabbitmqctl against this node

    rabbitmq = rabbitmq_server_fixture()  # in a test module: a fixture yielding the server

Debian's ``rabbitmq-server`` is started directly from ``/usr/lib/rabbitmq/bin`` (the
``/usr/sbin`` wrapper switches to the ``rabbitmq`` user and the system directories), with
everything in the temporary directory: the node's data and logs, its configuration (AMQP on
127.0.0.1 only, a user of its own, no plugin) and ``HOME`` (the Erlang cookie that
``rabbitmqctl`` needs). Erlang nodes find each other through ``epmd``: each server runs its own
``epmd`` on a free port (``ERL_EPMD_PORT``), so the machine's port 4369 and the system service
are never used. The node is ready when its AMQP port answers the protocol header with
``Connection.Start``.

Tests that need it are marked ``@requires_rabbitmq``: they run whenever the binary exists
(``.ci/run`` installs Debian's ``rabbitmq-server``) and are skipped only when it does not.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional

import pytest

from tests.throwaway_server import ThrowawayServer, free_port, server_fixture

RABBITMQ_BIN = Path("/usr/lib/rabbitmq/bin")
EPMD_BINARY = "/usr/bin/epmd"
AVAILABLE = (RABBITMQ_BIN / "rabbitmq-server").exists() and os.path.exists(EPMD_BINARY)

requires_rabbitmq = pytest.mark.skipif(not AVAILABLE, reason="rabbitmq-server is not installed")

START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
CTL_TIMEOUT = 30.0
AMQP_HEADER = b"AMQP\x00\x00\x09\x01"


def answers_amqp(port: int) -> bool:
    """The port speaks AMQP 0-9-1: the protocol header is answered with a method frame."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(AMQP_HEADER)
            return sock.recv(1) == b"\x01"
    except OSError:
        return False


def _stop_group(process: Optional[subprocess.Popen], sig: int) -> None:
    """Signal the process group this module started (start_new_session) and wait for it."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


class RabbitMQServer(ThrowawayServer):
    """One RabbitMQ node on 127.0.0.1, with its own epmd, in its own temporary directory."""

    def __init__(self, port: Optional[int] = None) -> None:
        if not AVAILABLE:
            raise RuntimeError("rabbitmq-server is not installed")
        super().__init__("rabbitmq-test-")
        self.port = port or free_port()
        self.dist_port = free_port()
        self.epmd_port = free_port()
        self.user = "litige"
        self.password = secrets.token_urlsafe(12)
        self.node = f"litige-test-{self.port}@localhost"
        self.root = Path(self._directory.name)
        self._process: Optional[subprocess.Popen] = None
        self._epmd: Optional[subprocess.Popen] = None
        self._write_configuration()

    @property
    def url(self) -> str:
        return f"amqp://{self.user}:{self.password}@127.0.0.1:{self.port}/"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def log(self) -> str:
        parts = [path.read_text(errors="replace") for path in sorted((self.root / "log").glob("*.log"))]
        for name in ("stdout.log", "stderr.log"):
            path = self.root / name
            if path.exists():
                parts.append(path.read_text(errors="replace"))
        return "\n".join(parts)

    def _write_configuration(self) -> None:
        (self.root / "rabbitmq.conf").write_text(
            f"listeners.tcp.1 = 127.0.0.1:{self.port}\n"
            f"default_user = {self.user}\n"
            f"default_pass = {self.password}\n"
            "log.console = false\n"
            "log.file.level = info\n",
            encoding="utf-8",
        )
        (self.root / "enabled_plugins").write_text("[].\n", encoding="utf-8")

    def environment(self) -> Dict[str, str]:
        """The environment of this node's processes (rabbitmq-server, rabbitmqctl)."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("RABBITMQ_")}
        root = str(self.root)
        env.update(
            HOME=root,  # the Erlang cookie, shared by the node and rabbitmqctl
            ERL_EPMD_PORT=str(self.epmd_port),
            RABBITMQ_NODENAME=self.node,
            RABBITMQ_NODE_IP_ADDRESS="127.0.0.1",
            RABBITMQ_NODE_PORT=str(self.port),
            RABBITMQ_DIST_PORT=str(self.dist_port),
            RABBITMQ_CONFIG_FILE=f"{root}/rabbitmq.conf",
            RABBITMQ_ADVANCED_CONFIG_FILE=f"{root}/advanced.config",
            RABBITMQ_CONF_ENV_FILE=f"{root}/rabbitmq-env.conf",
            RABBITMQ_ENABLED_PLUGINS_FILE=f"{root}/enabled_plugins",
            RABBITMQ_PLUGINS_EXPAND_DIR=f"{root}/plugins-expand",
            RABBITMQ_FEATURE_FLAGS_FILE=f"{root}/feature_flags",
            RABBITMQ_MNESIA_BASE=f"{root}/mnesia",
            RABBITMQ_LOG_BASE=f"{root}/log",
            RABBITMQ_PID_FILE=f"{root}/rabbitmq.pid",
        )
        return env

    def _start_epmd(self) -> None:
        if self._epmd is not None and self._epmd.poll() is None:
            return
        self._epmd = subprocess.Popen(
            [EPMD_BINARY, "-port", str(self.epmd_port), "-address", "127.0.0.1"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def start(self) -> None:
        """Start the node (same port and data as before) and wait until AMQP answers."""
        if self.running:
            return
        self._start_epmd()
        with open(self.root / "stdout.log", "ab") as out, open(self.root / "stderr.log", "ab") as err:
            self._process = subprocess.Popen(
                [str(RABBITMQ_BIN / "rabbitmq-server")],
                cwd=self.root,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,  # its own process group: the script, beam, its helpers
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            if answers_amqp(self.port):
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"rabbitmq-server did not start on port {self.port}:\n{self.log[-3000:]}")

    def ctl(self, *args: str, timeout: float = CTL_TIMEOUT) -> str:
        """Run ``rabbitmqctl`` against this node; its standard output."""
        command: List[str] = [str(RABBITMQ_BIN / "rabbitmqctl"), "-n", self.node, "-q", *args]
        done = subprocess.run(
            command,
            env=self.environment(),
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        if done.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def queue_depths(self) -> Dict[str, int]:
        """Messages waiting in each queue of the default virtual host (ready and unacked)."""
        depths: Dict[str, int] = {}
        for line in self.ctl("list_queues", "name", "messages", "--no-table-headers").splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                depths[parts[0]] = int(parts[1])
        return depths

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the node (SIGTERM: a clean halt; ``signal.SIGKILL`` to simulate a crash)."""
        process, self._process = self._process, None
        _stop_group(process, sig)

    def close(self) -> None:
        self.stop()
        epmd, self._epmd = self._epmd, None
        _stop_group(epmd, signal.SIGTERM)
        self._directory.cleanup()


@contextmanager
def rabbitmq_server() -> Iterator[str]:
    """A running throwaway node; yields its URL ``amqp://litige:…@127.0.0.1:PORT/``."""
    with RabbitMQServer() as server:
        yield server.url


def rabbitmq_server_fixture(scope: str = "function") -> Callable:
    """A pytest fixture yielding a running ``RabbitMQServer`` (skipped when it is absent)."""
    return server_fixture(RabbitMQServer, AVAILABLE, "rabbitmq-server is not installed", scope)
