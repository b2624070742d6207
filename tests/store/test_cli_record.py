"""The command line over the trusted record: who decides, kept heads and witness files, key
rotation, private files and database URLs that never echo a password."""

import os
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from allocator.cli import main
from tests.store.support import small_day


@pytest.fixture
def day_file(tmp_path: Path) -> Path:
    """The small test day as a scenario JSON file."""
    path = tmp_path / "day.json"
    path.write_text(small_day().model_dump_json(indent=2))
    return path


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def _db_with_a_decision(day_file: Path, tmp_path: Path) -> str:
    db = str(tmp_path / "a.db")
    assert _run("propose", str(day_file), "--db", db).exit_code == 0
    r = _run("decide", "P-000001", "C1", "approve", "--reason", "Agreed.", "--db", db)
    assert r.exit_code == 0, r.output
    return db


def test_decisions_are_recorded_under_the_configured_identity(
    day_file: Path, tmp_path: Path
) -> None:
    """Without --by the decision is ALLOCATOR_IDENTITY's; --by equal to it is accepted; any
    other --by is refused, exit 2, nothing recorded."""
    db = _db_with_a_decision(day_file, tmp_path)
    view = _run("decisions", "P-000001", "--db", db).output
    assert "D-000002 by A. Senior at" in view
    r = _run(
        "decide", "P-000001", "C2", "approve", "--reason", "Ok.", "--by", "A. Senior", "--db", db
    )
    assert r.exit_code == 0, r.output
    r = _run(
        "decide", "P-000001", "C4", "approve", "--reason", "Ok.", "--by", "B. Other", "--db", db
    )
    assert r.exit_code == 2
    assert r.output == (
        "error: --by does not match the configured identity: decisions are recorded under "
        "ALLOCATOR_IDENTITY, the config file's 'identity', or the operating-system user; "
        "leave --by out\n"
    )
    assert "3 open (C4, C5, C3)" in _run("decisions", "P-000001", "--db", db).output


