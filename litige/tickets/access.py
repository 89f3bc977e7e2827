"""The ticket store and the spool of this process, from the settings (``litige.config``):
created on first use and cached, shared by the action server, the scheduler and the CLI."""

from __future__ import annotations

from functools import lru_cache

from litige.config import get_settings
from litige.tickets.spool import Spool
from litige.tickets.store import TicketStore


@lru_cache(maxsize=4)
def _store(url: str, timeout: float) -> TicketStore:
    return TicketStore(url, timeout=timeout)


def get_store() -> TicketStore:
    settings = get_settings()
    return _store(settings.ticket_db_url, settings.ticket_db_timeout)


def get_spool() -> Spool:
    return Spool(get_settings().ticket_spool_path)
