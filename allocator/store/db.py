"""One small interface over the two databases: embedded SQLite (a file) and PostgreSQL (a URL).

Everything above this module writes SQL once, with ``?`` placeholders, and asks for a read or a
write transaction. The differences between the dialects live here and in the migrations:

=====================  ==========================================  =========================================
what                   SQLite (standard-library ``sqlite3``)       PostgreSQL (psycopg 3)
=====================  ==========================================  =========================================
placeholders           ``?``                                       ``%s`` (translated from ``?``)
write transaction      ``BEGIN IMMEDIATE``: one writer at a time,  ``BEGIN`` then ``SELECT ... FROM chain_lock
                       others wait (busy timeout)                  ... FOR UPDATE``: one writer at a time
read transaction       ``BEGIN`` (a snapshot in WAL mode)          ``BEGIN ISOLATION LEVEL REPEATABLE READ``
durability             WAL, ``synchronous=FULL``                   the server's WAL (``synchronous_commit``)
foreign keys           ``PRAGMA foreign_keys=ON`` per connection   always on
append-only rows       triggers that ``RAISE(ABORT)``              a trigger, and no UPDATE/DELETE rights for
                                                                   the application role
migration lock         ``BEGIN IMMEDIATE``                         ``pg_advisory_xact_lock`` per schema
=====================  ==========================================  =========================================
"""

import math
import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from allocator.store.errors import BadRequest, Conflict, NotPermitted, StoreUnavailable
from allocator.store.files import make_private, private_umask
from allocator.store.urls import is_postgres_url, parse_pg_url, redact

Row = dict[str, Any]
DEFAULT_LOCK_TIMEOUT_S = 10.0
MAX_LOCK_TIMEOUT_S = 600.0

__all__ = ["Database", "Row", "Tx", "connect", "is_postgres_url", "lock_timeout_s", "redact"]


