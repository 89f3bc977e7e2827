"""The purge on SQLite and PostgreSQL (``urls`` of conftest.py): stores filled through the
real APIs (TicketStore, OwnerStore, Notes, WidgetConnections, FollowUps, ReviewStore,
Mailer) and tracker rows shaped like Rasa's; what must go is gone, what must stay is there."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from litige.mailer import Mailer
from litige.review.purge import PurgeError, Targets, purge_customer, purge_older_than
from litige.review.store import ReviewStore
from litige.tickets.follow_ups import FollowUps
from litige.tickets.models import (
    advisor_notes,
    conversation_owners,
    follow_ups,
    review_comments,
    review_conversations,
    review_corrections,
    review_marks,
    review_reveals,
    ticket_history,
    ticket_proposals,
    tickets,
    widget_connections,
)
from litige.tickets.owners import OwnerStore
from litige.tickets.presence import Notes
from litige.tickets.record import ComplaintRecord, Proposal
from litige.tickets.store import TicketStore
from litige.tickets.widgets import WidgetConnections
from tests.litige.review.tracker_events import Conversation, senders, write_events

NOW = datetime(2026, 12, 8, 10, 0, tzinfo=timezone.utc)
JUNE = datetime(2026, 6, 2, 14, 0, tzinfo=timezone.utc)
JULY = datetime(2026, 7, 6, 9, 0, tzinfo=timezone.utc)
DECEMBER = datetime(2026, 12, 5, 16, 0, tzinfo=timezone.utc)
MARC = "marc.lefebvre@free.fr"
MARC_PHONE = "+33612345678"
PAUL = "paul.girard@orange.fr"
CONVERSATIONS = ("marc-juin", "jeanne-juillet", "paul-juin-relance", "marc-decembre", "paul-novembre")
TABLES = (
    tickets,
    follow_ups,
    conversation_owners,
    advisor_notes,
    widget_connections,
    review_conversations,
    review_marks,
    review_comments,
    review_corrections,
    review_reveals,
)


class Clock:
    def __init__(self):
        self.now = JUNE

    def __call__(self):
        return self.now


def _talk(sender, start, email=None, phone=None):
    talk = Conversation(sender, start.timestamp())
    talk.user("Mon colis n'est jamais arrivé !", "complain_delivery", emotion="anger", intensity=0.8)
    talk.action("action_start_complaint").action("utter_attention").action("complaint_form")
    if email:
        talk.user(email, "inform").slot("customer_email", email)
    if phone:
        talk.user("06 12 34 56 78", "inform").slot("customer_phone", phone)
    return talk.action("action_propose_remedy").user("non", "deny").action("action_handoff")


def _record(sender, start, email=None, phone=None, agreed=False):
    due = (start + timedelta(days=10)).date() if agreed else None
    return ComplaintRecord(
        conversation_id=sender,
        complaint_key=f"{start.timestamp():.6f}",
        category="delivery",
        customer_email=email,
        customer_phone=phone,
        description="Colis jamais arrivé",
        proposals=[Proposal("resend_express", due, "accepted" if agreed else "refused")],
        agreed_remedy="resend_express" if agreed else None,
        due_date=due,
        status=None if agreed else "pending_agent",
    )


@pytest.fixture
def world(urls, tmp_path):
    """Five conversations: three of June/July (Marc's, Jeanne's, and Paul's with a follow-up
    still due), two of December (Marc's and Paul's)."""
    ticket_url, tracker_url = urls
    talks = {
        "marc-juin": _talk("marc-juin", JUNE, MARC, MARC_PHONE),
        "jeanne-juillet": _talk("jeanne-juillet", JULY),
        "paul-juin-relance": _talk("paul-juin-relance", JUNE, PAUL),
        "marc-decembre": _talk("marc-decembre", DECEMBER, MARC),
        "paul-novembre": _talk("paul-novembre", DECEMBER - timedelta(days=20), PAUL),
    }
    write_events(tracker_url, list(talks.values()))
    clock = Clock()
    store = TicketStore(ticket_url, timeout=2, clock=clock)
    references = {}
    for sender, start, email, phone, agreed in (
        ("marc-juin", JUNE, MARC, MARC_PHONE, False),
        ("jeanne-juillet", JULY, None, None, True),
        ("paul-juin-relance", JUNE, PAUL, None, True),
        ("marc-decembre", DECEMBER, MARC, None, False),
        ("paul-novembre", DECEMBER - timedelta(days=20), PAUL, None, False),
    ):
        clock.now = start
        ticket = store.save_complaint(_record(sender, start, email, phone, agreed))
        references[sender] = ticket.reference
        if not agreed:
            store.set_status(ticket.reference, "in_progress", "Julie", "pris en charge")
            owners = OwnerStore(store)
            owners.hand_off(sender, start, reason="refusals")
            owners.take(sender, 7, "Julie", start + timedelta(minutes=3))
            owners.close(sender, start + timedelta(minutes=20))
            Notes(store).add(sender, 7, "Julie", "Client pressé", start)
            WidgetConnections(store).joined(f"sid-{sender}", sender, "web-1", start)
    clock.now = JULY + timedelta(days=10)  # Jeanne's follow-up: fired and answered "réglé"
    follow_up = FollowUps(store).due(clock.now.date(), include_pending=True)
    jeanne = [row for row in follow_up if row["conversation_id"] == "jeanne-juillet"][0]
    FollowUps(store).claim(jeanne["id"])
    FollowUps(store).delivered(jeanne["id"], "email")
    FollowUps(store).answer(references["jeanne-juillet"], solved=True)
    store.engine.dispose()

    review = ReviewStore(ticket_url, tracker_url, timeout=2, clock=lambda: NOW)
    review.sync()
    for sender in ("marc-juin", "marc-decembre", "paul-novembre"):
        review.mark(sender, "flagged", "retard", "Anne")
        review.comment(sender, "Proposition trop tôt", "Anne")
        review.correct(sender, 1, intent="complain_delivery", emotion="frustration", who="Anne")
        review.log_reveal(sender, "Anne", "email")
    review.close()

    outbox = tmp_path / "outbox"
    mailer = Mailer(outbox=outbox)
    mails = {}
    for sender, to, moment in (
        ("marc-juin", MARC, JUNE),
        ("marc-decembre", MARC, DECEMBER),
        ("paul-novembre", PAUL, DECEMBER),
    ):
        delivery = mailer.send(
            to, f"Votre dossier {references[sender]}", "Bonjour,\nVotre demande est notée."
        )
        os.utime(delivery.outbox_path, (moment.timestamp(), moment.timestamp()))
        mails[sender] = delivery.outbox_path
    return {
        "targets": Targets(ticket_url, tracker_url, outbox, timeout=2),
        "talks": talks,
        "references": references,
        "mails": mails,
    }


def _left(targets):
    """Which conversations each table (and the tickets' proposals and history) still holds."""
    engine = sa.create_engine(targets.ticket_db_url)
    try:
        with engine.connect() as connection:
            left = {
                table.name: {row[0] for row in connection.execute(sa.select(table.c.conversation_id))}
                for table in TABLES
            }
            for child in (ticket_proposals, ticket_history):
                query = sa.select(tickets.c.conversation_id).join(child, child.c.ticket_id == tickets.c.id)
                left[child.name] = {row[0] for row in connection.execute(query)}
                orphans = (
                    sa.select(sa.func.count())
                    .select_from(child)
                    .where(~child.c.ticket_id.in_(sa.select(tickets.c.id)))
                )
                assert connection.execute(orphans).scalar() == 0
    finally:
        engine.dispose()
    left["events"] = set(senders(targets.tracker_store_url))
    return left


def _history_still_append_only(targets):
    engine = sa.create_engine(targets.ticket_db_url)
    try:
        with pytest.raises(sa.exc.DBAPIError), engine.begin() as connection:
            connection.execute(ticket_history.delete())
    finally:
        engine.dispose()


def test_retention_purges_old_conversations_whole_and_keeps_the_rest(world):
    targets = world["targets"]
    report = purge_older_than(targets, 90, NOW)

    assert report.conversations == ["jeanne-juillet", "marc-juin"]
    left = _left(targets)
    for kind in ("events", "tickets", "ticket_proposals", "ticket_history", "review_conversations"):
        assert left[kind] == {"paul-juin-relance", "marc-decembre", "paul-novembre"}, kind
    assert left["follow_ups"] == {"paul-juin-relance"}  # still due: the conversation is kept whole
    for kind in ("conversation_owners", "advisor_notes", "widget_connections"):
        assert left[kind] == {"marc-decembre", "paul-novembre"}, kind
    for kind in ("review_marks", "review_comments", "review_corrections", "review_reveals"):
        assert left[kind] == {"marc-decembre", "paul-novembre"}, kind
    assert not world["mails"]["marc-juin"].exists()
    assert world["mails"]["marc-decembre"].exists() and world["mails"]["paul-novembre"].exists()
    expected_events = len(world["talks"]["marc-juin"].events) + len(world["talks"]["jeanne-juillet"].events)
    assert report.counts["events"] == expected_events
    assert (report.counts["tickets"], report.counts["follow_ups"], report.counts["outbox"]) == (2, 1, 1)
    assert report.counts["ticket_history"] == 2 + 2  # Marc: created, taken; Jeanne: created, resolved
    _history_still_append_only(targets)


def test_a_dry_run_lists_what_would_go_and_deletes_nothing(world):
    targets = world["targets"]
    before = _left(targets)
    report = purge_older_than(targets, 90, NOW, dry_run=True)

    assert report.dry_run and report.conversations == ["jeanne-juillet", "marc-juin"]
    assert _left(targets) == before
    assert all(path.exists() for path in world["mails"].values())
    assert report.files == [world["mails"]["marc-juin"]]
    assert (report.counts["tickets"], report.counts["review_marks"], report.counts["outbox"]) == (2, 1, 1)
    done = purge_older_than(targets, 90, NOW)
    assert done.counts == report.counts


def test_a_longer_retention_keeps_everything(world):
    report = purge_older_than(world["targets"], 365, NOW)
    assert report.conversations == [] and report.total == 0
    assert _left(world["targets"])["events"] == set(CONVERSATIONS)


def test_a_customer_purge_by_email_takes_all_their_conversations_and_mails(world):
    targets = world["targets"]
    report = purge_customer(targets, email="  Marc.Lefebvre@FREE.fr ")

    assert report.conversations == ["marc-decembre", "marc-juin"]
    left = _left(targets)
    assert left["events"] == {"jeanne-juillet", "paul-juin-relance", "paul-novembre"}
    assert left["tickets"] == {"jeanne-juillet", "paul-juin-relance", "paul-novembre"}
    assert left["review_reveals"] == {"paul-novembre"}
    assert not world["mails"]["marc-juin"].exists() and not world["mails"]["marc-decembre"].exists()
    assert world["mails"]["paul-novembre"].exists()
    _history_still_append_only(targets)


def test_a_customer_purge_by_phone_finds_them_in_the_tracker_and_the_tickets(world):
    report = purge_customer(world["targets"], phone="06 12 34 56 78")
    assert report.conversations == ["marc-juin"]
    assert "marc-juin" not in _left(world["targets"])["events"]
    assert "marc-decembre" in _left(world["targets"])["tickets"]


def test_one_conversation_by_its_id(world):
    report = purge_customer(world["targets"], conversation_id="paul-novembre")
    assert report.conversations == ["paul-novembre"]
    left = _left(world["targets"])
    assert "paul-novembre" not in left["events"] | left["tickets"] | left["review_marks"]
    assert "paul-juin-relance" in left["tickets"]
    assert not world["mails"]["paul-novembre"].exists() and world["mails"]["marc-decembre"].exists()


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({}, "une seule chose"),
        ({"email": MARC, "phone": MARC_PHONE}, "une seule chose"),
        ({"email": "pas-une-adresse"}, "Adresse e-mail non valable"),
        ({"phone": "12"}, "Numéro de téléphone non reconnu"),
    ],
)
def test_bad_customer_input_is_refused_in_french(tmp_path, arguments, message):
    targets = Targets(f"sqlite:///{tmp_path / 't.db'}", f"sqlite:///{tmp_path / 'r.db'}")
    with pytest.raises(PurgeError, match=message):
        purge_customer(targets, **arguments)


