"""tools.prod_setup: the local PostgreSQL of `make run-prod`, its role and database created."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import pytest
import sqlalchemy as sa

from tests.postgres import POSTGRES
from tools.prod_setup import database_answers, ensure_postgres, hide_password, psql_quote


def test_hide_password_masks_only_the_password():
    assert hide_password("postgresql://litige:s3cret@127.0.0.1:5432/litige") == (
        "postgresql://litige:***@127.0.0.1:5432/litige"
    )
    assert hide_password("redis://127.0.0.1:6380/0") == "redis://127.0.0.1:6380/0"


def test_psql_quote_doubles_quotes_and_backslashes():
    assert psql_quote("a'b\\c") == "a''b\\\\c"


def psql(sql: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-q", "-c", sql], check=True)


@pytest.mark.skipif(
    not POSTGRES or os.geteuid() != 0 or shutil.which("pg_ctlcluster") is None,
    reason="needs TEST_POSTGRES_URL, root and the local Debian PostgreSQL (as in CI)",
)
def test_a_missing_role_and_database_are_created_and_the_running_server_is_left_alone():
    name = f"litige_prod_{uuid.uuid4().hex[:8]}"
    password = "pa'ss\\wörd"  # quotes and backslashes reach PostgreSQL unchanged
    url = sa.engine.URL.create(
        "postgresql", username=name, password=password, host="127.0.0.1", port=5432, database=name
    ).render_as_string(hide_password=False)
    assert not database_answers(url)
    try:
        assert ensure_postgres(url) is None  # the server was already running: not ours to stop
        assert database_answers(url)
        assert ensure_postgres(url) is None  # again: nothing to do
    finally:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        psql(f'DROP ROLE IF EXISTS "{name}"')
