"""The keyed chain: a record made without the chain key, with another key, or cut from the end
is named by verify; a key rotation is recorded and old records still verify; no writer waits
for ever on the writers' lock."""

import hashlib
import sqlite3
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from allocator.store import (
    BadRequest,
    DecisionRequest,
    Store,
    StoreUnavailable,
    decide,
)
from allocator.store.chain import parse_head, record_hash
from allocator.store.db import is_postgres_url
from allocator.store.keys import ChainKeys
from tests.store.support import at, save


def _approve(store: Store, case_id: str, minutes: int) -> None:
    decide(
        store, DecisionRequest("P-000001", case_id, "approve", "A. Senior", "Agreed."), at(minutes)
    )


def _forged_override(store: Store, key: bytes | None, key_id: str | None) -> dict[str, object]:
    """A well-formed override of C2 to S2 that skipped every check, chained after the head and
    hashed with ``key`` (plain sha256 when None), as an intruder with SQL access would make it."""
    head = store.head()
    row: dict[str, object] = {
        "id": f"D-{head.seq + 1:06d}",
        "seq": head.seq + 1,
        "proposal_id": "P-000001",
        "case_id": "C2",
        "action": "override",
        "practitioner_id": "S2",
        "proposed_practitioner_id": "S1",
        "reason": "Agreed.",
        "reason_code": "initial_allocation",
        "rule_breaches": "[]",
        "breach_accepted": 0,
        "decided_by": "A. Senior",
        "decided_at": "2026-11-24T09:30:00.000000Z",
        "key_id": key_id,
        "prev_hash": head.hash,
    }
    row["hash"] = record_hash("decision", row, key)
    return row


def _insert_raw(url: str, row: dict[str, object]) -> None:
    """INSERT ``row`` into decisions through the database's own client, not the allocator."""
    sql = f"INSERT INTO decisions ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})"
    if is_postgres_url(url):
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(sql.replace("?", "%s"), tuple(row.values()))
        return
    conn = sqlite3.connect(url)
    conn.execute(sql, tuple(row.values()))
    conn.commit()
    conn.close()


def test_records_are_keyed_with_the_key_file(store: Store) -> None:
    """Every new record names the key it was made with, and its hash is the HMAC under it."""
    save(store)
    _approve(store, "C1", 1)
    kid = store.keys.current_id
    with store.db.read() as tx:
        rows = tx.rows("SELECT key_id FROM proposals UNION ALL SELECT key_id FROM decisions")
    assert [r["key_id"] for r in rows] == [kid, kid]
    assert store.verify().problems == []


def test_a_row_inserted_without_the_key_is_named(store: Store, db_url: str) -> None:
    """A correctly chained, sha256-hashed override inserted through SQL fails verify: the
    intruder has no key, so the row is either unkeyed or its HMAC does not check."""
    save(store)
    _approve(store, "C1", 1)
    _insert_raw(db_url, _forged_override(store, None, None))
    assert store.verify().problems == [
        "D-000003 (seq 3): not keyed: written without the chain key, after the chain was keyed "
        "(inserted through SQL, not by the allocator)"
    ]


def test_a_row_claiming_the_key_id_without_the_key_is_named(store: Store, db_url: str) -> None:
    """Naming the key in force but hashing with a guessed key gives a hash that does not check."""
    save(store)
    kid = store.keys.current_id
    _insert_raw(db_url, _forged_override(store, b"guessed" * 4, kid))
    assert store.verify().problems == [
        "D-000002 (seq 2): edited: its content no longer gives its hash"
    ]


def test_a_row_made_with_another_key_is_named(store: Store, db_url: str, tmp_path: Path) -> None:
    """A record made with a key of the intruder's own (no rotation recorded) is forged."""
    save(store)
    other = ChainKeys.at(tmp_path / "other.key")
    okid, okey = other.current()
    _insert_raw(db_url, _forged_override(store, okey, okid))
    problems = store.verify().problems
    assert problems == [
        f"D-000002 (seq 2): made with key {okid}, but the key in force is "
        f"{store.keys.current_id} and no rotation was recorded (forged)",
        f"records made with key {okid} cannot be checked: the chain key file does not hold it "
        "(set ALLOCATOR_CHAIN_KEY_FILE to the file the writers use)",
    ]


