"""The production topology of tools/prod.py started for a test module: two Rasa instances on a
PostgreSQL tracker store and a Redis lock store (a private redis-server), the action server, nginx.

Shared by tests/e2e/test_prod.py and tests/e2e/test_reliability.py, with what they read back:
the conversation as stored in PostgreSQL's ``events`` table, and ways to break the topology
(kill a service, restart one or all, put a fault-injecting relay before the action server).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import pytest
import requests
import sqlalchemy as sa

from tests.e2e.conftest import BACKOFFICE_SEEDS
from tests.postgres import POSTGRES
from tests.redis_server import REDIS_SERVER_BINARY, RedisServer
from tools.prod import ProdConfig, build_prod_services, write_nginx_config
from tools.stack import ROOT, Service, Stack, free_port

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
SHOP = "https://boutique.example"  # the site embedding the widget

# five messages of one conversation sent at the same time (a customer typing fast)
BURST = [
    "Ma commande n'est toujours pas arrivée.",
    "Le colis est en retard depuis dix jours.",
    "Je suis vraiment très mécontent.",
    "Pouvez-vous m'aider ?",
    "Je veux être remboursé.",
]


def require_prod_tools(test_postgres: bool = True) -> None:
    if test_postgres and not POSTGRES:
        pytest.skip("TEST_POSTGRES_URL is not set (make test sets it in CI)")
    if REDIS_SERVER_BINARY is None or NGINX is None:
        pytest.skip("redis-server or nginx is not installed")


def existing_model(request: pytest.FixtureRequest) -> Path:
    """models/current.tar.gz when it is there (never retrained for these tests), else the
    session's ``trained_model`` fixture (``make train``)."""
    model = ROOT / "models" / "current.tar.gz"
    return model if model.exists() else request.getfixturevalue("trained_model")


@dataclass
class Topology:
    prod: ProdConfig
    stack: Stack
    database: str
    redis: RedisServer

    @property
    def redis_url(self) -> str:
        return self.redis.url

    def service(self, name: str) -> Service:
        [service] = [s for s in self.stack.services if s.name == name]
        return service

    def kill(self, name: str) -> None:
        """``kill -9`` of a service's whole process group."""
        service = self.service(name)
        os.killpg(service.process.pid, signal.SIGKILL)
        service.process.wait(timeout=10)

    def start(self, name: str, timeout: float = 300) -> None:
        """Start again a service that was killed, and wait until it is ready."""
        one = Stack([self.service(name)])
        one.start()
        one.wait_ready(timeout=timeout)

    def restart_all(self, timeout: float = 300) -> None:
        """Stop every service and Redis (its keys are lost), then start them all again."""
        self.stack.stop()
        self.redis.restart()
        self.stack.start()
        self.stack.wait_ready(timeout=timeout)


@contextmanager
def running_topology(
    trained_model: Path,
    work: Path,
    database: str,
    extra_env: Optional[Dict[str, str]] = None,
    action_port: Optional[int] = None,
) -> Iterator[Topology]:
    """The topology on free ports, its files in ``work``, its tracker store and tickets in
    ``database``; ``extra_env`` is given to every service (it may point Rasa elsewhere);
    ``action_port``: the action server's port, chosen beforehand (a relay may stand before it)."""
    with RedisServer() as redis_server:
        prod = ProdConfig(
            public_port=free_port(),
            api_port=free_port(),
            rasa_ports=(free_port(), free_port()),
            action_port=action_port or free_port(),
            console_port=None,
            web_port=None,
            with_scheduler=False,
            redis_url=redis_server.url,
            database_url=database,
            prod_dir=work,
            model=trained_model,
            python=sys.executable,
            rasa_token=secrets.token_urlsafe(24),
            extra_env={
                "APP_TODAY": os.environ.get("E2E_TODAY", "2026-11-20"),
                "APP_NOW": os.environ.get("E2E_NOW", "2026-11-20T10:00:00+01:00"),
                "TICKET_SPOOL_PATH": str(work / "ticket_spool.jsonl"),
                "BACKOFFICE_DEMO_DB": str(work / "backoffice.db"),
                "BACKOFFICE_DEMO_SEEDS": ",".join(str(p) for p in BACKOFFICE_SEEDS),
                "WEB_ALLOWED_ORIGINS": SHOP,
                **(extra_env or {}),
            },
        )
        write_nginx_config(prod)
        stack = Stack(build_prod_services(prod))
        stack.start()
        try:
            stack.wait_ready(timeout=300)
            yield Topology(prod, stack, database, redis_server)
        finally:
            stack.stop()


def post(
    base_url: str, sender: str, text: str, timeout: float = 120, message_id: Optional[str] = None
) -> Tuple[int, List[str]]:
    """One message to the REST webhook: the HTTP status and the texts answered (0: no answer).
    A client that sends a message again gives it the same ``message_id`` each time."""
    body = {"sender": sender, "message": text}
    if message_id is not None:
        body["message_id"] = message_id
    try:
        response = requests.post(f"{base_url}/webhooks/rest/webhook", json=body, timeout=timeout)
    except requests.RequestException:
        return 0, []
    try:
        body = response.json()
    except ValueError:
        return response.status_code, []
    texts = [m.get("text", "") for m in body] if isinstance(body, list) else []
    return response.status_code, texts


