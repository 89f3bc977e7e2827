"""A fresh PostgreSQL database per test, when TEST_POSTGRES_URL is set (``.ci/run`` sets it)."""

from __future__ import annotations

import os
import time
import uuid
import warnings
from contextlib import contextmanager
from typing import Iterator

import sqlalchemy as sa

POSTGRES = os.environ.get("TEST_POSTGRES_URL")


@contextmanager
def postgres_database() -> Iterator[str]:
    """The URL of a new, empty database, dropped afterwards."""
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    name = f"litige_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(POSTGRES).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        try:
            _drop(admin, name)
        finally:
            admin.dispose()


def _drop(admin: sa.engine.Engine, name: str) -> None:
    """Drop the test database. FORCE ends the test's own leftover connections, but not a
    server process of another role (an autovacuum worker that just started on it): then wait
    for it a little; a database that still cannot be dropped is left behind, not a failed test."""
    for _ in range(20):
        try:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except sa.exc.DBAPIError as error:
            if "pg_signal_backend" not in str(error) and "being accessed by other users" not in str(error):
                raise
            time.sleep(0.5)
    warnings.warn(f"test database {name} left behind: another role's process still uses it", stacklevel=2)
