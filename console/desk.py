"""What an advisor does with a conversation, in one place: the queue, the brief, take, reply,
note, status, release, hand back, close.

The owner row (litige/tickets/owners.py) is the authority: every move starts there, with a
compare-and-set, so exactly one advisor wins a conversation. Rasa's tracker follows: a
``pause`` while an advisor holds the conversation (the assistant then runs no action at all),
the advisor's messages as bot messages carrying the advisor in their metadata (pushed to the
customer's widget), a ``resume`` when the advisor hands back or closes, then one action of
the assistant (actions/advisor.py) through ``/execute``.

Database work runs in a thread (the console's event loop never waits on SQLite).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any, Callable, Dict, List, Optional

from console.accounts import Account
from litige import clock, ownership
from litige.assist import suggestions
from litige.brief import CATEGORY_LABELS, PRIORITY_LABELS, build_brief, reason_text
from litige.catalogue import catalogue, category_for
from litige.dates import format_french_date
from litige.emotion_chart import svg
from litige.mailer import Mailer
from litige.ownership import Owner, TransitionRefused
from litige.phrases import render
from litige.rasa_api import AsyncRasaApi, RasaUnavailable
from litige.tickets.follow_ups import MAX_FOLLOW_UP_ATTEMPTS, FollowUps
from litige.tickets.models import STATUSES
from litige.tickets.owners import OwnerStore
from litige.tickets.presence import Notes, Presence
from litige.tickets.store import TicketNotFound, TicketStore, TicketStoreUnavailable

logger = logging.getLogger(__name__)
MAX_TEXT = 2000
STATUS_LABELS = {
    "open": "Ouvert",
    "pending_agent": "En attente d'un conseiller",
    "in_progress": "En cours",
    "resolved": "Résolu",
    "closed": "Clos",
}


class Refused(Exception):
    """A move the advisor cannot make; ``message`` is French, ``status`` the HTTP status."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


def _text(value: Any, what: str) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        raise Refused(f"{what} est vide.", 400)
    if len(text) > MAX_TEXT:
        raise Refused(f"{what} dépasse {MAX_TEXT} caractères.", 400)
    return text


def advisor_message(account: Account, text: str, now: float) -> Dict[str, Any]:
    """The tracker event of an advisor's message: a bot message with the advisor's identity."""
    return {
        "event": "bot",
        "timestamp": now,
        "text": f"**{account.first_name}** : {text}",
        "data": {},
        "metadata": {"advisor": {"id": account.id, "first_name": account.first_name}, "advisor_text": text},
    }


def _console_says(key: str, account: Account, now: float) -> Dict[str, Any]:
    """A notice the console sends on the advisor's behalf (joined, left): a bot message with the
    advisor's identity, like the advisor's own messages."""
    text, _ = render(key, values={"advisor": account.first_name})
    advisor = {"id": account.id, "first_name": account.first_name}
    return {
        "event": "bot",
        "timestamp": now,
        "text": text,
        "data": {},
        "metadata": {"advisor": advisor, "notice": key},
    }


def _slot(name: str, value: Any, now: float) -> Dict[str, Any]:
    return {"event": "slot", "timestamp": now, "name": name, "value": value}


