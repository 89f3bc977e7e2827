"""Tickets, proposals, append-only history, follow-ups.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

STATUSES = ("open", "pending_agent", "in_progress", "resolved", "closed")
PRIORITIES = ("low", "normal", "high", "urgent")
ANSWERS = ("pending", "accepted", "refused")
FOLLOW_UP_STATUSES = ("scheduled", "firing", "sent", "answered", "cancelled", "failed")


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("reference", sa.String(20), unique=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("complaint_key", sa.String(64), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("customer_name", sa.String(120)),
        sa.Column("customer_email", sa.String(254)),
        sa.Column("order_id", sa.String(20)),
        sa.Column("description", sa.Text),
        sa.Column("reformulation", sa.Text),
        sa.Column("expected_outcome", sa.Text),
        sa.Column("emotion_start", sa.String(20)),
        sa.Column("emotion_peak", sa.String(20)),
        sa.Column("emotion_peak_intensity", sa.Float),
        sa.Column("emotion_end", sa.String(20)),
        sa.Column("emotion_trajectory", sa.Text),
        sa.Column("priority", sa.String(10), nullable=False, server_default="normal"),
        sa.Column("status", sa.String(20), nullable=False, server_default="open"),
        sa.Column("agreed_remedy", sa.String(40)),
        sa.Column("due_date", sa.Date),
        sa.Column("handoff_reason", sa.String(40)),
        sa.Column("csat", sa.Integer),
        sa.Column("reference_email_pending", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("conversation_id", "complaint_key", name="uq_tickets_complaint"),
        sa.CheckConstraint(_in("status", STATUSES), name="ck_tickets_status"),
        sa.CheckConstraint(_in("priority", PRIORITIES), name="ck_tickets_priority"),
        sa.CheckConstraint("csat IS NULL OR (csat >= 1 AND csat <= 5)", name="ck_tickets_csat"),
    )
    op.create_index("ix_tickets_status_priority", "tickets", ["status", "priority"])
    op.create_index("ix_tickets_conversation", "tickets", ["conversation_id"])

    op.create_table(
        "ticket_proposals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("remedy", sa.String(40), nullable=False),
        sa.Column("due_date", sa.Date),
        sa.Column("answer", sa.String(10), nullable=False, server_default="pending"),
        sa.Column("answered_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("ticket_id", "position", name="uq_proposals_position"),
        sa.CheckConstraint(_in("answer", ANSWERS), name="ck_proposals_answer"),
    )

    op.create_table(
        "ticket_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("from_status", sa.String(20)),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_history_ticket", "ticket_history", ["ticket_id"])

    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(12), nullable=False, server_default="scheduled"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        sa.Column("fired_at", sa.DateTime(timezone=True)),
        sa.Column("answer", sa.String(10)),
        sa.Column("answered_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("ticket_id", "due_date", name="uq_follow_ups_ticket_due"),
        sa.CheckConstraint(_in("status", FOLLOW_UP_STATUSES), name="ck_follow_ups_status"),
    )
    op.create_index("ix_follow_ups_due", "follow_ups", ["status", "due_date"])

    # The history of status changes is append-only, enforced by the database itself.
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER ticket_history_no_{verb.lower()} BEFORE {verb} ON ticket_history "
                "BEGIN SELECT RAISE(ABORT, 'ticket_history is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION ticket_history_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'ticket_history is append-only'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER ticket_history_append_only BEFORE UPDATE OR DELETE ON ticket_history "
            "FOR EACH ROW EXECUTE FUNCTION ticket_history_append_only()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ticket_history_append_only ON ticket_history")
        op.execute("DROP FUNCTION IF EXISTS ticket_history_append_only()")
    op.drop_table("follow_ups")
    op.drop_table("ticket_history")
    op.drop_table("ticket_proposals")
    op.drop_table("tickets")
