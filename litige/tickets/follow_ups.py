"""The follow-ups of promised dates, in the ticket database: which are due, the claim that
keeps two schedulers from sending one twice, how each delivery went (widget, e-mail, or a
failure retried with a backoff), the rows a crash left in ``firing``, what advisors must
handle by hand, and the customer's answer (in the chat or through an e-mail's link).

The rows themselves are created with the ticket (``TicketStore.save_complaint``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Dict, List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from litige.tickets.models import follow_ups, tickets
from litige.tickets.priority import highest
from litige.tickets.store import BOT, Ticket, TicketStore

MAX_FOLLOW_UP_ATTEMPTS = 5  # delivery attempts before a follow-up is left to the advisors


class FollowUps:
    def __init__(self, store: TicketStore):
        self.store = store

    def due(self, today: date, include_pending: bool = False) -> List[Dict[str, Any]]:
        """Follow-ups whose date has come and that have not been sent yet (and, for the
        operators' view, those already sent but still unanswered)."""
        if include_pending:
            condition = follow_ups.c.status.in_(["scheduled", "failed", "firing", "sent"])
        else:
            condition = _fireable()

        def work(connection: Connection) -> List[Dict[str, Any]]:
            query = (
                sa.select(
                    follow_ups,
                    tickets.c.reference,
                    tickets.c.agreed_remedy,
                    tickets.c.status.label("ticket_status"),
                )
                .join(tickets, tickets.c.id == follow_ups.c.ticket_id)
                .where(follow_ups.c.due_date <= today, condition)
                .order_by(follow_ups.c.due_date, follow_ups.c.id)
            )
            return [dict(row._mapping) for row in connection.execute(query)]

        return self.store.read(work)

    def deliverable(self, today: date) -> List[Dict[str, Any]]:
        """Follow-ups whose promised date is over (before ``today``) that may still be sent,
        with what their delivery needs from the ticket; the scheduler decides when
        (litige.follow_up_rules) and through which channel."""

        def work(connection: Connection) -> List[Dict[str, Any]]:
            query = (
                sa.select(
                    follow_ups,
                    tickets.c.reference,
                    tickets.c.category,
                    tickets.c.agreed_remedy,
                    tickets.c.complaint_key,
                    tickets.c.customer_email,
                    tickets.c.customer_name,
                )
                .join(tickets, tickets.c.id == follow_ups.c.ticket_id)
                .where(follow_ups.c.due_date < today, _fireable())
                .order_by(follow_ups.c.due_date, follow_ups.c.id)
            )
            return [dict(row._mapping) for row in connection.execute(query)]

        return self.store.read(work)

    def claim(self, follow_up_id: int, now: Optional[datetime] = None) -> bool:
        """Mark a follow-up as being fired; False if another scheduler got it first or it
        may no longer be fired (see `_fireable`)."""
        claim = (
            follow_ups.update()
            .where(follow_ups.c.id == follow_up_id, _fireable())
            .values(status="firing", attempts=follow_ups.c.attempts + 1, claimed_at=now or self.store.clock())
        )
        return bool(self.store._run(lambda c: c.execute(claim).rowcount))

    def delivered(self, follow_up_id: int, via: str) -> None:
        """It reached the customer (``via``: widget, email, outbox): sent, waiting for the answer."""
        values = {
            "status": "sent",
            "fired_at": self.store.clock(),
            "delivered_via": via,
            "next_attempt_at": None,
        }
        self.store._run(
            lambda c: c.execute(follow_ups.update().where(follow_ups.c.id == follow_up_id).values(**values))
        )

    def failed(self, follow_up_id: int, error: str, retry_at: Optional[datetime]) -> None:
        """The delivery failed: tried again from ``retry_at``; after MAX_FOLLOW_UP_ATTEMPTS it
        is no longer fired and waits for a person (``undelivered``)."""
        values = {"status": "failed", "last_error": error[:500], "next_attempt_at": retry_at}
        self.store._run(
            lambda c: c.execute(follow_ups.update().where(follow_ups.c.id == follow_up_id).values(**values))
        )

    def recover_stuck(self, now: datetime, older_than: timedelta) -> int:
        """Follow-ups left in ``firing`` by a scheduler that crashed mid-delivery: failed, to be
        tried again at once (the attempt is counted)."""
        stuck = follow_ups.c.status == "firing"
        old = sa.or_(follow_ups.c.claimed_at.is_(None), follow_ups.c.claimed_at < now - older_than)
        recovered = (
            follow_ups.update()
            .where(stuck, old)
            .values(
                status="failed", last_error="envoi interrompu (arrêt du planificateur)", next_attempt_at=now
            )
        )
        return int(self.store._run(lambda c: c.execute(recovered).rowcount))

    def unreachable(self, follow_up_id: int, reason: str) -> None:
        """Nobody to deliver it to right now (no widget open, no e-mail address): it stays
        due, with the reason, in the advisors' list (no attempt is counted)."""
        self.store._run(
            lambda c: c.execute(
                follow_ups.update().where(follow_ups.c.id == follow_up_id).values(last_error=reason[:500])
            )
        )

    def undelivered(self, today: date) -> List[Dict[str, Any]]:
        """What advisors must handle by hand: follow-ups past their date that could not be
        delivered (nobody to reach, or failing and retried), and those given up after
        MAX_FOLLOW_UP_ATTEMPTS."""

        def work(connection: Connection) -> List[Dict[str, Any]]:
            given_up = sa.and_(
                follow_ups.c.status == "failed", follow_ups.c.attempts >= MAX_FOLLOW_UP_ATTEMPTS
            )
            waiting = sa.and_(
                follow_ups.c.status.in_(["scheduled", "failed"]),
                follow_ups.c.due_date < today,
                follow_ups.c.last_error.is_not(None),
            )
            query = (
                sa.select(follow_ups, tickets.c.reference, tickets.c.category, tickets.c.customer_email)
                .join(tickets, tickets.c.id == follow_ups.c.ticket_id)
                .where(sa.or_(given_up, waiting), tickets.c.status.not_in(["resolved", "closed"]))
                .order_by(follow_ups.c.due_date, follow_ups.c.id)
            )
            return [dict(row._mapping) for row in connection.execute(query)]

        return self.store.read(work)

    def set_answer_token(self, follow_up_id: int, token: str) -> None:
        self.store._run(
            lambda c: c.execute(
                follow_ups.update().where(follow_ups.c.id == follow_up_id).values(answer_token=token)
            )
        )

    def by_token(self, token: str) -> Optional[Dict[str, Any]]:
        """The follow-up an e-mail's answer link points to, with its ticket's reference,
        category, agreed remedy and promised date; None for an unknown token."""

        def work(connection: Connection):
            row = connection.execute(
                sa.select(
                    follow_ups,
                    tickets.c.reference,
                    tickets.c.category,
                    tickets.c.agreed_remedy,
                    tickets.c.status.label("ticket_status"),
                )
                .join(tickets, tickets.c.id == follow_ups.c.ticket_id)
                .where(follow_ups.c.answer_token == token)
            ).first()
            return dict(row._mapping) if row else None

        return self.store.read(work)

    def firing(self, conversation_id: str) -> Optional[Dict[str, Any]]:
        """The follow-up being delivered to this conversation right now (or just sent),
        with what its question needs from the ticket (reference, category, agreed remedy,
        promised date as ``ticket_due_date``)."""

        def work(connection: Connection):
            row = connection.execute(
                sa.select(
                    follow_ups,
                    tickets.c.reference,
                    tickets.c.category,
                    tickets.c.agreed_remedy,
                    tickets.c.due_date.label("ticket_due_date"),
                )
                .join(tickets, tickets.c.id == follow_ups.c.ticket_id)
                .where(
                    follow_ups.c.conversation_id == conversation_id,
                    follow_ups.c.status.in_(["firing", "sent"]),
                )
                .order_by(follow_ups.c.due_date.desc(), follow_ups.c.id.desc())
            ).first()
            return dict(row._mapping) if row else None

        return self.store.read(work)

    def answer(self, reference: str, solved: bool, actor: str = BOT) -> Ticket:
        """The customer's answer on the promised date: solved -> resolved; not solved ->
        the ticket is reopened at high priority."""

        def work(connection: Connection) -> Ticket:
            row = self.store._row_by_reference(connection, reference)
            now = self.store.clock()
            connection.execute(
                follow_ups.update()
                .where(follow_ups.c.ticket_id == row.id, follow_ups.c.status.in_(["firing", "sent"]))
                .values(status="answered", answer="yes" if solved else "no", answered_at=now)
            )
            if solved:
                self.store._transition(
                    connection,
                    row.id,
                    row.status,
                    "resolved",
                    actor,
                    "suivi : le client confirme que c'est réglé",
                    now,
                )
            else:
                if row.status != "open":
                    self.store._transition(
                        connection,
                        row.id,
                        row.status,
                        "open",
                        actor,
                        "suivi : pas réglé à la date promise, ticket rouvert",
                        now,
                    )
                else:
                    self.store._append_history(
                        connection, row.id, actor, "open", "open", "suivi : pas réglé à la date promise", now
                    )
                connection.execute(
                    tickets.update()
                    .where(tickets.c.id == row.id)
                    .values(priority=highest(row.priority, "high"), updated_at=now)
                )
            return self.store._ticket(connection, row.id)

        return self.store._run(work)


def _fireable() -> Any:
    """A follow-up that may be sent: not sent yet (or failed), fewer than
    MAX_FOLLOW_UP_ATTEMPTS tries, and its ticket neither resolved nor closed."""
    open_tickets = sa.select(tickets.c.id).where(tickets.c.status.not_in(["resolved", "closed"]))
    return sa.and_(
        follow_ups.c.status.in_(["scheduled", "failed"]),
        follow_ups.c.attempts < MAX_FOLLOW_UP_ATTEMPTS,
        follow_ups.c.ticket_id.in_(open_tickets),
    )
