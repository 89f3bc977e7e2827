"""Ticket stores to test against: SQLite always, PostgreSQL when TEST_POSTGRES_URL is set
(each test gets a fresh PostgreSQL database, dropped afterwards)."""

import os
import uuid
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from litige.tickets.store import TicketStore

POSTGRES = os.environ.get("TEST_POSTGRES_URL")


class Clock:
    def __init__(self, now=datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    if not POSTGRES:
        pytest.skip("TEST_POSTGRES_URL is not set (make test sets it in CI)")
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    name = f"litige_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(POSTGRES).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(db_url, clock):
    store = TicketStore(db_url, timeout=2, clock=clock)
    yield store
    store.engine.dispose()
