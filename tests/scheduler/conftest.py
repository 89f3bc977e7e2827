"""The ticket stores the scheduler is tested against: the same fixtures as the store's own tests."""

from tests.litige.tickets.conftest import clock, db_url, store  # noqa: F401
