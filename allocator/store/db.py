"""One small interface over the two databases, on SQLAlchemy Core: embedded SQLite (a file)
and PostgreSQL (a URL, through psycopg 3).

The ledger builds its statements with SQLAlchemy Core (``allocator.store.schema``), which
renders each dialect's SQL and placeholders; the schema is made by Alembic
(``allocator.store.migrations``). What remains here is what SQLAlchemy leaves to the
application: how a transaction starts, and which driver errors mean what.

=====================  ==========================================  =========================================
what                   SQLite (standard-library ``sqlite3``)       PostgreSQL (psycopg 3)
=====================  ==========================================  =========================================
write transaction      ``BEGIN IMMEDIATE``: one writer at a time,  ``BEGIN``, ``SET LOCAL lock_timeout``, then
                       others wait (busy timeout)                  ``SELECT ... FROM chain_lock FOR UPDATE``
read transaction       ``BEGIN`` (a snapshot in WAL mode)          ``REPEATABLE READ``
lock timeout           ``busy_timeout``                            ``lock_timeout``
durability             WAL, ``synchronous=FULL``                   the server's WAL (``synchronous_commit``)
foreign keys           ``PRAGMA foreign_keys=ON`` per connection   always on
migration lock         ``BEGIN IMMEDIATE``                         ``pg_advisory_xact_lock`` per schema
=====================  ==========================================  =========================================

SQLite's driver is put in autocommit mode and the transaction is begun explicitly (SQLAlchemy's
documented recipe), so that a write takes the lock at ``BEGIN IMMEDIATE`` rather than at its
first write.
"""

import math
import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.expression import Executable

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


def _qmark(sql: str, params: Sequence[Any]) -> tuple[sa.TextClause, dict[str, Any]]:
    """A ``?``-placeholder statement as a SQLAlchemy text clause with named parameters."""
    pieces = sql.split("?")
    if len(pieces) - 1 != len(params):
        raise ValueError(f"{len(pieces) - 1} placeholders but {len(params)} parameters")
    text = pieces[0] + "".join(f":p{i}{piece}" for i, piece in enumerate(pieces[1:]))
    return sa.text(text), {f"p{i}": v for i, v in enumerate(params)}


class Tx:
    """A transaction in progress: run a SQLAlchemy statement, or SQL with ``?`` placeholders,
    and get rows as dicts."""

    def __init__(self, db: "Database") -> None:
        self._db = db

    def rows(self, sql: str | Executable, params: Sequence[Any] = ()) -> list[Row]:
        """Every row the statement returns."""
        return self._db._rows(sql, params)

    def one(self, sql: str | Executable, params: Sequence[Any] = ()) -> Row | None:
        """The first row, or None."""
        rows = self.rows(sql, params)
        return rows[0] if rows else None

    def run(self, sql: str | Executable, params: Sequence[Any] = ()) -> None:
        """Run a statement that returns nothing (or whose rows do not matter)."""
        self._db._rows(sql, params)


