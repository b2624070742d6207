"""The planner's restructure options in the web service: the report `allocator plan --html`
writes, served to the planner role (issue 18, point 5)."""

import json
from pathlib import Path

from fastapi.testclient import TestClient
from httpx import Response

from tests.web.support import Service, csrf

CHANGES = Path(__file__).resolve().parents[2] / "scenarios" / "changes"


def _post(c: TestClient, files: list[tuple[str, bytes]], query: str = "") -> Response:
    token = csrf(c, "/plans")
    sent = [("changes", (name, content, "application/toml")) for name, content in files]
    return c.post(f"/plans{query}", data={"csrf_token": token}, files=sent)


def test_a_planner_gets_the_report_of_two_options_against_the_day_shown(service: Service) -> None:
    """Two change files give the self-contained report: each option's column beside the base,
    charts drawn (inline SVG), and the move list, as `allocator plan --html` writes it."""
    c = service.signed_in("planner")
    assert "Compare restructure options" in c.get("/cases").text  # in the navigation
    files = [(p.name, p.read_bytes()) for p in sorted(CHANGES.glob("*.toml"))]
    r = _post(c, files)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "A: strengthen POD 2" in page and "B: open POD 5" in page
    assert "<svg" in page and "base (amber)" in page


def test_a_null_change_shows_no_difference_from_its_base(service: Service) -> None:
    """A change file that changes nothing (`period = "amber"` alone) differs from its base by
    zero in every figure: the web's plan is the command line's honest comparison."""
    c = service.signed_in("planner")
    r = _post(c, [("null.toml", b'name = "nothing"\nperiod = "amber"\n')], "?format=json")
    assert r.status_code == 200, r.text[:500]
    option = next(o for o in json.loads(r.text)["options"] if o["name"] == "nothing")
    assert set(option["difference_from_base"].values()) == {0}


def test_every_problem_of_every_file_is_shown_before_anything_is_solved(service: Service) -> None:
    """Two broken files: both problems on one page (file, line and key), status 400, no report."""
    c = service.signed_in("planner")
    bad = [
        ("a.toml", b'name = "a"\n[[move]]\npractitioner = "SYN-PP-00029"\nto_pod = "NOWHERE"\n'),
        ("b.toml", b'name = "b"\nperiods = "amber"\n'),
    ]
    r = _post(c, bad)
    assert r.status_code == 400
    assert "a.toml" in r.text and "NOWHERE" in r.text
    assert "b.toml" in r.text and "periods" in r.text
    assert "<svg" not in r.text


def test_no_file_is_a_form_error_not_a_failure(service: Service) -> None:
    """Sending the form without a file asks for one (400), as every form of the service does."""
    c = service.signed_in("planner")
    r = c.post("/plans", data={"csrf_token": csrf(c, "/plans")})
    assert r.status_code == 400 and "Select at least one change file" in r.text


def test_only_a_planner_plans(service: Service) -> None:
    """An SPO and a read-only user are refused the page and the form (403); the link is not
    shown to them."""
    for name in ("spo", "reader"):
        c = service.signed_in(name)
        assert "Compare restructure options" not in c.get("/cases").text
        assert c.get("/plans").status_code == 403