def test_postgres_application_role_cannot_forge_a_decision(pg_url: str, pg_admin: object) -> None:
    """The application role may INSERT (it must, to append), so it can insert a well-formed
    override that skipped every rule check; without the chain key, verify names it."""
    import psycopg

    role = f"alloc_app_{uuid.uuid4().hex[:8]}"
    try:
        pg_admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'app'")  # type: ignore[attr-defined]
    except psycopg.errors.InsufficientPrivilege:
        pytest.skip("the test role may not create roles (needs CREATEROLE)")
    try:
        with Store.open(pg_url, create=True) as owner:
            save(owner)
            owner.grant_application_role(role)
            forged = _forged_override(owner, None, None)
        parts = urlsplit(pg_url)
        netloc = f"{role}:app@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        _insert_raw(urlunsplit(parts._replace(netloc=netloc)), forged)
        with Store.open(pg_url) as owner:
            assert owner.verify().problems == [
                "D-000002 (seq 2): not keyed: written without the chain key, after the chain "
                "was keyed (inserted through SQL, not by the allocator)"
            ]
    finally:
        schema = pg_url.rsplit("%3D", 1)[1]
        for sql in (
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
            f"REVOKE ALL ON SCHEMA {schema} FROM {role}",
            f"DROP ROLE {role}",
        ):
            pg_admin.execute(sql)  # type: ignore[attr-defined]


def test_a_key_rotation_is_recorded_and_old_records_still_verify(store: Store) -> None:
    """After a rotation new records use the new key; the old ones verify with the old key,
    which the key file keeps; without the old key they cannot be checked."""
    save(store)
    _approve(store, "C1", 1)
    old = store.keys.current_id
    head = store.rotate_key("A. Senior", at(2))
    assert head.record_id == "K-000003"
    new = store.keys.current_id
    assert new != old
    _approve(store, "C2", 3)
    report = store.verify()
    assert report.problems == []
    assert (report.records, report.key_rotations) == (4, 1)
    with store.db.read() as tx:
        rot = tx.one("SELECT key_id, previous_key_id, rotated_by FROM key_rotations")
        last = tx.one("SELECT key_id FROM decisions WHERE id = 'D-000004'")
    assert rot == {"key_id": new, "previous_key_id": old, "rotated_by": "A. Senior"}
    assert last == {"key_id": new}
    lines = store.keys.path.read_text().splitlines()
    store.keys.path.write_text(lines[-1] + "\n")
    assert store.verify().problems == [
        f"records made with key {old} cannot be checked: the chain key file does not hold it "
        "(set ALLOCATOR_CHAIN_KEY_FILE to the file the writers use)"
    ]


def test_a_writer_with_another_key_file_is_refused(db_url: str, tmp_path: Path) -> None:
    """A writer whose key file does not hold the key in force appends nothing."""
    with Store.open(db_url, create=True) as store:
        save(store)
    with (
        Store.open(db_url, keys=ChainKeys.at(tmp_path / "elsewhere.key")) as other,
        pytest.raises(StoreUnavailable, match=r"the chain is keyed with key [0-9a-f]{16}, but"),
    ):
        _approve(other, "C1", 1)


def test_the_key_file_is_created_private(store: Store) -> None:
    """The key file appears on the first write, mode 0600, one key line."""
    assert not store.keys.path.exists()
    save(store)
    assert store.keys.path.stat().st_mode & 0o777 == 0o600
    kid, key = store.keys.current()
    assert store.keys.path.read_text() == f"{kid} {key.hex()}\n"


