"""The review desk's read model kept up to date from Rasa's SQL tracker store.

The tracker store (``TRACKER_STORE_URL``, table ``events``: id, sender_id, type_name,
timestamp, intent_name, action_name, data) is only ever read, through its own engine. The
sync reads the senders with events above the watermark (the highest ``events.id`` read, in
``review_sync``), summarises each of those conversations whole (``timeline.summarise``) and
upserts its row in ``review_conversations``. The last ``RESCAN`` ids under the watermark are
looked at again: on PostgreSQL a conversation's events may be committed after a later id
of another conversation was read; a conversation whose last event id did not change is not
summarised again.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from litige.review.timeline import ABANDON_MINUTES, Summary, summarise
from litige.text import fold
from litige.tickets.database import Database, TicketStoreUnavailable
from litige.tickets.models import review_conversations, review_sync

WATERMARK = "tracker"
RESCAN = 500  # event ids under the watermark read again (late commits of other conversations)
CHUNK = 100  # conversations read, summarised and written together

# Rasa 3.6's SQL tracker store table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent): read
# here; the tools and the tests that fill a tracker store write it with ``event_row``
events_table = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


def event_row(sender_id: str, event: Dict[str, Any]) -> Dict[str, Any]:
    """The row Rasa's SQL tracker store writes for one event (``Event.as_dict()``)."""
    parse = event.get("parse_data") or {}
    return {
        "sender_id": sender_id,
        "type_name": event.get("event"),
        "timestamp": event.get("timestamp"),
        "intent_name": (parse.get("intent") or {}).get("name"),
        "action_name": event.get("name"),
        "data": json.dumps({key: value for key, value in event.items() if key != "_id"}),
    }


_LENGTHS = {
    column.name: column.type.length
    for column in review_conversations.columns
    if isinstance(column.type, sa.String) and getattr(column.type, "length", None)
}


class TrackerStore:
    """Read-only access to the SQL tracker store; a store not created yet reads as empty."""

    def __init__(self, url: str, timeout: float = 5.0):
        self.url = url
        self.timeout = timeout
        self._engine: Optional[Engine] = None
        self._has_table = False

    def _sqlite_path(self) -> Optional[Path]:
        url = sa.engine.make_url(self.url)
        if url.get_backend_name() != "sqlite":
            return None
        return Path(url.database or ":memory:")

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            path = self._sqlite_path()
            if path is not None:  # read-only: never creates the file Rasa will create
                self._engine = sa.create_engine(
                    f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true",
                    hide_parameters=True,
                    connect_args={"timeout": self.timeout, "check_same_thread": False},
                )
            else:
                waits = int(self.timeout * 1000)
                self._engine = sa.create_engine(
                    self.url,
                    hide_parameters=True,
                    pool_pre_ping=True,
                    connect_args={
                        "connect_timeout": max(1, int(self.timeout)),
                        "options": f"-c statement_timeout={waits} -c default_transaction_read_only=on",
                    },
                )
        return self._engine

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    def _read(self, work) -> Any:
        try:
            with self.engine.connect() as connection:
                return work(connection)
        except SQLAlchemyError as error:
            raise TicketStoreUnavailable(
                f"tracker store unreachable: {getattr(error, 'orig', None) or error}"
            ) from error

    def available(self) -> bool:
        """The tracker store exists and has its ``events`` table (Rasa creates both)."""
        if self._has_table:
            return True
        path = self._sqlite_path()
        if path is not None and not path.exists():
            return False
        self._has_table = self._read(lambda c: sa.inspect(c).has_table("events"))
        return self._has_table

    def senders_since(self, since: int) -> List[Tuple[str, int, int]]:
        """(sender, first id, last id) of the senders with events above ``since``, the
        senders with the oldest new events first."""
        if not self.available():
            return []
        ev = events_table.c
        # by the primary key, grouped here: a GROUP BY sender walks the whole sender index
        query = sa.select(ev.id, ev.sender_id).where(ev.id > since).order_by(ev.id)
        spans: Dict[str, List[int]] = {}
        for row_id, sender in self._read(lambda c: c.execute(query).all()):
            span = spans.setdefault(sender, [int(row_id), int(row_id)])
            span[1] = int(row_id)
        return [(sender, first, last) for sender, (first, last) in spans.items()]  # oldest first

    def knows(self, sender: str) -> bool:
        """The tracker store holds events of this conversation."""
        if not self.available():
            return False
        ev = events_table.c
        query = sa.select(ev.id).where(ev.sender_id == sender).limit(1)
        return self._read(lambda c: c.execute(query).first()) is not None

    def events_of(self, senders: Sequence[str]) -> Dict[str, List[Dict[str, Any]]]:
        """Each sender's events (the JSON of ``data`` plus ``"_id"``), in order."""
        found: Dict[str, List[Dict[str, Any]]] = {sender: [] for sender in senders}
        if not senders or not self.available():
            return found
        ev = events_table.c
        query = (
            sa.select(ev.id, ev.sender_id, ev.data)
            .where(ev.sender_id.in_(list(senders)))
            .order_by(ev.sender_id, ev.id)
        )
        for row_id, sender, data in self._read(lambda c: c.execute(query).all()):
            try:
                event = json.loads(data) if data else {}
            except ValueError:
                continue  # a row Rasa could not have written: skipped, never fatal
            if isinstance(event, dict):
                event["_id"] = int(row_id)
                found[sender].append(event)
        return found


def _clip(name: str, value: Any) -> Any:
    limit = _LENGTHS.get(name)
    if limit and isinstance(value, str) and len(value) > limit:
        return value[:limit]
    return value


