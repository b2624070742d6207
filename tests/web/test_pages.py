"""The SPO's pages through HTTP: what they show, as HTML and as JSON, and who may see them."""

from tests.web.support import PDU, Service, upload_day

JSON = {"accept": "application/json"}


def test_pages_need_a_signed_in_user(service: Service) -> None:
    """Without a session every page sends the browser to sign in, and JSON gets a 401."""
    c = service.client()
    r = c.get("/pdus/SYN-PDU-001/cases", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/sign-in")
    assert c.get("/audit", headers=JSON).status_code == 401


def test_the_case_list_shows_the_days_cases_with_badges(service: Service) -> None:
    """The list names every case of the PDU with tier, reason, status and its badges."""
    c = service.signed_in("spo")
    data = c.get(f"/pdus/{PDU}/cases", headers=JSON).json()
    assert len(data["cases"]) == len(service.config.scenario.cases)
    first = data["cases"][0]
    assert {"id", "name", "tier", "allocate_by", "reason", "status", "badges"} <= first.keys()
    assert "Overdue" in first["badges"] and first["overdue_days"] > 0
    assert any("Restricted access" in x["badges"] for x in data["cases"])
    html = c.get(f"/pdus/{PDU}/cases").text
    assert "OFFICIAL-SENSITIVE" in html and first["id"] in html


def test_pages_with_personal_data_are_not_cached(service: Service) -> None:
    """Every page is sent with Cache-Control: no-store; the session cookie is HttpOnly, SameSite."""
    c = service.client()
    r = c.get("/sign-in")
    assert r.headers["cache-control"] == "no-store"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    c = service.signed_in("spo")
    assert c.get(f"/pdus/{PDU}/cases").headers["cache-control"] == "no-store"


def test_the_case_summary_gives_the_tier_step_by_step(service: Service) -> None:
    """The summary lists risk facts and the tier; no offence flag is named on it."""
    c = service.signed_in("spo")
    cases = c.get(f"/pdus/{PDU}/cases", headers=JSON).json()["cases"]
    case = c.get(f"/pdus/{PDU}/cases/{cases[0]['id']}", headers=JSON).json()["case"]
    assert case["tier"] == cases[0]["tier"]
    assert {f["label"] for f in case["facts"]} >= {"RoSH", "MAPPA", "RSR", "OGRS"}
    page = c.get(f"/pdus/{PDU}/cases/{cases[0]['id']}").text
    assert "sexual_offending" not in page and "domestic_abuse" not in page


def test_the_proposal_gives_a_reason_on_every_line(service: Service) -> None:
    """Every line has its reason and every blocked case what blocks it."""
    c = service.signed_in("spo")
    data = c.get(f"/pdus/{PDU}/proposal", headers=JSON).json()
    assert data["lines"] and all(x["reason"] for x in data["lines"])
    assert all(b["reason"] and b["blocking_rules"] for b in data["blocked"])
    assert len(data["lines"]) + len(data["blocked"]) == len(service.config.scenario.cases)


def test_the_choice_table_lists_every_practitioner_eligible_first(service: Service) -> None:
    """Eligible practitioners come first; each excluded one carries the rule and its sentence;
    the server sorts on the column asked for."""
    c = service.signed_in("spo")
    data = c.get(f"/pdus/{PDU}/proposal", headers=JSON).json()
    pid, cid = data["proposal_id"], data["lines"][0]["case_id"]
    table = c.get(f"/proposals/{pid}/cases/{cid}?sort=now&order=desc", headers=JSON).json()["table"]
    assert table["eligible"] and table["excluded"]
    nows = [r["now"] for r in table["eligible"]]
    assert nows == sorted(nows, reverse=True)
    assert all(r["excluded_by"] and r["excluded_by"][0]["sentence"] for r in table["excluded"])
    assert sum(r["proposed"] for r in table["eligible"]) == 1


def test_an_spo_of_another_pdu_sees_none_of_its_cases(service: Service) -> None:
    """The list, a case, a proposal and the oversight export are all refused (403)."""
    c = service.signed_in("spo")
    pid = c.get(f"/pdus/{PDU}/proposal", headers=JSON).json()["proposal_id"]
    other = service.signed_in("other")
    for path in (
        f"/pdus/{PDU}/cases",
        f"/pdus/{PDU}/cases/SYN000317",
        f"/proposals/{pid}",
        f"/proposals/{pid}/cases/SYN000317",
        f"/pdus/{PDU}/oversight.csv",
    ):
        r = other.get(path)
        assert r.status_code == 403, path
        assert "SYN000317" not in r.text or path.endswith("SYN000317")
    assert other.get("/cases", headers=JSON).json()["pdus"] == []


def test_the_audit_page_verifies_the_chain(service: Service) -> None:
    """The audit page reports the chain verified and its head hash."""
    c = service.signed_in("reader")
    c.get(f"/pdus/{PDU}/proposal")
    data = c.get("/audit", headers=JSON).json()
    assert data["verified"] and len(data["head_hash"]) == 64 and data["proposals"] == 1


def test_an_upload_shows_row_level_errors_then_replaces_the_day(service: Service) -> None:
    """A scenario with a bad reference is refused with its place in a GOV.UK error summary; a
    good one becomes the day shown; a read-only user may not upload."""
    import json

    from allocator.cli.common import bundled_scenario_path

    c = service.signed_in("planner")
    data = json.loads(bundled_scenario_path().read_text())
    data["cases"][0]["pdu_id"] = "NOWHERE"
    r = upload_day(c, data)
    assert r.status_code == 400 and "govuk-error-summary" in r.text
    assert "day.json" in r.text and "unknown PDU" in r.text
    data = json.loads(bundled_scenario_path().read_text())
    data["date"] = "2026-11-26"
    r = upload_day(c, data)
    assert r.status_code == 200 and "Uploaded the day of 2026-11-26" in r.text
    assert c.get(f"/pdus/{PDU}/cases", headers=JSON).json()["date"] == "2026-11-26"
    reader = service.signed_in("reader")
    assert reader.get("/upload").status_code == 403


def test_the_practitioner_overview_shows_their_caseload_and_todays_lines(service: Service) -> None:
    """The choose table links each practitioner to their overview: grade, POD, workload now and
    after, held cases by tier that add up to community, custody and licence, the past 7 days'
    count from the scenario, and exactly the version's lines proposed to them; HTML and JSON
    agree."""
    c = service.signed_in("spo")
    proposal = c.get(f"/pdus/{PDU}/proposal", headers=JSON).json()
    line = proposal["lines"][0]
    pid = line["practitioner_id"]
    choose = c.get(f"/proposals/{proposal['proposal_id']}/cases/{line['case_id']}").text
    assert f'href="/pdus/{PDU}/practitioners/{pid}"' in choose
    data = c.get(f"/pdus/{PDU}/practitioners/{pid}", headers=JSON).json()
    p = next(x for x in service.config.scenario.practitioners if x.id == pid)
    held = [h for h in service.config.scenario.holdings if h.practitioner_id == pid]
    assert (data["name"], data["grade"], data["pod_id"]) == (p.name, p.grade.value, p.pod_id)
    assert data["allocated_past_7_days"] == p.allocations_this_week
    assert data["cases_held"] == len(held) == data["community"] + data["custody"] + data["licence"]
    assert sum(t["count"] for t in data["by_tier"]) == len(held)
    assert data["workload_after_pct"] == line["workload_after_pct"]
    mine = sorted(x["case_id"] for x in proposal["lines"] if x["practitioner_id"] == pid)
    assert sorted(x["case_id"] for x in data["today"]) == mine
    html = c.get(f"/pdus/{PDU}/practitioners/{pid}")
    assert html.status_code == 200 and p.name in html.text and "Cases held by tier" in html.text
    assert html.headers["cache-control"] == "no-store"


def test_the_practitioner_overview_is_refused_outside_the_users_pdu(service: Service) -> None:
    """Another PDU's SPO gets 403; a practitioner who is not in the PDU is 404."""
    c = service.signed_in("spo")
    pid = c.get(f"/pdus/{PDU}/proposal", headers=JSON).json()["lines"][0]["practitioner_id"]
    other = service.signed_in("other")
    assert other.get(f"/pdus/{PDU}/practitioners/{pid}", headers=JSON).status_code == 403
    assert c.get(f"/pdus/{PDU}/practitioners/NOBODY", headers=JSON).status_code == 404
