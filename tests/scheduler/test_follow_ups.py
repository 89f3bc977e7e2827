"""Follow-ups on the promised date: stored in the database, fired after a restart, once."""

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from litige.rasa_api import RasaApi
from litige.tickets.spool import Spool
from litige.tickets.store import MAX_FOLLOW_UP_ATTEMPTS as MAX_ATTEMPTS
from litige.tickets.store import TicketStore
from scheduler.follow_ups import FollowUpScheduler
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


def test_a_follow_up_fires_on_the_due_date_after_a_restart(db_url, rasa):
    before_restart = TicketStore(db_url)
    reference = before_restart.save_complaint(agreed()).reference
    before_restart.engine.dispose()  # every process stops

    store = TicketStore(db_url)  # restarted: nothing in memory
    today = Today(date(2026, 11, 23))
    scheduler = FollowUpScheduler(store, RasaApi(rasa.url), today)
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
    assert FollowUpScheduler(store, RasaApi(rasa.url), Today(date(2026, 12, 2))).run_once().fired == 1


def test_failed_deliveries_are_retried_then_given_up(db_url):
    store = TicketStore(db_url)
    reference = store.save_complaint(agreed()).reference
    down = FakeRasa(status=500)
    try:
        scheduler = FollowUpScheduler(store, RasaApi(down.url), Today(date(2026, 11, 24)))
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
    assert FollowUpScheduler(store, RasaApi(rasa.url), Today(date(2026, 11, 24))).run_once().fired == 0


def test_each_cycle_replays_the_spool(db_url, rasa, tmp_path):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(record(), "locked")
    store = TicketStore(db_url)
    report = FollowUpScheduler(store, RasaApi(rasa.url), Today(date(2026, 11, 20)), spool).run_once()
    assert report.replayed == 1 and len(store.list()) == 1


def test_no_follow_up_while_an_advisor_holds_the_conversation(db_url, rasa):
    from datetime import datetime, timezone

    from litige.tickets.owners import OwnerStore

    store = TicketStore(db_url)
    store.save_complaint(agreed())
    now = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
    owners = OwnerStore(store)
    owners.hand_off("conv-1", now, reason="request_human")
    owners.take("conv-1", 1, "Julie", now)
    scheduler = FollowUpScheduler(store, RasaApi(rasa.url), Today(date(2026, 11, 24)), now=lambda: now)
    report = scheduler.run_once()
    assert (report.fired, report.skipped, rasa.requests) == (0, 1, [])
    owners.hand_back("conv-1", now)
    assert scheduler.run_once().fired == 1  # given back: the follow-up goes out
    store.engine.dispose()


def test_each_cycle_brings_due_call_backs_to_the_queue_and_marks_silent_waits_abandoned(db_url, rasa):
    from datetime import datetime, timedelta, timezone

    from litige.tickets.owners import OwnerStore

    store = TicketStore(db_url)
    owners = OwnerStore(store)
    start = datetime(2026, 12, 7, 19, 0, tzinfo=timezone.utc)
    owners.hand_off("silent", start, reason="request_human")
    owners.hand_off("later", start, reason="request_human", callback_at=start + timedelta(hours=13))
    clock = {"now": start + timedelta(minutes=31)}
    scheduler = FollowUpScheduler(
        store, RasaApi(rasa.url), Today(date(2026, 12, 7)), now=lambda: clock["now"], abandon_minutes=30
    )
    report = scheduler.run_once()
    assert (report.abandoned, report.callbacks_due) == (1, 0)
    assert owners.get("silent").state == "abandoned" and owners.get("later").state == "callback"
    clock["now"] = start + timedelta(hours=13)
    assert scheduler.run_once().callbacks_due == 1
    assert [o.conversation_id for o in owners.queue()] == ["later"]
    store.engine.dispose()
