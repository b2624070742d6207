"""``allocator users`` and ``allocator serve`` on the command line."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator.cli import main
from allocator.store.accounts import UserStore
from tests.web.support import PASSWORD, PDU


def test_users_add_creates_an_account_that_signs_in(tmp_path: Path) -> None:
    """A password from stdin, a role and a PDU: the account signs in with that password, and
    ``users list`` shows it without its hash."""
    db = str(tmp_path / "w.db")
    r = CliRunner().invoke(
        main,
        ["users", "add", "ann", "--role", "spo", "--pdu", PDU, "--password-stdin", "--db", db],
        input=PASSWORD + "\n",
    )
    assert r.exit_code == 0 and f"Added ann: spo for {PDU}." in r.output
    assert UserStore(db).authenticate("ann", PASSWORD) is not None
    listed = CliRunner().invoke(main, ["users", "list", "--db", db]).output
    assert "ann" in listed and "argon2" not in listed


def test_users_add_refuses_bad_input_in_one_line(tmp_path: Path) -> None:
    """An SPO with no unit is refused with one line and exit 2, no traceback."""
    r = CliRunner().invoke(
        main,
        ["users", "add", "ann", "--role", "spo", "--no-password", "--db", str(tmp_path / "w.db")],
    )
    assert (
        r.exit_code == 2 and r.output.strip() == "error: an SPO needs at least one --pdu or --pod"
    )


def test_serve_is_a_command() -> None:
    """``allocator serve --help`` lists its options (the server itself runs in the browser
    tests)."""
    r = CliRunner().invoke(main, ["serve", "--help"])
    assert r.exit_code == 0 and "--identity-header" in r.output and "--db" in r.output
    assert "--workers" in r.output


def test_worker_processes_share_the_session_secret_and_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``serve --workers N`` hands each process its options in one variable: two apps made by
    the worker factory accept each other's session cookie and see the same accounts."""
    from fastapi.testclient import TestClient

    from allocator.cli.common import bundled_scenario_path
    from allocator.store.accounts import UserStore
    from allocator.web.worker import WORKER_CONFIG, app
    from tests.web.support import FAST_HASHER, PASSWORD, csrf

    db = str(tmp_path / "w.db")
    UserStore(db, hasher=FAST_HASHER).add("spo", "spo", PASSWORD, ["SYN-PDU-001"])
    options = {
        "db": db,
        "scenario": str(bundled_scenario_path()),
        "secret": "one secret for every process",
        "identity_header": None,
        "https": False,
        "time_limit": 10.0,
    }
    monkeypatch.setenv(WORKER_CONFIG, json.dumps(options))
    first, second = TestClient(app()), TestClient(app())
    form = {"name": "spo", "password": PASSWORD, "csrf_token": csrf(first, "/sign-in")}
    assert first.post("/sign-in", data=form, follow_redirects=False).status_code == 303
    second.cookies = first.cookies
    r = second.get("/cases", headers={"accept": "application/json"})
    assert r.status_code == 200 and r.json()["pdus"][0]["id"] == "SYN-PDU-001"


def test_the_accounts_database_is_private(tmp_path: Path) -> None:
    """A SQLite database first made by ``users add`` is created 0600, as the store's own are."""
    db = tmp_path / "w.db"
    r = CliRunner().invoke(
        main,
        ["users", "add", "ann", "--role", "spo", "--pdu", PDU, "--no-password", "--db", str(db)],
    )
    assert r.exit_code == 0, r.output
    assert db.stat().st_mode & 0o777 == 0o600


def test_a_malformed_postgresql_url_is_one_line_without_its_password() -> None:
    """``users add`` and ``serve`` read a PostgreSQL URL through the store's parser: a password
    with a space is one line and exit 2, and the password is never printed."""
    url = "postgresql://ann:se cret@localhost/allocator"
    for args in (
        ["users", "add", "ann", "--role", "spo", "--pdu", PDU, "--no-password", "--db", url],
        ["serve", "--db", url],
    ):
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 2, r.output
        assert "malformed" in r.output and "se cret" not in r.output
        assert r.exception is None or isinstance(r.exception, SystemExit)
