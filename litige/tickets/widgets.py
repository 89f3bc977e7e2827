"""The customers' chat widgets connected right now: the socket.io channel of each Rasa
instance records a widget when it joins its conversation and forgets it when it leaves,
so the follow-up scheduler knows whether a message pushed into the conversation will be
seen (else it writes an e-mail). Shared by every instance through the ticket database."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timezone

import sqlalchemy as sa

from litige.tickets.models import widget_connections as widgets
from litige.tickets.store import TicketStore


def this_instance() -> str:
    """The Rasa process recording the connections (cleared when it starts again)."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


class WidgetConnections:
    def __init__(self, store: TicketStore):
        self.store = store

    def joined(self, sid: str, conversation_id: str, instance: str, now: datetime) -> None:
        now = now.astimezone(timezone.utc)

        def work(connection):
            connection.execute(widgets.delete().where(widgets.c.sid == sid))
            connection.execute(
                widgets.insert().values(
                    sid=sid[:64], conversation_id=conversation_id[:255], instance=instance, connected_at=now
                )
            )

        self.store._run(work)

    def left(self, sid: str) -> None:
        self.store._run(lambda c: c.execute(widgets.delete().where(widgets.c.sid == sid)))

    def forget_instance(self, instance: str) -> None:
        """A restarted instance's sockets are all gone."""
        self.store._run(lambda c: c.execute(widgets.delete().where(widgets.c.instance == instance)))

    def is_connected(self, conversation_id: str) -> bool:
        query = (
            sa.select(sa.func.count())
            .select_from(widgets)
            .where(widgets.c.conversation_id == conversation_id)
        )
        return bool(self.store.read(lambda c: c.execute(query).scalar()))
