"""The advisors' console accounts (argon2 password hashes, lock-out after failed sign-ins)
and their sign-in sessions (only the SHA-256 of each session token).

Revision ID: 0003_accounts
Revises: 0002_owners
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_accounts"
down_revision = "0002_owners"
branch_labels = None
depends_on = None

ADVISOR_ROLES = ("agent", "admin", "trainer")


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "advisor_accounts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("login", sa.String(60), nullable=False, unique=True),
        sa.Column("first_name", sa.String(80), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_in("role", ADVISOR_ROLES), name="ck_accounts_role"),
    )
    op.create_table(
        "console_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.Integer, nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sessions_account", "console_sessions", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_sessions_account", "console_sessions")
    op.drop_table("console_sessions")
    op.drop_table("advisor_accounts")