def say(base_url: str, sender: str, text: str) -> List[str]:
    status, replies = post(base_url, sender, text)
    assert status == 200, (status, replies)
    assert replies, f"no answer to {text!r}"
    return replies


def query_rows(database: str, query: str, **parameters) -> List[sa.Row]:
    engine = sa.create_engine(database)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(query), parameters).all()
    finally:
        engine.dispose()


def stored_turns(database: str, sender: str) -> List[Tuple[str, List[str]]]:
    """The conversation as stored in PostgreSQL: each user message with the bot texts after it."""
    rows = query_rows(
        database,
        "SELECT type_name, data FROM events WHERE sender_id = :sender "
        "AND type_name IN ('user', 'bot') ORDER BY id",
        sender=sender,
    )
    turns: List[Tuple[str, List[str]]] = []
    for type_name, data in rows:
        text = json.loads(data).get("text") or ""
        if type_name == "user":
            turns.append((text, []))
        else:
            assert turns, f"a bot message before any user message: {text!r}"
            turns[-1][1].append(text)
    return turns


def sessions_started(database: str, sender: str) -> int:
    """How many times the conversation was started: more than once would be a silent reset."""
    [(count,)] = query_rows(
        database,
        "SELECT count(*) FROM events WHERE sender_id = :sender AND type_name = 'session_started'",
        sender=sender,
    )
    return count


def stored_slots(database: str, sender: str) -> Dict[str, object]:
    """The slots as the stored events left them (the last value set wins)."""
    rows = query_rows(
        database,
        "SELECT data FROM events WHERE sender_id = :sender AND type_name = 'slot' ORDER BY id",
        sender=sender,
    )
    slots: Dict[str, object] = {}
    for (data,) in rows:
        event = json.loads(data)
        slots[event["name"]] = event.get("value")
    return slots


def new_sender(prefix: str = "prod") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


class _RelayServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # Rasa opens many connections at once under load


class ActionRelay:
    """An HTTP relay between the Rasa instances and the action server that a test turns faulty:
    ``pass`` forwards, ``error`` answers 500 without calling the action server, ``slow``
    forwards (the action does its work) and answers only ``delay`` seconds later."""

    def __init__(self, target: str, delay: float = 0.0) -> None:
        self.target = target.rstrip("/")
        self.mode = "pass"
        self.delay = delay
        self.calls: List[Tuple[str, str]] = []  # (mode, action name)
        relay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # no request log on the test's output
                pass

            def do_GET(self) -> None:
                self._forward(None)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self._forward(self.rfile.read(length))

            def _forward(self, body: Optional[bytes]) -> None:
                mode = relay.mode
                if body is not None:
                    try:
                        action = json.loads(body).get("next_action", "?")
                    except ValueError:
                        action = "?"
                    relay.calls.append((mode, action))
                if body is not None and mode == "error":
                    self._answer(500, b'{"error": "panne simulee"}', "application/json")
                    return
                headers = {  # every header (the action server's token too), but the hop's own
                    name: value
                    for name, value in self.headers.items()
                    if name.lower() not in ("host", "connection", "content-length", "transfer-encoding")
                }
                request = urllib.request.Request(
                    relay.target + self.path, data=body, headers=headers, method=self.command
                )
                try:
                    with urllib.request.urlopen(request, timeout=120) as answer:
                        status, payload = answer.status, answer.read()
                        kind = answer.headers.get("Content-Type", "application/json")
                except urllib.error.HTTPError as error:
                    status, payload, kind = error.code, error.read(), "application/json"
                except OSError:
                    status, payload, kind = 502, b"{}", "application/json"
                if body is not None and mode == "slow":
                    time.sleep(relay.delay)
                try:
                    self._answer(status, payload, kind)
                except OSError:  # Rasa gave up and closed the connection
                    pass

            def _answer(self, status: int, payload: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.port = free_port()
        self._server = _RelayServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ActionRelay:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()


PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own (initdb in a temporary directory, a free port),
    that the test may really stop and start; run as the ``postgres`` user when the test is root."""

    def __init__(self) -> None:
        if PG_BIN is None:
            pytest.skip("PostgreSQL's server binaries are not installed (/usr/lib/postgresql/*/bin)")
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="pg-reliability-"))
        self.data = self.directory / "data"
        self.as_owner: List[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]

    @property
    def url(self) -> str:
        return f"postgresql://litige:litige@127.0.0.1:{self.port}/litige"

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_owner, *command], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.directory / "postgres.log"),
            "-w", "-t", "60", "-o", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1",
            "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60", "-m", "fast", "stop")

    def __enter__(self) -> PrivatePostgres:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()
        psql = [str(PG_BIN / "psql"), "-h", str(self.directory), "-p", str(self.port), "-U", "postgres", "-c"]
        self._run(*psql, "CREATE ROLE litige LOGIN PASSWORD 'litige'")
        self._run(*psql, "CREATE DATABASE litige OWNER litige")
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self.stop()
        except subprocess.SubprocessError:
            pass
        shutil.rmtree(self.directory, ignore_errors=True)