def search_text(text: Optional[str]) -> str:
    """How the full-text search compares: lower case, no accents, single spaces."""
    return " ".join(fold(text or "").split())


def row_of(summary: Summary, synced_at: datetime) -> Dict[str, Any]:
    """The ``review_conversations`` row of a summary."""
    data = summary.as_dict()
    row = {column.name: _clip(column.name, data.get(column.name)) for column in review_conversations.columns}
    row["categories"] = json.dumps(list(summary.categories or []), ensure_ascii=False)
    row["marker_kinds"] = "".join(f",{kind}" for kind in summary.marker_kinds or []) + (
        "," if summary.marker_kinds else ""
    )
    row["customer_text"] = summary.customer_text or ""
    row["search_text"] = search_text(summary.customer_text)
    row["synced_at"] = synced_at
    return row


def summary_of(row: Any) -> Dict[str, Any]:
    """A ``review_conversations`` row as the summary's dict (lists decoded)."""
    data = dict(row._mapping if hasattr(row, "_mapping") else row)
    try:
        data["categories"] = json.loads(data.get("categories") or "[]")
    except ValueError:
        data["categories"] = []
    data["marker_kinds"] = [kind for kind in (data.get("marker_kinds") or "").split(",") if kind]
    data.pop("search_text", None)
    return data


def insert_for(dialect: str, table: sa.Table):
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:  # pragma: no cover - only the two supported back-ends
        raise TicketStoreUnavailable(f"unsupported database '{dialect}'")
    return insert(table)


def _upsert(connection: Connection, rows: List[Dict[str, Any]]) -> None:
    statement = insert_for(connection.dialect.name, review_conversations).values(rows)
    updated = {
        name: statement.excluded[name]
        for name in rows[0]
        if name != review_conversations.c.conversation_id.name
    }
    connection.execute(statement.on_conflict_do_update(index_elements=["conversation_id"], set_=updated))


def watermark(connection: Connection) -> int:
    value = connection.execute(
        sa.select(review_sync.c.last_event_id).where(review_sync.c.name == WATERMARK)
    ).scalar()
    return int(value or 0)


def _set_watermark(connection: Connection, value: int, now: datetime) -> None:
    statement = insert_for(connection.dialect.name, review_sync).values(
        name=WATERMARK, last_event_id=value, synced_at=now
    )
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["name"], set_={"last_event_id": value, "synced_at": now}
        )
    )


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Sync:
    """Brings ``review_conversations`` up to date with the tracker store."""

    def __init__(self, db: Database, tracker: TrackerStore):
        self.db = db
        self.tracker = tracker

    def _stored_last_ids(self, senders: Sequence[str]) -> Dict[str, Optional[int]]:
        rc = review_conversations.c
        stored: Dict[str, Optional[int]] = {}
        for chunk in _chunks(list(senders), 500):
            query = sa.select(rc.conversation_id, rc.last_event_id).where(rc.conversation_id.in_(list(chunk)))
            stored.update({cid: last for cid, last in self.db.read(lambda c, q=query: c.execute(q).all())})
        return stored

    def _stale(self, now: float) -> List[str]:
        """Conversations read as ongoing whose last event is older than the abandon delay."""
        rc = review_conversations.c
        query = sa.select(rc.conversation_id).where(
            rc.outcome == "ongoing", rc.ended_at < now - ABANDON_MINUTES * 60
        )
        return [row[0] for row in self.db.read(lambda c: c.execute(query).all())]

    def run(self, limit: Optional[int] = None) -> int:
        """Summarise what changed (at most ``limit`` conversations); the number written."""
        if not self.tracker.available():
            return 0
        moment = self.db.clock()
        now = moment.timestamp()
        mark = self.db.read(watermark)
        candidates = self.tracker.senders_since(max(0, mark - RESCAN))
        stored = self._stored_last_ids([sender for sender, _, _ in candidates])
        changed = [c for c in candidates if stored.get(c[0]) != c[2]]
        todo = [sender for sender, _, _ in changed]
        seen = set(todo)
        todo += [cid for cid in self._stale(now) if cid not in seen]
        if limit is not None:
            todo = todo[: max(0, limit)]
        written = 0
        for chunk in _chunks(todo, CHUNK):
            written += self._write(chunk, now, moment)
        done = set(todo)
        left = [first for sender, first, _ in changed if sender not in done]
        if left:
            new_mark = max(mark, min(left) - 1)
        else:
            new_mark = max([mark] + [last for _, _, last in candidates])
        if new_mark != mark:
            self.db._run(lambda c: _set_watermark(c, new_mark, moment))
        return written

    def _write(self, senders: Sequence[str], now: float, moment: datetime) -> int:
        events = self.tracker.events_of(senders)
        rows = [
            row_of(summarise(sender, events[sender], now), moment) for sender in senders if events[sender]
        ]
        gone = [sender for sender in senders if not events[sender]]  # purged from the tracker

        def write(connection: Connection) -> None:
            if rows:
                _upsert(connection, rows)
            if gone:
                connection.execute(
                    review_conversations.delete().where(review_conversations.c.conversation_id.in_(gone))
                )

        self.db._run(write)
        return len(rows)

    def rebuild(self) -> int:
        """Empty the read model and the watermark, then read everything again (the marks,
        comments, corrections and reveals are other tables: untouched)."""

        def clear(connection: Connection) -> None:
            connection.execute(review_conversations.delete())
            connection.execute(review_sync.delete())

        self.db._run(clear)
        return self.run()
