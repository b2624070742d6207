"""Versioned migrations: a new database reaches the latest schema, migrating again does nothing,
and a version-1 database with records in it upgrades to the latest without breaking its chain."""

import json
import sqlite3
from pathlib import Path

import pytest

from allocator.store import Store, StoreUnavailable
from allocator.store import chain as chain_mod
from allocator.store.db import connect
from allocator.store.migrations import LATEST, MIGRATIONS, current_version, migrate
from tests.store.support import T0, proposal_for


def test_a_new_database_is_created_at_the_latest_version(db_url: str) -> None:
    """Opening with create=True builds every migration in order and records each one."""
    with Store.open(db_url, create=True) as store, store.db.read() as tx:
        rows = tx.rows("SELECT version, name FROM schema_migrations ORDER BY version")
    assert [(r["version"], r["name"]) for r in rows] == [(m.version, m.name) for m in MIGRATIONS]
    assert rows[-1]["version"] == LATEST


def test_migrating_twice_is_a_no_op(db_url: str) -> None:
    """A second migrate applies nothing and leaves schema_migrations as it was."""
    db = connect(db_url, create=True)
    try:
        assert migrate(db) == [m.version for m in MIGRATIONS]
        assert migrate(db) == []
        assert current_version(db) == LATEST
        with db.read() as tx:
            assert tx.one("SELECT count(*) AS n FROM schema_migrations") == {"n": LATEST}
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
    """A schema version this allocator does not know stops it before it writes anything."""
    path = tmp_path / "allocator.db"
    Store.open(path, create=True).close()
    raw = sqlite3.connect(path)
    raw.execute(
        "INSERT INTO schema_migrations (version, name) VALUES (?, 'from the future')", (LATEST + 1,)
    )
    raw.commit()
    raw.close()
    with pytest.raises(StoreUnavailable, match=f"version {LATEST + 1}, newer than this allocator"):
        Store.open(path)


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


def test_migration_statements_exist_for_both_dialects() -> None:
    """Every migration has statements for SQLite and for PostgreSQL."""
    for m in MIGRATIONS:
        assert m.sqlite and m.postgresql, m.name
    assert json.dumps([m.version for m in MIGRATIONS]) == json.dumps(list(range(1, LATEST + 1)))
