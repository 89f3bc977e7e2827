"""A running console (its own process, as `make run` starts it) in front of a local stand-in
for Rasa's HTTP API that keeps each conversation's events, and two advisor accounts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import requests

from console.accounts import Accounts
from litige.tickets.store import TicketStore
from tools.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "rasa-token-for-the-console-tests"
PASSWORD = "mot-de-passe-solide"


class FakeRasa(ThreadingHTTPServer):
    """Rasa's tracker API: GET tracker, POST tracker/events, POST execute (recorded); refuses
    calls without the token, like `rasa run --auth-token`."""

    daemon_threads = True

    def __init__(self):
        self.events = {}
        self.calls = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def calls_for(self, conversation_id, kind=None):
        with self.lock:
            return [c for c in self.calls if c[0] == conversation_id and (kind is None or c[1] == kind)]


class _Handler(BaseHTTPRequestHandler):
    def _route(self):
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        segments = parts.path.split("/")
        if len(segments) < 4 or segments[1] != "conversations":
            return None, None, query
        return unquote(segments[2]), "/".join(segments[3:]), query

    def _answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        conversation, path, query = self._route()
        if query.get("token") != [TOKEN]:
            return self._answer(401, {"message": "no token"})
        with self.server.lock:
            events = list(self.server.events.get(conversation, []))
        slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
        self._answer(200, {"sender_id": conversation, "events": events, "slots": slots})

    def do_POST(self):  # noqa: N802
        conversation, path, query = self._route()
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"null")
        if query.get("token") != [TOKEN]:
            return self._answer(401, {"message": "no token"})
        with self.server.lock:
            self.server.calls.append((conversation, path, body, query))
            if path == "tracker/events":
                self.server.events.setdefault(conversation, []).extend(body)
        self._answer(200, {"sender_id": conversation})

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def fake_rasa():
    server = FakeRasa()
    yield server
    server.shutdown()


@pytest.fixture(scope="session")
def console_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('console') / 'tickets.db'}"
    store = TicketStore(url)
    store.migrate()
    accounts = Accounts(store)
    accounts.create("julie", "Julie", PASSWORD)
    accounts.create("marc", "Marc", PASSWORD)
    accounts.create("tina", "Tina", PASSWORD, role="trainer")
    return url


@contextmanager
def running_console(fake_rasa, db: str, log: Path, **env: str) -> Iterator[str]:
    """A console process on a free port (its URL), over the ticket database ``db``, talking to
    the stand-in for Rasa; ``env`` adds or overrides environment variables."""
    url = f"http://127.0.0.1:{free_port()}"
    environment = {
        **os.environ,
        "TICKET_DB_URL": db,
        "RASA_URL": fake_rasa.url,
        "RASA_API_TOKEN": TOKEN,
        "CONSOLE_URL": url,
        "MAIL_URL": "",
        "MAIL_OUTBOX_DIR": str(log.parent / "outbox"),
        **env,
    }
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "console", "serve"],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/connexion", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the console did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def console(fake_rasa, console_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("console-log") / "console.log"
    with running_console(fake_rasa, console_db, log) as url:
        yield type("Console", (), {"url": url, "log": log, "db": console_db})


def sign_in(console, login="julie", password=PASSWORD, landing="/"):
    """A browser-like session signed in to the console; returns (session, csrf token read on
    the ``landing`` page)."""
    import re

    session = requests.Session()
    form = session.get(f"{console.url}/connexion", timeout=5)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    answer = session.post(
        f"{console.url}/connexion",
        data={"login": login, "password": password, "csrf": csrf},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 303, answer.text
    page = session.get(f"{console.url}{landing}", timeout=15)
    found = re.search(r'<meta name="csrf" content="([^"]+)">', page.text)
    return session, found.group(1) if found else None
