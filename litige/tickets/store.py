"""TicketStore: tickets in SQL (SQLite by default, PostgreSQL with one URL).

* Schema created and upgraded by the versioned Alembic migrations in ``migrations/`` on
  first use (``migrate()``), never by scattered CREATE TABLE statements.
* Idempotent creation: one complaint (conversation id + complaint key) is one ticket, a
  uniqueness the database enforces (``uq_tickets_complaint``); concurrent or repeated
  saves all land on the same row.
* Status changes are compare-and-set and appended to ``ticket_history`` (append-only, a
  database trigger refuses updates and deletes).
* Every statement is parameterised (SQLAlchemy Core).
* A database that is down or locked raises ``TicketStoreUnavailable``; callers keep the
  complaint in the conversation and in the spool for a retry.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Dict, List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from litige import clock
from litige.tickets.database import Database, TicketRecordInvalid, TicketStoreUnavailable  # noqa: F401
from litige.tickets.models import PRIORITIES, STATUSES, follow_ups, ticket_history, ticket_proposals, tickets
from litige.tickets.priority import highest
from litige.tickets.record import ComplaintRecord

BOT = "bot"


class TicketNotFound(LookupError):
    pass


class InvalidTransition(ValueError):
    pass


REFERENCE_PATTERN = re.compile(r"^LIT-\d{4}-\d{6}$")


def reference_for(ticket_id: int, created_at: datetime) -> str:
    """LIT-<year of creation, Paris time>-<ticket number on 6 digits>: a complaint made at
    00:30 in Paris on 1 January is of the new year, although UTC still says December."""
    return f"LIT-{clock.paris(created_at).year}-{ticket_id:06d}"


@dataclass
class Ticket:
    id: int
    reference: str
    conversation_id: str
    status: str
    priority: str
    data: Dict[str, Any]
    created: bool = False  # this call created it

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


def _insert(dialect: str, table: sa.Table):
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:  # pragma: no cover - only the two supported back-ends
        raise TicketStoreUnavailable(f"unsupported database '{dialect}'")
    return insert(table)


class TicketStore(Database):
    """Create with a SQLAlchemy URL; nothing connects until the first call (the connection,
    its timeouts and the migrations are ``litige.tickets.database``'s)."""

    def mark_reference_delivered(self, reference: str) -> None:
        """The customer got the reference in the chat: no e-mail needed any more."""
        self._run(
            lambda c: c.execute(
                tickets.update().where(tickets.c.reference == reference).values(reference_email_pending=False)
            )
        )

    def mark_reference_email_pending(self, reference: str) -> None:
        self._run(
            lambda c: c.execute(
                tickets.update().where(tickets.c.reference == reference).values(reference_email_pending=True)
            )
        )

    # ------------------------------------------------------------------ writes
    def save_complaint(self, record: ComplaintRecord, actor: str = BOT) -> Ticket:
        """Create the complaint's ticket, or update it; idempotent."""
        return self._run(lambda connection: self._save(connection, record, actor))

    def _save(self, connection: Connection, record: ComplaintRecord, actor: str) -> Ticket:
        now = self.clock()
        dialect = connection.dialect.name
        status = record.status or "open"
        if status not in STATUSES or record.priority not in PRIORITIES:
            raise TicketRecordInvalid(f"invalid status/priority {status}/{record.priority}")
        values = self._values(record)
        inserted = connection.execute(
            _insert(dialect, tickets)
            .values(
                conversation_id=record.conversation_id,
                complaint_key=record.complaint_key,
                status=status,
                priority=record.priority,
                created_at=now,
                updated_at=now,
                **values,
            )
            .on_conflict_do_nothing(index_elements=["conversation_id", "complaint_key"])
        )
        created = inserted.rowcount == 1
        row = self._by_complaint(connection, record.conversation_id, record.complaint_key)
        if created:
            reference = reference_for(row.id, now)
            connection.execute(tickets.update().where(tickets.c.id == row.id).values(reference=reference))
            self._append_history(connection, row.id, actor, None, status, record.note or "ticket créé", now)
        else:
            updates = {key: value for key, value in values.items() if value is not None}
            updates["priority"] = highest(row.priority, record.priority)
            updates["updated_at"] = now
            connection.execute(tickets.update().where(tickets.c.id == row.id).values(**updates))
            if record.status and record.status != row.status:
                self._transition(connection, row.id, row.status, record.status, actor, record.note, now)
        self._save_proposals(connection, row.id, record, now)
        if record.agreed_remedy and record.due_date:
            connection.execute(
                _insert(dialect, follow_ups)
                .values(
                    ticket_id=row.id,
                    conversation_id=record.conversation_id,
                    due_date=record.due_date,
                    status="scheduled",
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=["ticket_id", "due_date"])
            )
        ticket = self._ticket(connection, row.id)
        ticket.created = created
        return ticket

    @staticmethod
    def _values(record: ComplaintRecord) -> Dict[str, Any]:
        return {
            "category": record.category,
            "customer_name": record.customer_name,
            "customer_email": record.customer_email,
            "customer_phone": record.customer_phone,
            "customer_address": record.customer_address,
            "customer_availability": record.customer_availability,
            "order_id": record.order_id,
            "description": record.description,
            "reformulation": record.reformulation,
            "expected_outcome": record.expected_outcome,
            "emotion_start": record.emotion_start,
            "emotion_peak": record.emotion_peak,
            "emotion_peak_intensity": record.emotion_peak_intensity,
            "emotion_end": record.emotion_end,
            "emotion_trajectory": json.dumps(record.emotion_trajectory)
            if record.emotion_trajectory
            else None,
            "agreed_remedy": record.agreed_remedy,
            "due_date": record.due_date,
            "appointment_window": record.appointment_window,
            "facts": json.dumps(record.facts, ensure_ascii=False) if record.facts else None,
            "handoff_reason": record.handoff_reason,
            "csat": record.csat,
        }

    def _save_proposals(self, connection: Connection, ticket_id: int, record: ComplaintRecord, now) -> None:
        dialect = connection.dialect.name
        for position, proposal in enumerate(record.proposals, start=1):
            statement = _insert(dialect, ticket_proposals).values(
                ticket_id=ticket_id,
                position=position,
                remedy=proposal.remedy,
                due_date=proposal.due_date,
                answer=proposal.answer,
                answered_at=now if proposal.answer != "pending" else None,
            )
            connection.execute(
                statement.on_conflict_do_update(
                    index_elements=["ticket_id", "position"],
                    set_={"answer": proposal.answer, "answered_at": statement.excluded.answered_at},
                    where=ticket_proposals.c.answer == "pending",
                )
            )

    def _append_history(self, connection, ticket_id, actor, from_status, to_status, note, now) -> None:
        connection.execute(
            ticket_history.insert().values(
                ticket_id=ticket_id,
                at=now,
                actor=(actor or BOT)[:80],
                from_status=from_status,
                to_status=to_status,
                note=note,
            )
        )

    def _transition(self, connection, ticket_id, old, new, actor, note, now) -> bool:
        if new not in STATUSES:
            raise InvalidTransition(f"unknown status '{new}'")
        changed = connection.execute(
            tickets.update()
            .where(tickets.c.id == ticket_id, tickets.c.status == old)
            .values(status=new, updated_at=now)
        ).rowcount
        if changed:
            self._append_history(connection, ticket_id, actor, old, new, note, now)
        return bool(changed)

    def set_status(
        self,
        reference: str,
        status: str,
        actor: str,
        note: Optional[str] = None,
    ) -> Ticket:
        """A status change by an agent (or the bot), recorded in the history."""

        def work(connection: Connection) -> Ticket:
            row = self._row_by_reference(connection, reference)
            now = self.clock()
            if status != row.status:
                self._transition(connection, row.id, row.status, status, actor, note, now)
            return self._ticket(connection, row.id)

        return self._run(work)

    # ------------------------------------------------------------------ reads
    @staticmethod
    def _by_complaint(connection: Connection, conversation_id: str, key: str):
        return connection.execute(
            sa.select(tickets).where(
                tickets.c.conversation_id == conversation_id, tickets.c.complaint_key == key
            )
        ).one()

    @staticmethod
    def _row_by_reference(connection: Connection, reference: str):
        row = connection.execute(sa.select(tickets).where(tickets.c.reference == reference)).first()
        if row is None:
            raise TicketNotFound(reference)
        return row

    def _ticket(self, connection: Connection, ticket_id: int) -> Ticket:
        row = connection.execute(sa.select(tickets).where(tickets.c.id == ticket_id)).one()
        data = dict(row._mapping)
        data["emotion_trajectory"] = json.loads(data["emotion_trajectory"] or "[]")
        data["proposals"] = _rows(connection, ticket_proposals, ticket_id, ticket_proposals.c.position)
        data["history"] = _rows(connection, ticket_history, ticket_id, ticket_history.c.id)
        data["follow_ups"] = _rows(connection, follow_ups, ticket_id, follow_ups.c.due_date)
        return Ticket(row.id, row.reference, row.conversation_id, row.status, row.priority, data)

    def get(self, reference: str) -> Ticket:
        return self.read(lambda c: self._ticket(c, self._row_by_reference(c, reference).id))

    def for_conversation(self, conversation_id: str) -> List[Ticket]:
        def work(connection: Connection) -> List[Ticket]:
            ids = connection.execute(
                sa.select(tickets.c.id)
                .where(tickets.c.conversation_id == conversation_id)
                .order_by(tickets.c.id)
            ).scalars()
            return [self._ticket(connection, ticket_id) for ticket_id in list(ids)]

        return self.read(work)

    def list(
        self,
        status: Optional[str] = None,
        priority: Optional[str] = None,
        category: Optional[str] = None,
        since: Optional[date] = None,
        until: Optional[date] = None,
    ) -> List[Dict[str, Any]]:
        def work(connection: Connection) -> List[Dict[str, Any]]:
            query = sa.select(tickets).order_by(tickets.c.created_at, tickets.c.id)
            if status:
                query = query.where(tickets.c.status == status)
            if priority:
                query = query.where(tickets.c.priority == priority)
            if category:
                query = query.where(tickets.c.category == category)
            if since:
                query = query.where(tickets.c.created_at >= clock.day_start(since))  # Paris days
            if until:
                query = query.where(tickets.c.created_at < clock.day_end(until))
            return [dict(row._mapping) for row in connection.execute(query)]

        return self.read(work)


def _rows(connection: Connection, table: sa.Table, ticket_id: int, order_by: Any) -> List[Dict[str, Any]]:
    """A ticket's child rows (proposals, history, follow-ups) as dicts, in order."""
    query = sa.select(table).where(table.c.ticket_id == ticket_id).order_by(order_by)
    return [dict(row._mapping) for row in connection.execute(query)]