def test_the_identity_comes_from_the_config_file(
    day_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no ALLOCATOR_IDENTITY, 'identity' in the config file is who decides."""
    db = _db_with_a_decision(day_file, tmp_path)
    monkeypatch.delenv("ALLOCATOR_IDENTITY")
    config = tmp_path / "config.toml"
    config.write_text('identity = "C. Lead"\n')
    monkeypatch.setenv("ALLOCATOR_CONFIG", str(config))
    r = _run("decide", "P-000001", "C2", "approve", "--reason", "Ok.", "--db", db)
    assert r.exit_code == 0, r.output
    assert "by C. Lead at" in r.output


@pytest.mark.parametrize(
    ("identity", "message"),
    [
        ("A. Senior\n## forged line", "contains a control or invisible character (U+000A)"),
        ("\x1b[31mA. Senior", "contains a control or invisible character (U+001B)"),
        ("A. Senior\u202e", "contains a control or invisible character (U+202E)"),
        ("x" * 500, "is 500 characters long: at most 120"),
        ("   ", "is empty"),
    ],
)
def test_an_unusable_identity_is_refused_without_echoing_it(
    day_file: Path, tmp_path: Path, identity: str, message: str
) -> None:
    """An identity with control characters or no bound is one line, exit 2, not echoed."""
    db = _db_with_a_decision(day_file, tmp_path)
    r = _run(
        "decide", "P-000001", "C2", "approve", "--reason", "Ok.", "--db", db,
        env={"ALLOCATOR_IDENTITY": identity},
    )  # fmt: skip
    assert r.exit_code == 2
    assert r.output == f"error: ALLOCATOR_IDENTITY {message}" + (
        ": every record must name the person who made it\n" if message == "is empty" else
        ": use a plain one-line name\n" if "control" in message else "\n"
    )  # fmt: skip


def test_expect_head_accepts_exactly_what_audit_head_prints(day_file: Path, tmp_path: Path) -> None:
    """verify --expect-head "$(allocator audit head)" passes; after the newest record is cut,
    the same line fails, naming the truncation."""
    db = _db_with_a_decision(day_file, tmp_path)
    head = _run("audit", "head", "--db", db).output
    ok = _run("audit", "verify", "--db", db, "--expect-head", head.rstrip("\n"))
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("OK: 2 records (1 proposals, 1 decisions) chain to head ")
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER decisions_no_delete")
    conn.execute("DELETE FROM decisions WHERE id = 'D-000002'")
    conn.commit()
    conn.close()
    bad = _run("audit", "verify", "--db", db, "--expect-head", head.rstrip("\n"))
    assert bad.exit_code == 1
    assert bad.output == (
        "tampered: the head kept earlier is at seq 2 but the chain now ends at seq 1: its "
        "newest records were deleted (truncated)\nFAILED: 1 problem(s) in 1 records.\n"
    )
    r = _run("audit", "verify", "--db", db, "--expect-head", "not a head")
    assert r.exit_code == 2
    assert r.output.startswith("error: a kept head must be what 'allocator audit head' prints")


def test_a_witness_file_is_read_by_verify_by_default(day_file: Path, tmp_path: Path) -> None:
    """audit head --witness keeps the head (0600) where verify looks without being told, so
    cutting the newest record fails a plain 'audit verify'."""
    db = _db_with_a_decision(day_file, tmp_path)
    kept = _run("audit", "head", "--witness", "--db", db)
    assert kept.exit_code == 0, kept.output
    path = Path(re.search(r"Kept in (.+)\.\n", kept.stderr).group(1))  # type: ignore[union-attr]
    assert path.read_text() == kept.stdout
    assert path.stat().st_mode & 0o777 == 0o600
    ok = _run("audit", "verify", "--db", db)
    assert ok.exit_code == 0
    assert ok.output.endswith(f"; the head kept in {path} is in it.\n")
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER decisions_no_delete")
    conn.execute("DELETE FROM decisions WHERE id = 'D-000002'")
    conn.commit()
    conn.close()
    bad = _run("audit", "verify", "--db", db)
    assert bad.exit_code == 1
    assert "its newest records were deleted (truncated)" in bad.output


def test_a_named_witness_file_round_trips(day_file: Path, tmp_path: Path) -> None:
    """--witness FILE writes the head there and verify --witness FILE checks it; a missing or
    garbled witness file is one line, exit 2."""
    db = _db_with_a_decision(day_file, tmp_path)
    witness = tmp_path / "kept" / "head.txt"
    assert _run("audit", "head", "--witness", str(witness), "--db", db).exit_code == 0
    assert _run("audit", "verify", "--witness", str(witness), "--db", db).exit_code == 0
    witness.write_text("garbage\n")
    r = _run("audit", "verify", "--witness", str(witness), "--db", db)
    assert (r.exit_code, r.output) == (
        2,
        f"error: {witness}: not a witness file (it should hold one line as 'allocator audit "
        "head' prints it)\n",
    )
    r = _run("audit", "verify", "--witness", str(tmp_path / "none"), "--db", db)
    assert r.exit_code == 2
    assert "cannot read the witness file (FileNotFoundError)" in r.output


def test_rotate_key_is_recorded_and_verify_still_passes(day_file: Path, tmp_path: Path) -> None:
    """audit rotate-key records the rotation under the identity; verify counts it."""
    db = _db_with_a_decision(day_file, tmp_path)
    r = _run("audit", "rotate-key", "--db", db)
    assert r.exit_code == 0, r.output
    assert re.match(
        r"Rotated the chain key: new key [0-9a-f]{16}, recorded as K-000003 by A\. Senior\.",
        r.output,
    )
    r = _run("decide", "P-000001", "C2", "approve", "--reason", "Ok.", "--db", db)
    assert r.exit_code == 0, r.output
    ok = _run("audit", "verify", "--db", db)
    assert ok.output.startswith(
        "OK: 4 records (1 proposals, 2 decisions, 1 key rotations) chain to head"
    )


def test_the_sqlite_database_and_its_wal_files_are_private(day_file: Path, tmp_path: Path) -> None:
    """Under a permissive umask the database, its -wal and -shm files are still created 0600."""
    old = os.umask(0o022)
    try:
        db = tmp_path / "private.db"
        r = _run("propose", str(day_file), "--db", str(db))
        assert r.exit_code == 0, r.output
        import sqlite3 as s3

        conn = s3.connect(db)  # keeps the -wal and -shm files in place while we look
        conn.execute("SELECT count(*) FROM proposals").fetchone()
        modes = {
            p.name: p.stat().st_mode & 0o777
            for p in tmp_path.iterdir()
            if p.name.startswith("private.db")
        }
        conn.close()
    finally:
        os.umask(old)
    assert modes == {"private.db": 0o600, "private.db-wal": 0o600, "private.db-shm": 0o600}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "postgresql://app:pass word@localhost/db",
            "it contains a space or a control character: percent-encode it (%20)",
        ),
        ("postgresql://app:s3cret@localhost:54x2/db", "the port is not a number from 1 to 65535"),
        ("postgresql://app:s3cret@localhost:99999/db", "the port is not a number from 1 to 65535"),
        ("postgresql://app:s3cret@[::1/db", "the host is not a valid [IPv6] address"),
        (
            "postgresql://app:s3cret@host/db?sslpassword=s3cret",
            "unknown parameter 'sslpassword' (known: application_name, connect_timeout, "
            "options, sslcert, sslkey, sslmode, sslrootcert, target_session_attrs)",
        ),
    ],
)
def test_a_malformed_database_url_is_one_line_without_the_password(url: str, message: str) -> None:
    """A bad PostgreSQL URL is exit 2 and one line naming what is wrong; the password never
    appears."""
    r = _run("audit", "head", "--db", url)
    assert r.exit_code == 2
    assert r.output == (
        f"error: the PostgreSQL URL is malformed: {message} (expected "
        "postgresql://user:password@host:port/database; the URL is not shown because it may "
        "hold a password)\n"
    )
    assert "s3cret" not in r.output
    assert "pass word" not in r.output


def test_an_unreachable_ipv6_database_is_named_without_its_password() -> None:
    """A well-formed IPv6 URL is labelled with its host in brackets and no password."""
    r = _run("audit", "head", "--db", "postgresql://app:s3cret@[::1]:1/db?connect_timeout=2")
    assert r.exit_code == 2
    assert r.output.startswith("error: cannot connect to postgresql://app@[::1]:1/db: ")
    assert "s3cret" not in r.output
    assert len(r.output.splitlines()) == 1


def test_without_configuration_the_identity_is_the_os_user(
    day_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No ALLOCATOR_IDENTITY and no config file: the decision is the operating-system user's."""
    import getpass

    db = _db_with_a_decision(day_file, tmp_path)
    monkeypatch.delenv("ALLOCATOR_IDENTITY")
    monkeypatch.setenv("ALLOCATOR_CONFIG", str(tmp_path / "absent.toml"))
    r = _run("decide", "P-000001", "C2", "approve", "--reason", "Ok.", "--db", db)
    assert r.exit_code == 0, r.output
    assert f"by {getpass.getuser()} at" in r.output


def test_a_percent_encoded_password_reaches_the_driver_decoded() -> None:
    """A password with a space, percent-encoded, is decoded for the driver and never labelled."""
    from allocator.store.urls import parse_pg_url

    target = parse_pg_url("postgresql://app:pass%20word@[::1]:5433/db?sslmode=require")
    assert target.password == "pass word"
    assert (target.host, target.port, target.dbname) == ("::1", 5433, "db")
    assert target.label == "postgresql://app@[::1]:5433/db"
    assert "pass" not in repr(target)
    assert target.connect_kwargs()["sslmode"] == "require"
