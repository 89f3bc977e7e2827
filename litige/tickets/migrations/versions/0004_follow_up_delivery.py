"""Follow-ups that really reach the customer: when the next delivery attempt may run (a
backoff after a failure), when a scheduler claimed it (to recover rows left in ``firing``
by a crash), how it was delivered (widget or e-mail), the token of the e-mail's answer
links; and the widgets connected right now (the socket.io channel records them).

Revision ID: 0004_follow_up_delivery
Revises: 0003_accounts
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_follow_up_delivery"
down_revision = "0003_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("follow_ups") as batch:
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("delivered_via", sa.String(12)))
        batch.add_column(sa.Column("answer_token", sa.String(64)))
    op.create_index("ix_follow_ups_token", "follow_ups", ["answer_token"], unique=True)
    op.create_table(
        "widget_connections",
        sa.Column("sid", sa.String(64), primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("instance", sa.String(120), nullable=False),
        sa.Column("connected_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_widgets_conversation", "widget_connections", ["conversation_id"])


def downgrade() -> None:
    op.drop_index("ix_widgets_conversation", "widget_connections")
    op.drop_table("widget_connections")
    op.drop_index("ix_follow_ups_token", "follow_ups")
    with op.batch_alter_table("follow_ups") as batch:
        for column in ("answer_token", "delivered_via", "claimed_at", "next_attempt_at"):
            batch.drop_column(column)
