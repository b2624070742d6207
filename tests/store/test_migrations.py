"""Versioned migrations through Alembic: a new database reaches the latest schema, migrating
again does nothing, an older database with records in it upgrades without breaking its chain,
and databases made by the hand-written runner before Alembic are adopted in place."""

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from allocator.store import DecisionRequest, NotPermitted, Store, StoreUnavailable, decide, schema
from allocator.store import chain as chain_mod
from allocator.store.db import connect, is_postgres_url
from allocator.store.migrations import (
    LATEST,
    MIGRATIONS,
    alembic_config,
    current_version,
    migrate,
)
from tests.store.support import T0, at, proposal_for

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_new_database_is_created_at_the_latest_version(db_url: str) -> None:
    """Opening with create=True applies every revision in order; Alembic records the last."""
    with Store.open(db_url, create=True) as store, store.db.read() as tx:
        rows = tx.rows("SELECT version_num FROM alembic_version")
    assert rows == [{"version_num": MIGRATIONS[-1].revision}]


def test_the_packaged_revisions_are_the_versions_listed(tmp_path: Path) -> None:
    """Alembic finds the revisions inside the package, one line of history, in version order."""
    db = connect(tmp_path / "a.db", create=True)
    try:
        scripts = ScriptDirectory.from_config(alembic_config(db))
    finally:
        db.close()
    history = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert history == [m.revision for m in MIGRATIONS]
    assert scripts.get_heads() == [MIGRATIONS[-1].revision]


def test_the_core_tables_match_the_migrated_schema(db_url: str) -> None:
    """The Core tables the ledger queries name exactly the columns the revisions made."""
    with Store.open(db_url, create=True) as store:
        inspector = sa.inspect(store.db.conn)
        for table in schema.RECORD_TABLES.values():
            made = [c["name"] for c in inspector.get_columns(table.name)]
            assert sorted(made) == sorted(c.name for c in table.columns), table.name


def test_migrating_twice_is_a_no_op(db_url: str) -> None:
    """A second migrate applies nothing and leaves the recorded revision as it was."""
    db = connect(db_url, create=True)
    try:
        assert migrate(db) == [m.version for m in MIGRATIONS]
        assert migrate(db) == []
        assert current_version(db) == LATEST
        with db.read() as tx:
            assert tx.one("SELECT count(*) AS n FROM alembic_version") == {"n": 1}
    finally:
        db.close()


def test_upgrade_from_version_1_keeps_records_and_chain(db_url: str) -> None:
    """A v1 database holding a proposal and a decision upgrades to the latest: the records
    keep their hashes (the new columns are NULL and left out of the canonical form), and new
    records chain on after them."""
    db = connect(db_url, create=True)
    scenario, policy, proposal = proposal_for("small")
    try:
        assert migrate(db, target=1) == [1]
        proposal_row = {
            "id": "P-000001",
            "seq": 1,
            "created_at": "2026-11-24T09:00:00.000000Z",
            "scenario_name": scenario.name,
            "allocation_date": scenario.date.isoformat(),
            "policy_name": policy.name,
            "policy_version": policy.version,
            "input_digest": proposal.run.input_digest,
            "status": proposal.run.status,
            "gap": float(proposal.gap),
            "scenario_json": scenario.model_copy(update={"policy": policy}).model_dump_json(),
            "proposal_json": proposal.model_dump_json(),
            "prev_hash": chain_mod.GENESIS,
        }
        proposal_row["hash"] = chain_mod.record_hash("proposal", proposal_row)
        decision_row = {
            "id": "D-000002",
            "seq": 2,
            "proposal_id": "P-000001",
            "case_id": "C1",
            "action": "approve",
            "practitioner_id": "P1",
            "proposed_practitioner_id": "P1",
            "reason": "Agreed at the morning check-in.",
            "reason_code": "initial_allocation",
            "rule_breaches": "[]",
            "breach_accepted": 0,
            "workload_before_pct": 46.0,
            "workload_after_pct": 54.1,
            "decided_by": "A. Senior",
            "decided_at": "2026-11-24T09:05:00.000000Z",
            "prev_hash": proposal_row["hash"],
        }
        decision_row["hash"] = chain_mod.record_hash("decision", decision_row)
        with db.write(lock_chain=False) as tx:
            for table, row in (("proposals", proposal_row), ("decisions", decision_row)):
                marks = ", ".join("?" for _ in row)
                tx.run(
                    f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", tuple(row.values())
                )
        assert current_version(db) == 1
    finally:
        db.close()

    with Store.open(db_url) as store:
        assert current_version(store.db) == LATEST
        assert store.verify().problems == []
        saved = store.proposal("P-000001")
        assert saved.previous_id is None
        assert saved.proposal == proposal
        (d,) = store.decisions("P-000001")
        assert d.checked_scenario_digest is None
        assert d.reason == "Agreed at the morning check-in."
        again = store.save_proposal(proposal, scenario, policy, T0, previous_id="P-000001")
        assert again.id == "P-000003"
        assert again.previous_id == "P-000001"
        report = store.verify()
    assert report.problems == []
    assert report.records == 3


