"""Tamper evidence: editing, re-hashing, deleting or cutting records is found, naming the record.

The tests change the database behind the allocator's back, as an intruder would: first
removing the append-only triggers, then editing rows directly.
"""

import sqlite3

import pytest

from allocator.store import DecisionRequest, Store, decide
from allocator.store.chain import record_hash
from allocator.store.db import is_postgres_url
from tests.store.support import at, save

_SQLITE_TRIGGERS = (
    "proposals_no_update",
    "proposals_no_delete",
    "decisions_no_update",
    "decisions_no_delete",
    "proposal_payloads_no_update",
)


def _tamper(db_url: str, *statements: str) -> None:
    """Run ``statements`` with the append-only triggers dropped, outside the allocator."""
    if is_postgres_url(db_url):
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as conn:
            for table in ("proposals", "decisions", "proposal_payloads"):
                conn.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            for sql in statements:
                conn.execute(sql.replace("?", "%s"))
        return
    conn = sqlite3.connect(db_url)
    for trigger in _SQLITE_TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.fixture
def ledger(store: Store) -> Store:
    """A proposal (P-000001) and three decisions: D-000002 (C1), D-000003 (C2), D-000004 (C4)."""
    save(store)
    for i, cid in enumerate(("C1", "C2", "C4"), start=1):
        decide(
            store, DecisionRequest("P-000001", cid, "approve", "A. Senior", f"Agreed {i}."), at(i)
        )
    return store


def _problems(store: Store, expect_head: str | None = None) -> list[str]:
    return store.verify(expect_head).problems


def test_an_untouched_chain_verifies_to_its_head(ledger: Store) -> None:
    """Every record re-hashes to its hash and follows its predecessor; the head is the last."""
    report = ledger.verify()
    assert report.problems == []
    assert (report.records, report.proposals, report.decisions) == (4, 1, 3)
    assert report.head == ledger.head()
    assert report.head.record_id == "D-000004"


def test_an_edited_decision_is_named(ledger: Store, db_url: str) -> None:
    """Changing the reason of D-000003 makes exactly that record fail its hash."""
    _tamper(db_url, "UPDATE decisions SET reason = 'Changed later.' WHERE id = 'D-000003'")
    assert _problems(ledger) == ["D-000003 (seq 3): edited: its content no longer gives its hash"]


def test_an_edited_and_re_hashed_decision_breaks_the_next_link(ledger: Store, db_url: str) -> None:
    """An intruder who holds the chain key and recomputes D-000003's hash is still caught by
    D-000004's prev_hash."""
    with ledger.db.read() as tx:
        raw = tx.one("SELECT * FROM decisions WHERE id = 'D-000003'")
    assert raw is not None
    raw["practitioner_id"] = "S2"
    new_hash = record_hash("decision", raw, ledger.keys.keys[raw["key_id"]])
    _tamper(
        db_url,
        f"UPDATE decisions SET practitioner_id = 'S2', hash = '{new_hash}' WHERE id = 'D-000003'",
    )
    assert _problems(ledger) == [
        "D-000004 (seq 4): does not follow from D-000003: its prev_hash is not that record's "
        "hash (D-000003 was edited and re-hashed, or replaced)"
    ]


def test_a_deleted_decision_is_named_by_the_gap(ledger: Store, db_url: str) -> None:
    """Deleting D-000003 leaves a gap in seq, reported at the record after it."""
    _tamper(db_url, "DELETE FROM decisions WHERE id = 'D-000003'")
    assert _problems(ledger) == [
        "D-000004 (seq 4): the record(s) at seq 3 before it are missing (deleted)"
    ]


def test_an_edited_proposal_is_named(ledger: Store, db_url: str) -> None:
    """The saved proposal is in the chain too, by its digests: editing its JSON, or a column of
    its record, is found."""
    _tamper(
        db_url, "UPDATE proposal_payloads SET proposal_json = replace(proposal_json, 'P1', 'S2')"
    )
    assert _problems(ledger) == [
        "P-000001 (seq 1): its saved scenario or proposal no longer matches its digest (edited)"
    ]
    _tamper(db_url, "UPDATE proposals SET status = 'FEASIBLE'")
    assert _problems(ledger)[0] == "P-000001 (seq 1): edited: its content no longer gives its hash"


def test_deleted_personal_data_without_an_erasure_is_named(ledger: Store, db_url: str) -> None:
    """Removing a proposal's data behind the allocator's back is not an erasure: it is named."""
    _tamper(db_url, "DELETE FROM proposal_payloads")
    assert _problems(ledger) == [
        "P-000001 (seq 1): its scenario and proposal are missing and no erasure is recorded"
    ]


def test_cutting_the_newest_records_is_found_against_a_kept_head(
    ledger: Store, db_url: str
) -> None:
    """A chain cut at its end still links; the head kept from 'audit head' shows the cut."""
    kept = ledger.head().hash
    _tamper(db_url, "DELETE FROM decisions WHERE id = 'D-000004'")
    assert _problems(ledger) == []
    problems = _problems(ledger, expect_head=kept)
    assert len(problems) == 1
    assert problems[0].startswith(f"the head kept earlier ({kept[:16]}...) is not in the chain")


def test_a_kept_head_still_verifies_after_more_records(ledger: Store) -> None:
    """A head kept earlier stays valid as the chain grows."""
    kept = ledger.head().hash
    decide(ledger, DecisionRequest("P-000001", "C5", "approve", "A. Senior", "Agreed."), at(9))
    assert _problems(ledger, expect_head=kept) == []


@pytest.mark.parametrize(
    "change",
    [
        "decided_by = 'Someone Else'",
        "decided_at = '2026-11-23T09:00:00.000000Z'",
        "action = 'reject'",
    ],
)
def test_who_when_and_what_are_all_covered(ledger: Store, db_url: str, change: str) -> None:
    """The hash covers who decided, when and what: changing any of them is found."""
    _tamper(db_url, f"UPDATE decisions SET {change} WHERE id = 'D-000002'")
    assert _problems(ledger) == ["D-000002 (seq 2): edited: its content no longer gives its hash"]
