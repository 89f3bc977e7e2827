"""The HTTP client of a real order system, against the demo back-end served as that API
(python -m litige.backoffice serve) and against systems that misbehave."""

import json
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from litige.backoffice import get_backoffice
from litige.backoffice.__main__ import serve
from litige.backoffice.demo import BackOfficeUnavailable, DemoBackOffice
from litige.backoffice.http import HttpBackOffice
from litige.config import ROOT, get_settings

SEED = ROOT / "catalogue" / "demo_backoffice.yml"


def running(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def demo_api(tmp_path):
    server = serve(DemoBackOffice(tmp_path / "bo.db", [SEED], date(2026, 11, 20)), 0)
    yield running(server)
    server.shutdown()
    server.server_close()


def test_the_same_facts_come_back_over_http(demo_api, tmp_path):
    client = HttpBackOffice(demo_api)
    local = DemoBackOffice(tmp_path / "bo.db", [SEED], date(2026, 11, 20))
    assert client.order("CMD-482913") == local.order("CMD-482913")
    assert client.account(email="marion.dubois@example.fr") == local.account(email="marion.dubois@example.fr")
    assert client.account(phone="+33698765432").id == "ABO-3002"


def test_unknown_is_none_over_http(demo_api):
    client = HttpBackOffice(demo_api)
    assert client.order("CMD-0000001") is None
    assert client.order("../../etc/passwd") is None
    assert client.account(email="personne@example.fr", phone="+33100000000") is None


def test_the_url_setting_chooses_the_http_client(demo_api, monkeypatch):
    monkeypatch.setenv("BACKOFFICE_URL", demo_api + "/")
    get_settings.cache_clear()
    client = get_backoffice()
    assert isinstance(client, HttpBackOffice)
    assert client.order("CMD-530771").status == "lost"


def test_a_url_that_is_not_http_is_refused_at_start(monkeypatch):
    from litige.config import ConfigError

    monkeypatch.setenv("BACKOFFICE_URL", "ftp://orders.example")
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match="BACKOFFICE_URL"):
        get_settings()


class Misbehaving(BaseHTTPRequestHandler):
    mode = "500"
    seen_headers: list = []

    def log_message(self, *args):
        return

    def do_GET(self):
        Misbehaving.seen_headers.append(dict(self.headers))
        if self.mode == "slow":
            time.sleep(2.5)
        if self.mode == "500":
            self.send_response(500)
            self.end_headers()
            return
        body = {"bad-json": b"{not json", "wrong-shape": json.dumps({"id": "CMD-1"}).encode()}.get(
            self.mode, b"{}"
        )
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except BrokenPipeError:
            pass


@pytest.mark.parametrize("mode", ["500", "bad-json", "wrong-shape", "slow"])
def test_a_system_that_fails_is_unavailable_never_a_crash(mode):
    handler = type("Handler", (Misbehaving,), {"mode": mode})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = running(server)
    try:
        with pytest.raises(BackOfficeUnavailable):
            HttpBackOffice(url, timeout=1).order("CMD-482913")
    finally:
        server.shutdown()
        server.server_close()


def test_a_system_that_is_down_is_unavailable():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Misbehaving)
    port = server.server_address[1]
    server.server_close()  # nothing listens there any more
    with pytest.raises(BackOfficeUnavailable):
        HttpBackOffice(f"http://127.0.0.1:{port}", timeout=1).account(email="a@example.fr")


def test_the_token_is_sent_as_a_bearer():
    handler = type("Handler", (Misbehaving,), {"mode": "500"})
    Misbehaving.seen_headers.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = running(server)
    try:
        with pytest.raises(BackOfficeUnavailable):
            HttpBackOffice(url, token="s3cret", timeout=1).order("CMD-482913")
    finally:
        server.shutdown()
        server.server_close()
    assert Misbehaving.seen_headers[-1]["Authorization"] == "Bearer s3cret"
