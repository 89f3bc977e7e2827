"""An SQL tracker store that never forgets a conversation in silence.

Rasa's ``SQLTrackerStore`` blocks the server's start while the database is down, and Rasa's
``Agent`` wraps every tracker store in a ``FailSafeTrackerStore`` that swallows errors: a
conversation whose database is unreachable silently restarts from nothing and its events are
saved in memory only (RasaHQ/rasa#3243). ``StrictSQLTrackerStore`` instead:

* connects lazily: the server starts even when the database is down, and the tables are created
  on the first successful connection;
* raises ``TrackerStoreUnavailable`` when the database cannot be read or written, after a short
  retry, and is never wrapped in Rasa's fail-safe (the caller answers the customer with an
  apology; nothing is kept in memory);
* records the last failure for the health endpoint (``channels/health.py``) and logs it without
  any conversation content (SQL parameters are hidden);
* works on the events table of Rasa's ``SQLTrackerStore``: conversations resume where they were,
  after an outage or when switching from ``type: SQL``;
* runs every query off the event loop;
* keeps the trackers it saved last and hands one out again when the conversation's last
  stored event is still the one it wrote (``stores/recent_trackers.py``).

endpoints.yml::

    tracker_store:
      type: stores.tracker_store.StrictSQLTrackerStore
      url: ${TRACKER_STORE_URL}   # sqlite:///var/tracker.db or postgresql://user:pass@host/db
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple, TypeVar

import sqlalchemy as sa
import sqlalchemy.exc
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs, is_postgresql_url
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from stores.recent_trackers import RecentTrackers, configured_size

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_CONNECT_TIMEOUT = 5  # seconds, for PostgreSQL
RETRY_DELAYS = (0.2, 0.5)  # seconds between attempts of one operation
DATABASE_ERRORS = (sqlalchemy.exc.SQLAlchemyError, OSError)


# The two statements a turn runs, written once as SQL (an ORM query rebuilds its cache key at
# every execution, about 0.3 ms each). The count is Rasa's ``_event_query`` for the latest
# session: the events at or after the last ``session_started``, all of them when there is none.
LAST_EVENT_ID = sa.text("SELECT max(id) FROM events WHERE sender_id = :sender_id")
_SESSION_START = (
    '(SELECT max("timestamp") FROM events'
    f" WHERE sender_id = :sender_id AND type_name = '{SessionStarted.type_name}')"
)
LAST_ID_AND_SESSION_COUNT = sa.text(
    "SELECT (SELECT max(id) FROM events WHERE sender_id = :sender_id),"
    " (SELECT count(*) FROM events WHERE sender_id = :sender_id"
    f' AND ("timestamp" >= {_SESSION_START} OR {_SESSION_START} IS NULL))'
)


def sqlite_file_engine_kwargs() -> Dict[str, Any]:
    """Keep SQLite connections open between operations (SQLAlchemy 1.4 opens one per session).

    Every operation runs in a worker thread, one connection per operation at a time."""
    return {
        "poolclass": sa.pool.QueuePool,
        "pool_pre_ping": False,  # a file does not drop connections
        "connect_args": {"check_same_thread": False},
    }


def use_write_ahead_log(dbapi_connection: Any, _record: Any) -> None:
    """SQLite in WAL mode: reading a conversation never waits for another one being saved."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


class TrackerStoreUnavailable(RasaException):
    """The conversation database cannot be read or written right now."""


@dataclass(frozen=True)
class StoreFailure:
    """The last failure, as the health endpoint shows it (no URL, no conversation content)."""

    at: float  # time.time()
    operation: str
    reason: str


def describe_error(error: BaseException) -> str:
    """A short description of a database error without SQL, parameters or password.

    For connection errors the first line of the driver's message is kept (e.g. "connection
    refused"); otherwise only the class names are given.
    """
    name = type(error).__name__
    original = getattr(error, "orig", None)
    if original is None:
        return name
    detail = type(original).__name__
    if isinstance(error, (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError)):
        first_line = str(original).strip().splitlines()[0] if str(original).strip() else ""
        if first_line and "@" not in first_line and "password" not in first_line.lower():
            detail = f"{detail}: {first_line[:200]}"
    return f"{name} ({detail})"


class StrictSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store without the silent fallback to memory (see the module doc)."""

    refuses_fallback = True  # read by the Agent patch below

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[str] = None,
        port: Optional[int] = None,
        db: str = "rasa.db",
        dialect: str = "sqlite",
        username: Optional[str] = None,
        password: Optional[str] = None,
        event_broker: Any = None,
        query: Optional[Dict] = None,
        connect_timeout: int = DEFAULT_CONNECT_TIMEOUT,
        **kwargs: Any,
    ) -> None:
        # Rasa turns an AttributeError or ImportError raised here into a silent in-memory
        # store: report any configuration error as something else.
        try:
            url = self.get_db_url(dialect, host, port, db, username, password, None, query)
            engine_kwargs: Dict[str, Any] = dict(create_engine_kwargs(url))
            engine_kwargs.update(pool_pre_ping=True, hide_parameters=True)
            if is_postgresql_url(url):
                connect_args = dict(engine_kwargs.get("connect_args") or {})
                connect_args.setdefault("connect_timeout", int(connect_timeout))
                engine_kwargs["connect_args"] = connect_args
            parsed = sa.engine.make_url(url)
            sqlite = parsed.get_backend_name() == "sqlite"
            if sqlite and parsed.database not in (None, "", ":memory:"):
                engine_kwargs.update(sqlite_file_engine_kwargs())
            self.engine = sa.create_engine(url, **engine_kwargs)  # no connection yet
            if sqlite:
                sa.event.listen(self.engine, "connect", use_write_ahead_log)
        except (AttributeError, ImportError, ValueError, sqlalchemy.exc.ArgumentError) as error:
            raise RasaException(
                f"The tracker store's URL or settings are invalid ({type(error).__name__})."
            ) from error
        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)
        self._prepared = False
        self._prepare_lock = threading.Lock()
        self.last_failure: Optional[StoreFailure] = None
        self.failures_in_a_row = 0
        self.last_success: Optional[float] = None
        self.recent = RecentTrackers(configured_size())  # stores/recent_trackers.py
        super(SQLTrackerStore, self).__init__(domain, event_broker, **kwargs)
        keep_strict_stores_out_of_fail_safe()

    # --- what the health endpoint reads ------------------------------------------------------

    @property
    def available(self) -> bool:
        """False while the last operation on the database failed."""
        return self.failures_in_a_row == 0

    async def ping(self) -> None:
        """Check that the database answers; raise ``TrackerStoreUnavailable`` otherwise."""

        def select_one(session: sa.orm.Session) -> None:
            session.execute(sa.text("SELECT 1"))

        await self._run("ping", select_one, attempts=1)

    # --- Rasa's tracker store interface ------------------------------------------------------

    async def keys(self) -> Iterable[str]:
        def sender_ids(session: sa.orm.Session) -> List[str]:
            rows = session.query(self.SQLEvent.sender_id).distinct().all()
            return [sender_id for (sender_id,) in rows]

        return await self._run("keys", sender_ids)

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        if not self.recent.size:
            return await self._retrieve(sender_id, fetch_events_from_all_sessions=False)

        def last_id_or_events(
            session: sa.orm.Session,
        ) -> Tuple[Optional[int], Optional[List[Dict[str, Any]]]]:
            last_id = self._last_event_id(session, sender_id)
            if self.recent.fresh(sender_id, last_id):
                return last_id, None
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
            return last_id, [json.loads(row.data) for row in rows]

        last_id, events = await self._run("retrieve", last_id_or_events)
        if events is None:
            kept = self.recent.take(sender_id, last_id)
            if kept is not None:
                return kept
            return await self._retrieve(sender_id, fetch_events_from_all_sessions=False)
        self.recent.forget(sender_id)
        if not events:
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def retrieve_full_tracker(self, conversation_id: str) -> Optional[DialogueStateTracker]:
        return await self._retrieve(conversation_id, fetch_events_from_all_sessions=True)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> Optional[DialogueStateTracker]:
        def stored_events(session: sa.orm.Session) -> List[Dict[str, Any]]:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions).all()
            return [json.loads(row.data) for row in rows]

        events = await self._run("retrieve", stored_events)
        if not events:
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        events = list(tracker.events)
        sender_id = tracker.sender_id

        def add_new_events(session: sa.orm.Session) -> Tuple[List[Event], Optional[int]]:
            _, stored = self._last_id_and_count(session, sender_id)
            new_events = events[stored:]
            rows = []
            for event in new_events:
                data = event.as_dict()
                rows.append(
                    {
                        "sender_id": sender_id,
                        "type_name": event.type_name,
                        "timestamp": data.get("timestamp"),
                        "intent_name": (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                        "action_name": data.get("name"),
                        "data": json.dumps(data),
                    }
                )
            keep_as = None
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)  # one executemany
                if self.recent.size:
                    # kept for the next message only when a read would give back exactly these
                    # events (no other writer in between)
                    last_id, count = self._last_id_and_count(session, sender_id)
                    keep_as = last_id if count == len(events) else None
            session.commit()
            return new_events, keep_as

        # The count of stored events makes a retried save add each event once.
        self.recent.forget(sender_id)
        new_events, keep_as = await self._run("save", add_new_events)
        if keep_as is not None:
            self.recent.keep(sender_id, keep_as, tracker)
        if self.event_broker is not None and new_events:  # published once stored, not before
            await self._stream_new_events(self.event_broker, new_events, sender_id)

    # --- plumbing ----------------------------------------------------------------------------

    def _last_event_id(self, session: sa.orm.Session, sender_id: str) -> Optional[int]:
        return session.execute(LAST_EVENT_ID, {"sender_id": sender_id}).scalar()

    def _last_id_and_count(self, session: sa.orm.Session, sender_id: str) -> Tuple[Optional[int], int]:
        """The conversation's last event id and its number of events in the latest session."""
        last_id, count = session.execute(LAST_ID_AND_SESSION_COUNT, {"sender_id": sender_id}).one()
        return last_id, int(count)

    def _create_tables(self) -> None:
        with self._prepare_lock:
            if self._prepared:
                return
            try:
                self.Base.metadata.create_all(self.engine)
            except (sqlalchemy.exc.ProgrammingError, sqlalchemy.exc.IntegrityError):
                # another Rasa instance created them at the same moment
                if not sa.inspect(self.engine).has_table(self.SQLEvent.__tablename__):
                    raise
            self._prepared = True
            logger.info("tracker store: connected, events table ready")

    def _in_session(self, work: Callable[[sa.orm.Session], T]) -> T:
        self._create_tables()
        session = self.sessionmaker()
        try:
            return work(session)
        finally:
            session.close()

    async def _run(self, operation: str, work: Callable[[sa.orm.Session], T], attempts: int = 3) -> T:
        """Run ``work`` in a database session in a worker thread, retrying briefly."""
        for attempt in range(attempts):
            try:
                result = await asyncio.to_thread(self._in_session, work)
            except DATABASE_ERRORS as error:
                if attempt + 1 < attempts:
                    await asyncio.sleep(RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)])
                    continue
                self._record_failure(operation, error)
                raise TrackerStoreUnavailable(
                    f"The conversation database is unreachable ({operation})."
                ) from error
            self._record_success()
            return result
        raise AssertionError("unreachable")  # attempts >= 1

    def _record_failure(self, operation: str, error: BaseException) -> None:
        reason = describe_error(error)
        self.failures_in_a_row += 1
        self.last_failure = StoreFailure(at=time.time(), operation=operation, reason=reason)
        logger.error(
            "tracker store unreachable: %s failed (%s); %d failure(s) in a row, nothing kept in memory",
            operation,
            reason,
            self.failures_in_a_row,
        )

    def _record_success(self) -> None:
        if self.failures_in_a_row:
            logger.warning(
                "tracker store reachable again after %d failed operation(s)", self.failures_in_a_row
            )
        self.failures_in_a_row = 0
        self.last_success = time.time()


def keep_strict_stores_out_of_fail_safe() -> None:
    """Make Rasa's ``Agent`` use a ``StrictSQLTrackerStore`` as it is.

    ``Agent._create_tracker_store`` (rasa/core/agent.py, 3.6) wraps every store in a
    ``FailSafeTrackerStore`` that catches every ``Exception``: a failed retrieve returns None (a
    new, empty conversation) and a failed save goes to an ``InMemoryTrackerStore``. Stores whose
    class sets ``refuses_fallback`` are kept unwrapped; others are wrapped as before. Installed
    when the first strict store is built (before Rasa builds its Agent), once.
    """
    from rasa.core.agent import Agent

    current = Agent.__dict__["_create_tracker_store"].__func__
    if getattr(current, "keeps_strict_stores", False):
        return

    def create_tracker_store(store: Any, domain: Domain) -> Any:
        if store is not None and getattr(store, "refuses_fallback", False):
            store.domain = domain
            return store
        return current(store, domain)

    create_tracker_store.keeps_strict_stores = True  # type: ignore[attr-defined]
    Agent._create_tracker_store = staticmethod(create_tracker_store)  # type: ignore[method-assign]
