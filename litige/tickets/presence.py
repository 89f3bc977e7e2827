"""Which advisors are there, and their internal notes: the console records each signed-in
advisor's last sign of life, the bot reads who was seen recently (``ADVISOR_PRESENCE_SECONDS``)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import List, Tuple

import sqlalchemy as sa

from litige.tickets.models import advisor_presence as presence
from litige.tickets.store import TicketStore


class Presence:
    def __init__(self, store: TicketStore):
        self.store = store

    def touch(self, advisor_id: int, first_name: str, now: datetime) -> None:
        now = now.astimezone(timezone.utc)

        def work(connection):
            updated = connection.execute(
                presence.update()
                .where(presence.c.advisor_id == advisor_id)
                .values(first_name=first_name, last_seen_at=now)
            ).rowcount
            if not updated:
                connection.execute(
                    presence.insert().values(advisor_id=advisor_id, first_name=first_name, last_seen_at=now)
                )

        self.store._run(work)

    def leave(self, advisor_id: int) -> None:
        self.store._run(lambda c: c.execute(presence.delete().where(presence.c.advisor_id == advisor_id)))

    def online(self, now: datetime, within_seconds: int) -> List[Tuple[int, str]]:
        since = now - timedelta(seconds=within_seconds)
        rows = self.store.read(
            lambda c: c.execute(
                sa.select(presence.c.advisor_id, presence.c.first_name, presence.c.last_seen_at).order_by(
                    presence.c.advisor_id
                )
            ).fetchall()
        )
        return [(row.advisor_id, row.first_name) for row in rows if _aware(row.last_seen_at) >= since]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class Notes:
    """The advisors' internal notes on a conversation (never sent to the customer)."""

    def __init__(self, store: TicketStore):
        self.store = store

    def add(self, conversation_id: str, advisor_id: int, advisor_name: str, text: str, now: datetime) -> None:
        from litige.tickets.models import advisor_notes

        self.store._run(
            lambda c: c.execute(
                advisor_notes.insert().values(
                    conversation_id=conversation_id,
                    advisor_id=advisor_id,
                    advisor_name=advisor_name,
                    text=text,
                    at=now.astimezone(timezone.utc),
                )
            )
        )

    def list(self, conversation_id: str) -> List[dict]:
        from litige.tickets.models import advisor_notes

        rows = self.store.read(
            lambda c: c.execute(
                sa.select(advisor_notes)
                .where(advisor_notes.c.conversation_id == conversation_id)
                .order_by(advisor_notes.c.id)
            ).fetchall()
        )
        return [{**dict(row._mapping), "at": _aware(row.at)} for row in rows]
