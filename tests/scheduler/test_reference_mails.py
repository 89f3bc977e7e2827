"""The reference e-mails the bot promised, sent by the scheduler through the mailer."""

import email
from datetime import date
from email import policy

from litige.mailer import Mailer
from litige.rasa_api import RasaApi
from litige.tickets.spool import Spool
from litige.tickets.store import TicketStore
from scheduler.follow_ups import FollowUpScheduler
from scheduler.reference_mails import send_pending
from tests.litige.tickets.test_store import agreed, record

TODAY = date(2026, 11, 20)


def outbox_messages(folder):
    return [
        email.message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def test_an_agreed_complaint_gets_its_reference_and_recap_once(db_url, tmp_path):
    store = TicketStore(db_url)
    ticket = store.save_complaint(agreed())
    store.mark_reference_email_pending(ticket.reference)
    mailer = Mailer(outbox=tmp_path / "outbox")
    assert send_pending(store, mailer, TODAY) == 1
    [message] = outbox_messages(tmp_path / "outbox")
    body = message.get_content()
    assert message["To"] == "julie.martin@gmail.com"
    assert ticket.reference in message["Subject"] and ticket.reference in body
    assert body.startswith("Bonjour Julie Martin,")
    assert "livraison express" in body and "mardi 24 novembre" in body
    assert "**" not in body  # no chat markdown in an e-mail
    assert store.get(ticket.reference)["reference_email_pending"] is False
    assert send_pending(store, mailer, TODAY) == 0  # never twice
    assert len(outbox_messages(tmp_path / "outbox")) == 1


def test_without_an_agreed_remedy_only_the_reference_is_promised(db_url, tmp_path):
    store = TicketStore(db_url)
    ticket = store.save_complaint(record(customer_name=None))
    store.mark_reference_email_pending(ticket.reference)
    send_pending(store, Mailer(outbox=tmp_path), TODAY)
    [message] = outbox_messages(tmp_path)
    body = message.get_content()
    assert body.startswith("Bonjour,") and ticket.reference in body
    assert "novembre" not in body  # no date nobody agreed


def test_no_address_no_mail_and_nothing_pending_is_not_mailed(db_url, tmp_path):
    store = TicketStore(db_url)
    without = store.save_complaint(record(customer_email=None))
    store.mark_reference_email_pending(without.reference)
    store.save_complaint(agreed(conversation_id="conv-2"))  # not pending: told in the chat
    assert send_pending(store, Mailer(outbox=tmp_path), TODAY) == 0
    assert not list(tmp_path.glob("*.eml"))


def test_the_scheduler_mails_the_reference_of_a_replayed_complaint(db_url, tmp_path):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(agreed(), "database locked")  # the customer was told "par e-mail"
    store = TicketStore(db_url)
    rasa_down = RasaApi("http://127.0.0.1:9")  # no follow-up is due: Rasa is not called
    scheduler = FollowUpScheduler(
        store, rasa_down, lambda: TODAY, spool, mailer=Mailer(outbox=tmp_path / "outbox")
    )
    report = scheduler.run_once()
    assert (report.replayed, report.reference_mails) == (1, 1)
    [message] = outbox_messages(tmp_path / "outbox")
    assert store.list()[0]["reference"] in message["Subject"]
