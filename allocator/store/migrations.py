"""The schema's versions, applied by Alembic; the revisions live in ``allocator/store/alembic``.

Alembic records the applied revision in ``alembic_version``. The whole upgrade runs in one
transaction under a lock (SQLite ``BEGIN IMMEDIATE``; PostgreSQL a transaction-scoped advisory
lock per schema), so two processes opening a new database at once apply it once, and a failed
upgrade leaves nothing half-done. Migrating an up-to-date database is a no-op; a database at a
revision this code does not know is refused. Migrations only ever add: a column added later is
nullable, and the hash chain leaves NULLs out of a record's canonical form, so records written
before the column existed keep their hashes (``allocator.store.chain``).

Databases made before Alembic (by the hand-written runner, which kept ``schema_migrations``)
are adopted in place: their version is stamped as the matching revision, and the revisions
after it are applied. ``schema_migrations`` is left as it was, as history.

Versions
--------
1. ``0001_records``: proposals and decisions, constraints, append-only triggers (PostgreSQL:
   ``chain_lock``, revoked rights).
2. ``0002_resolve_links``: ``proposals.previous_proposal_id``, ``decisions.checked_scenario_digest``.
3. ``0003_keyed_chain``: ``key_id`` on the records and the ``key_rotations`` table.
4. ``0004_erasable_payloads``: ``proposal_payloads`` (erasable), the digests on ``proposals``,
   and the ``erasures`` record.
5. ``0005_version_lookups``: indexes on ``proposals`` for the versions of a day (a successor,
   a first version by its input, a date's proposals).
"""

from dataclasses import dataclass

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from allocator.store.db import Database, Tx
from allocator.store.errors import NotPermitted, StoreUnavailable


@dataclass(frozen=True)
class Migration:
    """One schema version: its number, name and Alembic revision."""

    version: int
    name: str
    revision: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "proposals and decisions", "0001_records"),
    Migration(2, "re-solve links and decision-time checks", "0002_resolve_links"),
    Migration(3, "keyed chain and key rotations", "0003_keyed_chain"),
    Migration(4, "erasable personal data", "0004_erasable_payloads"),
    Migration(5, "version lookups", "0005_version_lookups"),
)
LATEST = MIGRATIONS[-1].version
_VERSION_OF = {m.revision: m.version for m in MIGRATIONS}


def alembic_config(db: Database) -> Config:
    """Alembic's configuration for ``db``: the packaged scripts, run on the store's connection."""
    cfg = Config()
    cfg.set_main_option("script_location", "allocator.store:alembic")
    cfg.attributes["connection"] = db.conn
    return cfg


def _has_table(db: Database, name: str) -> bool:
    return sa.inspect(db.conn).has_table(name)


def _version_in(db: Database, tx: Tx) -> tuple[int, bool]:
    """The schema version and whether Alembic records it (False: none, or the old runner's)."""
    if _has_table(db, "alembic_version"):
        row = tx.one("SELECT version_num FROM alembic_version")
        if row is not None:
            return _VERSION_OF.get(str(row["version_num"]), LATEST + 1), True
    if _has_table(db, "schema_migrations"):
        row = tx.one("SELECT max(version) AS v FROM schema_migrations")
        return (int(row["v"]) if row and row["v"] is not None else 0), False
    return 0, False


def current_version(db: Database) -> int:
    """The schema version of ``db``: 0 for an empty database."""
    with db.read() as tx:
        return _version_in(db, tx)[0]


def _newer(db: Database, version: int) -> StoreUnavailable:
    return StoreUnavailable(
        f"{db.label}: the schema is at a version newer than this allocator knows "
        f"(version {version}, newer than this allocator's {LATEST}): upgrade the allocator"
    )


def migrate(db: Database, target: int = LATEST) -> list[int]:
    """Apply every version above the current one up to ``target``; return those applied.

    Raises ``StoreUnavailable`` when the database is newer than this code, or when the role
    connected may not change the schema.
    """
    try:
        with db.write(lock_chain=False) as tx:
            db.migration_lock(tx)
            current, by_alembic = _version_in(db, tx)
            if current > LATEST:
                raise _newer(db, current)
            cfg = alembic_config(db)
            if current > 0 and not by_alembic:
                command.stamp(cfg, MIGRATIONS[current - 1].revision)
            if target <= current:
                return []
            command.upgrade(cfg, MIGRATIONS[target - 1].revision)
            return list(range(current + 1, target + 1))
    except NotPermitted as err:
        raise StoreUnavailable(
            f"{db.label}: the schema needs migrating to version {target} and this role may not "
            f"({err}): run allocator db migrate as the database owner"
        ) from None


def ensure_current(db: Database) -> None:
    """Bring ``db`` to the latest schema if it is behind; refuse one that is ahead."""
    version = current_version(db)
    if version > LATEST:
        raise _newer(db, version)
    if version < LATEST:
        migrate(db)
