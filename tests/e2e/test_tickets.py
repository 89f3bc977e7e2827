"""Tickets through the real servers: one ticket per complaint matching the conversation,
no loss when the database is locked, the follow-up on the promised date."""

from __future__ import annotations

import email
import re
import sqlite3
from datetime import date, datetime, timezone
from email import policy

import pytest

from litige.advisor_hours import parse_hours
from litige.clock import PARIS
from litige.mailer import Mailer
from litige.rasa_api import RasaApi
from litige.tickets.spool import Spool
from litige.tickets.store import TicketStore
from litige.tickets.widgets import WidgetConnections
from scheduler.follow_ups import FollowUpScheduler
from scheduler.reference_mails import send_pending
from tests.e2e.test_waltz import OPENING, answer_questions, joined, start_complaint

REFERENCE = re.compile(r"\bLIT-\d{4}-\d{6}\b")
HOURS = parse_hours("lun-ven 09:00-18:00; sam 09:00-12:00")


@pytest.fixture
def store(servers):
    store = TicketStore(servers.ticket_db_url)
    yield store
    store.engine.dispose()


def agree(chat):
    chat.say("oui")
    return joined(chat.say("oui, ça me convient"))


def test_a_conversation_ends_with_exactly_one_ticket_matching_it(chat, store, tmp_path):
    start_complaint(chat)
    answer_questions(chat)
    closure = agree(chat)
    chat.say('/rate{"csat":"5"}')
    tickets = store.for_conversation(chat.sender)
    assert len(tickets) == 1
    ticket = tickets[0]
    slots = chat.tracker()["slots"]
    assert ticket.reference == slots["ticket_id"] and ticket.reference in closure
    data = ticket.data
    assert data["category"] == "delivery" and data["status"] == "open"
    assert data["order_id"] == "CMD-7305186" and data["customer_email"] == "marc.lefebvre@free.fr"
    assert data["description"].startswith(OPENING)
    assert "baptême de ma nièce" in data["description"]
    assert data["expected_outcome"] == "Qu'elle arrive avant samedi, tout simplement"
    assert re.match(r"Si je (comprends|résume) bien", data["reformulation"]), data["reformulation"]
    assert data["emotion_start"] == "anger" and data["emotion_peak"] == "anger"
    scored = [e for e in chat.tracker()["events"] if e["event"] == "user" and e["parse_data"].get("emotion")]
    assert len(data["emotion_trajectory"]) == len(scored) >= 7  # button payloads carry no text to score
    assert (data["agreed_remedy"], data["due_date"]) == ("reshipment", date(2026, 11, 24))
    assert [(p["remedy"], p["answer"]) for p in data["proposals"]] == [("reshipment", "accepted")]
    assert data["csat"] == 5
    assert [(f["due_date"], f["status"]) for f in data["follow_ups"]] == [(date(2026, 11, 24), "scheduled")]
    # priority rule: an anger peak at 0.75 or more makes it high, else normal
    assert data["priority"] == ("high" if data["emotion_peak_intensity"] >= 0.75 else "normal")
    assert [h["to_status"] for h in data["history"]] == ["open"]
    # the customer gave an address "to receive the reference": the scheduler mails it
    assert data["reference_email_pending"] is True
    send_pending(store, Mailer(outbox=tmp_path), date(2026, 11, 20))
    mails = [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in tmp_path.glob("*.eml")]
    [mail] = [m for m in mails if ticket.reference in m["Subject"]]
    assert mail["To"] == "marc.lefebvre@free.fr" and "mardi 24 novembre" in mail.get_content()


def test_the_database_locked_mid_conversation_loses_nothing(chat, store, servers, tmp_path):
    start_complaint(chat)
    answer_questions(chat)
    store.migrate()
    database = servers.ticket_db_url.removeprefix("sqlite:///")
    lock = sqlite3.connect(database, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")  # the database is now unusable for the bot
    try:
        proposal = joined(chat.say("oui"))
        assert "Est-ce que cela vous convient si" in proposal  # the customer is not blocked
        closure = joined(chat.say("oui"))
        assert "souci technique" in closure and "e-mail" in closure and "marc.lefebvre@free.fr" in closure
        assert not REFERENCE.search(closure)
        assert chat.tracker()["slots"]["ticket_pending"] is True
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert store.for_conversation(chat.sender) == []  # nothing could be written...
    recovered = joined(chat.say("5"))  # ...and the next turn saves it
    match = REFERENCE.search(recovered)
    assert match, recovered
    [ticket] = store.for_conversation(chat.sender)
    assert (
        ticket.reference == match.group(0) and ticket["csat"] == 5 and ticket["agreed_remedy"] == "reshipment"
    )
    spool = Spool(servers.log_dir.parent / "ticket_spool.jsonl")
    assert spool.pending() >= 1  # the journal kept it too; replaying adds nothing new
    spool.replay(store)
    assert len(store.for_conversation(chat.sender)) == 1


def test_the_follow_up_reaches_the_conversation_on_the_promised_date(chat, store, servers):
    start_complaint(chat)
    answer_questions(chat)
    agree(chat)
    chat.say("5")
    [ticket] = store.for_conversation(chat.sender)
    client = RasaApi(servers.rasa_url, servers.rasa_token)
    # the customer's widget is open (as the socket.io channel records it); the store is shared
    # with the session's other conversations: look at this ticket's follow-up
    WidgetConnections(store).joined("e2e-sid", chat.sender, "e2e", datetime.now(timezone.utc))
    moment = {"now": datetime(2026, 11, 24, 17, 0, tzinfo=PARIS)}  # the promised day: not yet

    def scheduler():
        now = lambda: moment["now"].astimezone(timezone.utc)  # noqa: E731
        return FollowUpScheduler(store, client, lambda: moment["now"].date(), now=now, hours=HOURS)

    scheduler().run_once()
    assert [f["status"] for f in store.get(ticket.reference)["follow_ups"]] == ["scheduled"]
    moment["now"] = datetime(2026, 11, 25, 9, 30, tzinfo=PARIS)  # the next business day, open
    assert scheduler().run_once().fired >= 1
    [follow_up] = store.get(ticket.reference)["follow_ups"]
    assert (follow_up["status"], follow_up["delivered_via"]) == ("sent", "widget")
    bot_texts = [e.get("text") or "" for e in chat.tracker()["events"] if e["event"] == "bot"]
    assert any("promis un nouvel envoi" in t or "comme promis" in t for t in bot_texts[-2:]), bot_texts[-2:]
    reopened = joined(chat.say("non"))
    assert "rouvert" in reopened and "conseiller" in reopened
    stored = store.get(ticket.reference)
    assert (stored.status, stored.priority) == ("open", "high") and stored["follow_ups"][0]["answer"] == "no"
    handoff = joined(chat.say("oui"))
    assert "conseiller" in handoff
    assert store.get(ticket.reference).status == "pending_agent"


def test_status_is_given_to_the_owner_only(chat, servers, store):
    from tests.e2e.conftest import Chat

    start_complaint(chat)
    answer_questions(chat)
    agree(chat)
    reference = chat.tracker()["slots"]["ticket_id"]
    own = joined(chat.say(f"où en est ma réclamation {reference} ?"))
    assert reference in own and "mardi 24 novembre" in own
    stranger = Chat(servers)
    other = joined(stranger.say(f"où en est le dossier {reference} ?"))
    assert "conversation où il a été ouvert" in other and "novembre" not in other
