"""The reference e-mails the bot promised: "À quelle adresse e-mail pouvons-nous vous envoyer
la référence de votre dossier ?" at the closure, "elle vous sera envoyée par e-mail" when the
database was down. The scheduler sends them through the one mailer (SMTP, or the outbox
folder when no SMTP server is configured), off the action server's event loop."""

from __future__ import annotations

import logging
from datetime import date
from typing import Tuple

from litige.catalogue import remedy_for
from litige.config import get_settings
from litige.dates import format_french_date
from litige.mailer import InvalidAddress, Mailer
from litige.phrases import render
from litige.tickets.reference_mails import pending_reference_emails
from litige.tickets.store import Ticket, TicketStore
from litige.wording import agreed_summary, follow_up_day

logger = logging.getLogger(__name__)


def compose(ticket: Ticket, today: date) -> Tuple[str, str]:
    """Subject and body: the reference, and the recap when a remedy and its date were agreed."""
    name = (ticket.data.get("customer_name") or "").strip()
    greeting = render("mail_greeting", slots={"named": bool(name)}, values={"name": name})[0]
    reference = ticket.reference
    remedy = remedy_for(ticket["category"], ticket.data.get("agreed_remedy"))
    due = ticket.data.get("due_date")
    subject = render("mail_reference_subject", values={"reference": reference})[0]
    if remedy is None or due is None:
        body = render("mail_reference_body", values={"greeting": greeting, "reference": reference})[0]
        return subject.strip(), body
    day = format_french_date(due, today=today)
    when = f"le {day}" if remedy.appointment else f"d'ici le {day}"
    values = {
        "greeting": greeting,
        "reference": reference,
        "summary": agreed_summary(remedy, ticket.data.get("facts")).rstrip(" "),
        "when": when,
        "due": day,
        "follow_up_day": follow_up_day(due, today, get_settings().regional_holidays),
    }
    return subject.strip(), render("mail_recap_body", values=values)[0]


def send_pending(store: TicketStore, mailer: Mailer, today: date) -> int:
    """Sends every pending reference e-mail; returns how many went out (to SMTP or the
    outbox). A message SMTP refused stays in the outbox, where a person can read it."""
    sent = 0
    for ticket in pending_reference_emails(store):
        subject, body = compose(ticket, today)
        try:
            delivery = mailer.send(ticket["customer_email"], subject, body)
        except InvalidAddress:
            logger.error("reference e-mail of %s: the address is not usable", ticket.reference)
        else:
            if delivery.error:
                logger.warning("reference e-mail of %s kept in the outbox", ticket.reference)
            sent += 1
        store.mark_reference_delivered(ticket.reference)
    return sent