@pytest.mark.parametrize("days", [0, -3, "30", True])
def test_the_retention_must_be_a_positive_number_of_days(tmp_path, days):
    targets = Targets(f"sqlite:///{tmp_path / 't.db'}", f"sqlite:///{tmp_path / 'r.db'}")
    with pytest.raises(PurgeError, match="nombre entier de jours"):
        purge_older_than(targets, days, NOW)


def test_nothing_to_purge_when_the_stores_are_empty(tmp_path):
    targets = Targets(
        f"sqlite:///{tmp_path / 't.db'}", f"sqlite:///{tmp_path / 'absent.db'}", tmp_path / "none"
    )
    report = purge_older_than(targets, 30, NOW)
    assert report.conversations == [] and report.total == 0
    assert not (tmp_path / "absent.db").exists()  # never creates the tracker store


def test_a_purged_customer_leaves_no_line_in_the_tickets_journal(world, tmp_path):
    from dataclasses import replace

    from litige.tickets.spool import Spool
    from tests.litige.tickets.test_store import record

    spool = Spool(tmp_path / "spool" / "ticket_spool.jsonl")
    spool.append(record(conversation_id="marc-decembre"), "database is locked")
    spool.append(record(conversation_id="paul-novembre"), "database is locked")
    spool.set_aside(record(conversation_id="marc-juin"), "refused")
    targets = replace(world["targets"], spool=spool.path)

    report = purge_customer(targets, email="marc.lefebvre@free.fr")

    assert report.counts["spool"] == 2
    assert spool.pending() == 1 and spool.dead_letters() == []  # paul's line waits for its replay