def test_a_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    """A revision this allocator does not know stops it before it writes anything."""
    path = tmp_path / "allocator.db"
    Store.open(path, create=True).close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    raw.commit()
    raw.close()
    with pytest.raises(StoreUnavailable, match=f"version {LATEST + 1}, newer than this allocator"):
        Store.open(path)


def _load_old_runner_fixture(db_url: str) -> None:
    """Make, at ``db_url``, the version-2 database the hand-written runner made (fixture)."""
    if is_postgres_url(db_url):
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute((FIXTURES / "v2_postgresql.sql").read_text())  # type: ignore[arg-type]
        return
    conn = sqlite3.connect(db_url)
    conn.executescript((FIXTURES / "v2_sqlite.sql").read_text())
    conn.close()


def test_a_database_made_by_the_old_runner_upgrades_in_place(db_url: str) -> None:
    """A version-2 database from before Alembic (its schema_migrations, a proposal and two
    decisions) is stamped and upgraded: its records keep their hashes and verify, new records
    chain on keyed after them, and the append-only triggers still refuse changes."""
    _load_old_runner_fixture(db_url)
    with Store.open(db_url) as store:
        assert current_version(store.db) == LATEST
        with store.db.read() as tx:
            assert tx.one("SELECT version_num FROM alembic_version") == {
                "version_num": MIGRATIONS[-1].revision
            }
            assert tx.one("SELECT max(version) AS v FROM schema_migrations") == {"v": 2}
        before = store.verify()
        assert before.problems == []
        assert (before.proposals, before.decisions) == (1, 2)
        assert [d.id for d in store.decisions("P-000001")] == ["D-000002", "D-000003"]
        d = decide(
            store, DecisionRequest("P-000001", "C4", "approve", "A. Senior", "Agreed."), at(5)
        )
        assert d.id == "D-000004"
        report = store.verify(before.head.describe())
        assert report.problems == []
        assert report.records == 4
        with pytest.raises(NotPermitted, match="append-only"), store.db.write() as tx:
            tx.run("DELETE FROM decisions WHERE id = 'D-000002'")


def test_an_upgraded_old_database_still_detects_a_forged_record(db_url: str) -> None:
    """Once the first keyed record seals the old unkeyed ones, an unkeyed row after it is named."""
    _load_old_runner_fixture(db_url)
    with Store.open(db_url) as store:
        decide(store, DecisionRequest("P-000001", "C4", "approve", "A. Senior", "Ok."), at(5))
        head = store.head()
    row = {
        "id": "D-000005",
        "seq": 5,
        "proposal_id": "P-000001",
        "case_id": "C5",
        "action": "approve",
        "practitioner_id": "S1",
        "reason": "Forged.",
        "rule_breaches": "[]",
        "breach_accepted": 0,
        "decided_by": "A. Senior",
        "decided_at": "2026-11-24T10:00:00.000000Z",
        "prev_hash": head.hash,
    }
    row["hash"] = chain_mod.record_hash("decision", row)
    with Store.open(db_url) as store:
        with store.db.write(lock_chain=False) as tx:
            tx.run(
                f"INSERT INTO decisions ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                tuple(row.values()),
            )
        assert store.verify().problems == [
            "D-000005 (seq 5): not keyed: written without the chain key, after the chain was "
            "keyed (inserted through SQL, not by the allocator)"
        ]


def test_sqlite_runs_in_wal_mode_with_foreign_keys_on(tmp_path: Path) -> None:
    """The embedded database is a WAL-mode file with foreign keys and full sync on."""
    with Store.open(tmp_path / "a.db", create=True) as store, store.db.read() as tx:
        assert tx.one("PRAGMA journal_mode") == {"journal_mode": "wal"}
        assert tx.one("PRAGMA foreign_keys") == {"foreign_keys": 1}
        assert tx.one("PRAGMA synchronous") == {"synchronous": 2}


def test_a_missing_sqlite_file_is_not_created_by_readers(tmp_path: Path) -> None:
    """Opening without create names the missing file and how to make it; nothing is created."""
    path = tmp_path / "none.db"
    with pytest.raises(StoreUnavailable, match="no such database: save a proposal first"):
        Store.open(path)
    assert not path.exists()
