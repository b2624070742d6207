"""One Alembic revision per schema version; DDL frozen as it was released."""
