"""The ticket database's plumbing: the engine for SQLite or PostgreSQL with bounded waits,
read and write transactions, database errors told apart (unreachable or locked, against a
record the database refuses), and the Alembic migrations run once per process."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, SQLAlchemyError, StatementError

from litige import clock

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
READ_ONLY = "litige_read_only"  # execution option: a read transaction
# Alembic keeps its running context in module-level proxies: one migration at a time per
# process (other processes are handled by the retry in _upgrade).
_ALEMBIC_LOCK = threading.Lock()


class TicketStoreUnavailable(RuntimeError):
    """The database cannot be reached, is locked, or refused the write."""


class TicketRecordInvalid(ValueError):
    """This record cannot be stored as it is (a constraint or a value the database refuses):
    retrying will not help, the record is set aside for a person (never blocks the others)."""


def utcnow() -> datetime:
    """The store's default clock: the project's clock (``APP_NOW`` freezes it)."""
    return clock.now()


class Database:
    """A SQLAlchemy URL, its timeout (seconds) and clock; nothing connects until the first call."""

    def __init__(self, url: str, timeout: float = 5.0, clock: Callable[[], datetime] = utcnow):
        self.url = url
        self.timeout = timeout
        self.clock = clock
        self._engine: Optional[Engine] = None
        self._migrated = False
        self._lock = threading.RLock()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = self._create_engine()
        return self._engine

    def _create_engine(self) -> Engine:
        url = sa.engine.make_url(self.url)
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                try:
                    Path(url.database).parent.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise TicketStoreUnavailable(
                        f"cannot create the ticket database folder: {error}"
                    ) from error
            engine = sa.create_engine(
                url, hide_parameters=True, connect_args={"timeout": self.timeout, "check_same_thread": False}
            )

            @sa.event.listens_for(engine, "connect")
            def _connect(dbapi_connection, _record):  # pragma: no cover - driver hook
                dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
                cursor = dbapi_connection.cursor()
                cursor.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
                cursor.execute("PRAGMA foreign_keys = ON")
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.close()

            @sa.event.listens_for(engine, "begin")
            def _begin(connection):  # pragma: no cover - driver hook
                if connection.get_execution_options().get(READ_ONLY):
                    connection.exec_driver_sql("BEGIN")  # WAL: a reader never waits for a writer
                else:
                    # writers queue up (busy timeout) instead of failing on a lock upgrade
                    connection.exec_driver_sql("BEGIN IMMEDIATE")

            return engine
        waits = int(self.timeout * 1000)  # no statement or lock wait longer than the timeout
        return sa.create_engine(
            url,
            hide_parameters=True,  # errors never quote the customer's data
            pool_pre_ping=True,
            connect_args={
                "connect_timeout": max(1, int(self.timeout)),
                "options": f"-c statement_timeout={waits} -c lock_timeout={waits}",
            },
        )

    def read(self, work: Callable[[Connection], Any]) -> Any:
        """Run a read-only ``work`` (on SQLite, a deferred transaction that a writer holding
        the database does not block)."""
        return self._run(work, read_only=True)

    def _run(self, work: Callable[[Connection], Any], read_only: bool = False) -> Any:
        self.migrate()
        engine = self.engine.execution_options(**{READ_ONLY: True}) if read_only else self.engine
        try:
            with engine.begin() as connection:
                return work(connection)
        except (IntegrityError, DataError) as error:  # the database refused this record
            raise TicketRecordInvalid(str(getattr(error, "orig", None) or error)) from error
        except DBAPIError as error:  # down, locked, timed out, connection lost
            raise TicketStoreUnavailable(str(getattr(error, "orig", None) or error)) from error
        except StatementError as error:  # a value the driver cannot even bind
            raise TicketRecordInvalid(str(error)) from error
        except SQLAlchemyError as error:
            raise TicketStoreUnavailable(str(error)) from error

    def migrate(self) -> None:
        """Upgrade the schema to the latest migration (once per process)."""
        if self._migrated:
            return
        with self._lock:
            if not self._migrated:
                self._upgrade()

    def _upgrade(self) -> None:
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        last_error: Optional[Exception] = None
        for attempt in range(5):  # another process may be migrating at the same moment
            try:
                with _ALEMBIC_LOCK, self.engine.begin() as connection:
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                self._migrated = True
                return
            except SQLAlchemyError as error:
                last_error = error
                time.sleep(0.2 * (attempt + 1))
        raise TicketStoreUnavailable(f"cannot migrate the ticket database: {last_error}")

    def ping(self) -> bool:
        try:
            self.read(lambda c: c.execute(sa.select(sa.literal(1))).scalar())
            return True
        except TicketStoreUnavailable:
            return False
