"""Ticket stores to test against: SQLite always, PostgreSQL when TEST_POSTGRES_URL is set
(each test gets a fresh PostgreSQL database, dropped afterwards)."""

from datetime import datetime, timezone

import pytest

from litige.tickets.store import TicketStore
from tests.postgres import POSTGRES, postgres_database


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
    with postgres_database() as url:
        yield url


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(db_url, clock):
    store = TicketStore(db_url, timeout=2, clock=clock)
    yield store
    store.engine.dispose()