class Desk:
    def __init__(
        self,
        store: TicketStore,
        rasa: AsyncRasaApi,
        mailer: Optional[Mailer] = None,
        now: Callable = clock.now,
        presence_seconds: int = 90,
    ):
        self.store = store
        self.owners = OwnerStore(store)
        self.notes = Notes(store)
        self.presence = Presence(store)
        self.rasa = rasa
        self.mailer = mailer
        self.now = now
        self.presence_seconds = presence_seconds

    async def _db(self, work: Callable, *args: Any) -> Any:
        try:
            return await asyncio.to_thread(work, *args)
        except TicketStoreUnavailable as error:
            logger.error("console: ticket database unavailable: %s", error)
            raise Refused("La base des dossiers ne répond pas ; réessayez dans un instant.", 503) from None

    async def _rasa(self, call) -> Any:
        try:
            return await call
        except RasaUnavailable as error:
            logger.error("console: Rasa unavailable: %s", error)
            raise Refused(
                "Le serveur de l'assistant ne répond pas ; réessayez dans un instant.", 502
            ) from None

    # ------------------------------------------------------------------ reads
    async def queue(self) -> List[Dict[str, Any]]:
        """Waiting (queue order), then held by an advisor, then call backs (by time)."""

        def work():
            owners = self.owners.list([ownership.WAITING, ownership.ADVISOR, ownership.CALLBACK])
            waiting = ownership.queue_order(owners)
            held = sorted((o for o in owners if o.state == ownership.ADVISOR), key=lambda o: o.taken_at)
            later = sorted((o for o in owners if o.state == ownership.CALLBACK), key=lambda o: o.callback_at)
            tickets = {}
            for owner in waiting + held + later:
                if owner.ticket_reference:
                    try:
                        tickets[owner.conversation_id] = self.store.get(owner.ticket_reference).data
                    except TicketNotFound:
                        pass
            return waiting + held + later, tickets

        owners, tickets = await self._db(work)
        now = self.now()
        return [self._queue_item(o, tickets.get(o.conversation_id) or {}, now) for o in owners]

    async def undelivered_follow_ups(self) -> List[Dict[str, Any]]:
        """Follow-ups past their date that no channel could deliver (no widget open, no
        address, or every attempt failed): for an advisor to do by hand."""
        today = clock.paris(self.now()).date()
        rows = await self._db(lambda: FollowUps(self.store).undelivered(today))
        return [
            {
                "reference": row["reference"],
                "conversation_id": row["conversation_id"],
                "due": format_french_date(row["due_date"], today=today),
                "category_label": CATEGORY_LABELS.get(row.get("category") or "", "Non précisée"),
                "customer_email": row.get("customer_email") or "",
                "attempts": row["attempts"],
                "reason": row.get("last_error") or "",
                "given_up": row["status"] == "failed" and row["attempts"] >= MAX_FOLLOW_UP_ATTEMPTS,
            }
            for row in rows
        ]

    @staticmethod
    def _queue_item(owner: Owner, ticket: Dict[str, Any], now) -> Dict[str, Any]:
        since = owner.waiting_since
        return {
            "conversation_id": owner.conversation_id,
            "state": owner.state,
            "priority": owner.priority,
            "reason": owner.reason,
            "reason_text": reason_text(owner.reason),
            "reference": owner.ticket_reference,
            "priority_label": PRIORITY_LABELS.get(owner.priority, owner.priority),
            "category_label": CATEGORY_LABELS.get(ticket.get("category") or "", "Non précisée"),
            "customer_name": ticket.get("customer_name"),
            "waiting_since": since.isoformat() if since else None,
            "waited_minutes": int((now - since).total_seconds() // 60) if since and since <= now else 0,
            "advisor_id": owner.advisor_id,
            "advisor_name": owner.advisor_name,
            "callback_at": owner.callback_at.isoformat() if owner.callback_at else None,
        }

    async def conversation(self, conversation_id: str, account: Account) -> Dict[str, Any]:
        """Everything the conversation page shows: the brief, the owner, the choices."""

        def work():
            owner = self.owners.get(conversation_id)
            ticket = None
            if owner.ticket_reference:
                try:
                    ticket = self.store.get(owner.ticket_reference).data
                except TicketNotFound:
                    ticket = None
            return owner, ticket, self.notes.list(conversation_id)

        owner, ticket, notes = await self._db(work)
        tracker = await self._rasa(self.rasa.tracker(conversation_id))
        events = tracker.get("events") or []
        if not events and owner.state == ownership.BOT and ticket is None:
            raise Refused("Cette conversation n'existe pas.", 404)
        owner_view = asdict(owner)
        brief = build_brief(events, ticket, owner_view, notes)
        category = brief.get("category")
        current = brief.get("current_emotion") or {}
        return {
            "owner": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in owner_view.items()},
            "mine": owner.state == ownership.ADVISOR and owner.advisor_id == account.id,
            "brief": _jsonable(brief),
            "chart": svg(brief.get("emotions") or []),
            "suggestions": suggestions(
                current.get("emotion"), category, " ".join(brief.get("customer_words") or [])
            ),
            "categories": _categories(),
            "statuses": [{"name": s, "label": STATUS_LABELS[s]} for s in STATUSES],
            "today": clock.today().isoformat(),
        }

    # ------------------------------------------------------------------ moves
    async def take(self, conversation_id: str, account: Account) -> Owner:
        now = self.now()
        try:
            owner = await self._db(self.owners.take, conversation_id, account.id, account.first_name, now)
        except TransitionRefused:
            current = await self._db(self.owners.get, conversation_id)
            if current.state == ownership.ADVISOR:
                raise Refused(f"{current.advisor_name} a déjà pris cette conversation.") from None
            raise Refused("Cette conversation n'attend plus de conseiller.") from None
        stamp = time.time()
        events = [
            {"event": "pause", "timestamp": stamp},
            _slot("advisor_name", account.first_name, stamp),
            _console_says("advisor_joined", account, stamp),
        ]
        try:
            await self._rasa(self.rasa.append(conversation_id, events))
        except Refused:
            await self._db(self.owners.release, conversation_id, self.now())  # nothing half-done
            raise
        if owner.ticket_reference:
            await self._ticket_status(
                owner.ticket_reference, "in_progress", account, "pris par un conseiller"
            )
        return owner

    async def _held(self, conversation_id: str, account: Account) -> Owner:
        owner = await self._db(self.owners.get, conversation_id)
        if owner.state != ownership.ADVISOR:
            raise Refused("Prenez d'abord la conversation.")
        if owner.advisor_id != account.id and account.role != "admin":
            raise Refused(f"Cette conversation est tenue par {owner.advisor_name}.", 403)
        return owner

    async def reply(self, conversation_id: str, account: Account, text: Any) -> None:
        text = _text(text, "Le message")
        owner = await self._held(conversation_id, account)
        await self._rasa(self.rasa.append(conversation_id, [advisor_message(account, text, time.time())]))
        if owner.callback_at and self.mailer is not None:
            await self._mail_reply(conversation_id, owner, account, text)

    async def _mail_reply(self, conversation_id: str, owner: Owner, account: Account, text: str) -> None:
        """A call back was promised "ici ou par e-mail": the reply goes to the e-mail too."""
        tracker = await self._rasa(self.rasa.tracker(conversation_id))
        email = (tracker.get("slots") or {}).get("customer_email")
        if not email:
            return
        reference = owner.ticket_reference or ""
        subject, _ = render("mail_advisor_reply_subject", values={"reference": reference})
        body, _ = render("mail_advisor_reply_body", values={"advisor": account.first_name, "text": text})
        delivery = await self.mailer.send_async(email, subject.strip(), body)
        if not delivery.sent and not delivery.outbox_path:
            logger.error("console: the advisor's reply could not be e-mailed: %s", delivery.error)

    async def note(self, conversation_id: str, account: Account, text: Any) -> None:
        text = _text(text, "La note")
        await self._db(self.notes.add, conversation_id, account.id, account.first_name, text, self.now())

    async def set_status(self, conversation_id: str, account: Account, status: Any) -> None:
        if status not in STATUSES:
            raise Refused("Statut inconnu.", 400)
        owner = await self._db(self.owners.get, conversation_id)
        if not owner.ticket_reference:
            raise Refused("Cette conversation n'a pas de dossier.", 404)
        await self._ticket_status(owner.ticket_reference, status, account, "changé dans la console")

    async def _ticket_status(self, reference: str, status: str, account: Account, note: str) -> None:
        try:
            await self._db(self.store.set_status, reference, status, f"conseiller:{account.login}", note)
        except TicketNotFound:
            raise Refused("Dossier introuvable.", 404) from None

    async def release(self, conversation_id: str, account: Account) -> None:
        await self._held(conversation_id, account)
        await self._db(self.owners.release, conversation_id, self.now())
        stamp = time.time()
        events = [
            _console_says("advisor_left", account, stamp),
            {"event": "resume", "timestamp": stamp},
        ]
        await self._rasa(self.rasa.append(conversation_id, events))

    async def hand_back(self, conversation_id: str, account: Account, form: Dict[str, Any]) -> None:
        """Back to the assistant with what was agreed: a remedy of the category and its date."""
        category = category_for(form.get("category"))
        if category is None:
            raise Refused("Choisissez le type de réclamation.", 400)
        remedy = category.remedy(form.get("remedy") or "")
        if remedy is None:
            raise Refused("Choisissez la solution convenue avec le client.", 400)
        due = _due(form.get("due_date"))
        await self._held(conversation_id, account)
        await self._db(self.owners.hand_back, conversation_id, self.now())
        stamp = time.time()
        events = [
            {"event": "resume", "timestamp": stamp},
            _slot("complaint_category", category.name, stamp),
            _slot("current_remedy", remedy.id, stamp),
            _slot("due_date", due.isoformat(), stamp),
            _slot("appointment_window", None, stamp),
            _slot("waltz_step", "resolution", stamp),
        ]
        await self._rasa(self.rasa.append(conversation_id, events, push=False))
        await self._rasa(self.rasa.execute(conversation_id, "action_advisor_handed_back"))

    async def close(self, conversation_id: str, account: Account, status: Any = "resolved") -> None:
        if status not in ("resolved", "closed"):
            raise Refused("Statut de clôture inconnu.", 400)
        owner = await self._held(conversation_id, account)
        await self._db(self.owners.close, conversation_id, self.now())
        if owner.ticket_reference:
            await self._ticket_status(owner.ticket_reference, status, account, "clôturé par le conseiller")
        stamp = time.time()
        await self._rasa(
            self.rasa.append(conversation_id, [{"event": "resume", "timestamp": stamp}], push=False)
        )
        await self._rasa(self.rasa.execute(conversation_id, "action_advisor_closed"))

    # ------------------------------------------------------------------ presence
    async def seen(self, account: Account) -> None:
        await self._db(self.presence.touch, account.id, account.first_name, self.now())

    async def gone(self, account: Account) -> None:
        await self._db(self.presence.leave, account.id)


def _due(value: Any) -> date:
    try:
        due = date.fromisoformat(str(value or ""))
    except ValueError:
        raise Refused("Indiquez la date convenue (jj/mm/aaaa).", 400) from None
    today = clock.today()
    if due < today:
        raise Refused("La date convenue est déjà passée.", 400)
    if due > today + timedelta(days=366):
        raise Refused("La date convenue est à plus d'un an.", 400)
    return due


def _categories() -> List[Dict[str, Any]]:
    """The categories and their remedies, for the hand-back form (what the assistant can recap
    and follow up: the catalogue's remedies)."""
    return [
        {
            "name": name,
            "label": CATEGORY_LABELS.get(name, name),
            "remedies": [{"id": r.id, "label": r.promise} for r in category.remedies],
        }
        for name, category in catalogue().items()
    ]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
