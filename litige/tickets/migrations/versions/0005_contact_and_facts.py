"""What a remedy needs to happen and what it was chosen from: the customer's phone number
(for a call back), the agreed time window (for a visit or a call), and the facts the order
system gave (JSON: order status, amount, outage, carrier's estimate).

Revision ID: 0005_contact_and_facts
Revises: 0004_follow_up_delivery
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_contact_and_facts"
down_revision = "0004_follow_up_delivery"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("customer_phone", sa.String(20)))
        batch.add_column(sa.Column("appointment_window", sa.String(40)))
        batch.add_column(sa.Column("facts", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("facts")
        batch.drop_column("appointment_window")
        batch.drop_column("customer_phone")
