"""The trainers' review desk: one summary per conversation of the tracker store (a read model,
rebuildable), the trainers' marks, comments and label corrections, the log of what they
revealed, and how far the sync read the tracker store.

Revision ID: 0007_review
Revises: 0006_visit_address
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_review"
down_revision = "0006_visit_address"
branch_labels = None
depends_on = None

REVIEW_STATUSES = ("new", "reviewed", "flagged")

INDEXES = (
    ("ix_review_started", "review_conversations", ["started_at"]),
    ("ix_review_category", "review_conversations", ["category"]),
    ("ix_review_outcome", "review_conversations", ["outcome"]),
    ("ix_review_reason", "review_conversations", ["handoff_reason"]),
    ("ix_review_rating", "review_conversations", ["rating"]),
    ("ix_review_emotion_start", "review_conversations", ["emotion_start"]),
    ("ix_review_emotion_end", "review_conversations", ["emotion_end"]),
    ("ix_review_confidence", "review_conversations", ["min_confidence"]),
    ("ix_review_marks_status", "review_marks", ["status"]),
    ("ix_review_comments_conversation", "review_comments", ["conversation_id"]),
    ("ix_review_corrections_conversation", "review_corrections", ["conversation_id", "turn_number"]),
    ("ix_review_corrections_at", "review_corrections", ["at"]),
    ("ix_review_reveals_conversation", "review_reveals", ["conversation_id"]),
)


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "review_conversations",
        sa.Column("conversation_id", sa.String(255), primary_key=True),
        sa.Column("started_at", sa.Float, nullable=False),
        sa.Column("ended_at", sa.Float, nullable=False),
        sa.Column("turns", sa.Integer, nullable=False, server_default="0"),
        sa.Column("category", sa.String(20)),
        sa.Column("categories", sa.Text),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("handoff_reason", sa.String(40)),
        sa.Column("rating", sa.Integer),
        sa.Column("emotion_start", sa.String(20)),
        sa.Column("intensity_start", sa.Float),
        sa.Column("emotion_end", sa.String(20)),
        sa.Column("intensity_end", sa.Float),
        sa.Column("deescalated", sa.Boolean),
        sa.Column("min_confidence", sa.Float),
        sa.Column("proposals", sa.Integer, nullable=False, server_default="0"),
        sa.Column("consent_first", sa.Boolean),
        sa.Column("resolved_turn", sa.Integer),
        sa.Column("marker_kinds", sa.Text),
        sa.Column("customer_text", sa.Text),
        sa.Column("search_text", sa.Text),
        sa.Column("customer_email", sa.String(254)),
        sa.Column("customer_phone", sa.String(40)),
        sa.Column("customer_name", sa.String(120)),
        sa.Column("order_id", sa.String(40)),
        sa.Column("last_event_id", sa.BigInteger),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "review_marks",
        sa.Column("conversation_id", sa.String(255), primary_key=True),
        sa.Column("status", sa.String(10), nullable=False, server_default="new"),
        sa.Column("tags", sa.Text, nullable=False, server_default=""),
        sa.Column("marked_by", sa.String(80), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_in("status", REVIEW_STATUSES), name="ck_review_marks_status"),
    )
    op.create_table(
        "review_comments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("who", sa.String(80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "review_corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("turn_number", sa.Integer, nullable=False),
        sa.Column("event_id", sa.BigInteger),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("intent_before", sa.String(80)),
        sa.Column("intent_after", sa.String(80)),
        sa.Column("emotion_before", sa.String(20)),
        sa.Column("emotion_after", sa.String(20)),
        sa.Column("intensity_before", sa.Float),
        sa.Column("intensity_after", sa.Float),
        sa.Column("who", sa.String(80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "review_reveals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("who", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "review_sync",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("last_event_id", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
    )
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table)
    for table in (
        "review_sync",
        "review_reveals",
        "review_corrections",
        "review_comments",
        "review_marks",
        "review_conversations",
    ):
        op.drop_table(table)
