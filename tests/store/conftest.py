"""Every store test runs on SQLite, and on PostgreSQL when ALLOCATOR_TEST_PG_URL names a database.

On PostgreSQL each test gets a schema of its own (dropped afterwards), reached by adding a
``search_path`` to the URL, so tests never see each other's records.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from allocator.store import Store

PG_URL = os.environ.get("ALLOCATOR_TEST_PG_URL")
PG_SKIP = "PostgreSQL tests need ALLOCATOR_TEST_PG_URL=postgresql://user:password@host/db"


def with_search_path(url: str, schema: str) -> str:
    """``url`` with its connections' search_path set to ``schema``."""
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_admin() -> Iterator[object]:
    """A direct psycopg connection to the test database (autocommit)."""
    if not PG_URL:
        pytest.skip(PG_SKIP)
    import psycopg

    conn = psycopg.connect(PG_URL, autocommit=True)
    yield conn
    conn.close()


def _pg_schema_url(admin: object) -> Iterator[str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin.execute(f"CREATE SCHEMA {schema}")  # type: ignore[attr-defined]
    try:
        yield with_search_path(PG_URL or "", schema)
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")  # type: ignore[attr-defined]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield str(tmp_path / "allocator.db")
        return
    admin = request.getfixturevalue("pg_admin")
    yield from _pg_schema_url(admin)


@pytest.fixture
def pg_url(pg_admin: object) -> Iterator[str]:
    """A fresh PostgreSQL schema only (skipped without ALLOCATOR_TEST_PG_URL)."""
    yield from _pg_schema_url(pg_admin)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """The store at ``db_url``, created and migrated."""
    s = Store.open(db_url, create=True)
    yield s
    s.close()
