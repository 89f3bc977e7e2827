"""Tickets whose reference the customer was promised by e-mail (``reference_email_pending``):
set at the closure when the customer gave an address, and by the spool's replay when the
reference could not be given in the chat. The follow-up scheduler sends them."""

from __future__ import annotations

from typing import List

import sqlalchemy as sa

from litige.tickets.models import tickets
from litige.tickets.store import Ticket, TicketStore


def pending_reference_emails(store: TicketStore, limit: int = 50) -> List[Ticket]:
    """The oldest tickets waiting for their reference e-mail that have an address."""

    def work(connection) -> List[Ticket]:
        ids = connection.execute(
            sa.select(tickets.c.id)
            .where(tickets.c.reference_email_pending.is_(True))
            .where(tickets.c.customer_email.isnot(None))
            .where(tickets.c.reference.isnot(None))
            .order_by(tickets.c.id)
            .limit(limit)
        ).scalars()
        return [store._ticket(connection, ticket_id) for ticket_id in list(ids)]

    return store._run(work)