def test_truncation_and_a_re_hashed_end_are_found_against_a_kept_head(
    store: Store, db_url: str
) -> None:
    """The head line kept earlier names its seq: deleting the newest record, or rewriting it
    and re-hashing it with the key, no longer matches it."""
    from tests.store.test_chain import _tamper

    save(store)
    _approve(store, "C1", 1)
    kept = store.head().describe()
    assert store.verify(kept).problems == []
    with store.db.read() as tx:
        raw = tx.one("SELECT * FROM decisions WHERE id = 'D-000002'")
    assert raw is not None
    raw["reason"] = "Rewritten."
    rehashed = record_hash("decision", raw, store.keys.keys[raw["key_id"]])
    _tamper(
        db_url,
        f"UPDATE decisions SET reason = 'Rewritten.', hash = '{rehashed}' WHERE id = 'D-000002'",
    )
    assert store.verify().problems == []  # the chain alone cannot tell
    assert store.verify(kept).problems == [
        f"the head kept earlier ({kept[:16]}...) is not in the chain at seq 2: records were "
        "deleted from its end, or edited and re-hashed"
    ]
    _tamper(db_url, "DELETE FROM decisions WHERE id = 'D-000002'")
    assert store.verify(kept).problems == [
        "the head kept earlier is at seq 2 but the chain now ends at seq 1: its newest records "
        "were deleted (truncated)"
    ]


def test_a_kept_head_is_read_as_audit_head_prints_it() -> None:
    """parse_head takes the whole 'audit head' line or the hash alone; anything else is bad input."""
    h = hashlib.sha256(b"x").hexdigest()
    assert parse_head(f"{h} D-000002 seq 2\n") == (h, 2)
    assert parse_head(h.upper()) == (h, None)
    assert parse_head(f"{'0' * 64} - seq 0") == ("0" * 64, 0)
    for bad in ("", "abc", f"{h} D-2 seq", f"{h} seq 2 extra"):
        with pytest.raises(BadRequest, match="what 'allocator audit head' prints"):
            parse_head(bad)


def test_no_writer_waits_for_ever_on_the_lock(
    store: Store, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While another session holds the writers' lock, a decision fails after the lock timeout
    with a clear message, and nothing is recorded."""
    save(store)
    monkeypatch.setenv("ALLOCATOR_LOCK_TIMEOUT", "0.3")
    if is_postgres_url(db_url):
        import psycopg

        holder = psycopg.connect(db_url)
        holder.execute("SELECT id FROM chain_lock WHERE id = 1 FOR UPDATE")
    else:
        holder = sqlite3.connect(db_url, isolation_level=None)  # type: ignore[assignment]
        holder.execute("BEGIN IMMEDIATE")
    try:
        with (
            Store.open(db_url) as waiter,
            pytest.raises(
                StoreUnavailable,
                match=r"another writer held the writers' lock for more than 0\.3 s; nothing was "
                "recorded",
            ),
        ):
            _approve(waiter, "C1", 1)
    finally:
        holder.rollback()
        holder.close()
    assert store.decisions("P-000001") == []


@pytest.mark.parametrize("value", ["0", "-1", "soon", "1e9", "nan", "inf"])
def test_a_bad_lock_timeout_is_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """ALLOCATOR_LOCK_TIMEOUT must be a bounded positive number of seconds."""
    monkeypatch.setenv("ALLOCATOR_LOCK_TIMEOUT", value)
    with pytest.raises(BadRequest, match="ALLOCATOR_LOCK_TIMEOUT must be a number of seconds"):
        Store.open(tmp_path / "a.db", create=True)


def test_two_writers_creating_the_key_file_agree_on_one_key(tmp_path: Path) -> None:
    """The first writer to create the key file wins; a second that started with no file uses
    the winner's key instead of overwriting it."""
    path = tmp_path / "k" / "chain.key"
    first, second = ChainKeys.at(path), ChainKeys.at(path)
    kid, key = first.current()
    assert second.keys == {}  # it read the folder before the file existed
    assert second.current() == (kid, key)
    assert path.read_text().count("\n") == 1


def test_a_garbled_key_file_is_one_clear_line(tmp_path: Path) -> None:
    """A key file that is not key lines is refused naming the file and line, not the content."""
    path = tmp_path / "chain.key"
    path.write_text("not a key\n")
    with pytest.raises(StoreUnavailable, match=r"chain.key line 1: not a chain key line"):
        ChainKeys.at(path)
