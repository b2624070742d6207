"""Alembic's environment and the schema's revisions, shipped inside the package so that an
installed allocator can create and upgrade its own databases (``allocator.store.migrations``)."""
