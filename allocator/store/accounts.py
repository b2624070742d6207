"""Local accounts of the web service, in a table of their own beside the store's records.

Apart from the ledger on purpose: the ledger's tables are an append-only hash chain, while
accounts change (a new password, a new PDU). The table lives in the same database (SQLite file
or PostgreSQL URL) so one ``--db`` names everything; this module speaks to it directly
(standard-library ``sqlite3`` or psycopg) and touches nothing else of the store's tables, but
reaches the database as the store does: a PostgreSQL URL through the store's own parser (never
echoed with its password) and a SQLite file created private (0600). It sits in the
store layer so that both ``allocator users`` (cli) and the web room, which may not import each
other, can use it. Passwords are hashed with argon2id (argon2-cffi); the hash is all that is stored.
"""

import datetime as dt
import functools
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from allocator.store.files import make_private, private_umask
from allocator.store.urls import is_postgres_url, parse_pg_url

ROLES = ("spo", "planner", "read-only")
_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
_HASHER = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the name is unknown, so that an unknown name takes as long
    as a wrong password (made on first use: hashing is deliberately slow)."""
    return _HASHER.hash("not a password anyone has")


_CREATE = """CREATE TABLE IF NOT EXISTS web_users (
    name TEXT PRIMARY KEY,
    password_hash TEXT,
    role TEXT NOT NULL,
    pdus TEXT NOT NULL DEFAULT '',
    pods TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
)"""


@contextmanager
def web_connection(target: str) -> Iterator[Any]:
    """A DB-API connection to the database of ``target`` for the web service's own tables
    (committed when the block ends without an error): psycopg for a PostgreSQL URL, parsed by
    the store's parser; ``sqlite3`` for a file, created private (0600)."""
    if is_postgres_url(target):
        import psycopg

        kwargs = parse_pg_url(target).connect_kwargs()
        with psycopg.connect(autocommit=False, **kwargs) as conn:  # type: ignore[arg-type]
            yield conn
    else:
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        new = not path.exists()
        with private_umask():
            lite = sqlite3.connect(path, timeout=30)
        if new:
            make_private(path)
        try:
            with lite:
                yield lite
        finally:
            lite.close()


class UserError(Exception):
    """A request about an account that cannot be carried out; the message is safe to show."""


@dataclass(frozen=True)
class User:
    """Who is signed in and what they may see and do."""

    name: str
    role: str
    pdus: frozenset[str] = field(default_factory=frozenset)
    pods: frozenset[str] = field(default_factory=frozenset)

    @property
    def may_decide(self) -> bool:
        """Only an SPO records decisions and re-solves."""
        return self.role == "spo"

    @property
    def may_upload(self) -> bool:
        """SPOs and planners bring the day's export; read-only users do not."""
        return self.role in ("spo", "planner")

    @property
    def sees_everything(self) -> bool:
        """A planner, or a read-only user without named units, sees every PDU."""
        return self.role == "planner" or (self.role == "read-only" and not self.pdus | self.pods)


def _split(text: str) -> frozenset[str]:
    return frozenset(x for x in (s.strip() for s in text.split(",")) if x)


class UserStore:
    """The ``web_users`` table of one database."""

    def __init__(self, target: str, hasher: PasswordHasher | None = None) -> None:
        self.target = str(target)
        self._hasher = hasher or _HASHER
        self._pg = is_postgres_url(self.target)
        self._ready = False
        self._cache: dict[str, tuple[float, User | None]] = {}
        self._guard = threading.Lock()

    CACHE_S = 5.0
    """How long a looked-up account is reused: every request reads one, and a change to an
    account (a role, a unit, a removal) takes effect within this many seconds."""

    def _conn(self) -> Any:
        return web_connection(self.target)

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self._pg else sql

    def ensure(self) -> None:
        """Create the table if it is not there yet (additive; touches nothing else); once per
        process, since every request reads an account."""
        if self._ready:
            return
        exists = (
            "SELECT to_regclass('web_users') IS NOT NULL"
            if self._pg
            else "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'web_users'"
        )
        with self._conn() as conn:
            # an application role may read the table without the right to create one
            if not conn.execute(exists).fetchone()[0]:
                conn.execute(_CREATE)
        self._ready = True

    def add(
        self,
        name: str,
        role: str,
        password: str | None,
        pdus: list[str] | None = None,
        pods: list[str] | None = None,
        replace: bool = False,
    ) -> User:
        """Create (or with ``replace``, update) an account. A user without a password can sign
        in only through the trusted identity header."""
        if not _NAME.match(name):
            raise UserError("a user name is 1-64 letters, digits or . _ @ -")
        if role not in ROLES:
            raise UserError(f"unknown role '{role}': use one of {', '.join(ROLES)}")
        pdus, pods = sorted(set(pdus or [])), sorted(set(pods or []))
        if role == "spo" and not pdus and not pods:
            raise UserError("an SPO needs at least one --pdu or --pod")
        if password is not None and len(password) < 12:
            raise UserError("a password needs at least 12 characters")
        pw_hash = self._hasher.hash(password) if password is not None else None
        self.ensure()
        now = dt.datetime.now(dt.UTC).isoformat()
        with self._conn() as conn:
            exists = conn.execute(
                self._sql("SELECT 1 FROM web_users WHERE name = ?"), (name,)
            ).fetchone()
            if exists and not replace:
                raise UserError(f"user '{name}' exists: add --replace to change it")
            if exists:
                conn.execute(self._sql("DELETE FROM web_users WHERE name = ?"), (name,))
            with self._guard:
                self._cache.pop(name, None)
            conn.execute(
                self._sql(
                    "INSERT INTO web_users (name, password_hash, role, pdus, pods, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)"
                ),
                (name, pw_hash, role, ",".join(pdus), ",".join(pods), now),
            )
        return User(name, role, frozenset(pdus), frozenset(pods))

    def get(self, name: str) -> User | None:
        """The account named ``name``, or None (read at most every ``CACHE_S`` seconds)."""
        now = time.monotonic()
        with self._guard:
            hit = self._cache.get(name)
        if hit is not None and now - hit[0] < self.CACHE_S:
            return hit[1]
        row = self._row(name)
        user = None if row is None else User(row[0], row[2], _split(row[3]), _split(row[4]))
        with self._guard:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[name] = (now, user)
        return user

    def _row(self, name: str) -> tuple[Any, ...] | None:
        self.ensure()
        with self._conn() as conn:
            row = conn.execute(
                self._sql(
                    "SELECT name, password_hash, role, pdus, pods FROM web_users WHERE name = ?"
                ),
                (name,),
            ).fetchone()
        return tuple(row) if row else None

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when the password matches, else None (same work either way)."""
        row = self._row(name)
        stored = row[1] if row and row[1] else _dummy_hash()
        try:
            ok: bool = self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok or row is None or not row[1]:
            return None
        return User(row[0], row[2], _split(row[3]), _split(row[4]))

    def all(self) -> list[User]:
        """Every account, by name."""
        self.ensure()
        with self._conn() as conn:
            rows = conn.execute("SELECT name, role, pdus, pods FROM web_users ORDER BY name")
            return [User(r[0], r[1], _split(r[2]), _split(r[3])) for r in rows.fetchall()]
