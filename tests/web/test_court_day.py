"""The web service works for a court SPO as for a case-allocation SPO (issue 17, point 4): a
court day's report lines are listed, shown with their report, decided, and recorded in the
oversight record, through FastAPI's TestClient on the court day fixture."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from allocator.io.scenario_files import read_scenario
from allocator.store.accounts import UserStore
from allocator.web.app import WebConfig, create_app
from allocator.web.auth import SignInLimiter
from tests.web.support import FAST_HASHER, PASSWORD, Service, csrf

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "court_day.json"
PDU = "PDU1"
JSON = {"accept": "application/json"}


@pytest.fixture
def court(tmp_path: Path) -> Service:
    """The court day fixture on a new SQLite file, with a court-team SPO of its PDU."""
    db = str(tmp_path / "court.db")
    UserStore(db, hasher=FAST_HASHER).add("court_spo", "spo", PASSWORD, [PDU])
    scenario, policy = read_scenario(FIXTURE)
    clock = [0.0]
    config = WebConfig(
        db=db, scenario=scenario, policy=policy, limiter=SignInLimiter(clock=lambda: clock[0])
    )
    return Service(config, create_app(config), clock)


def _decide(c: TestClient, pid: str, cid: str, **fields: str):  # type: ignore[no-untyped-def]
    page = f"/proposals/{pid}/cases/{cid}"
    return c.post(f"{page}/decision", data={"csrf_token": csrf(c, page), **fields})


def test_a_court_spo_lists_reads_and_decides_a_report_line(court: Service) -> None:
    """The court day's proposal lists R02 to the only PO at the magistrates' court; its page
    shows the report and the PO-only category; approving it records the court SPO's decision;
    the oversight record carries the adjournment trigger of R07."""
    c = court.signed_in("court_spo")
    data = c.get(f"/pdus/{PDU}/proposal", headers=JSON).json()
    lines = {line["case_id"]: line for line in data["lines"]}
    assert lines["R02"]["practitioner_id"] == "W1"
    pid = data["proposal_id"]
    page = c.get(f"/proposals/{pid}/cases/R02")
    assert page.status_code == 200
    assert "oral report for Synthetic Magistrates" in page.text
    assert "PO-only category 5" in page.text
    r = _decide(c, pid, "R02", action="approve", reason="Ada knows this court.")
    assert r.status_code == 200 and "recorded" in r.text
    decided = {
        line["case_id"]: line for line in c.get(f"/proposals/{pid}", headers=JSON).json()["lines"]
    }
    assert decided["R02"]["decision"]["decided_by"] == "court_spo"
    assert decided["R02"]["status"] == "Approved"
    r = _decide(c, pid, "R07", action="approve", reason="Adjournment asked for.")
    assert r.status_code == 200
    record = c.get(f"/pdus/{PDU}/oversight.csv").text
    assert "R07" in record and "an adjournment is needed for an SDR" in record


def test_a_report_requests_pages_show_the_report_not_a_tier(court: Service) -> None:
    """The cases list shows every request; a request's own page shows its court, the report
    to write and its PO-only category, and no tier derivation; the proposal page and the
    audit page open."""
    c = court.signed_in("court_spo")
    listing = c.get(f"/pdus/{PDU}/cases")
    assert listing.status_code == 200
    assert all(f"R0{n}" in listing.text for n in range(1, 9))
    page = c.get(f"/pdus/{PDU}/cases/R07")
    assert page.status_code == 200
    assert "Court report" in page.text and "Synthetic Magistrates" in page.text
    assert "a standard delivery report (SDR)" in page.text
    assert "PO-only category 2" in page.text
    assert "ask the court for an adjournment" in page.text
    assert "How the tier was reached" not in page.text
    pid = c.get(f"/pdus/{PDU}/proposal", headers=JSON).json()["proposal_id"]
    proposal = c.get(f"/proposals/{pid}")
    assert proposal.status_code == 200
    assert "POs write 3 of 6 (50.0%) against the policy&#39;s target of 35%" in proposal.text
    assert ">SDR<" in proposal.text
    assert c.get("/audit").status_code in (200, 403)
