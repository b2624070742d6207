"""A day may mix supervision cases and report requests (issue 17, point 1): each kind is
decided by its own rules, the checker passes the proposal, and a day without reports is
written exactly as before (no court fields in its JSON)."""

from allocator import SolveSettings, propose
from allocator.check import check
from tests.builders import case, policy, staff
from tests.court_builders import court_scenario, report, writer


def test_a_mixed_day_is_proposed_and_checked() -> None:
    """A PO writer on the rota, a PSO writer, and a supervision PO outside any court team: the
    tier-B case goes to a PO (grade vs tier), the PO-only report to the writer PO (never to the
    supervision PO, who is not on the rota), the plain oral report to whoever balances; the
    report lines carry their report, the supervision line none; the checker finds nothing."""
    people = [writer("W1"), writer("W2", "PSO"), staff("S1", "PO")]
    cases = [case("C1", tier="B2"), report("R1", domestic_abuse_risk="high"), report("R2")]
    s, pol = court_scenario(people, cases), policy()
    p = propose(s, pol, SolveSettings())
    got = {line.case_id: line for line in p.lines}
    assert got["C1"].practitioner_id in ("W1", "S1")
    assert got["C1"].report is None and got["C1"].tier == "B2"
    assert got["R1"].practitioner_id == "W1"
    assert got["R1"].report is not None and got["R1"].report.po_only_categories == [5]
    assert got["R2"].practitioner_id in ("W1", "W2")
    assert p.court is not None and p.court.requests == 2 and p.court.allocated == 2
    assert check(s, pol, p) == []


def test_a_day_without_reports_writes_no_court_fields() -> None:
    """The court fields are left out of the JSON when absent: a supervision proposal's bytes
    are those it had before court reports existed."""
    s = court_scenario([staff("S1")], [case("C1")])
    text = propose(s, policy(), SolveSettings()).model_dump_json()
    assert '"court"' not in text and '"report"' not in text
