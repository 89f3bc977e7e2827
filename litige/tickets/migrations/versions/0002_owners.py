"""Who holds each conversation handed to a person (bot, waiting, callback, advisor, closed,
abandoned), and which advisors are signed in to the console.

Revision ID: 0002_owners
Revises: 0001_initial
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_owners"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

OWNER_STATES = ("bot", "waiting", "callback", "advisor", "closed", "abandoned")
PRIORITIES = ("low", "normal", "high", "urgent")


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "conversation_owners",
        sa.Column("conversation_id", sa.String(255), primary_key=True),
        sa.Column("state", sa.String(12), nullable=False, server_default="bot"),
        sa.Column("advisor_id", sa.Integer),
        sa.Column("advisor_name", sa.String(80)),
        sa.Column("reason", sa.String(40)),
        sa.Column("priority", sa.String(10), nullable=False, server_default="normal"),
        sa.Column("ticket_reference", sa.String(20)),
        sa.Column("waiting_since", sa.DateTime(timezone=True)),
        sa.Column("callback_at", sa.DateTime(timezone=True)),
        sa.Column("taken_at", sa.DateTime(timezone=True)),
        sa.Column("last_customer_at", sa.DateTime(timezone=True)),
        sa.Column("handoffs", sa.Integer, nullable=False, server_default="0"),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_in("state", OWNER_STATES), name="ck_owners_state"),
        sa.CheckConstraint(_in("priority", PRIORITIES), name="ck_owners_priority"),
    )
    op.create_index("ix_owners_state", "conversation_owners", ["state"])
    op.create_table(
        "advisor_presence",
        sa.Column("advisor_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("first_name", sa.String(80), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    )

    op.create_table(
        "advisor_notes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("advisor_id", sa.Integer, nullable=False),
        sa.Column("advisor_name", sa.String(80), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_notes_conversation", "advisor_notes", ["conversation_id"])


def downgrade() -> None:
    op.drop_index("ix_notes_conversation", "advisor_notes")
    op.drop_table("advisor_notes")
    op.drop_table("advisor_presence")
    op.drop_index("ix_owners_state", "conversation_owners")
    op.drop_table("conversation_owners")
