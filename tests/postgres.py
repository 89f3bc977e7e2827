"""A fresh PostgreSQL database per test, when TEST_POSTGRES_URL is set (``.ci/run`` sets it)."""

from __future__ import annotations

import os
import uuid
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
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
