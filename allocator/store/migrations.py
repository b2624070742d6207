"""The schema, as numbered migrations per dialect; ``schema_migrations`` records which ran.

A migration runs once, inside one transaction with its row in ``schema_migrations``, under a
lock, so two processes opening a new database at once apply it once. Migrating an up-to-date
database is a no-op. Migrations only ever add: a column added later is nullable, and the hash
chain leaves NULLs out of a record's canonical form, so records written before the column
existed keep their hashes (``allocator.store.chain``).

Versions
--------
1. proposals and decisions: the two append-only record tables, the hash chain columns, the
   constraints that keep one live decision per line, and the triggers that refuse UPDATE and
   DELETE (on PostgreSQL also TRUNCATE, and no such rights for PUBLIC).
2. re-solve links and decision-time checks: ``proposals.previous_proposal_id`` (the proposal a
   re-solve started from) and ``decisions.checked_scenario_digest`` (the scenario the case's
   current practitioner was compared with when the decision was made).
3. the keyed chain: ``key_id`` on proposals and decisions (NULL on records made before the
   chain was keyed), and ``key_rotations``, the append-only record of each change of key.
"""

from dataclasses import dataclass

from allocator.store.db import Database, Tx
from allocator.store.errors import NotPermitted, StoreUnavailable


@dataclass(frozen=True)
class Migration:
    """One schema version: a name and the statements for each dialect."""

    version: int
    name: str
    sqlite: tuple[str, ...]
    postgresql: tuple[str, ...]

    def statements(self, dialect: str) -> tuple[str, ...]:
        """The statements for ``dialect``."""
        return self.sqlite if dialect == "sqlite" else self.postgresql


def _tables(int_type: str, real_type: str) -> tuple[str, ...]:
    """The record tables, the same in both dialects but for two column types."""
    return (
        f"""CREATE TABLE proposals (
            id TEXT PRIMARY KEY,
            seq {int_type} NOT NULL CONSTRAINT proposals_seq_unique UNIQUE,
            created_at TEXT NOT NULL,
            scenario_name TEXT NOT NULL,
            allocation_date TEXT NOT NULL,
            policy_name TEXT NOT NULL,
            policy_version TEXT NOT NULL,
            input_digest TEXT NOT NULL,
            status TEXT NOT NULL,
            gap {real_type} NOT NULL,
            scenario_json TEXT NOT NULL,
            proposal_json TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL CONSTRAINT proposals_hash_unique UNIQUE
        )""",
        f"""CREATE TABLE decisions (
            id TEXT PRIMARY KEY,
            seq {int_type} NOT NULL CONSTRAINT decisions_seq_unique UNIQUE,
            proposal_id TEXT NOT NULL REFERENCES proposals (id),
            case_id TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('approve', 'override', 'reject')),
            practitioner_id TEXT NOT NULL,
            proposed_practitioner_id TEXT,
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            reason_code TEXT,
            rule_breaches TEXT NOT NULL,
            breach_accepted INTEGER NOT NULL CHECK (breach_accepted IN (0, 1)),
            workload_before_pct {real_type},
            workload_after_pct {real_type},
            decided_by TEXT NOT NULL CHECK (length(trim(decided_by)) > 0),
            decided_at TEXT NOT NULL,
            supersedes TEXT CONSTRAINT decisions_supersede_once UNIQUE,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL CONSTRAINT decisions_hash_unique UNIQUE,
            CONSTRAINT decisions_breach_needs_acceptance
                CHECK (rule_breaches = '[]' OR breach_accepted = 1),
            CONSTRAINT decisions_line_key UNIQUE (id, proposal_id, case_id),
            CONSTRAINT decisions_supersede_same_line FOREIGN KEY (supersedes, proposal_id, case_id)
                REFERENCES decisions (id, proposal_id, case_id)
        )""",
        # At most one decision per line supersedes nothing; with supersede-once above, each
        # line's decisions form one chain and its last link is the live decision.
        """CREATE UNIQUE INDEX decisions_one_live_per_line
            ON decisions (proposal_id, case_id) WHERE supersedes IS NULL""",
        "CREATE INDEX decisions_by_line ON decisions (proposal_id, case_id)",
    )


def _sqlite_append_only(table: str) -> tuple[str, ...]:
    return tuple(
        f"""CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} are append-only: record a new one instead'); END"""
        for verb in ("UPDATE", "DELETE")
    )