class Database:
    """A connection to one database, and the transactions every writer and reader uses."""

    dialect: str
    label: str
    """Where the database is, safe to print (a PostgreSQL password is never shown)."""
    engine: Engine
    conn: Connection

    def __init__(self, engine: Engine, label: str) -> None:
        self.engine, self.label = engine, label
        self.dialect = engine.dialect.name
        self._timeout = lock_timeout_s()
        try:
            self.conn = engine.connect()
        except sa.exc.DBAPIError as err:
            engine.dispose()
            raise self._unavailable(err) from None

    @contextmanager
    def read(self) -> Iterator[Tx]:
        """A consistent snapshot for reads."""
        self._begin(write=False, lock_chain=False)
        try:
            yield Tx(self)
        finally:
            self._rollback_quietly()

    @contextmanager
    def write(self, *, lock_chain: bool = True) -> Iterator[Tx]:
        """A transaction that holds the writer's lock until it commits or rolls back.

        Every append to the ledger takes the lock, so the chain's head cannot move between
        reading it and appending after it. ``lock_chain=False`` is for migrations, which take
        their own lock before the chain's table exists.
        """
        self._begin(write=True, lock_chain=lock_chain)
        try:
            yield Tx(self)
        except BaseException:
            self._rollback_quietly()
            raise
        try:
            self.conn.commit()
        except sa.exc.DBAPIError as err:
            self._rollback_quietly()
            raise self._translate(err) from None

    def close(self) -> None:
        """Close the connection."""
        with suppress(Exception):
            self.conn.close()
        self.engine.dispose()

    def migration_lock(self, tx: Tx) -> None:
        """Serialise migrations of this database (called at the start of the write)."""
        if self.dialect == "postgresql":
            tx.run(
                "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.allocator.migrations'))"
            )

    # Internals ------------------------------------------------------------------------------

    def _begin(self, *, write: bool, lock_chain: bool) -> None:
        self.conn.info["begin"] = "BEGIN IMMEDIATE" if write else "BEGIN"
        try:
            self.conn.begin()
            if self.dialect == "postgresql":
                if write:
                    self._rows(f"SET LOCAL lock_timeout = '{int(self._timeout * 1000)}ms'", ())
                    if lock_chain:
                        self._rows("SELECT id FROM chain_lock WHERE id = 1 FOR UPDATE", ())
                else:
                    self._rows("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", ())
        except BaseException as err:
            self._rollback_quietly()
            if isinstance(err, sa.exc.DBAPIError):
                raise self._translate(err) from None
            raise

    def _rows(self, sql: str | Executable, params: Sequence[Any]) -> list[Row]:
        if isinstance(sql, str):
            stmt, binds = _qmark(sql, params)
            run = lambda: self.conn.execute(stmt, binds)  # noqa: E731
        else:
            run = lambda: self.conn.execute(sql)  # noqa: E731
        try:
            result = run()
        except sa.exc.DBAPIError as err:
            raise self._translate(err) from None
        return [dict(r._mapping) for r in result] if result.returns_rows else []

    def _rollback_quietly(self) -> None:
        with suppress(Exception):  # the connection may be gone; the server rolls back anyway
            self.conn.rollback()

    def _translate(self, err: sa.exc.DBAPIError) -> Exception:
        """The store's error for a driver error: a conflict, a refusal, a lock timeout."""
        orig = err.orig
        message = str(orig).strip() or type(orig).__name__
        first = message.splitlines()[0]
        if self.dialect == "sqlite":
            if isinstance(orig, sqlite3.IntegrityError):
                return _integrity(message)
            if isinstance(orig, sqlite3.OperationalError) and (
                "locked" in message or "busy" in message
            ):
                return _lock_timed_out(self.label, self._timeout)
            return err
        import psycopg

        if isinstance(orig, psycopg.errors.LockNotAvailable):
            return _lock_timed_out(self.label, self._timeout)
        if isinstance(orig, psycopg.IntegrityError):
            return _integrity(message)
        if isinstance(orig, psycopg.errors.RaiseException | psycopg.errors.InsufficientPrivilege):
            return NotPermitted(first)
        if isinstance(orig, psycopg.OperationalError):
            return self._unavailable(err)
        return err

    def _unavailable(self, err: sa.exc.DBAPIError) -> StoreUnavailable:
        text = str(err.orig).strip()
        first = text.splitlines()[-1] if text else type(err.orig).__name__
        if self.dialect == "sqlite":
            return StoreUnavailable(f"{self.label}: not a usable SQLite database ({first})")
        return StoreUnavailable(f"cannot connect to {self.label}: {first}")


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


def _sqlite_engine(path: Path, timeout: float) -> Engine:
    """An engine whose one connection is a WAL-mode sqlite3 connection in autocommit mode."""

    def create() -> sqlite3.Connection:
        # The file, its -wal and its -shm are created 0600: they hold whole scenarios.
        with private_umask():
            conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
            try:
                mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            except sqlite3.DatabaseError:
                conn.close()
                raise
        if mode != "wal":
            conn.close()
            raise StoreUnavailable(f"{path}: could not switch the database to WAL mode")
        return conn

    engine = sa.create_engine("sqlite://", creator=create, poolclass=sa.pool.NullPool)

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql(conn.info.pop("begin", "BEGIN"))

    return engine


def _open_sqlite(path: Path) -> Database:
    new = not path.exists()
    db = Database(_sqlite_engine(path, lock_timeout_s()), str(path))
    if new:  # SQLite gives the -wal and -shm files the database file's own mode
        for suffix in ("", "-wal", "-shm"):
            make_private(Path(f"{path}{suffix}"))
    return db


def _open_postgres(url: str) -> Database:
    target = parse_pg_url(url)
    import psycopg

    def create() -> psycopg.Connection[Any]:
        return psycopg.connect(**target.connect_kwargs())  # type: ignore[arg-type]

    engine = sa.create_engine("postgresql+psycopg://", creator=create, poolclass=sa.pool.NullPool)
    return Database(engine, target.label)


def connect(target: str | Path, *, create: bool) -> Database:
    """Open the database at ``target``: a PostgreSQL URL, or a SQLite file path.

    A SQLite file is created only when ``create`` is true; otherwise a missing file is an error
    that says how to create it.
    """
    text = str(target)
    if is_postgres_url(text):
        return _open_postgres(text)
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
    return _open_sqlite(path)
