"""Follow-ups on the promised date: stored in the database, fired after a restart, once."""

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from litige.tickets.spool import Spool
from litige.tickets.store import MAX_FOLLOW_UP_ATTEMPTS as MAX_ATTEMPTS
from litige.tickets.store import TicketStore
from scheduler.follow_ups import FollowUpScheduler, RasaClient, RasaUnavailable
from tests.litige.tickets.test_store import agreed, record


class FakeRasa(HTTPServer):
    """A local stand-in for Rasa's HTTP API that records what it receives."""

    def __init__(self, status=200):
        self.requests = []
        self.status = status
        super().__init__(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def close(self):
        self.shutdown()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((self.path, body))
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def rasa():
    server = FakeRasa()
    yield server
    server.close()


class Today:
    def __init__(self, day):
        self.day = day

    def __call__(self):
        return self.day


def test_the_client_calls_rasas_execute_endpoint(rasa):
    RasaClient(rasa.url, token="s3cret").execute("conv 1/é", "action_follow_up")
    [(path, body)] = rasa.requests
    assert path.startswith("/conversations/conv%201%2F%C3%A9/execute?")
    assert "output_channel=latest" in path and "token=s3cret" in path
    assert body == {"name": "action_follow_up"}


def test_the_client_reports_failures():
    with pytest.raises(RasaUnavailable):
        RasaClient("http://127.0.0.1:1", timeout=1).execute("c", "a")


def test_a_follow_up_fires_on_the_due_date_after_a_restart(db_url, rasa):
    before_restart = TicketStore(db_url)
    reference = before_restart.save_complaint(agreed()).reference
    before_restart.engine.dispose()  # every process stops

    store = TicketStore(db_url)  # restarted: nothing in memory
    today = Today(date(2026, 11, 23))
    scheduler = FollowUpScheduler(store, RasaClient(rasa.url), today)
    assert scheduler.run_once().fired == 0 and rasa.requests == []
    today.day = date(2026, 11, 24)
    assert scheduler.run_once().fired == 1
    assert [path.split("?")[0] for path, _ in rasa.requests] == ["/conversations/conv-1/execute"]
    assert scheduler.run_once().fired == 0  # never twice
    [follow_up] = store.get(reference)["follow_ups"]
    assert follow_up["status"] == "sent" and follow_up["attempts"] == 1
    store.engine.dispose()


def test_an_overdue_follow_up_is_still_sent(db_url, rasa):
    store = TicketStore(db_url)
    store.save_complaint(agreed())
    assert FollowUpScheduler(store, RasaClient(rasa.url), Today(date(2026, 12, 2))).run_once().fired == 1


def test_failed_deliveries_are_retried_then_given_up(db_url):
    store = TicketStore(db_url)
    reference = store.save_complaint(agreed()).reference
    down = FakeRasa(status=500)
    try:
        scheduler = FollowUpScheduler(store, RasaClient(down.url), Today(date(2026, 11, 24)))
        for _ in range(MAX_ATTEMPTS + 2):
            scheduler.run_once()
        assert len(down.requests) == MAX_ATTEMPTS
    finally:
        down.close()
    [follow_up] = store.get(reference)["follow_ups"]
    assert follow_up["status"] == "failed" and "500" in follow_up["last_error"]


def test_no_follow_up_for_a_resolved_ticket(db_url, rasa):
    store = TicketStore(db_url)
    reference = store.save_complaint(agreed()).reference
    store.set_status(reference, "resolved", actor="Marie")
    assert FollowUpScheduler(store, RasaClient(rasa.url), Today(date(2026, 11, 24))).run_once().fired == 0


def test_each_cycle_replays_the_spool(db_url, rasa, tmp_path):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(record(), "locked")
    store = TicketStore(db_url)
    report = FollowUpScheduler(store, RasaClient(rasa.url), Today(date(2026, 11, 20)), spool).run_once()
    assert report.replayed == 1 and len(store.list()) == 1
