"""Where and when a visit at home happens: the address the customer gave, and their own
answer to "when are you available?" (as they wrote it).

Revision ID: 0006_visit_address
Revises: 0005_contact_and_facts
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_visit_address"
down_revision = "0005_contact_and_facts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("customer_address", sa.String(200)))
        batch.add_column(sa.Column("customer_availability", sa.String(300)))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("customer_availability")
        batch.drop_column("customer_address")
