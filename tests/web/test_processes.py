"""Two server processes on one database behave as one service: two app instances (each with
its own desk, limiter and caches, as two uvicorn workers have) share the sign-in lock-out, the
day shown, the versions of the day and the store's refusals."""

import json
from pathlib import Path

from fastapi.testclient import TestClient

from allocator.cli.common import bundled_scenario_path
from allocator.web.app import WebConfig, create_app
from allocator.web.auth import SignInLimiter
from tests.web.support import PASSWORD, PDU, Service, csrf, make_service, upload_day

JSON = {"accept": "application/json"}


def _second(service: Service) -> Service:
    """Another instance of the service on the same database, with a limiter of its own."""
    first = service.config
    config = WebConfig(
        db=first.db,
        scenario=first.scenario,
        policy=first.policy,
        secret_key=first.secret_key,
        limiter=SignInLimiter(clock=lambda: service.clock[0]),
    )
    return Service(config, create_app(config), service.clock)


def _sign_in(c: TestClient, name: str, password: str) -> int:
    page = "/sign-in"
    data = {"name": name, "password": password, "csrf_token": csrf(c, page)}
    return c.post(page, data=data).status_code


def test_a_lock_out_on_one_process_holds_on_the_other(tmp_path: Path) -> None:
    """Five wrong passwords on A lock the name out on B too, even with the right password;
    after the window both let it in again."""
    a = make_service(tmp_path)
    b = _second(a)
    for _ in range(5):
        assert _sign_in(a.client(), "spo", "not the password at all") == 401
    assert _sign_in(b.client(), "spo", PASSWORD) == 429
    a.clock[0] += 301
    assert _sign_in(b.client(), "spo", PASSWORD) == 200


def test_the_versions_and_a_decision_conflict_hold_across_processes(tmp_path: Path) -> None:
    """A and B show the same first version (proposed once); an SPO on B loses a race on a line
    to an SPO on A with a clear conflict; after a re-solve on A, a decision posted on B against
    the old version is refused and points to the new one, which B then shows."""
    a, b = make_service(tmp_path), None
    b = _second(a)
    on_a, on_b = a.signed_in("spo"), b.signed_in("spo2")
    first = on_a.get(f"/pdus/{PDU}/proposal", headers=JSON).json()
    assert (
        on_b.get(f"/pdus/{PDU}/proposal", headers=JSON).json()["proposal_id"]
        == first["proposal_id"]
    )
    pid, cid = first["proposal_id"], first["lines"][0]["case_id"]
    page = f"/proposals/{pid}/cases/{cid}"
    token_b = csrf(on_b, page)  # B has the line open before A decides
    r = on_a.post(
        f"{page}/decision",
        data={"csrf_token": csrf(on_a, page), "action": "approve", "reason": "Agreed."},
    )
    assert r.status_code == 200
    r = on_b.post(
        f"{page}/decision",
        data={"csrf_token": token_b, "action": "reject", "reason": "No.", "supersedes": ""},
    )
    assert r.status_code == 409 and "already has decision" in r.text
    other = first["lines"][1]["case_id"]
    stale = csrf(on_b, f"/proposals/{pid}/cases/{other}")
    r = on_a.post(f"/proposals/{pid}/resolve", data={"csrf_token": csrf(on_a, page)})
    assert r.status_code == 200
    new = on_a.get(f"/pdus/{PDU}/proposal", headers=JSON).json()["proposal_id"]
    assert new != pid
    r = on_b.post(
        f"/proposals/{pid}/cases/{other}/decision",
        data={"csrf_token": stale, "action": "approve", "reason": "Late."},
    )
    assert r.status_code == 409 and "superseded" in r.text and new in r.text
    assert on_b.get(f"/pdus/{PDU}/proposal", headers=JSON).json()["proposal_id"] == new
    decisions = on_b.get(f"/proposals/{pid}", headers=JSON).json()["lines"][0]["decision"]
    assert decisions["decided_by"] == "spo" and decisions["action"] == "approve"


def test_an_upload_on_one_process_is_the_day_on_the_other(tmp_path: Path) -> None:
    """A planner uploads a day on A; B shows it at once."""
    a = make_service(tmp_path)
    b = _second(a)
    c = a.signed_in("planner")
    data = json.loads(bundled_scenario_path().read_text())
    data["date"] = "2026-11-26"
    r = upload_day(c, data)
    assert r.status_code == 200
    assert b.signed_in("spo").get(f"/pdus/{PDU}/cases", headers=JSON).json()["date"] == (
        "2026-11-26"
    )
