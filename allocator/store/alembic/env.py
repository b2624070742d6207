"""Alembic's environment for the store: always online, on the connection the store passes in.

``allocator.store.migrations`` opens the write transaction (and takes the migration lock)
before calling Alembic, so every revision applied in one upgrade commits together, or not at
all; Alembic sees a transaction already open and leaves committing to the caller.
"""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
