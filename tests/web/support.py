"""What the web tests share: a service on a fresh database with known accounts, and a signed-in
client that fills forms the way a browser does (with the page's CSRF token)."""

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from allocator.cli.common import bundled_scenario_path
from allocator.io.scenario_files import read_scenario
from allocator.store.accounts import UserStore
from allocator.web.app import WebConfig, create_app
from allocator.web.auth import SignInLimiter

PDU = "SYN-PDU-001"
PASSWORD = "a long synthetic password"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
"""argon2id with small costs: the tests sign in often; verifying reads the costs from the hash."""
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Service:
    """A service under test and the clock its sign-in limiter reads."""

    config: WebConfig
    app: Any
    clock: list[float]

    def client(self) -> TestClient:
        """A fresh browser-like client (its own cookies)."""
        return TestClient(self.app, follow_redirects=True)

    def signed_in(self, name: str) -> TestClient:
        """A client signed in as ``name``."""
        c = self.client()
        r = c.post(
            "/sign-in",
            data={"name": name, "password": PASSWORD, "csrf_token": csrf(c, "/sign-in")},
        )
        assert r.status_code == 200, r.text
        return c


def upload_day(client: TestClient, data: dict[str, Any]) -> Any:
    """Upload ``data`` (a scenario's JSON) as the day, through the upload form."""
    return client.post(
        "/upload",
        data={"csrf_token": csrf(client, "/upload")},
        files={"file": ("day.json", json.dumps(data).encode(), "application/json")},
    )


def csrf(client: TestClient, path: str) -> str:
    """The CSRF token on the page at ``path`` (the one its forms carry)."""
    match = _CSRF.search(client.get(path).text)
    assert match, f"no form on {path}"
    return match.group(1)


def make_service(tmp: Path) -> Service:
    """The default day on a new SQLite file, with an SPO of its PDU, an SPO of another PDU, a
    planner and a read-only user."""
    db = str(tmp / "web.db")
    users = UserStore(db, hasher=FAST_HASHER)
    users.add("spo", "spo", PASSWORD, [PDU])
    users.add("spo2", "spo", PASSWORD, [PDU])
    users.add("other", "spo", PASSWORD, ["SYN-PDU-999"])
    users.add("planner", "planner", PASSWORD)
    users.add("reader", "read-only", PASSWORD, [PDU])
    scenario, policy = read_scenario(bundled_scenario_path())
    clock = [0.0]
    config = WebConfig(
        db=db, scenario=scenario, policy=policy, limiter=SignInLimiter(clock=lambda: clock[0])
    )
    return Service(config, create_app(config), clock)
