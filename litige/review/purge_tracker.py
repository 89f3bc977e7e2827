"""The purge's side of Rasa's SQL tracker store: who was active when, who is the customer, and
deleting a conversation's events (litige/review/purge.py runs the purge itself)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from litige.review.sync import events_table
from litige.tickets.database import TicketStoreUnavailable

CHUNK = 500  # ids per IN (...) list


def chunks(items: Sequence[Any]) -> Iterable[List[Any]]:
    for start in range(0, len(items), CHUNK):
        yield list(items[start : start + CHUNK])


# ---------------------------------------------------------------------- the tracker store
class Tracker:
    """Rasa's SQL tracker store, written to (the review desk's reader is read-only)."""

    def __init__(self, url: str, timeout: float):
        self.url = sa.engine.make_url(url)
        self.timeout = timeout

    def _engine(self) -> Optional[Engine]:
        if self.url.get_backend_name() == "sqlite":
            if not self.url.database or not Path(self.url.database).exists():
                return None  # Rasa never created it: nothing to purge
            return sa.create_engine(self.url, hide_parameters=True, connect_args={"timeout": self.timeout})
        waits = int(self.timeout * 1000)
        return sa.create_engine(
            self.url,
            hide_parameters=True,
            connect_args={
                "connect_timeout": max(1, int(self.timeout)),
                "options": f"-c lock_timeout={waits}",
            },
        )

    def run(self, work) -> Any:
        engine = self._engine()
        if engine is None:
            return work(None)
        try:
            with engine.begin() as connection:
                if not sa.inspect(connection).has_table("events"):
                    return work(None)
                return work(connection)
        except SQLAlchemyError as error:
            raise TicketStoreUnavailable(f"tracker store: {getattr(error, 'orig', None) or error}") from error
        finally:
            engine.dispose()


def last_events(connection: Optional[Connection]) -> Dict[str, float]:
    if connection is None:
        return {}
    ev = events_table.c
    query = sa.select(ev.sender_id, sa.func.max(ev.timestamp)).group_by(ev.sender_id)
    return {sender: float(last or 0) for sender, last in connection.execute(query)}


def senders_with_slot(connection: Optional[Connection], slot: str, wanted: str, normalise) -> Set[str]:
    """The conversations where ``slot`` was set to ``wanted`` (after ``normalise``)."""
    if connection is None:
        return set()
    ev = events_table.c
    query = sa.select(ev.sender_id, ev.data).where(ev.type_name == "slot", ev.action_name == slot)
    found = set()
    for sender, data in connection.execute(query):
        try:
            value = json.loads(data or "{}").get("value")
        except (ValueError, AttributeError):
            continue
        if isinstance(value, str) and normalise(value) == wanted:
            found.add(sender)
    return found


def delete_events(connection: Optional[Connection], conversations: List[str], dry_run: bool) -> int:
    if connection is None or not conversations:
        return 0
    ev = events_table.c
    count = 0
    for chunk in chunks(conversations):
        if dry_run:
            count += connection.execute(sa.select(sa.func.count()).where(ev.sender_id.in_(chunk))).scalar()
        else:
            count += connection.execute(events_table.delete().where(ev.sender_id.in_(chunk))).rowcount
    return count
