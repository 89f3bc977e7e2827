"""Follow-ups once the promised date is over: stored in the database, fired after a restart,
once, in the company's hours, through the channel that reaches the customer, and marked
sent only when delivered."""

import email
import json
import threading
from datetime import date, datetime, timedelta, timezone
from email import policy
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from litige.advisor_hours import parse_hours
from litige.clock import PARIS
from litige.mailer import Mailer
from litige.rasa_api import RasaApi
from litige.tickets.follow_ups import MAX_FOLLOW_UP_ATTEMPTS, FollowUps
from litige.tickets.owners import OwnerStore
from litige.tickets.record import Proposal
from litige.tickets.spool import Spool
from litige.tickets.store import TicketStore
from litige.tickets.widgets import WidgetConnections
from scheduler.follow_ups import FollowUpScheduler, interval_seconds, main
from tests.litige.test_mailer import Collect, smtp_server  # noqa: F401 - the fixture
from tests.litige.tickets.test_store import agreed, record

HOURS = parse_hours("lun-ven 09:00-18:00; sam 09:00-12:00")
PROMISED = date(2026, 11, 24)  # agreed(): a re-shipment promised for Tuesday 24 November


def paris(*args):
    return datetime(*args, tzinfo=PARIS).astimezone(timezone.utc)


class FakeRasa(HTTPServer):
    """A local stand-in for Rasa's HTTP API: records what it receives; ``slots`` is the
    conversation's state, ``asked`` whether running the follow-up action asks the question."""

    def __init__(self, status=200, asked=True, slots=None):
        self.requests = []
        self.status, self.asked, self.slots = status, asked, slots or {}
        self.reference_for = {}  # conversation id -> the reference its follow-up asks about
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
    def _answer(self, payload):
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(payload).encode())

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.server.requests.append(("GET", self.path, None))
        self._answer({"slots": self.server.slots})

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(("POST", self.path, body))
        before = dict(self.server.slots)  # like Rasa 3.6: the tracker before the action
        if self.server.status == 200 and self.server.asked and self.path.split("?")[0].endswith("/execute"):
            reference = self.server.reference_for.get(self.path.split("/")[2])
            self.server.slots.update(follow_up_state="asked", follow_up_ticket=reference)
        self._answer({"tracker": {"slots": before}})

    def log_message(self, *args):
        pass


@pytest.fixture
def rasa():
    server = FakeRasa()
    yield server
    server.close()


class Clock:
    def __init__(self, moment):
        self.moment = moment

    def now(self):
        return self.moment

    def today(self):
        return self.moment.astimezone(PARIS).date()


def scheduler_for(store, rasa_url, clock, **kwargs):
    return FollowUpScheduler(store, RasaApi(rasa_url), clock.today, now=clock.now, hours=HOURS, **kwargs)


def widget_open(store, conversation="conv-1", rasa=None):
    WidgetConnections(store).joined("sid-1", conversation, "test", datetime.now(timezone.utc))
    if rasa is not None:  # what action_follow_up would set in that conversation
        rasa.reference_for[conversation] = store.for_conversation(conversation)[0].reference


def executed(rasa):
    return [path.split("?")[0] for method, path, _ in rasa.requests if method == "POST"]


def test_it_fires_once_the_promised_day_is_over_in_opening_hours_after_a_restart(db_url, rasa):
    before_restart = TicketStore(db_url)
    reference = before_restart.save_complaint(agreed(customer_email=None)).reference
    widget_open(before_restart, rasa=rasa)
    before_restart.engine.dispose()  # every process stops

    store = TicketStore(db_url)  # restarted: nothing in memory
    clock = Clock(paris(2026, 11, 24, 0, 0))  # midnight on the promised day: the promise still holds
    scheduler = scheduler_for(store, rasa.url, clock)
    for moment in (paris(2026, 11, 24, 0, 0), paris(2026, 11, 24, 17, 0), paris(2026, 11, 25, 8, 30)):
        clock.moment = moment
        assert scheduler.run_once().fired == 0
    assert executed(rasa) == []
    clock.moment = paris(2026, 11, 25, 9, 0)  # Wednesday, the company opens
    assert scheduler.run_once().fired == 1
    assert executed(rasa) == ["/conversations/conv-1/execute"]
    assert scheduler.run_once().fired == 0  # never twice
    [follow_up] = store.get(reference)["follow_ups"]
    assert (follow_up["status"], follow_up["attempts"], follow_up["delivered_via"]) == ("sent", 1, "widget")
    store.engine.dispose()


