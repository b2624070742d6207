"""What the web service's processes share, in the database: sign-in failures and the day shown.

``allocator serve --workers N`` (or any two processes on one database) must behave as one
service: a sign-in lock-out counts every process's failures, and an upload replaces the day for
every process. Both live here, in two tables beside ``web_users`` (mutable, like the accounts,
and apart from the ledger's hash chain). The versions of a day and the decisions on them need
nothing here: the ledger decides them under its writers' lock (``Store.save_proposal(once=...,
after_decisions=...)``, ``append_decision(current_only=True)``).

The day's scenario is personal data: only the newest day keeps its JSON (older rows keep only
their digest, to recognise a server started again with a day it has shown before).
"""

import datetime as dt
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from allocator.store.accounts import web_connection
from allocator.store.urls import is_postgres_url, parse_pg_url

_FAILURES = """CREATE TABLE IF NOT EXISTS web_sign_in_failures (
    key TEXT NOT NULL,
    failed_at DOUBLE PRECISION NOT NULL
)"""
_FAILURES_INDEX = (
    "CREATE INDEX IF NOT EXISTS web_sign_in_failures_key ON web_sign_in_failures (key, failed_at)"
)
_DAYS = """CREATE TABLE IF NOT EXISTS web_days (
    seq {serial} PRIMARY KEY,
    digest TEXT NOT NULL,
    source TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL,
    scenario_json TEXT
)"""
TABLES = ("web_sign_in_failures", "web_days")


class SharedState:
    """The ``web_sign_in_failures`` and ``web_days`` tables of one database."""

    def __init__(self, target: str) -> None:
        self.target = str(target)
        self._pg = is_postgres_url(self.target)
        self._ready = False
        self._local = threading.local()

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self._pg else sql

    @contextmanager
    def _conn(self) -> Iterator[Any]:
        """A connection for one transaction. On PostgreSQL each thread keeps its connection
        (every request reads the day shown: a new connection each time cost more than the
        query); a broken one is replaced on the next use."""
        if not self._pg:
            with web_connection(self.target) as conn:
                yield conn
            return
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.broken:
            import psycopg

            kwargs = parse_pg_url(self.target).connect_kwargs()
            conn = psycopg.connect(autocommit=True, **kwargs)  # type: ignore[arg-type]
            self._local.conn = conn
        with conn.transaction():
            yield conn

    def ensure(self) -> None:
        """Create the tables if they are not there yet (additive; once per process). On
        PostgreSQL with an application role, the owner creates them (``allocator users add``)
        and grants the role SELECT, INSERT, UPDATE and DELETE (docs/web.md)."""
        if self._ready:
            return
        with self._conn() as conn:
            present = {t for t in TABLES if self._exists(conn, t)}
            if "web_sign_in_failures" not in present:
                conn.execute(_FAILURES)
                conn.execute(_FAILURES_INDEX)
            if "web_days" not in present:
                serial = "BIGSERIAL" if self._pg else "INTEGER"
                conn.execute(_DAYS.format(serial=serial))
        self._ready = True

    def _exists(self, conn: Any, table: str) -> bool:
        sql = (
            "SELECT to_regclass(%s) IS NOT NULL"
            if self._pg
            else "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?"
        )
        return bool(conn.execute(sql, (table,)).fetchone()[0])

    # Sign-in failures --------------------------------------------------------------------

    def failed(self, keys: Iterable[str], at: float, forget_before: float) -> None:
        """Count one failed sign-in at ``at`` against each key; forget failures older than
        ``forget_before`` (outside every window)."""
        self.ensure()
        with self._conn() as conn:
            conn.execute(
                self._sql("DELETE FROM web_sign_in_failures WHERE failed_at < ?"),
                (forget_before,),
            )
            for key in keys:
                conn.execute(
                    self._sql("INSERT INTO web_sign_in_failures (key, failed_at) VALUES (?, ?)"),
                    (key, at),
                )

    def failures(self, keys: Iterable[str], since: float) -> dict[str, int]:
        """How many failures each key has at or after ``since``."""
        self.ensure()
        keys = list(keys)
        marks = ", ".join("?" for _ in keys)
        with self._conn() as conn:
            rows = conn.execute(
                self._sql(
                    "SELECT key, count(*) FROM web_sign_in_failures "
                    f"WHERE failed_at >= ? AND key IN ({marks}) GROUP BY key"
                ),
                (since, *keys),
            ).fetchall()
        counts = {k: 0 for k in keys}
        counts.update({str(k): int(n) for k, n in rows})
        return counts

    def forget(self, key: str) -> None:
        """Clear a key's failures (a good sign-in clears its name's)."""
        self.ensure()
        with self._conn() as conn:
            conn.execute(self._sql("DELETE FROM web_sign_in_failures WHERE key = ?"), (key,))

    # The day shown -----------------------------------------------------------------------

    def newest_day(self) -> tuple[int, str] | None:
        """The newest day's sequence number and digest, or None before any."""
        self.ensure()
        with self._conn() as conn:
            row = conn.execute("SELECT seq, digest FROM web_days ORDER BY seq DESC LIMIT 1")
            found = row.fetchone()
        return None if found is None else (int(found[0]), str(found[1]))

    def day_json(self, seq: int) -> str | None:
        """The scenario JSON of day ``seq`` (None once a newer day has replaced it)."""
        self.ensure()
        with self._conn() as conn:
            row = conn.execute(
                self._sql("SELECT scenario_json FROM web_days WHERE seq = ?"), (seq,)
            ).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def set_day(self, scenario_json: str, digest: str, source: str, by: str) -> int:
        """Record a new day shown by every process; the older days keep only their digest."""
        self.ensure()
        at = dt.datetime.now(dt.UTC).isoformat()
        insert = (
            "INSERT INTO web_days (digest, source, set_by, set_at, scenario_json) "
            "VALUES (?, ?, ?, ?, ?)"
        )
        values = (digest, source, by, at, scenario_json)
        with self._conn() as conn:
            if self._pg:
                seq = int(conn.execute(self._sql(insert + " RETURNING seq"), values).fetchone()[0])
            else:
                seq = int(conn.execute(insert, values).lastrowid)
            conn.execute(
                self._sql("UPDATE web_days SET scenario_json = NULL WHERE seq < ?"), (seq,)
            )
        return seq

    def start_day(self, scenario_json: str, digest: str) -> None:
        """A server starts with this day: it becomes the day shown unless it has been shown
        before (a restart with the same day keeps an upload made since)."""
        self.ensure()
        with self._conn() as conn:
            seen = conn.execute(
                self._sql("SELECT 1 FROM web_days WHERE digest = ? LIMIT 1"), (digest,)
            ).fetchone()
        if seen is None:
            self.set_day(scenario_json, digest, "start", "allocator serve")
