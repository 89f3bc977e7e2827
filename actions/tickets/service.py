"""The bridge between the conversation and the ticket store, used by the actions.

The store, the spool and their settings are created on first use and cached."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Optional

from rasa_sdk import Tracker

from actions.config import get_settings
from actions.tickets.record import build_record
from actions.tickets.spool import Spool
from actions.tickets.store import Ticket, TicketStore, TicketStoreUnavailable

logger = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def _store(url: str, timeout: float) -> TicketStore:
    return TicketStore(url, timeout=timeout)


def get_store() -> TicketStore:
    settings = get_settings()
    return _store(settings.ticket_db_url, settings.ticket_db_timeout)


def get_spool() -> Spool:
    return Spool(get_settings().ticket_spool_path)


def sync_ticket(
    tracker: Tracker, status: Optional[str] = None, note: Optional[str] = None
) -> Optional[Ticket]:
    """Create or update the ticket of the conversation's current complaint. When the
    database is unavailable, the complaint goes to the spool (replayed later) and None is
    returned: the caller tells the customer and keeps the data in the conversation."""
    if not tracker.get_slot("complaint_category"):
        return None
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
