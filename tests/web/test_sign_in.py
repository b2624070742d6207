"""Accounts and sign-in: argon2 hashes, clear refusals, rate limiting, the SSO header."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from allocator.store.accounts import UserError, UserStore
from allocator.web.app import create_app
from tests.web.support import PASSWORD, PDU, Service, csrf


def test_passwords_are_stored_as_argon2_hashes(tmp_path: Path) -> None:
    """The table holds an argon2id hash, never the password; only the right one signs in."""
    users = UserStore(str(tmp_path / "u.db"))
    users.add("ann", "spo", PASSWORD, [PDU])
    import sqlite3

    stored = sqlite3.connect(tmp_path / "u.db").execute("SELECT password_hash FROM web_users")
    value = stored.fetchone()[0]
    assert value.startswith("$argon2id$") and PASSWORD not in value
    assert users.authenticate("ann", PASSWORD) is not None
    assert users.authenticate("ann", PASSWORD + "x") is None
    assert users.authenticate("nobody", PASSWORD) is None


@pytest.mark.parametrize(
    ("name", "role", "password", "pdus", "message"),
    [
        ("ann", "boss", PASSWORD, [PDU], "unknown role"),
        ("ann", "spo", "short", [PDU], "at least 12"),
        ("ann", "spo", PASSWORD, [], "at least one --pdu"),
        ("a b", "spo", PASSWORD, [PDU], "user name"),
    ],
)
def test_bad_accounts_are_refused_with_one_message(
    tmp_path: Path, name: str, role: str, password: str, pdus: list[str], message: str
) -> None:
    """Each bad request is one clear message."""
    with pytest.raises(UserError, match=message):
        UserStore(str(tmp_path / "u.db")).add(name, role, password, pdus)


def _try(c: TestClient, password: str) -> int:
    data = {"name": "spo", "password": password, "csrf_token": csrf(c, "/sign-in")}
    return c.post("/sign-in", data=data).status_code


def test_a_wrong_password_is_one_message_and_attempts_are_limited(service: Service) -> None:
    """A wrong password says so without saying which part; the sixth try within five minutes
    is refused even with the right password, and is allowed again once the window passes."""
    c = service.client()
    r = c.post(
        "/sign-in", data={"name": "spo", "password": "nope", "csrf_token": csrf(c, "/sign-in")}
    )
    assert r.status_code == 401 and "Enter a correct user name and password" in r.text
    for _ in range(4):
        assert _try(c, "nope") == 401
    assert _try(c, PASSWORD) == 429
    service.clock[0] += 301
    assert _try(c, PASSWORD) == 200


def test_a_trusted_identity_header_names_the_user(service: Service) -> None:
    """With the header configured, the account it names is signed in; without it, nobody."""
    service.config.identity_header = "X-Remote-User"
    app = create_app(service.config)
    c = TestClient(app)
    assert c.get(f"/pdus/{PDU}/cases", headers={"X-Remote-User": "spo"}).status_code == 200
    r = c.get(f"/pdus/{PDU}/cases", headers={"accept": "application/json"})
    assert r.status_code == 401


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example", "https://evil.example"])
def test_sign_in_never_redirects_off_the_service(service: Service, target: str) -> None:
    """A crafted ``next`` sends the user to their cases, not to another site."""
    c = service.client()
    data = {"name": "spo", "password": PASSWORD, "csrf_token": csrf(c, "/sign-in"), "next": target}
    r = c.post("/sign-in", data=data, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/cases"


def test_the_session_cookie_is_secure_when_served_over_tls(service: Service) -> None:
    """With TLS configured the session cookie is marked Secure (and still HttpOnly, SameSite)."""
    service.config.https = True
    c = TestClient(create_app(service.config), base_url="https://testserver")
    cookie = c.get("/sign-in").headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