def test_a_friday_evening_before_a_long_weekend_waits_for_monday(db_url, rasa):
    store = TicketStore(db_url)
    friday = date(2026, 10, 30)  # Friday 30 October
    store.save_complaint(
        record(
            customer_email=None,
            agreed_remedy="reshipment",
            due_date=friday,
            proposals=[Proposal("reshipment", friday, "accepted")],
        )
    )
    widget_open(store, rasa=rasa)
    clock = Clock(paris(2026, 10, 30, 20, 0))
    scheduler = scheduler_for(store, rasa.url, clock)
    for moment in (paris(2026, 10, 30, 20, 0), paris(2026, 10, 31, 10, 0), paris(2026, 11, 1, 10, 0)):
        clock.moment = moment  # Friday evening, Saturday (open, but not a business day), Toussaint
        assert scheduler.run_once().fired == 0
    clock.moment = paris(2026, 11, 2, 9, 5)
    assert scheduler.run_once().fired == 1


def test_a_closed_widget_gets_an_e_mail_with_a_link_to_answer(db_url, rasa, smtp_server, tmp_path):  # noqa: F811
    handler = Collect()
    server = smtp_server(handler)
    store = TicketStore(db_url)
    reference = store.save_complaint(agreed()).reference  # no widget open, an e-mail address
    mailer = Mailer(f"smtp://127.0.0.1:{server.port}", outbox=tmp_path)
    clock = Clock(paris(2026, 11, 25, 10, 0))
    report = scheduler_for(
        store, rasa.url, clock, mailer=mailer, console_url="https://aide.example"
    ).run_once()
    assert report.fired == 1 and executed(rasa) == []
    [(recipients, content)] = handler.messages
    message = email.message_from_bytes(content, policy=policy.default)
    body = message.get_content()
    assert recipients == ["julie.martin@gmail.com"] and reference in message["Subject"]
    assert "mardi 24 novembre" in body and "livraison express" in body
    [follow_up] = store.get(reference)["follow_ups"]
    assert (follow_up["status"], follow_up["delivered_via"]) == ("sent", "email")
    link = f"https://aide.example/suivi/{follow_up['answer_token']}"
    assert link in body
    assert FollowUps(store).by_token(follow_up["answer_token"])["reference"] == reference


def test_an_e_mail_the_smtp_server_refuses_is_not_counted_as_sent(db_url, rasa, smtp_server, tmp_path):  # noqa: F811
    server = smtp_server(Collect(refuse_rcpt=True))
    store = TicketStore(db_url)
    reference = store.save_complaint(agreed()).reference
    mailer = Mailer(f"smtp://127.0.0.1:{server.port}", outbox=tmp_path)
    clock = Clock(paris(2026, 11, 25, 10, 0))
    assert scheduler_for(store, rasa.url, clock, mailer=mailer).run_once().failed == 1
    [follow_up] = store.get(reference)["follow_ups"]
    assert follow_up["status"] == "failed" and "SMTP" in follow_up["last_error"]


def test_nobody_to_reach_stays_due_for_the_advisors(db_url, rasa, tmp_path):
    store = TicketStore(db_url)
    reference = store.save_complaint(agreed(customer_email=None)).reference  # widget closed, no address
    clock = Clock(paris(2026, 11, 25, 10, 0))
    report = scheduler_for(store, rasa.url, clock, mailer=Mailer(outbox=tmp_path)).run_once()
    assert (report.fired, report.unreachable) == (0, 1) and rasa.requests == []
    [left] = FollowUps(store).undelivered(date(2026, 11, 25))
    assert (
        left["reference"] == reference
        and left["status"] == "scheduled"
        and "widget fermé" in left["last_error"]
    )


