"""Saving a proposal records it whole, and the database itself refuses to change a record."""

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from allocator.problem.digest import input_digest
from allocator.store import BadRequest, DecisionRequest, NotFound, NotPermitted, Store, decide
from allocator.store.chain import GENESIS
from tests.store.support import T0, at, proposal_for, save


def test_a_saved_proposal_comes_back_whole_and_can_be_re_solved(store: Store) -> None:
    """The proposal, the scenario with its resolved policy, the digest, the policy, status and
    gap all come back; the scenario gives the same input digest, so it can be re-solved."""
    _, policy, proposal = proposal_for("small")
    saved = save(store)
    assert saved.id == "P-000001"
    assert saved.seq == 1
    assert saved.created_at == "2026-11-24T09:00:00.000000Z"
    back = store.proposal("P-000001")
    assert back.proposal == proposal
    assert back.policy == policy
    assert input_digest(back.scenario, back.policy) == proposal.run.input_digest
    with store.db.read() as tx:
        row = tx.one("SELECT * FROM proposals WHERE id = 'P-000001'")
    assert row is not None
    assert row["input_digest"] == proposal.run.input_digest
    assert (row["policy_name"], row["policy_version"]) == (policy.name, policy.version)
    assert (row["status"], row["gap"]) == ("OPTIMAL", 0.0)
    assert row["prev_hash"] == GENESIS


def test_a_proposal_from_another_scenario_is_refused(store: Store) -> None:
    """The digest ties the saved scenario to the proposal: a mismatch is not saved."""
    _, policy, proposal = proposal_for("small")
    other, _, _ = proposal_for("wide")
    with pytest.raises(BadRequest, match="input digest differs"):
        store.save_proposal(proposal, other, policy, T0)
    assert store.proposal_ids() == []


@pytest.mark.parametrize("bad", ["P-000009", "P-1", "D-000001", "nonsense"])
def test_unknown_or_malformed_proposal_ids_are_not_found(store: Store, bad: str) -> None:
    """An id that names no proposal says so in one line."""
    save(store)
    with pytest.raises(NotFound, match="proposal"):
        store.proposal(bad)


def test_timestamps_must_be_timezone_aware(store: Store) -> None:
    """A naive time is refused: times are taken in UTC at the edge."""
    scenario, policy, proposal = proposal_for("small")
    with pytest.raises(ValueError, match="timezone-aware"):
        store.save_proposal(proposal, scenario, policy, T0.replace(tzinfo=None))


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE decisions SET reason = 'changed'",
        "DELETE FROM decisions",
        "UPDATE proposals SET status = 'FEASIBLE'",
        "DELETE FROM proposals",
    ],
)
def test_the_database_refuses_update_and_delete_of_records(store: Store, sql: str) -> None:
    """The append-only triggers abort any UPDATE or DELETE, even by the schema's owner."""
    saved = save(store)
    decide(store, DecisionRequest(saved.id, "C1", "approve", "A. Senior", "Agreed."), at(1))
    with pytest.raises(NotPermitted, match="append-only"), store.db.write() as tx:
        tx.run(sql)
    assert len(store.decisions(saved.id)) == 1
    assert store.verify().problems == []


def test_sqlite_triggers_refuse_a_direct_connection_too(tmp_path: Path) -> None:
    """Outside the allocator, a plain sqlite3 connection meets the same triggers."""
    path = tmp_path / "a.db"
    with Store.open(path, create=True) as store:
        saved = save(store)
        decide(store, DecisionRequest(saved.id, "C1", "approve", "A. Senior", "Agreed."), at(1))
    raw = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="decisions are append-only"):
        raw.execute("UPDATE decisions SET reason = 'changed'")
    with pytest.raises(sqlite3.IntegrityError, match="decisions are append-only"):
        raw.execute("DELETE FROM decisions")
    raw.close()


def test_postgres_truncate_is_refused(pg_url: str) -> None:
    """On PostgreSQL a statement trigger refuses TRUNCATE, which row triggers would not see."""
    with Store.open(pg_url, create=True) as store:
        save(store)
        with pytest.raises(NotPermitted, match="append-only"), store.db.write() as tx:
            tx.run("TRUNCATE decisions")


def test_postgres_application_role_has_no_update_or_delete_rights(
    pg_url: str, pg_admin: object
) -> None:
    """The role granted with grant_application_role reads and appends, and is denied UPDATE,
    DELETE and schema changes by the server's privileges, before any trigger runs."""
    import uuid

    import psycopg

    role = f"alloc_app_{uuid.uuid4().hex[:8]}"
    try:
        pg_admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'app'")  # type: ignore[attr-defined]
    except psycopg.errors.InsufficientPrivilege:
        pytest.skip("the test role may not create roles (needs CREATEROLE)")
    try:
        with Store.open(pg_url, create=True) as owner:
            saved = save(owner)
            owner.grant_application_role(role)
        parts = urlsplit(pg_url)
        netloc = f"{role}:app@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        app_url = urlunsplit(parts._replace(netloc=netloc))
        with Store.open(app_url) as app:
            d = decide(
                app, DecisionRequest(saved.id, "C1", "approve", "A. Senior", "Agreed."), at(1)
            )
            assert d.id == "D-000002"
            for sql in ("UPDATE decisions SET reason = 'x'", "DELETE FROM decisions"):
                with pytest.raises(NotPermitted, match="permission denied"), app.db.write() as tx:
                    tx.run(sql)
            with pytest.raises(NotPermitted, match="must be owner"), app.db.write() as tx:
                tx.run("DROP TRIGGER decisions_append_only ON decisions")
            assert app.verify().problems == []
    finally:
        schema = pg_url.rsplit("%3D", 1)[1]
        for sql in (
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
            f"REVOKE ALL ON SCHEMA {schema} FROM {role}",
            f"DROP ROLE {role}",
        ):
            pg_admin.execute(sql)  # type: ignore[attr-defined]


def test_the_same_record_hashes_the_same_in_both_dialects(tmp_path: Path, pg_url: str) -> None:
    """The canonical form does not depend on the database: the same saves give the same chain."""
    heads = []
    for url in (str(tmp_path / "a.db"), pg_url):
        with Store.open(url, create=True) as store:
            saved = save(store)
            decide(store, DecisionRequest(saved.id, "C1", "approve", "A. Senior", "Agreed."), at(1))
            heads.append(store.head())
    assert heads[0] == heads[1]
