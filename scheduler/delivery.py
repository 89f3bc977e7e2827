"""Delivering the follow-ups whose moment has come, through the channel the customer can
receive, and only marking them sent once they were delivered.

For each follow-up past its promised date (``FollowUps.deliverable``):

1. its moment: the company's opening hours on the first business day after the promised
   date, Paris time (``litige.follow_up_rules.may_fire``), and not before its retry time;
2. never over a person: while an advisor holds the conversation (or it waits for one), it
   waits;
3. the channel: the open widget (``litige.tickets.widgets``) unless the conversation is in
   another complaint right now; otherwise an e-mail with a link to answer; otherwise it
   stays due, with the reason, in the advisors' list;
4. delivered: the question was asked in the conversation (Rasa's answer shows it), or the
   e-mail was accepted by the SMTP server (or written to the outbox when no SMTP server is
   configured, ``delivered_via = outbox``); a failure is retried with a backoff, and after
   the last attempt it waits for a person.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Dict, Optional, Tuple

from litige import ownership
from litige.advisor_hours import Hours
from litige.catalogue import remedy_for
from litige.dates import format_french_date
from litige.follow_up_rules import may_fire, retry_delay
from litige.mailer import InvalidAddress, Mailer
from litige.phrases import render
from litige.rasa_api import RasaApi, RasaUnavailable
from litige.tickets.follow_ups import MAX_FOLLOW_UP_ATTEMPTS, FollowUps
from litige.tickets.owners import OwnerStore
from litige.tickets.record import complaint_key
from litige.tickets.store import TicketStore
from litige.tickets.widgets import WidgetConnections
from litige.wording import has_email

logger = logging.getLogger(__name__)
FOLLOW_UP_ACTION = "action_follow_up"
STUCK_AFTER = timedelta(minutes=10)  # a row "firing" longer than this was left by a crash
IN_PROGRESS = ("attention", "questioning", "resolution", "handoff")
WITH_A_PERSON = (ownership.ADVISOR, ownership.WAITING, ownership.CALLBACK)
UNREACHABLE = "personne à joindre : widget fermé et pas d'adresse e-mail"


class NotDelivered(RuntimeError):
    pass


@dataclass
class DeliveryReport:
    fired: int = 0  # delivered (widget or e-mail)
    failed: int = 0
    skipped: int = 0  # not its moment, an advisor holds the conversation, another scheduler
    unreachable: int = 0  # nobody to deliver it to: left to the advisors
    recovered: int = 0  # rows left "firing" by a crash


class FollowUpDelivery:
    def __init__(
        self,
        store: TicketStore,
        client: RasaApi,
        hours: Hours,
        mailer: Optional[Mailer] = None,
        console_url: str = "http://127.0.0.1:5010",
    ):
        self.follow_ups = FollowUps(store)
        self.owners = OwnerStore(store)
        self.widgets = WidgetConnections(store)
        self.client = client
        self.hours = hours
        self.mailer = mailer
        self.console_url = console_url.rstrip("/")

    def run(self, today: date, now: datetime) -> DeliveryReport:
        report = DeliveryReport()
        report.recovered = self.follow_ups.recover_stuck(now, STUCK_AFTER)
        for row in self.follow_ups.deliverable(today):
            retry_at = _aware(row.get("next_attempt_at"))
            if (retry_at and now < retry_at) or not may_fire(row["due_date"], self.hours, now):
                report.skipped += 1  # not its moment yet
                continue
            if self.owners.get(row["conversation_id"]).state in WITH_A_PERSON:
                report.skipped += 1  # an advisor holds it, or the customer waits for one
                continue
            self._deliver(row, today, now, report)
        return report

    def _deliver(self, row: Dict[str, Any], today: date, now: datetime, report: DeliveryReport) -> None:
        widget_open = self.widgets.is_connected(row["conversation_id"])
        busy = widget_open and self._busy(row)
        email = row.get("customer_email") if has_email(row.get("customer_email")) else None
        channel = "widget" if widget_open and not busy else ("email" if email else None)
        if channel is None:
            if busy:  # the widget is open, the customer is in another complaint: asked after it
                report.skipped += 1
                return
            self.follow_ups.unreachable(
                row["id"], "personne à joindre : widget fermé et pas d'adresse e-mail"
            )
            report.unreachable += 1
            return
        if not self.follow_ups.claim(row["id"], now):
            report.skipped += 1  # another scheduler got it
            return
        try:
            via = self._through_widget(row) if channel == "widget" else self._by_email(row, email, today)
        except (NotDelivered, RasaUnavailable) as error:
            attempts = int(row.get("attempts") or 0) + 1
            retry_at = now + retry_delay(attempts) if attempts < MAX_FOLLOW_UP_ATTEMPTS else None
            logger.warning("follow-up %s of %s not delivered: %s", row["id"], row["reference"], error)
            self.follow_ups.failed(row["id"], str(error), retry_at)
            report.failed += 1
            return
        self.follow_ups.delivered(row["id"], via)
        report.fired += 1

    def _busy(self, row: Dict[str, Any]) -> bool:
        """Whether the conversation is in another complaint right now (never interrupted).
        Rasa not answering: not known here, the delivery attempt will tell."""
        try:
            slots = (self.client.tracker(row["conversation_id"]) or {}).get("slots") or {}
        except RasaUnavailable:
            return False
        started = slots.get("complaint_started_at")
        return bool(
            slots.get("waltz_step") in IN_PROGRESS
            and started
            and complaint_key(started) != row["complaint_key"]
        )

    def _through_widget(self, row: Dict[str, Any]) -> str:
        """Ask in the open widget: delivered when Rasa shows the question was asked."""
        self.client.execute(row["conversation_id"], FOLLOW_UP_ACTION)
        # Rasa 3.6's /execute answers with the tracker as it was *before* the action: read it again
        slots = (self.client.tracker(row["conversation_id"]) or {}).get("slots") or {}
        asked = slots.get("follow_up_state") == "asked" and slots.get("follow_up_ticket") == row["reference"]
        if not asked:
            raise NotDelivered("la question de suivi n'a pas été posée dans la conversation")
        return "widget"

    def _by_email(self, row: Dict[str, Any], email: str, today: date) -> str:
        if self.mailer is None:
            raise NotDelivered("aucun envoi d'e-mail configuré")
        token = secrets.token_urlsafe(24)
        self.follow_ups.set_answer_token(row["id"], token)
        subject, body = compose(row, today, f"{self.console_url}/suivi/{token}")
        try:
            delivery = self.mailer.send(email, subject, body)
        except InvalidAddress as error:
            raise NotDelivered(f"adresse e-mail inutilisable : {error}") from None
        if delivery.error:
            raise NotDelivered(f"SMTP : {delivery.error}")
        return "email" if delivery.sent else "outbox"


def compose(row: Dict[str, Any], today: date, link: str) -> Tuple[str, str]:
    """The follow-up e-mail: what was promised, for when, and the link to answer."""
    name = (row.get("customer_name") or "").strip()
    greeting = render("mail_greeting", slots={"named": bool(name)}, values={"name": name})[0]
    remedy = remedy_for(row.get("category"), row.get("agreed_remedy"))
    values = {
        "greeting": greeting,
        "reference": row["reference"],
        "promise": remedy.promise if remedy else "le traitement de votre dossier",
        "due": format_french_date(row["due_date"], today=today),
        "link": link,
    }
    subject = render("mail_follow_up_subject", values=values)[0]
    return subject.strip(), render("mail_follow_up_body", values=values)[0]


def _aware(moment: Optional[datetime]) -> Optional[datetime]:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