def test_never_while_an_advisor_holds_the_conversation(db_url, rasa, tmp_path):
    store = TicketStore(db_url)
    store.save_complaint(agreed())
    widget_open(store)
    owners = OwnerStore(store)
    owners.hand_off("conv-1", paris(2026, 11, 25, 9, 55), reason="request_human", priority="high")
    clock = Clock(paris(2026, 11, 25, 10, 0))
    scheduler = scheduler_for(store, rasa.url, clock, mailer=Mailer(outbox=tmp_path))
    assert (scheduler.run_once().fired, executed(rasa)) == (0, [])  # waiting for an advisor
    owners.take("conv-1", 7, "Julie", paris(2026, 11, 25, 10, 1))
    clock.moment = paris(2026, 11, 25, 10, 5)
    report = scheduler.run_once()
    assert (report.fired, report.skipped) == (0, 1) and executed(rasa) == []  # Julie holds it
    assert not list(tmp_path.glob("*.eml"))  # nor by e-mail behind her back


def test_another_complaint_in_progress_is_not_interrupted(db_url, smtp_server, tmp_path):  # noqa: F811
    handler = Collect()
    server = smtp_server(handler)
    busy = FakeRasa(slots={"waltz_step": "questioning", "complaint_started_at": 99.0})
    try:
        store = TicketStore(db_url)
        store.save_complaint(agreed())
        widget_open(store)
        mailer = Mailer(f"smtp://127.0.0.1:{server.port}", outbox=tmp_path)
        assert (
            scheduler_for(store, busy.url, Clock(paris(2026, 11, 25, 10, 0)), mailer=mailer).run_once().fired
            == 1
        )
        assert executed(busy) == [] and len(handler.messages) == 1  # by e-mail instead
    finally:
        busy.close()


def test_failed_deliveries_are_retried_with_a_backoff_then_left_to_the_advisors(db_url):
    store = TicketStore(db_url)
    reference = store.save_complaint(agreed(customer_email=None)).reference
    widget_open(store)
    down = FakeRasa(status=500)
    try:
        clock = Clock(paris(2026, 11, 25, 9, 0))
        scheduler = scheduler_for(store, down.url, clock)
        assert scheduler.run_once().failed == 1
        clock.moment += timedelta(minutes=4)
        assert scheduler.run_once().failed == 0  # the first retry waits five minutes
        for _ in range(MAX_FOLLOW_UP_ATTEMPTS + 2):
            clock.moment += timedelta(hours=6)
            if not HOURS.is_open(clock.moment):
                clock.moment = HOURS.next_opening(clock.moment)[0].astimezone(timezone.utc)
            scheduler.run_once()
        assert len(executed(down)) == MAX_FOLLOW_UP_ATTEMPTS
    finally:
        down.close()
    [follow_up] = store.get(reference)["follow_ups"]
    assert follow_up["status"] == "failed" and "500" in follow_up["last_error"]
    assert [r["reference"] for r in FollowUps(store).undelivered(date(2026, 12, 10))] == [reference]


def test_a_question_rasa_did_not_ask_is_not_counted_as_sent(db_url):
    silent = FakeRasa(asked=False)
    try:
        store = TicketStore(db_url)
        reference = store.save_complaint(agreed(customer_email=None)).reference
        widget_open(store)
        assert scheduler_for(store, silent.url, Clock(paris(2026, 11, 25, 10, 0))).run_once().failed == 1
    finally:
        silent.close()
    assert store.get(reference)["follow_ups"][0]["status"] == "failed"


def test_no_follow_up_for_a_resolved_ticket(db_url, rasa):
    store = TicketStore(db_url)
    reference = store.save_complaint(agreed()).reference
    widget_open(store)
    store.set_status(reference, "resolved", actor="Marie")
    assert scheduler_for(store, rasa.url, Clock(paris(2026, 11, 25, 10, 0))).run_once().fired == 0


def test_each_cycle_replays_the_spool(db_url, rasa, tmp_path):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(record(), "locked")
    store = TicketStore(db_url)
    report = scheduler_for(store, rasa.url, Clock(paris(2026, 11, 20, 10, 0)), spool=spool).run_once()
    assert report.replayed == 1 and len(store.list()) == 1


@pytest.mark.parametrize("raw", ["0", "-5", "nan", "inf", "1e400", "abc", "", "86401"])
def test_an_interval_that_would_spin_or_crash_the_loop_is_refused_in_french(raw, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--interval", raw])  # refused before anything is opened or started
    assert stopped.value.code == 2
    assert "n'est pas un intervalle valable : un nombre de secondes de 1 à 86400" in capsys.readouterr().err


def test_a_sensible_interval_is_taken_in_seconds():
    assert interval_seconds("1") == 1.0
    assert interval_seconds("2.5") == 2.5
    assert interval_seconds("86400") == 86_400.0
