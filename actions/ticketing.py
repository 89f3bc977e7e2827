"""The bridge between the conversation and the ticket store, used by the actions (the store
and the spool themselves are in ``litige.tickets``)."""

from __future__ import annotations

import logging
from typing import Optional

from rasa_sdk import Tracker

from litige.tickets.access import get_spool, get_store
from litige.tickets.record import build_record
from litige.tickets.store import Ticket, TicketRecordInvalid, TicketStoreUnavailable

logger = logging.getLogger(__name__)


def sync_ticket(
    tracker: Tracker, status: Optional[str] = None, note: Optional[str] = None, any_category: bool = False
) -> Optional[Ticket]:
    """Create or update the ticket of the conversation's current complaint. When the
    database is unavailable, the complaint goes to the spool (replayed later) and None is
    returned: the caller tells the customer and keeps the data in the conversation. A record
    the database refuses (not a database failure) is logged with the conversation id and set
    aside in the spool's dead letters for a person; it never blocks anything else."""
    if not any_category and not tracker.get_slot("complaint_category"):
        return None  # no complaint yet (a handoff passes any_category: it always leaves a ticket)
    record = build_record(tracker.sender_id, tracker.slots, tracker.events, status=status, note=note)
    try:
        return get_store().save_complaint(record)
    except TicketStoreUnavailable as error:
        logger.error("ticket store unavailable, complaint journalled: %s", error)
        try:
            get_spool().append(record, str(error))
        except OSError:
            logger.exception("the ticket spool is not writable either")
        return None
    except TicketRecordInvalid as error:
        logger.error("ticket of conversation %s refused by the database: %s", tracker.sender_id, error)
        try:
            get_spool().set_aside(record, str(error))
        except OSError:
            logger.exception("the ticket dead letters are not writable")
        return None