def lock_timeout_s() -> float:
    """How long a writer waits for the writers' lock: ``ALLOCATOR_LOCK_TIMEOUT`` seconds, or 10.

    No writer waits for ever: a session that holds the lock (a stuck process, or a role
    holding the row lock on purpose) makes the others fail with a clear message instead.
    """
    text = os.environ.get("ALLOCATOR_LOCK_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_LOCK_TIMEOUT_S
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (0 < value <= MAX_LOCK_TIMEOUT_S):
        raise BadRequest(
            f"ALLOCATOR_LOCK_TIMEOUT must be a number of seconds above 0 and at most "
            f"{MAX_LOCK_TIMEOUT_S:g}"
        )
    return value


def _lock_timed_out(label: str, seconds: float) -> StoreUnavailable:
    return StoreUnavailable(
        f"{label}: another writer held the writers' lock for more than {seconds:g} s; nothing "
        "was recorded: try again, and if it persists ask the database owner which session "
        "holds it (ALLOCATOR_LOCK_TIMEOUT sets the wait)"
    )


class Tx:
    """A transaction in progress: run SQL with ``?`` placeholders, get rows as dicts."""

    def __init__(self, db: "Database") -> None:
        self._db = db

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Every row the statement returns."""
        return self._db._rows(sql, params)

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row, or None."""
        rows = self.rows(sql, params)
        return rows[0] if rows else None

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run a statement that returns nothing (or whose rows do not matter)."""
        self._db._run(sql, params)


class Database:
    """A connection to one database, and the transactions every writer and reader uses."""

    dialect: str
    label: str
    """Where the database is, safe to print (a PostgreSQL password is never shown)."""

    @contextmanager
    def read(self) -> Iterator[Tx]:
        """A consistent snapshot for reads."""
        self._begin_read()
        try:
            yield Tx(self)
        finally:
            self._run("ROLLBACK", ())

    @contextmanager
    def write(self, *, lock_chain: bool = True) -> Iterator[Tx]:
        """A transaction that holds the writer's lock until it commits or rolls back.

        Every append to the ledger takes the lock, so the chain's head cannot move between
        reading it and appending after it. ``lock_chain=False`` is for migrations, which take
        their own lock before the chain's table exists.
        """
        self._begin_write(lock_chain)
        try:
            yield Tx(self)
        except BaseException:
            self._rollback_quietly()
            raise
        self._commit()

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    # Dialect hooks --------------------------------------------------------------------------
    _conn: Any

    def _rows(self, sql: str, params: Sequence[Any]) -> list[Row]:
        raise NotImplementedError

    def _run(self, sql: str, params: Sequence[Any]) -> None:
        self._rows(sql, params)

    def _begin_read(self) -> None:
        raise NotImplementedError

    def _begin_write(self, lock_chain: bool) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        self._run("COMMIT", ())

    def _rollback_quietly(self) -> None:
        with suppress(Exception):  # the connection may be gone; the server rolls back anyway
            self._run("ROLLBACK", ())

    def migration_lock(self, tx: Tx) -> None:
        """Serialise migrations of this database (called at the start of the write)."""


class SqliteDatabase(Database):
    """An embedded database in one file, in WAL mode with foreign keys on."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.label = str(path)
        self._timeout = lock_timeout_s()
        new = not path.exists()
        try:
            # The file, its -wal and its -shm are created 0600: they hold whole scenarios.
            with private_umask():
                self._conn = sqlite3.connect(path, timeout=self._timeout, isolation_level=None)
                self._conn.row_factory = sqlite3.Row
                mode = self._conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
                self._conn.execute("PRAGMA synchronous=FULL")
                self._conn.execute("PRAGMA foreign_keys=ON")
                self._conn.execute(f"PRAGMA busy_timeout={int(self._timeout * 1000)}")
                self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as err:
            raise StoreUnavailable(f"{path}: not a usable SQLite database ({err})") from None
        if new:  # SQLite gives the -wal and -shm files the database file's own mode
            for suffix in ("", "-wal", "-shm"):
                make_private(Path(f"{path}{suffix}"))
        if mode != "wal":
            raise StoreUnavailable(f"{path}: could not switch the database to WAL mode")

    def _rows(self, sql: str, params: Sequence[Any]) -> list[Row]:
        try:
            return [dict(r) for r in self._conn.execute(sql, tuple(params)).fetchall()]
        except sqlite3.IntegrityError as err:
            raise _integrity(str(err)) from None
        except sqlite3.OperationalError as err:
            if "locked" in str(err) or "busy" in str(err):
                raise _lock_timed_out(self.label, self._timeout) from None
            raise

    def _begin_read(self) -> None:
        self._run("BEGIN", ())

    def _begin_write(self, lock_chain: bool) -> None:
        self._run("BEGIN IMMEDIATE", ())


class PostgresDatabase(Database):
    """A PostgreSQL database reached by URL (``postgresql://user:pass@host:port/db``)."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg
        from psycopg.rows import dict_row

        self._psycopg = psycopg
        target = parse_pg_url(url)
        self.label = target.label
        self._timeout = lock_timeout_s()
        try:
            self._conn = psycopg.connect(
                autocommit=True,
                row_factory=dict_row,
                **target.connect_kwargs(),  # type: ignore[arg-type]
            )
        except psycopg.Error as err:
            first = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
            raise StoreUnavailable(f"cannot connect to {self.label}: {first}") from None

    def _rows(self, sql: str, params: Sequence[Any]) -> list[Row]:
        errors = self._psycopg.errors
        try:
            cur = self._conn.execute(sql.replace("?", "%s"), tuple(params) or None)
            return list(cur.fetchall()) if cur.description else []
        except self._psycopg.IntegrityError as err:
            raise _integrity(str(err)) from None
        except (errors.RaiseException, errors.InsufficientPrivilege) as err:
            raise NotPermitted(str(err).strip().splitlines()[0]) from None

    def _begin_read(self) -> None:
        self._run("BEGIN ISOLATION LEVEL REPEATABLE READ", ())

    def _begin_write(self, lock_chain: bool) -> None:
        self._run("BEGIN", ())
        try:
            self._run(f"SET LOCAL lock_timeout = '{int(self._timeout * 1000)}ms'", ())
            if lock_chain:
                self._run("SELECT id FROM chain_lock WHERE id = 1 FOR UPDATE", ())
        except self._psycopg.errors.LockNotAvailable:
            self._rollback_quietly()
            raise _lock_timed_out(self.label, self._timeout) from None
        except BaseException:
            self._rollback_quietly()
            raise

    def migration_lock(self, tx: Tx) -> None:
        tx.run(
            "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.allocator.migrations'))"
        )


def _integrity(message: str) -> Exception:
    """A unique violation on a line's decisions is a conflict; anything else is a bug.

    PostgreSQL names the constraint; SQLite names the columns.
    """
    if any(
        key in message
        for key in (
            "decisions_one_live_per_line",
            "decisions_supersede_once",
            "decisions.proposal_id, decisions.case_id",
            "decisions.supersedes",
        )
    ):
        return Conflict(
            "another decision on this line was recorded at the same time: "
            "run allocator decisions to see it, then decide again"
        )
    if "append-only" in message:
        return NotPermitted(message.strip().splitlines()[0])
    return RuntimeError(f"the database refused a write: {message.strip().splitlines()[0]}")


def connect(target: str | Path, *, create: bool) -> Database:
    """Open the database at ``target``: a PostgreSQL URL, or a SQLite file path.

    A SQLite file is created only when ``create`` is true; otherwise a missing file is an error
    that says how to create it.
    """
    text = str(target)
    if is_postgres_url(text):
        return PostgresDatabase(text)
    if re.match(r"^[a-z][a-z0-9+.-]*://", text):
        raise StoreUnavailable(
            f"{text.split('://')[0]}://: not a database this allocator knows: give a SQLite file "
            "path or a postgresql:// URL"
        )
    path = Path(text)
    if path.is_dir():
        raise StoreUnavailable(f"{path}: is a folder, expected a database file")
    if not path.exists() and not create:
        raise StoreUnavailable(
            f"{path}: no such database: save a proposal first (allocator propose SCENARIO --db {path})"
        )
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not os.access(path, os.R_OK):
        raise StoreUnavailable(f"{path}: not readable by this user")
    return SqliteDatabase(path)
