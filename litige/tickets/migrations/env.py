"""Alembic environment: runs on the connection handed over by TicketStore.migrate()."""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - always called through TicketStore.migrate()
    raise RuntimeError("run the ticket migrations through litige.tickets.store.TicketStore.migrate()")

context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