def _pg_append_only(table: str) -> tuple[str, ...]:
    return (
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION allocator_refuse_change()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION allocator_refuse_change()""",
    )


_PG_REFUSE_CHANGE = """CREATE FUNCTION allocator_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% are append-only: record a new one instead', TG_TABLE_NAME;
    END
    $$"""

_V2 = (
    "ALTER TABLE proposals ADD COLUMN previous_proposal_id TEXT REFERENCES proposals (id)",
    "ALTER TABLE decisions ADD COLUMN checked_scenario_digest TEXT",
)


def _v3(int_type: str) -> tuple[str, ...]:
    return (
        "ALTER TABLE proposals ADD COLUMN key_id TEXT",
        "ALTER TABLE decisions ADD COLUMN key_id TEXT",
        f"""CREATE TABLE key_rotations (
            id TEXT PRIMARY KEY,
            seq {int_type} NOT NULL CONSTRAINT key_rotations_seq_unique UNIQUE,
            rotated_at TEXT NOT NULL,
            rotated_by TEXT NOT NULL,
            key_id TEXT NOT NULL,
            previous_key_id TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL CONSTRAINT key_rotations_hash_unique UNIQUE
        )""",
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "proposals and decisions",
        sqlite=(
            *_tables("INTEGER", "REAL"),
            *_sqlite_append_only("proposals"),
            *_sqlite_append_only("decisions"),
        ),
        postgresql=(
            # The writers' lock: one row, locked FOR UPDATE by every append to the chain.
            "CREATE TABLE chain_lock (id INTEGER PRIMARY KEY CHECK (id = 1))",
            "INSERT INTO chain_lock (id) VALUES (1)",
            *_tables("BIGINT", "DOUBLE PRECISION"),
            _PG_REFUSE_CHANGE,
            *_pg_append_only("proposals"),
            *_pg_append_only("decisions"),
            "REVOKE UPDATE, DELETE, TRUNCATE ON proposals, decisions FROM PUBLIC",
        ),
    ),
    Migration(2, "re-solve links and decision-time checks", sqlite=_V2, postgresql=_V2),
    Migration(
        3,
        "keyed chain and key rotations",
        sqlite=(*_v3("INTEGER"), *_sqlite_append_only("key_rotations")),
        postgresql=(
            *_v3("BIGINT"),
            *_pg_append_only("key_rotations"),
            "REVOKE UPDATE, DELETE, TRUNCATE ON key_rotations FROM PUBLIC",
        ),
    ),
)
LATEST = MIGRATIONS[-1].version

_CREATE_MIGRATIONS_TABLE = {
    "sqlite": """CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)""",
    "postgresql": """CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now())""",
}
_HAS_MIGRATIONS_TABLE = {
    "sqlite": "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
    "postgresql": "SELECT 1 AS found WHERE to_regclass('schema_migrations') IS NOT NULL",
}


def _version_in(db: Database, tx: Tx) -> int:
    if tx.one(_HAS_MIGRATIONS_TABLE[db.dialect]) is None:
        return 0
    row = tx.one("SELECT max(version) AS v FROM schema_migrations")
    return int(row["v"]) if row and row["v"] is not None else 0


def current_version(db: Database) -> int:
    """The schema version of ``db``: 0 for an empty database."""
    with db.read() as tx:
        return _version_in(db, tx)


def migrate(db: Database, target: int = LATEST) -> list[int]:
    """Apply every migration above the current version up to ``target``; return those applied.

    Raises ``StoreUnavailable`` when the database is newer than this code, or when the role
    connected may not change the schema.
    """
    try:
        with db.write(lock_chain=False) as tx:
            db.migration_lock(tx)
            tx.run(_CREATE_MIGRATIONS_TABLE[db.dialect])
            current = _version_in(db, tx)
            if current > LATEST:
                raise StoreUnavailable(
                    f"{db.label}: the schema is at version {current}, newer than this allocator "
                    f"knows ({LATEST}): upgrade the allocator"
                )
            applied = []
            for m in MIGRATIONS:
                if current < m.version <= target:
                    for statement in m.statements(db.dialect):
                        tx.run(statement)
                    tx.run(
                        "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                        (m.version, m.name),
                    )
                    applied.append(m.version)
            return applied
    except NotPermitted as err:
        raise StoreUnavailable(
            f"{db.label}: the schema needs migrating to version {target} and this role may not "
            f"({err}): run allocator db migrate as the database owner"
        ) from None


def ensure_current(db: Database) -> None:
    """Bring ``db`` to the latest schema if it is behind; refuse one that is ahead."""
    version = current_version(db)
    if version > LATEST:
        raise StoreUnavailable(
            f"{db.label}: the schema is at version {version}, newer than this allocator knows "
            f"({LATEST}): upgrade the allocator"
        )
    if version < LATEST:
        migrate(db)
